/**
 * Downloads the evidence matrix with the matrix page's filters:
 * GET /c/<slug>/evidence/export?format=csv|xlsx|docx[&round=N][&kind=][&searchStage=][&effect=][&mechanismId=][&text=].
 * Facilitators only; the work is in server/services/evidence-export.ts.
 */
import type { NextRequest } from "next/server";
import { getDb } from "@/db";
import { evidenceExportResponse } from "@/server/services/evidence-export";

export async function GET(req: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return evidenceExportResponse(getDb(), req, slug);
}
