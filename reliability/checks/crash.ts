/**
 * Crash: several times, SIGKILL the server in the middle of write load (50 stakeholders, ratings
 * and comments), restart it on the same data directory and check that every write acknowledged
 * so far, over all rounds, is in the database and the file passes `PRAGMA integrity_check`.
 * Writes in flight at the kill may or may not have landed; acknowledged ones must have.
 * Each round's load runs against the server that just recovered from the previous kill.
 */
import { createFixture, type Fixture } from "../fixture";
import { HttpClient } from "../http";
import { startServer, type Server } from "../server";
import { verifyDatabase } from "../verify";
import { Ledger, LoadStats, runLoad, WRITES_ONLY } from "../workload";
import { Failures, log, sleep, type CheckResult, type RunContext } from "./common";

const NAME = "crash";
const KILLS = 3;
const CLIENTS = 50;

/** After a restart: health answers, a stakeholder can read, and a write is accepted again. */
async function checkServes(server: Server, fixture: Fixture, ledger: Ledger): Promise<string[]> {
  const problems: string[] = [];
  const client = new HttpClient(server.baseUrl);
  try {
    const health = await client.request("GET", "/api/health");
    if (health.status !== 200) problems.push(`health answered ${health.status || health.error}`);
    const who = fixture.stakeholders[0];
    const mech = fixture.mechanisms[0];
    const input = { consultationId: fixture.consultationId, round: fixture.round, mechanismId: mech.mechanismId };
    const read = await client.query("mechanism.byId", input, who.sessionToken);
    if (!read.ok) problems.push(`mechanism.byId after restart: ${read.status} ${read.message}`);
    const event = ledger.beginRating(who.membershipId, mech.versionId, 3);
    const write = await client.mutation(
      "rating.set",
      { consultationId: fixture.consultationId, versionId: mech.versionId, value: 3 },
      who.sessionToken,
    );
    event.status = write.ok ? "acked" : "failed";
    if (!write.ok) problems.push(`rating.set after restart: ${write.status} ${write.message}`);
  } finally {
    client.close();
  }
  return problems;
}

export async function crashCheck(ctx: RunContext): Promise<CheckResult> {
  const started = performance.now();
  const failures = new Failures();
  const fixture = createFixture(NAME, { stakeholders: 200, mechanisms: 10 });
  const ledger = new Ledger();
  let server = await startServer(fixture.dataDir, ctx.logDir, `${NAME}-0`);
  log(NAME, `server up on ${server.baseUrl} in ${server.startupMs} ms`);
  const rows: string[] = [];
  const restartMs: number[] = [];
  let totalAcked = 0;
  let totalInFlight = 0;

  try {
    for (let i = 1; i <= KILLS; i++) {
      const client = new HttpClient(server.baseUrl, { retryStaleConnections: false });
      const stats = new LoadStats();
      let killed = false;
      const load = runLoad({
        client,
        fixture,
        stakeholders: fixture.stakeholders.slice(0, CLIENTS),
        mix: WRITES_ONLY,
        ledger,
        stats,
        shouldStop: () => killed,
        stopOnNetworkError: true,
      });
      const delay = 1000 + Math.floor(Math.random() * 2000);
      await sleep(delay);
      // kill() sends SIGKILL synchronously before its first await, so requests are still in
      // flight at that instant; only then are the loops told to stop.
      const killing = server.kill();
      killed = true;
      await killing;
      await load;
      client.close();
      const acked = stats.writesAcked;
      const inFlight = stats.countClass(0);
      totalAcked += acked;
      totalInFlight += inFlight;
      failures.expect(acked > 0, `kill ${i}: no write was acknowledged before the kill (${delay} ms), so nothing was tested`);
      failures.expect(stats.countClass(5) === 0, `kill ${i}: ${stats.countClass(5)} responses with a 5xx status before the kill`);
      failures.expect(stats.countClass(4) === 0, `kill ${i}: ${stats.countClass(4)} unexpected 4xx refusals`);
      failures.expect(
        server.internalErrors() === 0,
        `kill ${i}: the server logged ${server.internalErrors()} internal tRPC error(s) before the kill`,
      );

      server = await startServer(fixture.dataDir, ctx.logDir, `${NAME}-${i}`);
      restartMs.push(server.startupMs);
      const serving = await checkServes(server, fixture, ledger);
      failures.addAll(serving.map((p) => `kill ${i}: ${p}`));
      const v = verifyDatabase(fixture.dbPath, fixture, ledger);
      failures.addAll(v.problems.map((p) => `kill ${i}: ${p}`));
      const row =
        `kill ${i} after ${delay} ms: ${acked} writes acknowledged (${stats.writes} sent, ${inFlight} cut off), ` +
        `restart ${server.startupMs} ms; all acknowledged so far: ${v.ratingsExact + v.ratingsLater}/${v.ratingPairsChecked} rated pairs, ` +
        `${v.commentsFound}/${v.commentsChecked} comments; in-flight writes that landed anyway: ${v.ratingsLater} rating(s), ${v.unacknowledgedCommentsStored} comment(s) so far; integrity_check ${v.integrity}`;
      rows.push(row);
      log(NAME, row);
    }
  } finally {
    await server.stop();
  }
  failures.expect(server.internalErrors() === 0, `the last server logged ${server.internalErrors()} internal tRPC error(s)`);
  // Once more after a clean stop, with nothing else holding the file.
  const final = verifyDatabase(fixture.dbPath, fixture, ledger);
  failures.addAll(final.problems.map((p) => `after the final stop: ${p}`));

  return {
    name: NAME,
    passed: failures.list.length === 0,
    seconds: (performance.now() - started) / 1000,
    figures: [
      `${KILLS} SIGKILLs under write load from ${CLIENTS} stakeholders; ${totalAcked} writes acknowledged before the kills, ${totalInFlight} cut off in flight`,
      `restart to healthy: ${restartMs.join(", ")} ms`,
      `final: ${final.ratingsExact + final.ratingsLater}/${final.ratingPairsChecked} rated pairs and ${final.commentsFound}/${final.commentsChecked} comments present; integrity_check ${final.integrity}`,
      ...rows,
    ],
    failures: failures.list,
  };
}
