/**
 * `npm run test:reliability`: the reliability checks of issue 3 against the production build.
 *
 *   load    200 stakeholders for 60 s: no 5xx, every acknowledged write in the database
 *   crash   SIGKILL under write load, 3 times: acknowledged writes survive, integrity ok
 *   backup  online backup under writes, restored into a new data dir: works, holds what came before
 *   lock    write lock held by another process for 10 s: reads keep their pace, writes 200 or 503
 *   headers forged Host / X-Forwarded-* headers steer neither emailed links nor rate limits
 *
 * Each check uses its own fresh data directory (reliability/fixture.ts) and its own server on a
 * port in 3400-3499. Environment: RELIABILITY_QUICK=1 shortens the load phase to 30 s;
 * RELIABILITY_ONLY=load,crash runs a subset; RELIABILITY_KEEP_TMP=1 keeps data and server logs;
 * RELIABILITY_STRICT=1 turns off the browser-like re-send of requests whose idle keep-alive
 * connection the server reset (see http.ts), so such resets count as failures.
 * Ends with the line "N passed, M failed" and exits non-zero on any failure.
 */
import { backupCheck } from "./checks/backup";
import type { CheckResult, RunContext } from "./checks/common";
import { crashCheck } from "./checks/crash";
import { loadCheck } from "./checks/load";
import { headersCheck } from "./checks/headers";
import { lockCheck } from "./checks/lock";
import { makeTempDir } from "./fixture";
import { cleanupAll, installCleanupHandlers, killAllProcessGroups } from "./resources";
import { requireProductionBuild } from "./server";

const CHECKS: { name: string; run: (ctx: RunContext) => Promise<CheckResult> }[] = [
  { name: "load", run: loadCheck },
  { name: "crash", run: crashCheck },
  { name: "backup", run: backupCheck },
  { name: "lock", run: lockCheck },
  { name: "headers", run: headersCheck },
];

/** CI allows 10 minutes for everything; a stuck check must fail here first, with cleanup. */
const OVERALL_TIMEOUT_MS = 8 * 60 * 1000;

function finish(results: CheckResult[], planned: number): never {
  const passed = results.filter((r) => r.passed).length;
  const failed = planned - passed;
  console.log("\n=== Reliability summary ===");
  console.log(`${"check".padEnd(8)} ${"result".padEnd(6)} ${"time".padStart(7)}`);
  for (const r of results) {
    console.log(`${r.name.padEnd(8)} ${(r.passed ? "PASS" : "FAIL").padEnd(6)} ${`${r.seconds.toFixed(1)} s`.padStart(7)}`);
    for (const f of r.figures) console.log(`           ${f}`);
    for (const f of r.failures) console.log(`   FAIL: ${f}`);
  }
  cleanupAll();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

async function main() {
  installCleanupHandlers();
  const only = process.env.RELIABILITY_ONLY?.split(",").map((s) => s.trim());
  const selected = only ? CHECKS.filter((c) => only.includes(c.name)) : CHECKS;
  if (selected.length === 0) {
    console.error(`RELIABILITY_ONLY matched no check (known: ${CHECKS.map((c) => c.name).join(", ")})`);
    console.log(`0 passed, 1 failed`);
    process.exit(1);
  }

  try {
    requireProductionBuild();
  } catch (error) {
    console.error((error as Error).message);
    console.log(`0 passed, ${selected.length} failed`);
    process.exit(1);
  }

  const ctx: RunContext = { logDir: makeTempDir("logs"), quick: Boolean(process.env.RELIABILITY_QUICK) };
  const results: CheckResult[] = [];
  const timer = setTimeout(() => {
    const done = new Set(results.map((r) => r.name));
    for (const c of selected.filter((c) => !done.has(c.name))) {
      results.push({
        name: c.name,
        passed: false,
        seconds: 0,
        figures: [],
        failures: [`not finished within the overall limit of ${OVERALL_TIMEOUT_MS / 60_000} minutes`],
      });
    }
    finish(results, selected.length);
  }, OVERALL_TIMEOUT_MS);
  timer.unref();

  console.log(
    `Reliability checks: ${selected.map((c) => c.name).join(", ")}${ctx.quick ? " (quick)" : ""}; synchronous=${process.env.SQLITE_SYNCHRONOUS ?? "FULL (default)"}`,
  );
  for (const check of selected) {
    const started = performance.now();
    console.log(`\n--- ${check.name} ---`);
    try {
      results.push(await check.run(ctx));
    } catch (error) {
      // A check that throws (server would not start, fixture failed) still counts, as a failure.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name: check.name, passed: false, seconds: (performance.now() - started) / 1000, figures: [], failures: [message] });
    }
    const leftover = killAllProcessGroups();
    if (leftover > 0) console.log(`(killed ${leftover} process group(s) the check left running)`);
    const r = results[results.length - 1];
    console.log(`--- ${check.name}: ${r.passed ? "PASS" : "FAIL"} (${r.seconds.toFixed(1)} s)`);
  }
  finish(results, selected.length);
}

void main();
