/**
 * Downloads the feedback report of a consultation (or of one round) in one of the export formats:
 * GET /c/<slug>/export?format=docx|pdf|md|xlsx|csv|json[&round=N][&names=1]. Facilitators only;
 * the work is in server/export/http.ts.
 */
import type { NextRequest } from "next/server";
import { getDb } from "@/db";
import { exportResponse } from "@/server/export/http";

export async function GET(req: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return exportResponse(getDb(), req, slug);
}
