/**
 * Liveness and the state of the data: "ok"; "degraded" (HTTP 200) when the data directory cannot
 * be written or its disk is nearly full; "error" (HTTP 503) when the database does not answer.
 *
 * Degraded is 200 on purpose: reading still works, and a restart (what a load balancer or
 * orchestrator does with a 503) fixes neither permissions nor a full disk; it would only take
 * the reading away too. Monitors should alert on the body's status.
 */
import { dataDir, getDb, pingDatabase } from "@/db";
import { checkDataDir } from "@/db/data-dir";

export const dynamic = "force-dynamic";

export function GET() {
  try {
    pingDatabase(getDb());
  } catch (error) {
    console.error("[health] database check failed", error);
    return Response.json({ status: "error", database: "unavailable" }, { status: 503 });
  }
  const data = checkDataDir(dataDir());
  if (!data.ok) {
    console.warn(`[health] ${data.message}`);
    return Response.json({ status: "degraded", database: "ok", reason: data.reason }, { headers: { "cache-control": "no-store" } });
  }
  return Response.json({ status: "ok", database: "ok" }, { headers: { "cache-control": "no-store" } });
}
