/**
 * `npm run bench`: measured speed of Roundtable under a large panel, next to the floor this
 * machine allows (bench/floor.ts), printed as a table and written to bench/results.json.
 *
 * Steps: generate the data set (bench/generate.ts) → copy it for the app and for the floor →
 * count the SQL statements the page and the overview run (bench/queries.ts) → make sure a
 * production build exists (never rebuilds an existing one) → start `next start` on the copy →
 * smoke-check the answers → measure the page's first-load JavaScript, (a) the mechanism page's
 * data (back to back, then paced), GET /api/health as a reference, (b) the facilitator's
 * overview, (c) rating writes, checked against the database → stop the app → start the floor →
 * measure (a), the reference and (c) again → compare.
 *
 * Every measured run also records the server's CPU time (bench/cpu.ts): on a shared machine
 * "server CPU ms per request" is the steadier figure to compare between runs and with the floor.
 *
 * The servers run as separate processes; autocannon runs here, in this process. Only one server
 * runs at a time so the two never share the machine's two cores.
 *
 * Exit code: 0 when the figures were measured, even if a target is missed (this is a
 * measurement, not a test); 1 when something broke (a server did not start, a smoke check or a
 * read failed, the floor erred).
 *
 * Export case (bench/export.ts): after the servers have stopped, every export format of the same
 * data set, each in a fresh process, timed and with its peak memory. `npm run bench -- export`
 * runs only that case (no build, no server) and updates its figures in bench/results.json.
 *
 * Live case (bench/live.ts): with the app still running, 200 panel members' meeting event streams
 * (SSE) plus the presenter's; time from a rating to its event on the presenter's stream, memory
 * per stream. `npm run bench -- live` runs only that case (with its own app server).
 *
 * Knobs (environment): BENCH_SECONDS (default 10) per measured read run, BENCH_WARMUP_SECONDS
 * (default 3), BENCH_WRITES_PER_WRITER (default 45: 30 inserts, then 15 updates, each),
 * BENCH_PACED_INTERVAL_MS (default 2000: the paced page run offers 50 / 2 s = 25 requests/s),
 * SQLITE_SYNCHRONOUS=NORMAL (passed to both servers; default FULL, as in production).
 *
 * Why two page runs: the required figures come from 50 connections sending back to back (a
 * closed loop), where by Little's law latency = 50 / throughput, so p95 < 50 ms would need
 * > 1,000 pages/s. The paced run shows the answer time 50 connected people get at a realistic
 * click rate.
 */
import Database from "better-sqlite3";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import superjson from "superjson";
import { generate, Rng, type BenchStakeholder, type Manifest } from "./generate";
import { cpuBetween, snapshot, type CpuUse } from "./cpu";
import { load, type Connection, type LoadOptions, type Measured, type RequestSpec } from "./load";
import { countQueries, type QueryCounts } from "./queries";
import { EXPORT_TARGETS, exportRows, runExportCase } from "./export";
import { runLiveCase } from "./live";

const ROOT = process.cwd();
const BENCH_DIR = path.join(ROOT, "bench");
const DATA = path.join(BENCH_DIR, "data");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const WRITES_PER_WRITER = Number(process.env.BENCH_WRITES_PER_WRITER ?? 45);
/** Paced page run: each of the 50 connections loads the page once per this many ms. */
const PACED_INTERVAL_MS = Number(process.env.BENCH_PACED_INTERVAL_MS ?? 2000);
const SYNCHRONOUS = process.env.SQLITE_SYNCHRONOUS === "NORMAL" ? "NORMAL" : "FULL";

const TARGETS = {
  mechanism_page_p95_ms: 50,
  mechanism_page_floor_ratio: 1 / 3,
  rating_write_rps: 1500,
  rating_write_errors: 0,
  rating_write_lost: 0,
  mechanism_page_first_load_js_kb: 150,
};

class Broken extends Error {}

const log = (...args: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

// ---------------------------------------------------------------------------------------------
// Servers we start, and only those, are stopped on every way out.

const children = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  // Detached children lead their own process group: `next start` forks a worker and tsx runs
  // node under it, so the group (negative pid) reaches exactly the processes we started.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function stop(child: ChildProcess) {
  children.delete(child); // from now on its exit is expected
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
}

process.on("exit", () => {
  for (const child of children) killGroup(child, "SIGKILL");
});
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    log(`${sig}: stopping the servers`);
    for (const child of children) killGroup(child, "SIGKILL");
    process.exit(130);
  });
}

async function freePort(from: number, to: number, avoid: number[] = []): Promise<number> {
  for (let port = from; port <= to; port++) {
    if (avoid.includes(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once("error", () => resolve(false));
      s.listen(port, "0.0.0.0", () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Broken(`no free port in ${from}-${to}`);
}

function startServer(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const logFile = path.join(DATA, `${name}.log`);
  const out = fs.openSync(logFile, "w");
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  children.add(child);
  child.once("exit", (code, signal) => {
    if (children.has(child)) log(`${name} exited unexpectedly (code ${code}, signal ${signal}); see ${path.relative(ROOT, logFile)}`);
  });
  return child;
}

async function waitHealthy(name: string, base: string, child: ChildProcess, timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Broken(`${name} exited before answering /api/health`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Broken(`${name} did not answer /api/health within ${timeoutMs / 1000} s`);
}

// ---------------------------------------------------------------------------------------------
// Requests, byte-identical for the app and the floor

const cookieOf = (p: { token: string }) => `authjs.session-token=${p.token}`;

function pagePath(m: Manifest): string {
  const input = {
    0: superjson.serialize({ consultationId: m.consultationId, round: 3, mechanismId: m.hot.mechanismId }),
    1: superjson.serialize({ consultationId: m.consultationId, target: { versionId: m.hot.versionId }, cursor: null }),
  };
  return `/api/trpc/mechanism.byId,comment.list?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
}

/**
 * Everything the mechanism page loads since rounds 2 and 3 exist: (a)'s two procedures plus what
 * changed since the previous round with its Delphi feedback, and the previous round's passages.
 * The floor has no equivalent of the last two, so this is measured for the app only.
 */
function fullPagePath(m: Manifest): string {
  const input = {
    0: superjson.serialize({ consultationId: m.consultationId, round: 3, mechanismId: m.hot.mechanismId }),
    1: superjson.serialize({ consultationId: m.consultationId, target: { versionId: m.hot.versionId }, cursor: null }),
    2: superjson.serialize({ consultationId: m.consultationId, round: 3, mechanismId: m.hot.mechanismId }),
    3: superjson.serialize({ consultationId: m.consultationId, versionId: m.hot.versionId }),
  };
  return `/api/trpc/mechanism.byId,comment.list,history.forMechanismPage,comment.carriedAnchors?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
}

function overviewPath(m: Manifest): string {
  const input = superjson.serialize({ consultationId: m.consultationId, round: 3 });
  return `/api/trpc/overview.responses?input=${encodeURIComponent(JSON.stringify(input))}`;
}

function ratingRequest(base: string, m: Manifest, who: { token: string }, versionId: string, value: number): RequestSpec {
  return {
    method: "POST",
    path: "/api/trpc/rating.set",
    // A same-origin browser request: the app refuses cross-site mutations.
    headers: { cookie: cookieOf(who), "content-type": "application/json", origin: base },
    body: JSON.stringify(superjson.serialize({ consultationId: m.consultationId, versionId, value })),
  };
}

/** (a): connection i cycles through stakeholders i, i+50, i+100, … (all 500 sessions in use). */
function pageReaders(m: Manifest, connections: number, path = pagePath(m)) {
  return (i: number): Connection => {
    const mine = m.stakeholders.filter((_, k) => k % connections === i);
    let n = 0;
    return { next: () => ({ method: "GET", path, headers: { cookie: cookieOf(mine[n++ % mine.length]) } }) };
  };
}

/**
 * (c): connection i is writer i (a distinct stakeholder). It rates the 30 open-round mechanisms
 * in its own shuffled order: the first pass inserts new rows, later passes update them with a
 * different value. Requests on a connection are sequential, so the last acknowledged value per
 * (writer, mechanism) is well defined and is what the database must hold afterwards.
 */
type WriteLedger = { acknowledged: number; failed: number; lastAcked: Map<string, number> };

function ratingWriters(base: string, m: Manifest, who: BenchStakeholder[], ledger: WriteLedger) {
  return (i: number): Connection => {
    const writer = who[i];
    const order = new Rng(`writes-${writer.membershipId}`).shuffle(m.openVersions.map((v) => v.versionId));
    let k = 0;
    let inflight: { key: string; value: number } | null = null;
    return {
      next() {
        const versionId = order[k % order.length];
        const pass = Math.floor(k / order.length);
        // Consecutive passes always change the value (step 2 on a scale of 5).
        const value = ((i + (k % order.length) + pass * 2) % m.scaleMax) + 1;
        k++;
        inflight = { key: `${writer.membershipId}|${versionId}`, value };
        return ratingRequest(base, m, writer, versionId, value);
      },
      onStatus(status) {
        if (!inflight) return;
        if (status >= 200 && status < 300) {
          ledger.acknowledged++;
          ledger.lastAcked.set(inflight.key, inflight.value);
        } else ledger.failed++;
        inflight = null;
      },
    };
  };
}

type WriteCheck = { acknowledged: number; distinct_pairs: number; rows_added: number; lost: number; unacknowledged_rows: number };

/** Compares the writers' open-round ratings in the database with the last acknowledged writes. */
function checkWrites(dbFile: string, m: Manifest, writers: BenchStakeholder[], ledger: WriteLedger): WriteCheck {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const ids = new Set(writers.map((w) => w.membershipId));
    const rows = db
      .prepare<[string], { membership_id: string; version_id: string; value: number }>(
        "select r.membership_id, r.version_id, r.value from rating r join mechanism_version v on v.id = r.version_id where v.round_id = ?",
      )
      .all(m.roundIds[2])
      .filter((r) => ids.has(r.membership_id));
    const inDb = new Map(rows.map((r) => [`${r.membership_id}|${r.version_id}`, r.value]));
    let lost = 0;
    for (const [key, value] of ledger.lastAcked) if (inDb.get(key) !== value) lost++;
    let unacknowledged = 0;
    for (const key of inDb.keys()) if (!ledger.lastAcked.has(key)) unacknowledged++;
    return {
      acknowledged: ledger.acknowledged,
      distinct_pairs: ledger.lastAcked.size,
      rows_added: rows.length, // the writers had no open-round ratings before the run
      lost,
      unacknowledged_rows: unacknowledged,
    };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Smoke checks: the measured requests really are authenticated and answered with the data

type PageData = { mechanismName: string; threadIds: string[]; nextCursor: string | null; myRating: unknown };
/** The parts of the batched answer the checks look at (the same shape from the app and the floor). */
type PageBatch = [
  { result?: { data?: { json?: { mechanism?: { name?: string }; myRating?: unknown } } } },
  { result?: { data?: { json?: { threads?: Array<{ id: string }>; nextCursor?: string | null } } } },
];

async function checkPage(base: string, m: Manifest, who: { token: string }): Promise<PageData> {
  const res = await fetch(base + pagePath(m), { headers: { cookie: cookieOf(who) } });
  if (res.status !== 200) throw new Broken(`mechanism page data: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  const body = (await res.json()) as PageBatch;
  const byId = body[0]?.result?.data?.json;
  const list = body[1]?.result?.data?.json;
  if (!byId?.mechanism?.name || !list?.threads || list.threads.length < 20) {
    throw new Broken(`mechanism page data looks wrong: ${JSON.stringify(body).slice(0, 300)}`);
  }
  const anonymous = await fetch(base + pagePath(m));
  if (anonymous.status === 200) throw new Broken("mechanism page data was served without a session");
  return {
    mechanismName: byId.mechanism.name,
    threadIds: list.threads.map((t) => t.id),
    nextCursor: list.nextCursor ? "yes" : null,
    myRating: byId.myRating,
  };
}

async function checkRatingWrite(base: string, m: Manifest, who: BenchStakeholder) {
  const spec = ratingRequest(base, m, who, m.openVersions[0].versionId, 3);
  const res = await fetch(base + spec.path, { method: "POST", headers: spec.headers, body: spec.body });
  if (res.status !== 200) throw new Broken(`rating.set: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
}

/**
 * Gzipped size of every /_next/ script the page's HTML makes a modern browser load. `noModule`
 * scripts (Next's legacy polyfills) are left out: browsers with ES modules skip them, and Next's
 * own "First Load JS" leaves them out too.
 */
async function firstLoadJs(base: string, m: Manifest, who: { token: string }) {
  const url = `${base}/c/${m.slug}/rounds/3/mechanisms/${m.hot.mechanismId}`;
  const res = await fetch(url, { headers: { cookie: cookieOf(who) }, redirect: "manual" });
  if (res.status !== 200) throw new Broken(`mechanism page HTML: HTTP ${res.status}`);
  const html = await res.text();
  fs.writeFileSync(path.join(DATA, "mechanism-page.html"), html); // for looking into the figure
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((x) => x[0]);
  const srcOf = (tag: string) => /\bsrc="([^"]+)"/.exec(tag)?.[1]?.replace(/&amp;/g, "&");
  const isLegacy = (tag: string) => /\bnomodule\b/i.test(tag);
  const scripts = [...new Set(tags.filter((t) => !isLegacy(t)).map(srcOf))].filter((src): src is string => !!src?.startsWith("/_next/"));
  const legacy = tags.filter(isLegacy).map(srcOf).filter(Boolean);
  if (scripts.length === 0) throw new Broken("the mechanism page loads no /_next/ scripts: cannot measure first-load JS");
  let gzipped = 0;
  let raw = 0;
  const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
  const sizes: Array<{ src: string; gzip_kb: number }> = [];
  for (const src of scripts) {
    const js = await fetch(base + src);
    if (!js.ok) throw new Broken(`${src}: HTTP ${js.status}`);
    const bytes = Buffer.from(await js.arrayBuffer());
    const gz = zlib.gzipSync(bytes).length;
    raw += bytes.length;
    gzipped += gz;
    sizes.push({ src, gzip_kb: kb(gz) });
  }
  sizes.sort((x, y) => y.gzip_kb - x.gzip_kb);
  return { kb: kb(gzipped), rawKb: kb(raw), scripts: scripts.length, largest: sizes.slice(0, 5), legacyNoModule: legacy };
}

// ---------------------------------------------------------------------------------------------
// One server's measurements

type Run = Measured & { cpu: CpuUse };
type WriteRun = { run: Run; check: WriteCheck };

/** A measured load run with the server's CPU use around it. */
async function measured(serverPgid: number, opts: LoadOptions): Promise<Run> {
  const before = snapshot(serverPgid);
  const run = await load(opts);
  return { ...run, cpu: cpuBetween(before, snapshot(serverPgid), run.ok) };
}

function readsMustSucceed(name: string, r: Measured) {
  if (r.non2xx > 0 || r.errors > 0) {
    throw new Broken(
      `${name}: ${r.non2xx} non-2xx responses (${JSON.stringify(r.statusCodes)}) and ${r.errors} socket errors ${JSON.stringify(r.errorKinds)}`,
    );
  }
}

async function measurePage(base: string, pgid: number, m: Manifest, label: string): Promise<{ page: Run; paced: Run }> {
  const connections = 50;
  log(`${label} (a) mechanism page data: warm-up ${WARMUP} s, then ${SECONDS} s at ${connections} connections back to back`);
  await load({ url: base, connections, duration: WARMUP, connection: pageReaders(m, connections) });
  const page = await measured(pgid, { url: base, connections, duration: SECONDS, connection: pageReaders(m, connections) });
  readsMustSucceed(`${label} (a)`, page);
  log(`${label} (a) paced: ${SECONDS} s at ${connections} connections, one page each per ${PACED_INTERVAL_MS} ms`);
  const paced = await measured(pgid, {
    url: base,
    connections,
    duration: SECONDS,
    intervalMs: PACED_INTERVAL_MS,
    connection: pageReaders(m, connections),
  });
  readsMustSucceed(`${label} (a) paced`, paced);
  return { page, paced };
}

/**
 * Reference point, not a target: the cheapest route each server has (GET /api/health, one
 * `select 1`). For the app it is the cost of Next's routing and response machinery alone.
 */
async function measureHealth(base: string, pgid: number, label: string): Promise<Run> {
  const connections = 50;
  const seconds = Math.min(SECONDS, 5);
  log(`${label} (ref) GET /api/health: ${seconds} s at ${connections} connections`);
  const conn = (): Connection => ({ next: () => ({ method: "GET", path: "/api/health", headers: {} }) });
  await load({ url: base, connections, duration: Math.min(WARMUP, 2), connection: conn });
  const run = await measured(pgid, { url: base, connections, duration: seconds, connection: conn });
  readsMustSucceed(`${label} (ref)`, run);
  return run;
}

async function measureWrites(base: string, pgid: number, m: Manifest, dbFile: string, label: string): Promise<WriteRun> {
  const connections = 200;
  const writers = m.stakeholders.filter((s) => s.writer).slice(0, connections);
  const others = m.stakeholders.filter((s) => !s.writer).slice(0, connections);
  // Warm-up on the non-writers' existing ratings, so the writers' rows stay untouched until measured.
  log(
    `${label} (c) rating writes: warm-up (updates by 200 other stakeholders), then ${WRITES_PER_WRITER} writes by each of ${connections} writers`,
  );
  const warm: WriteLedger = { acknowledged: 0, failed: 0, lastAcked: new Map() };
  await load({ url: base, connections: others.length, perConnection: 10, connection: ratingWriters(base, m, others, warm) });
  const ledger: WriteLedger = { acknowledged: 0, failed: 0, lastAcked: new Map() };
  const run = await measured(pgid, {
    url: base,
    connections,
    perConnection: WRITES_PER_WRITER,
    connection: ratingWriters(base, m, writers, ledger),
  });
  const check = checkWrites(dbFile, m, writers, ledger);
  return { run, check };
}

// ---------------------------------------------------------------------------------------------

function fresh(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
}

function newestMtime(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((e) => newestMtime(path.join(p, e))));
}

function ensureBuild() {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) {
    log("no production build (.next/BUILD_ID): running `npx next build`");
    const r = spawnSync("npx", ["next", "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (r.status !== 0) throw new Broken("next build failed");
    return;
  }
  // Never rebuild an existing build (others may be serving it), but say when it is behind.
  const built = fs.statSync(buildId).mtimeMs;
  const sources = Math.max(...["app", "server", "db"].map((d) => newestMtime(path.join(ROOT, d))));
  if (sources > built) log("note: app/, server/ or db/ changed after the last build; the figures are for the build on disk");
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? "-" : n.toFixed(digits));

function printRows(rows: Array<[string, string, string, boolean | null]>) {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length), 5);
  const w2 = Math.max(...rows.map((r) => r[2].length), 6);
  console.log();
  console.log(`${"figure".padEnd(w0)}  ${"value".padStart(w1)}  ${"target".padEnd(w2)}  met?`);
  console.log(`${"-".repeat(w0)}  ${"-".repeat(w1)}  ${"-".repeat(w2)}  ----`);
  for (const [name, value, target, met] of rows) {
    console.log(`${name.padEnd(w0)}  ${value.padStart(w1)}  ${target.padEnd(w2)}  ${met === null ? "" : met ? "yes" : "NO"}`);
  }
  console.log();
}

/** `npm run bench -- export`: the export case alone, its figures merged into bench/results.json. */
async function exportOnly(m: Manifest) {
  log("export case: every format of the whole consultation, each in a fresh process");
  const { results, figures, outDir } = runExportCase(ROOT, m.dbPath, m.consultationId, log);
  const file = path.join(BENCH_DIR, "results.json");
  const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  const merged = {
    ...previous,
    ...results,
    export_targets: EXPORT_TARGETS,
    export_date: new Date().toISOString(),
    export_machine_loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
  printRows(exportRows(figures));
  console.log(`Files in ${path.relative(ROOT, outDir)}/`);
  fs.writeFileSync(file, JSON.stringify(merged, null, 2) + "\n");
  log("wrote the export figures into bench/results.json");
}

/** `npm run bench -- live`: the live-meeting case alone (its own app server), merged into bench/results.json. */
async function liveOnly(m: Manifest) {
  const appDir = path.join(DATA, "app");
  fresh(appDir);
  const appDb = path.join(appDir, "roundtable.db");
  fs.copyFileSync(m.dbPath, appDb);
  ensureBuild();
  const appPort = await freePort(3300, 3399);
  const appBase = `http://127.0.0.1:${appPort}`;
  log(`starting the app: scripts/serve.mjs -p ${appPort}`);
  const app = startServer("app", process.execPath, [path.join(ROOT, "scripts", "serve.mjs"), "-p", String(appPort), "-H", "127.0.0.1"], {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    SQLITE_SYNCHRONOUS: SYNCHRONOUS,
    NODE_ENV: "production",
    DATA_DIR: appDir,
    AUTH_SECRET: "bench",
    AUTH_TRUST_HOST: "true",
    PORT: String(appPort),
  });
  await waitHealthy("the app", appBase, app);
  await checkRatingWrite(appBase, m, m.stakeholders.filter((s) => !s.writer)[0]);
  const { results, rows } = await runLiveCase({ base: appBase, serverPgid: app.pid!, m, dbFile: appDb, log });
  await stop(app);
  const file = path.join(BENCH_DIR, "results.json");
  const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  printRows(rows);
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        ...previous,
        ...results,
        live_date: new Date().toISOString(),
        live_machine_loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
      },
      null,
      2,
    ) + "\n",
  );
  log("wrote the live figures into bench/results.json");
}

async function main() {
  const t0 = performance.now();
  const loadAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const cases = process.argv.slice(2);
  if (cases.some((c) => c !== "export" && c !== "live"))
    throw new Broken(`unknown case ${cases.join(" ")}: run all of them, or "export" or "live" alone`);
  fs.mkdirSync(DATA, { recursive: true });

  log("generating the data set");
  const g0 = performance.now();
  const m = generate(path.join(DATA, "bench.db"));
  const generateSeconds = (performance.now() - g0) / 1000;
  log(
    `generated in ${generateSeconds.toFixed(1)} s: ${JSON.stringify(m.counts)}; hot mechanism has ${m.hot.comments} comments (${m.hot.threads} threads)`,
  );
  if (cases.includes("export")) return exportOnly(m);
  if (cases.includes("live")) return liveOnly(m);

  // Two copies: each server writes ratings into its own.
  const appDir = path.join(DATA, "app");
  const floorDir = path.join(DATA, "floor");
  for (const dir of [appDir, floorDir]) {
    fresh(dir);
    fs.copyFileSync(m.dbPath, path.join(dir, "roundtable.db"));
  }
  const appDb = path.join(appDir, "roundtable.db");
  const floorDb = path.join(floorDir, "roundtable.db");

  log("counting the SQL statements per page (in-process, app's own procedures)");
  const queries: QueryCounts = await countQueries(m.dbPath, m);
  log(`statements: ${JSON.stringify(queries)}`);

  ensureBuild();

  const appPort = await freePort(3300, 3399);
  const floorPort = await freePort(appPort + 1, 3399);
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", SQLITE_SYNCHRONOUS: SYNCHRONOUS };

  // ---- the app ----
  const appBase = `http://127.0.0.1:${appPort}`;
  log(`starting the app: scripts/serve.mjs -p ${appPort} (DATA_DIR=${path.relative(ROOT, appDir)}, synchronous=${SYNCHRONOUS})`);
  const app = startServer("app", process.execPath, [path.join(ROOT, "scripts", "serve.mjs"), "-p", String(appPort), "-H", "127.0.0.1"], {
    ...env,
    NODE_ENV: "production",
    DATA_DIR: appDir,
    AUTH_SECRET: "bench",
    AUTH_TRUST_HOST: "true",
    PORT: String(appPort),
  });
  await waitHealthy("the app", appBase, app);

  const reader = m.stakeholders[250];
  const appPage = await checkPage(appBase, m, reader);
  await checkRatingWrite(appBase, m, m.stakeholders.filter((s) => !s.writer)[0]);
  const js = await firstLoadJs(appBase, m, reader);
  log(`first-load JS of the mechanism page: ${js.kb} KB gzip (${js.rawKb} KB raw, ${js.scripts} scripts)`);

  const { page, paced } = await measurePage(appBase, app.pid!, m, "app");
  log(`app (a+) the whole mechanism page's data (4 procedures): ${SECONDS} s at 50 connections back to back`);
  const fullPage = await measured(app.pid!, {
    url: appBase,
    connections: 50,
    duration: SECONDS,
    connection: pageReaders(m, 50, fullPagePath(m)),
  });
  readsMustSucceed("app (a+)", fullPage);
  const health = await measureHealth(appBase, app.pid!, "app");
  const overviewConnections = 5;
  log(`app (b) facilitator overview, round 3: warm-up ${WARMUP} s, then ${SECONDS} s at ${overviewConnections} connections`);
  const overviewPathStr = overviewPath(m);
  const facilitatorConn = (): Connection => ({
    next: () => ({ method: "GET", path: overviewPathStr, headers: { cookie: cookieOf(m.facilitator) } }),
  });
  await load({ url: appBase, connections: overviewConnections, duration: WARMUP, connection: facilitatorConn });
  const overview = await measured(app.pid!, {
    url: appBase,
    connections: overviewConnections,
    duration: SECONDS,
    connection: facilitatorConn,
  });
  readsMustSucceed("app (b)", overview);
  const writes = await measureWrites(appBase, app.pid!, m, appDb, "app");
  log("app (live) 200 participants' meeting streams and the presenter's; ratings from one more member");
  const liveCase = await runLiveCase({ base: appBase, serverPgid: app.pid!, m, dbFile: appDb, log });
  await stop(app);

  // ---- the floor ----
  const floorBase = `http://127.0.0.1:${floorPort}`;
  log(`starting the floor: bench/floor.ts on ${floorPort}`);
  const floor = startServer(
    "floor",
    path.join(ROOT, "node_modules", ".bin", "tsx"),
    [path.join(BENCH_DIR, "floor.ts"), floorDb, String(floorPort)],
    env,
  );
  await waitHealthy("the floor", floorBase, floor);
  const floorPageData = await checkPage(floorBase, m, reader);
  if (floorPageData.threadIds.join() !== appPage.threadIds.join() || floorPageData.mechanismName !== appPage.mechanismName) {
    throw new Broken("the floor and the app disagree on the mechanism page's data: the comparison would be meaningless");
  }
  await checkRatingWrite(floorBase, m, m.stakeholders.filter((s) => !s.writer)[0]);
  const { page: floorPage, paced: floorPaced } = await measurePage(floorBase, floor.pid!, m, "floor");
  const floorHealth = await measureHealth(floorBase, floor.pid!, "floor");
  const floorWrites = await measureWrites(floorBase, floor.pid!, m, floorDb, "floor");
  await stop(floor);
  // A floor that loses or refuses writes means the bench itself is wrong; slow answers under a
  // crowded machine are only reported.
  if (floorWrites.check.lost > 0 || floorWrites.run.non2xx > 0) {
    throw new Broken(`the floor failed writes: ${JSON.stringify(floorWrites.check)} ${JSON.stringify(floorWrites.run.statusCodes)}`);
  }
  if (floorWrites.run.errors > 0)
    log(`warning: the floor had ${floorWrites.run.errors} socket errors ${JSON.stringify(floorWrites.run.errorKinds)}`);

  // ---- exports (no server running) ----
  log("export case: every format of the whole consultation, each in a fresh process");
  const exportsCase = runExportCase(ROOT, m.dbPath, m.consultationId, log);

  // ---- figures ----
  const r2 = (n: number) => Math.round(n * 100) / 100;
  const cpuRatio = (ours: CpuUse, floor: CpuUse) => (ours && floor ? r2(floor.server_ms_per_request / ours.server_ms_per_request) : null);
  const writeErrors = writes.run.non2xx + writes.run.errors;
  const results = {
    mechanism_page_p50_ms: page.p50,
    mechanism_page_p95_ms: page.p95,
    mechanism_page_p99_ms: page.p99,
    mechanism_page_rps: page.rps,
    mechanism_page_non2xx: page.non2xx,
    mechanism_page_floor_ratio: r2(page.rps / floorPage.rps),
    /** The page's four procedures (adds what changed, Delphi feedback and carried passages); app only. */
    mechanism_page_full_p50_ms: fullPage.p50,
    mechanism_page_full_p95_ms: fullPage.p95,
    mechanism_page_full_rps: fullPage.rps,
    /** Same page data, 50 connections paced to one request per PACED_INTERVAL_MS each. */
    mechanism_page_paced_offered_rps: r2((50 * 1000) / PACED_INTERVAL_MS),
    mechanism_page_paced_rps: paced.rps,
    mechanism_page_paced_p50_ms: paced.p50,
    mechanism_page_paced_p95_ms: paced.p95,
    /** Server CPU per request; floor CPU / ours is the throughput ratio a machine to ourselves would show. */
    mechanism_page_server_cpu_ms: page.cpu?.server_ms_per_request ?? null,
    mechanism_page_floor_cpu_ratio: cpuRatio(page.cpu, floorPage.cpu),
    overview_p50_ms: overview.p50,
    overview_p95_ms: overview.p95,
    overview_rps: overview.rps,
    overview_server_cpu_ms: overview.cpu?.server_ms_per_request ?? null,
    rating_write_p50_ms: writes.run.p50,
    rating_write_p95_ms: writes.run.p95,
    rating_write_rps: writes.run.rps,
    rating_write_floor_ratio: r2(writes.run.rps / floorWrites.run.rps),
    rating_write_server_cpu_ms: writes.run.cpu?.server_ms_per_request ?? null,
    rating_write_floor_cpu_ratio: cpuRatio(writes.run.cpu, floorWrites.run.cpu),
    rating_write_errors: writeErrors,
    rating_write_lost: writes.check.lost,
    rating_write_acknowledged: writes.check.acknowledged,
    rating_write_rows_added: writes.check.rows_added,
    rating_write_unacknowledged_rows: writes.check.unacknowledged_rows,
    health_rps: health.rps,
    health_server_cpu_ms: health.cpu?.server_ms_per_request ?? null,
    mechanism_page_first_load_js_kb: js.kb,
    mechanism_page_first_load_js_raw_kb: js.rawKb,
    mechanism_page_scripts: js.scripts,
    mechanism_page_largest_scripts: js.largest,
    mechanism_page_nomodule_scripts_excluded: js.legacyNoModule,
    queries_per_request: queries,
    ...exportsCase.results,
    export_targets: EXPORT_TARGETS,
    ...liveCase.results,
    floor: {
      mechanism_page_p50_ms: floorPage.p50,
      mechanism_page_p95_ms: floorPage.p95,
      mechanism_page_rps: floorPage.rps,
      mechanism_page_server_cpu_ms: floorPage.cpu?.server_ms_per_request ?? null,
      mechanism_page_paced_p50_ms: floorPaced.p50,
      mechanism_page_paced_p95_ms: floorPaced.p95,
      rating_write_p50_ms: floorWrites.run.p50,
      rating_write_p95_ms: floorWrites.run.p95,
      rating_write_rps: floorWrites.run.rps,
      rating_write_server_cpu_ms: floorWrites.run.cpu?.server_ms_per_request ?? null,
      rating_write_errors: floorWrites.run.non2xx + floorWrites.run.errors,
      rating_write_lost: floorWrites.check.lost,
      health_rps: floorHealth.rps,
      health_server_cpu_ms: floorHealth.cpu?.server_ms_per_request ?? null,
    },
    raw: { page, paced, overview, writes, health, floorPage, floorPaced, floorWrites, floorHealth },
    data: {
      ...m.counts,
      hot_mechanism_comments: m.hot.comments,
      hot_mechanism_threads: m.hot.threads,
      generate_seconds: r2(generateSeconds),
    },
    config: {
      read_seconds: SECONDS,
      paced_interval_ms: PACED_INTERVAL_MS,
      warmup_seconds: WARMUP,
      page_connections: 50,
      overview_connections: overviewConnections,
      write_connections: 200,
      writes_per_writer: WRITES_PER_WRITER,
      write_mode: "each writer: pass 1 inserts its 30 open-round ratings, further passes update them",
      sqlite_synchronous: SYNCHRONOUS,
    },
    targets: TARGETS,
    /** Share of the machine other people's processes used during each measured run (0..1). */
    others_share: {
      mechanism_page: page.cpu?.others_share ?? null,
      mechanism_page_paced: paced.cpu?.others_share ?? null,
      overview: overview.cpu?.others_share ?? null,
      rating_write: writes.run.cpu?.others_share ?? null,
      health: health.cpu?.others_share ?? null,
      floor_mechanism_page: floorPage.cpu?.others_share ?? null,
      floor_rating_write: floorWrites.run.cpu?.others_share ?? null,
    },
    machine: {
      loadavg_at_start: loadAtStart,
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model,
      memory_gb: r2(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    date: new Date().toISOString(),
    total_seconds: 0,
  };
  results.total_seconds = r2((performance.now() - t0) / 1000);

  const rows: Array<[string, string, string, boolean | null]> = [
    ["(a) mechanism page p50 (ms)", fmt(page.p50), "", null],
    ["(a) mechanism page p95 (ms)", fmt(page.p95), `< ${TARGETS.mechanism_page_p95_ms}`, page.p95 < TARGETS.mechanism_page_p95_ms],
    ["(a) mechanism page rps", fmt(page.rps, 0), "", null],
    ["(a) floor rps / p95 (ms)", `${fmt(floorPage.rps, 0)} / ${fmt(floorPage.p95)}`, "", null],
    [
      "(a) ours / floor (rps)",
      fmt(results.mechanism_page_floor_ratio, 2),
      ">= 0.33",
      results.mechanism_page_floor_ratio >= TARGETS.mechanism_page_floor_ratio,
    ],
    [
      "(a) server CPU ms/request, ours / floor",
      `${fmt(page.cpu?.server_ms_per_request, 2)} / ${fmt(floorPage.cpu?.server_ms_per_request, 2)}`,
      "",
      null,
    ],
    ["(a) ours / floor (by CPU per request)", fmt(results.mechanism_page_floor_cpu_ratio ?? undefined, 2), "", null],
    [`(a) paced ${fmt((50 * 1000) / PACED_INTERVAL_MS, 0)}/s offered: p50 / p95 (ms)`, `${fmt(paced.p50)} / ${fmt(paced.p95)}`, "", null],
    ["(a) paced, floor: p50 / p95 (ms)", `${fmt(floorPaced.p50)} / ${fmt(floorPaced.p95)}`, "", null],
    ["(ref) GET /api/health rps, ours / floor", `${fmt(health.rps, 0)} / ${fmt(floorHealth.rps, 0)}`, "", null],
    [
      "(ref) /api/health CPU ms/request, ours / floor",
      `${fmt(health.cpu?.server_ms_per_request, 2)} / ${fmt(floorHealth.cpu?.server_ms_per_request, 2)}`,
      "",
      null,
    ],
    ["(a+) whole page data p50 / p95 (ms), rps", `${fmt(fullPage.p50)} / ${fmt(fullPage.p95)}, ${fmt(fullPage.rps, 0)}`, "", null],
    ["(b) overview p50 / p95 (ms)", `${fmt(overview.p50)} / ${fmt(overview.p95)}`, "", null],
    ["(b) overview rps / server CPU ms/request", `${fmt(overview.rps, 0)} / ${fmt(overview.cpu?.server_ms_per_request, 1)}`, "", null],
    [
      "(c) rating writes acknowledged/s",
      fmt(writes.run.rps, 0),
      `>= ${TARGETS.rating_write_rps}`,
      writes.run.rps >= TARGETS.rating_write_rps,
    ],
    ["(c) rating write p50 / p95 (ms)", `${fmt(writes.run.p50)} / ${fmt(writes.run.p95)}`, "", null],
    ["(c) floor writes/s", fmt(floorWrites.run.rps, 0), "", null],
    ["(c) ours / floor (writes/s)", fmt(results.rating_write_floor_ratio, 2), "", null],
    [
      "(c) server CPU ms/write, ours / floor",
      `${fmt(writes.run.cpu?.server_ms_per_request, 2)} / ${fmt(floorWrites.run.cpu?.server_ms_per_request, 2)}`,
      "",
      null,
    ],
    ["(c) write errors", String(writeErrors), "0", writeErrors === 0],
    ["(c) acknowledged writes lost", `${writes.check.lost} of ${writes.check.acknowledged}`, "0", writes.check.lost === 0],
    [
      "first-load JS, mechanism page (KB gz)",
      fmt(js.kb),
      `< ${TARGETS.mechanism_page_first_load_js_kb}`,
      js.kb < TARGETS.mechanism_page_first_load_js_kb,
    ],
    [
      "queries per page, constant in data size",
      `${queries.mechanism_page} / overview ${queries.overview_round3}`,
      "constant",
      queries.constant,
    ],
    ...exportRows(exportsCase.figures),
    ...liveCase.rows,
  ];
  printRows(rows);
  const busiest = Math.max(...Object.values(results.others_share).map((v) => v ?? 0));
  if (busiest > 0.1) {
    console.log(
      `Note: other processes used up to ${Math.round(busiest * 100)}% of the machine during the runs ` +
        `(others_share in results.json); wall-clock figures are pessimistic, the CPU-per-request ones much less so.`,
    );
  }
  console.log(
    `Machine: ${results.machine.cpus} CPUs (${results.machine.cpu_model}), Node ${process.version}; SQLite synchronous=${SYNCHRONOUS}; ` +
      `${writes.check.acknowledged} acknowledged writes → ${writes.check.rows_added} rows (${writes.check.distinct_pairs} distinct); total ${results.total_seconds} s`,
  );
  fs.writeFileSync(path.join(BENCH_DIR, "results.json"), JSON.stringify(results, null, 2) + "\n");
  log("wrote bench/results.json");
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Broken ? `bench broke: ${error.message}` : error);
    for (const child of children) killGroup(child, "SIGKILL");
    process.exit(1);
  },
);
