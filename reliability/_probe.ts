import { createFixture, makeTempDir } from "./fixture";
import { HttpClient } from "./http";
import { cleanupAll, installCleanupHandlers } from "./resources";
import { startServer } from "./server";

async function main() {
  installCleanupHandlers();
  const f = createFixture("probe");
  const s = await startServer(f.dataDir, makeTempDir("plog"), "probe");
  const c = new HttpClient(s.baseUrl);
  console.log(require("node:child_process").execSync(`ps -o pid,pgid,ppid,etime,time,args -g ${s.pid}`).toString());
  const who = f.stakeholders[0];
  const m = f.mechanisms[0];
  for (const [name, fn] of [
    ["health", () => c.request("GET", "/api/health")],
    ["round.byNumber", () => c.query("round.byNumber", { consultationId: f.consultationId, round: 1 }, who.sessionToken)],
    ["mechanism.byId", () => c.query("mechanism.byId", { consultationId: f.consultationId, round: 1, mechanismId: m.mechanismId }, who.sessionToken)],
    ["rating.set", () => c.mutation("rating.set", { consultationId: f.consultationId, versionId: m.versionId, value: 2 }, who.sessionToken)],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < 100; i++) times.push((await fn()).ms);
    times.sort((a, b) => a - b);
    console.log(name, "p50", times[50].toFixed(2), "min", times[0].toFixed(2));
  }
  const st = await import("node:fs").then((fs) => fs.readFileSync(`/proc/${s.pid}/stat`, "utf8").split(" "));
  console.log("server cpu ticks utime/stime", st[13], st[14]);
  c.close();
  await s.stop();
  cleanupAll();
}
void main();
