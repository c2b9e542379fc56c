/**
 * Next.js calls register() once when a server starts. The Node.js server closes rounds at their
 * closing time (server/services/round-schedule.ts); the Edge runtime and the build have no database.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startRoundSchedule } = await import("./server/services/round-schedule");
  startRoundSchedule();
}
