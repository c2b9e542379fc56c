/**
 * Load: 200 stakeholders, each with its own session, for 60 s (30 s with RELIABILITY_QUICK),
 * mixing reads and both kinds of write. Passes when no request fails (no 5xx, no network error,
 * and no 4xx either: every request is valid, so a refusal is a bug) and the database, checked
 * after a clean stop, holds every acknowledged write.
 */
import { createFixture } from "../fixture";
import { HttpClient } from "../http";
import { startServer } from "../server";
import { verifyDatabase } from "../verify";
import { Ledger, LoadStats, MIXED, runLoad } from "../workload";
import { Failures, log, type CheckResult, type RunContext } from "./common";

const NAME = "load";

export async function loadCheck(ctx: RunContext): Promise<CheckResult> {
  const started = performance.now();
  const failures = new Failures();
  const durationS = ctx.quick ? 30 : 60;
  const fixture = createFixture(NAME, { stakeholders: 200, mechanisms: 10 });
  const server = await startServer(fixture.dataDir, ctx.logDir, NAME);
  log(NAME, `server up on ${server.baseUrl} in ${server.startupMs} ms; 200 stakeholders for ${durationS} s`);

  const client = new HttpClient(server.baseUrl);
  const ledger = new Ledger();
  const stats = new LoadStats();
  const deadline = performance.now() + durationS * 1000;
  const ticker = setInterval(
    () =>
      log(
        NAME,
        `${Math.round(stats.seconds)} s: ${stats.requests} requests, ${stats.writesAcked} writes acknowledged, ${stats.requests - [...stats.ops.values()].reduce((n, s) => n + s.ok, 0)} errors`,
      ),
    10_000,
  );
  try {
    await runLoad({
      client,
      fixture,
      stakeholders: fixture.stakeholders,
      mix: MIXED,
      ledger,
      stats,
      shouldStop: () => performance.now() >= deadline,
    });
  } finally {
    clearInterval(ticker);
    client.close();
  }
  await server.stop();
  const serverErrors = server.internalErrors();

  const v = verifyDatabase(fixture.dbPath, fixture, ledger);
  const ratingsAcked = stats.ops.get("rating.set")?.ok ?? 0;
  const commentsAcked = stats.ops.get("comment.add")?.ok ?? 0;
  log(NAME, `done in ${stats.seconds.toFixed(1)} s\n${stats.table()}`);

  failures.expect(stats.countClass(5) === 0, `${stats.countClass(5)} responses with a 5xx status`);
  failures.expect(stats.countClass(0) === 0, `${stats.countClass(0)} network errors (refused, reset or timed out)`);
  failures.expect(stats.countClass(4) === 0, `${stats.countClass(4)} unexpected 4xx refusals of valid requests`);
  failures.expect(stats.staleReads === 0, `${stats.staleReads} reads did not show the stakeholder's own acknowledged rating`);
  failures.expect(stats.writesAcked > 0, "no write was acknowledged at all");
  failures.expect(serverErrors === 0, `the server logged ${serverErrors} internal tRPC error(s)`);
  failures.expect(v.ratingsLater === 0, `${v.ratingsLater} rating(s) differ from the last acknowledged value`);
  failures.expect(
    v.commentsFound === v.commentsChecked,
    `${v.commentsChecked - v.commentsFound} acknowledged comment(s) missing or altered`,
  );
  failures.addAll(v.problems);
  if (failures.list.length && stats.samples.length) failures.list.push(...stats.samples.map((s) => `sample: ${s}`));

  return {
    name: NAME,
    passed: failures.list.length === 0,
    seconds: (performance.now() - started) / 1000,
    figures: [
      `${stats.requests} requests in ${stats.seconds.toFixed(1)} s (${Math.round(stats.requests / stats.seconds)}/s) from 200 stakeholders`,
      `${stats.reads} reads, ${stats.writes} writes, ${stats.writesAcked} acknowledged (${ratingsAcked} ratings, ${commentsAcked} comments)`,
      `in the database: ${v.ratingsExact}/${v.ratingPairsChecked} rated pairs hold the last acknowledged value; ${v.commentsFound}/${v.commentsChecked} comments found`,
      `errors: 5xx ${stats.countClass(5)}, 4xx ${stats.countClass(4)}, network ${stats.countClass(0)}; stale own-rating reads ${stats.staleReads}; integrity_check ${v.integrity}`,
      `requests slower than 5 s: ${stats.slowerThan(5_000)}; slowest ${Math.round(Math.max(0, ...[...stats.ops.values()].flatMap((s) => s.latencies)))} ms`,
      `keep-alive connections reset by the server before answering, re-sent once as a browser would: ${client.retriedResets}`,
      ...stats
        .table()
        .split("\n")
        .map((l) => l.trim()),
    ],
    failures: failures.list,
  };
}
