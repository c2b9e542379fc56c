import { getDb } from "@/db";

export const dynamic = "force-dynamic";

export function GET() {
  try {
    getDb().$client.prepare("select 1").get();
    return Response.json({ status: "ok", database: "ok" });
  } catch (error) {
    console.error("[health] database check failed", error);
    return Response.json({ status: "error", database: "unavailable" }, { status: 503 });
  }
}
