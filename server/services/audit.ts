/** The audit log: facilitator actions, readable by facilitators, written only by the services. */
import { and, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import type { DB } from "@/db";
import { auditLog, users } from "@/db/schema";
import { badRequest, type Actor } from "./actor";

export const AUDIT_PAGE = 50;

const rowid = sql<number>`${auditLog}.rowid`;

/** What each recorded action means, in words a facilitator would use. */
export const ACTION_LABELS: Record<string, string> = {
  "consultation.create": "Created the consultation",
  "consultation.update": "Changed the consultation's settings",
  "consultation.consensus_rule": "Changed the consensus rule",
  "consultation.anonymity_pseudonymous": "Panel members now appear under pseudonyms",
  "consultation.anonymity_named": "Panel members now appear under their names",
  "round.publish": "Published a round",
  "round.close": "Closed a round",
  "round.update": "Changed an open round's settings",
  "round.close_automatic": "Closed a round automatically at its closing time",
  "round.announce": "Emailed the panel that a round is open",
  "round.remind": "Emailed a reminder to those who had not responded",
  "mechanism.edit_published": "Edited a published mechanism",
  "round.prepare": "Prepared a round's drafts from the previous round",
  "decision.set": "Recorded a decision on a mechanism between rounds",
  "flag.triage": "Triaged a missing-mechanism flag",
  "comment.hide": "Hid a comment",
  "comment.unhide": "Showed a hidden comment again",
  "panel.add": "Added a stakeholder",
  "panel.add_many": "Added stakeholders from a list",
  "panel.add_facilitator": "Added a facilitator",
  "panel.update": "Changed a stakeholder's details",
  "panel.remove": "Removed a stakeholder added by mistake",
  "panel.erase": "Erased a stakeholder at their request",
  "invitation.link": "Created an invitation link",
  "invitation.email": "Emailed an invitation link",
  "invitation.revoke": "Revoked an invitation link",
  "report.export": "Exported the feedback report or data",
  "report.export_names": "Exported with stakeholders' names",
  "source.create": "Added a source",
  "source.update": "Edited a source",
  "source.delete": "Deleted a source",
  "source.import": "Imported sources from a file",
  "source.merge": "Merged two duplicate sources",
  "source.not_duplicate": "Said two look-alike sources are different works",
  "source.maybe_duplicate": "Listed two sources as possible duplicates again",
  "evidence.link_add": "Linked a source to a mechanism",
  "evidence.link_update": "Changed the evidence a source gives a mechanism",
  "evidence.link_remove": "Removed a source's link to a mechanism",
  "evidence.configuration_add": "Added a context-mechanism-outcome configuration",
  "evidence.configuration_update": "Changed a context-mechanism-outcome configuration",
  "evidence.configuration_remove": "Removed a context-mechanism-outcome configuration",
  "evidence.configuration_move": "Reordered a mechanism's configurations",
  "evidence.reported_count": "Changed a mechanism's published count of papers",
  "evidence.included_count": "Changed the number of papers the review included",
  "evidence.export": "Exported the evidence matrix",
  "round.evidence_visibility": "Changed whether the panel sees the evidence in a round",
  "meeting.plan": "Planned a meeting",
  "meeting.update": "Changed a planned meeting's title, format or time",
  "meeting.agenda": "Changed a meeting's agenda",
  "meeting.remove": "Removed a planned meeting",
  "meeting.start": "Started a meeting",
  "meeting.end": "Ended a meeting",
  "meeting.results_shown": "Showed the live results to the meeting",
  "meeting.results_hidden": "Hid the live results from the meeting",
  "meeting.question_open": "Put a quick question to the meeting",
  "meeting.question_close": "Closed a meeting's quick question",
  "meeting.attendance": "Recorded who attended a meeting",
  "meeting.note_edit": "Reworded a meeting note",
  "meeting.note_delete": "Deleted a meeting note",
  "meeting.quote_edit": "Changed a meeting quote",
  "meeting.quote_delete": "Deleted a meeting quote",
  "panel.note_taker_grant": "Let a stakeholder take meeting notes",
  "panel.note_taker_remove": "Stopped a stakeholder taking meeting notes",
};

/** Actions Roundtable records by itself, with no person acting. */
const SYSTEM_ACTIONS = new Set(["round.close_automatic"]);

export function list(db: DB, actor: Actor, cursor?: string | null) {
  // Newest first; entries of the same millisecond in reverse order of writing (rowid).
  let after: SQL | undefined;
  if (cursor) {
    const [ms, row] = cursor.split("_").map(Number);
    if (!Number.isSafeInteger(ms) || !Number.isSafeInteger(row)) badRequest("That page of the audit log does not exist.");
    const at = new Date(ms);
    after = or(lt(auditLog.createdAt, at), and(eq(auditLog.createdAt, at), lt(rowid, row)));
  }
  const rows = db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      targetId: auditLog.targetId,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      actorName: users.name,
      actorEmail: users.email,
      rowid,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.consultationId, actor.consultation.id), after))
    .orderBy(desc(auditLog.createdAt), desc(rowid))
    .limit(AUDIT_PAGE + 1)
    .all();
  const page = rows.slice(0, AUDIT_PAGE);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({
      id: r.id,
      action: r.action,
      label: ACTION_LABELS[r.action] ?? r.action,
      // Entries without an actor were written by Roundtable itself (recordSystemAudit).
      actor:
        r.actorName ??
        r.actorEmail ??
        (SYSTEM_ACTIONS.has(r.action)
          ? "Roundtable (automatic)"
          : // An export run by the operator's command line (scripts/cli.ts) has no person behind it.
            (r.details as { via?: unknown } | null)?.via === "command line"
            ? "Command line (operator)"
            : "A removed account"),
      targetId: r.targetId,
      details: r.details ?? {},
      createdAt: r.createdAt,
    })),
    nextCursor: rows.length > AUDIT_PAGE && last ? `${last.createdAt.getTime()}_${last.rowid}` : null,
  };
}
