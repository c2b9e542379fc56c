/**
 * Backup: with the server running and writes continuing, take `scripts/cli.ts backup <path>`
 * (what `npm run cli -- backup` runs), then restore it as the README says (stop the app, put
 * the file in a new data directory as roundtable.db, start the app) and check that the restored
 * app works for a stakeholder and holds every write acknowledged before the backup started.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createFixture, DB_FILE, makeTempDir, type Fixture } from "../fixture";
import { HttpClient } from "../http";
import { registerProcessGroup, unregisterProcessGroup } from "../resources";
import { ROOT, startServer, type Server } from "../server";
import { verifyDatabase } from "../verify";
import { Ledger, LoadStats, runLoad, WRITES_ONLY, type LedgerSnapshot } from "../workload";
import { Failures, log, sleep, type CheckResult, type RunContext } from "./common";

const NAME = "backup";
const CLIENTS = 50;
const BACKUP_TIMEOUT_MS = 120_000;

/** Runs the operator's backup command; resolves with its exit code, output and duration. */
function runBackupCli(dataDir: string, target: string): Promise<{ code: number | null; output: string; ms: number; timedOut: boolean }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn("npx", ["tsx", "scripts/cli.ts", "backup", target], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    registerProcessGroup(child.pid!);
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    let timedOut = false;
    // An online backup restarts whenever another connection writes mid-copy; under constant
    // writes it could in principle never finish, so bound it rather than hang the suite.
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, "SIGKILL");
    }, BACKUP_TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      unregisterProcessGroup(child.pid!);
      resolve({ code, output: output.trim(), ms: performance.now() - started, timedOut });
    });
  });
}

/** What a stakeholder's mechanism page needs, on the restored app, plus one new write. */
async function checkRestoredServes(server: Server, fixture: Fixture, ledger: Ledger, snap: LedgerSnapshot): Promise<string[]> {
  const problems: string[] = [];
  const client = new HttpClient(server.baseUrl);
  try {
    const health = await client.request("GET", "/api/health");
    if (health.status !== 200) problems.push(`health answered ${health.status || health.error}`);

    // A stakeholder whose rating was acknowledged before the backup: the page must show it
    // (or a value it sent later, if that landed before the backup's snapshot).
    const key = [...snap.ratings.keys()][0];
    const [membershipId, versionId] = key.split("|");
    const who = fixture.stakeholders.find((s) => s.membershipId === membershipId)!;
    const mech = fixture.mechanisms.find((m) => m.versionId === versionId)!;
    const cid = fixture.consultationId;
    const detail = await client.query(
      "mechanism.byId",
      { consultationId: cid, round: fixture.round, mechanismId: mech.mechanismId },
      who.sessionToken,
    );
    if (!detail.ok) problems.push(`mechanism.byId: ${detail.status} ${detail.message}`);
    else {
      const allowed = ledger.ratings
        .get(key)!
        .slice(snap.ratings.get(key))
        .map((e) => e.value);
      const shown = (detail.data as { myRating: number | null }).myRating;
      if (shown === null || !allowed.includes(shown))
        problems.push(`mechanism.byId shows rating ${shown}, expected one of [${allowed.join(", ")}]`);
    }
    const comments = await client.query("comment.list", { consultationId: cid, target: { versionId } }, who.sessionToken);
    if (!comments.ok) problems.push(`comment.list: ${comments.status} ${comments.message}`);
    const round = await client.query("round.byNumber", { consultationId: cid, round: fixture.round }, who.sessionToken);
    if (!round.ok) problems.push(`round.byNumber: ${round.status} ${round.message}`);
    // The server-rendered page itself, with the session cookie (sessions live in the database, so
    // they survive the restore).
    const page = await client.request("GET", `/c/${fixture.slug}/rounds/${fixture.round}/mechanisms/${mech.mechanismId}`, {
      cookie: `authjs.session-token=${who.sessionToken}`,
    });
    if (page.status !== 200 || !page.body.includes(mech.name)) {
      problems.push(`mechanism page answered ${page.status || page.error}${page.status === 200 ? ` without "${mech.name}"` : ""}`);
    }
    // The restored copy is writable (not left read-only or locked).
    const event = ledger.beginRating(membershipId, versionId, 4);
    const write = await client.mutation("rating.set", { consultationId: cid, versionId, value: 4 }, who.sessionToken);
    event.status = write.ok ? "acked" : "failed";
    if (!write.ok) problems.push(`rating.set on the restored copy: ${write.status} ${write.message}`);
  } finally {
    client.close();
  }
  return problems;
}

export async function backupCheck(ctx: RunContext): Promise<CheckResult> {
  const started = performance.now();
  const failures = new Failures();
  const fixture = createFixture(NAME, { stakeholders: 200, mechanisms: 10 });
  const ledger = new Ledger();
  const server = await startServer(fixture.dataDir, ctx.logDir, NAME);
  log(NAME, `server up on ${server.baseUrl} in ${server.startupMs} ms; write load from ${CLIENTS} stakeholders`);

  const client = new HttpClient(server.baseUrl);
  const stats = new LoadStats();
  let stop = false;
  const load = runLoad({
    client,
    fixture,
    stakeholders: fixture.stakeholders.slice(0, CLIENTS),
    mix: WRITES_ONLY,
    ledger,
    stats,
    shouldStop: () => stop,
  });

  let cli: Awaited<ReturnType<typeof runBackupCli>>;
  let snap: LedgerSnapshot;
  let ackedBefore: number;
  let ackedDuring: number;
  const backupPath = path.join(makeTempDir("backup-file"), "roundtable-backup.db");
  try {
    await sleep(3000);
    // Everything acknowledged up to this instant must be in the backup.
    snap = ledger.snapshot();
    ackedBefore = stats.writesAcked;
    log(NAME, `${ackedBefore} writes acknowledged; starting the backup while writes continue`);
    cli = await runBackupCli(fixture.dataDir, backupPath);
    ackedDuring = stats.writesAcked - ackedBefore;
    // Keep writing a little past the backup's end, as a live app would.
    await sleep(500);
  } finally {
    stop = true;
    await load;
    client.close();
  }
  log(
    NAME,
    `backup command exited ${cli.code} after ${Math.round(cli.ms)} ms (${ackedDuring} writes acknowledged meanwhile): ${cli.output.split("\n").pop()}`,
  );
  failures.expect(!cli.timedOut, `the backup did not finish within ${BACKUP_TIMEOUT_MS / 1000} s under write load`);
  failures.expect(cli.code === 0, `the backup command exited ${cli.code}: ${cli.output.slice(-500)}`);
  failures.expect(
    stats.countClass(5) + stats.countClass(0) + stats.countClass(4) === 0,
    `${stats.requests - [...stats.ops.values()].reduce((n, s) => n + s.ok, 0)} failed requests during the backup's write load: ${stats.samples.join(" | ")}`,
  );
  // The restore instructions copy one file; a -wal left beside the backup would hold part of it.
  for (const suffix of ["-wal", "-journal"]) {
    const side = `${backupPath}${suffix}`;
    failures.expect(
      !fs.existsSync(side) || fs.statSync(side).size === 0,
      `the backup left a non-empty ${suffix} file beside it: copying only the .db file (as the README says) could lose or corrupt data`,
    );
  }

  // The original, for comparison: after a clean stop it holds everything acknowledged.
  await server.stop();
  failures.expect(server.internalErrors() === 0, `the server logged ${server.internalErrors()} internal tRPC error(s) during the backup`);
  const original = verifyDatabase(fixture.dbPath, fixture, ledger);
  failures.addAll(original.problems.map((p) => `original database: ${p}`));

  const figures = [
    `${ackedBefore} writes acknowledged before the backup began; ${ackedDuring} more during the ${(cli.ms / 1000).toFixed(1)} s backup command` +
      (client.retriedResets ? ` (${client.retriedResets} keep-alive reset(s) re-sent)` : ""),
  ];
  if (cli.code === 0 && fs.existsSync(backupPath)) {
    // Restore as the README says: app stopped, backup copied into a new DATA_DIR as roundtable.db.
    const restoredDir = makeTempDir("restored");
    fs.copyFileSync(backupPath, path.join(restoredDir, DB_FILE));
    const restored = await startServer(restoredDir, ctx.logDir, `${NAME}-restored`);
    log(NAME, `restored copy serving on ${restored.baseUrl} after ${restored.startupMs} ms`);
    try {
      const serving = await checkRestoredServes(restored, fixture, ledger, snap);
      failures.addAll(serving.map((p) => `restored app: ${p}`));
      const v = verifyDatabase(path.join(restoredDir, DB_FILE), fixture, ledger, snap);
      failures.addAll(v.problems.map((p) => `restored database: ${p}`));
      failures.expect(
        v.commentsFound === v.commentsChecked,
        `${v.commentsChecked - v.commentsFound} comment(s) acknowledged before the backup are missing from it`,
      );
      // How far into the backup's run its snapshot reaches (informative only).
      const restoredComments = verifyDatabase(path.join(restoredDir, DB_FILE), fixture, ledger);
      figures.push(
        `restored (${Math.round(fs.statSync(backupPath).size / 1024)} KiB, healthy after ${restored.startupMs} ms): ` +
          `${v.ratingsExact + v.ratingsLater}/${v.ratingPairsChecked} rated pairs and ${v.commentsFound}/${v.commentsChecked} comments from before the backup; integrity_check ${v.integrity}`,
        `the backup also holds ${restoredComments.commentsFound - v.commentsFound} comment(s) acknowledged after it began (its snapshot moment)`,
        serving.length === 0
          ? "stakeholder on the restored app: health, round, mechanism page (HTML + data), comments and a new rating all answered"
          : `stakeholder on the restored app: ${serving.length} problem(s)`,
      );
    } finally {
      await restored.stop();
    }
    failures.expect(restored.internalErrors() === 0, `the restored server logged ${restored.internalErrors()} internal tRPC error(s)`);
  }
  figures.push(
    `original after stop: ${original.commentsFound}/${original.commentsChecked} comments, ${original.ratingsExact}/${original.ratingPairsChecked} rated pairs exact`,
  );

  return {
    name: NAME,
    passed: failures.list.length === 0,
    seconds: (performance.now() - started) / 1000,
    figures,
    failures: failures.list,
  };
}
