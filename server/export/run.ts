/**
 * An export as the app and the command line make it: who may ask for it, the report built and
 * rendered, and an audit entry for every file that leaves (with its format, and saying so when it
 * carries stakeholders' names).
 */
import { z } from "zod";
import type { DB } from "@/db";
import { recordAudit, recordSystemAudit, type Actor } from "../services/actor";
import { membershipOf } from "../services/membership";
import { buildReport } from "../services/report";
import type { SessionUser } from "../trpc";
import { EXPORT_FORMATS, renderExport, type ExportFormat, type RenderedExport } from "./index";

export const EXPORT_ACTION = "report.export";
export const EXPORT_NAMES_ACTION = "report.export_names";

/** The query of the download route (and the options of the command line), as people write them. */
export const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS, `Choose one of ${EXPORT_FORMATS.join(", ")}`),
  round: z.coerce
    .number("Give a round number")
    .int("Give a whole round number")
    .min(1, "Give a round number from 1")
    .max(1000, "That round does not exist")
    .optional(),
  names: z
    .enum(["0", "1"], "Use names=1 to include stakeholders' names, or leave it out")
    .optional()
    .transform((v) => v === "1"),
});
export type ExportQuery = z.output<typeof exportQuery>;

export type ExportAccess = { ok: true; actor: Actor } | { ok: false; status: 404 | 403; message: string };

/** The caller's standing in the consultation with this slug: facilitator, stakeholder (403) or none (404). */
export function exportAccess(db: DB, user: SessionUser, slug: string): ExportAccess {
  const row = membershipOf(db, user.id, { slug });
  // Another consultation's export is "not found", as everywhere: its existence is not revealed.
  if (!row) return { ok: false, status: 404, message: "This consultation was not found." };
  if (row.membership.role !== "facilitator") {
    return { ok: false, status: 403, message: "Only the consultation's facilitators can export its feedback." };
  }
  return { ok: true, actor: { user, consultation: row.consultation, membership: row.membership } };
}

function auditDetails(format: ExportFormat, round: number | undefined, names: boolean, extra: Record<string, unknown> = {}) {
  return { format, round: round ?? null, scope: round === undefined ? "all rounds" : `round ${round}`, names, ...extra };
}

/** The long-format ratings are only in the data formats: the reports do not need 45,000 rows. */
export const NEEDS_RATINGS: Record<ExportFormat, boolean> = { docx: false, pdf: false, md: false, xlsx: true, csv: true, json: true };

/** Builds the report for a query and renders it (no audit: see runExport). */
export async function buildExport(
  db: DB,
  consultationId: string,
  query: { format: ExportFormat; round?: number; names: boolean },
): Promise<RenderedExport> {
  // A pseudonymised file may travel beyond the team (to the panel, into a paper): a perspective's
  // figures from too few ratings would let a reader who knows their own rating work out another's.
  const report = buildReport(
    db,
    { consultationId, round: query.round, includeNames: query.names },
    { ratings: NEEDS_RATINGS[query.format], withholdSmallGroups: !query.names },
  );
  return renderExport(report, query.format);
}

/**
 * Builds, renders and records one export. `who` is the facilitator asking in the app, or the
 * operator's command line (an entry with no actor, marked as such).
 */
export async function runExport(
  db: DB,
  who: { actor: Actor } | { commandLine: true; consultationId: string },
  query: { format: ExportFormat; round?: number; names: boolean },
): Promise<RenderedExport> {
  const consultationId = "actor" in who ? who.actor.consultation.id : who.consultationId;
  const rendered = await buildExport(db, consultationId, query);
  const action = query.names ? EXPORT_NAMES_ACTION : EXPORT_ACTION;
  if ("actor" in who) recordAudit(db, who.actor, action, consultationId, auditDetails(query.format, query.round, query.names));
  else
    recordSystemAudit(
      db,
      consultationId,
      action,
      consultationId,
      auditDetails(query.format, query.round, query.names, { via: "command line" }),
    );
  return rendered;
}
