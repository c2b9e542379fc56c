/**
 * Meeting notes and quotes as feedback a decision between rounds can cite (decisions.ts) and that
 * the history of a mechanism shows (changes.ts, history.ts). Only schema and domain imports: the
 * decisions module loads early (rounds.ts imports it), so this one must not pull in services.
 *
 * Quotes are shown here under their pseudonym or perspective only, never a name: these labels
 * end up on pages the panel reads.
 */
import { and, asc, eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import type { DB } from "@/db";
import { meetingItems, meetingNotes, meetingQuotes, meetings, memberships } from "@/db/schema";
import { PERSPECTIVE_LABELS, pseudonym, type PerspectiveValue } from "@/shared/domain";

type Handle = Pick<DB, "select">;

const EXCERPT = 160;
const excerpt = (s: string) => (s.length > EXCERPT ? `${s.slice(0, EXCERPT - 1).trimEnd()}…` : s);

/** "A patient, service user or carer". */
export function perspectiveSpeaker(p: PerspectiveValue): string {
  const label = PERSPECTIVE_LABELS[p];
  return `${/^[aeiou]/i.test(label) ? "An" : "A"} ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
}

/** Who said a quote, as anyone may read it: pseudonym, perspective, or "A panel member". */
export function quoteSpeaker(q: {
  membershipId: string | null;
  perspective: PerspectiveValue | null;
  speaker: { pseudonymNumber: number | null; perspective: PerspectiveValue | null; withdrawnAt: Date | null } | null;
}): string {
  if (q.membershipId && q.speaker) return q.speaker.withdrawnAt ? "Withdrawn participant" : pseudonym(q.speaker);
  if (q.perspective) return perspectiveSpeaker(q.perspective);
  return "A panel member";
}

export type MeetingFeedback = {
  kind: "meeting_note" | "meeting_quote";
  id: string;
  meetingTitle: string;
  /** The mechanism version the agenda item was about; null for free items and the whole meeting. */
  versionId: string | null;
  /** "Note from “Round 1 meeting”: …" / "Quote from “Round 1 meeting”: “…” — Stakeholder 7, service user". */
  label: string;
};

function noteRows(db: Handle, where: SQL) {
  return db
    .select({
      id: meetingNotes.id,
      body: meetingNotes.body,
      meetingTitle: meetings.title,
      roundId: meetings.roundId,
      versionId: meetingItems.versionId,
    })
    .from(meetingNotes)
    .innerJoin(meetings, eq(meetings.id, meetingNotes.meetingId))
    .leftJoin(meetingItems, eq(meetingItems.id, meetingNotes.itemId))
    .where(where)
    .orderBy(asc(meetingNotes.createdAt))
    .all();
}

function quoteRows(db: Handle, where: SQL) {
  return db
    .select({
      id: meetingQuotes.id,
      body: meetingQuotes.body,
      membershipId: meetingQuotes.membershipId,
      perspective: meetingQuotes.perspective,
      meetingTitle: meetings.title,
      roundId: meetings.roundId,
      versionId: meetingItems.versionId,
      speaker: { pseudonymNumber: memberships.pseudonymNumber, perspective: memberships.perspective, withdrawnAt: memberships.withdrawnAt },
    })
    .from(meetingQuotes)
    .innerJoin(meetings, eq(meetings.id, meetingQuotes.meetingId))
    .leftJoin(meetingItems, eq(meetingItems.id, meetingQuotes.itemId))
    .leftJoin(memberships, eq(memberships.id, meetingQuotes.membershipId))
    .where(where)
    .orderBy(asc(meetingQuotes.createdAt))
    .all();
}

const noteOut = (n: ReturnType<typeof noteRows>[number]): MeetingFeedback => ({
  kind: "meeting_note",
  id: n.id,
  meetingTitle: n.meetingTitle,
  versionId: n.versionId,
  label: `Note from “${n.meetingTitle}”: ${excerpt(n.body)}`,
});
const quoteOut = (q: ReturnType<typeof quoteRows>[number]): MeetingFeedback => ({
  kind: "meeting_quote",
  id: q.id,
  meetingTitle: q.meetingTitle,
  versionId: q.versionId,
  label: `Quote from “${q.meetingTitle}”: “${excerpt(q.body)}” — ${quoteSpeaker({ ...q, speaker: q.membershipId ? q.speaker : null })}`,
});

/** Every note and quote of a round's meetings, each with the mechanism version it was about. */
export function roundMeetingFeedback(db: Handle, roundId: string): MeetingFeedback[] {
  return [...noteRows(db, eq(meetings.roundId, roundId)).map(noteOut), ...quoteRows(db, eq(meetings.roundId, roundId)).map(quoteOut)];
}

/** The cited notes and quotes by id, for showing a decision's sources. */
export function meetingFeedbackByIds(db: Handle, noteIds: string[], quoteIds: string[]): Map<string, MeetingFeedback> {
  const out = new Map<string, MeetingFeedback>();
  if (noteIds.length) for (const n of noteRows(db, inArray(meetingNotes.id, noteIds))) out.set(n.id, noteOut(n));
  if (quoteIds.length) for (const q of quoteRows(db, inArray(meetingQuotes.id, quoteIds))) out.set(q.id, quoteOut(q));
  return out;
}

/**
 * Whether every cited note and quote comes from a meeting of `roundId` and is about the mechanism
 * version `versionId` or general (the meeting as a whole, or a free item). Returns the ids that fail.
 */
export function uncitable(db: Handle, roundId: string, versionId: string, noteIds: string[], quoteIds: string[]): string[] {
  const about = (table: typeof meetingNotes | typeof meetingQuotes) =>
    and(eq(meetings.roundId, roundId), or(isNull(table.itemId), isNull(meetingItems.versionId), eq(meetingItems.versionId, versionId)));
  const okNotes = noteIds.length
    ? new Set(
        db
          .select({ id: meetingNotes.id })
          .from(meetingNotes)
          .innerJoin(meetings, eq(meetings.id, meetingNotes.meetingId))
          .leftJoin(meetingItems, eq(meetingItems.id, meetingNotes.itemId))
          .where(and(inArray(meetingNotes.id, noteIds), about(meetingNotes)))
          .all()
          .map((r) => r.id),
      )
    : new Set<string>();
  const okQuotes = quoteIds.length
    ? new Set(
        db
          .select({ id: meetingQuotes.id })
          .from(meetingQuotes)
          .innerJoin(meetings, eq(meetings.id, meetingQuotes.meetingId))
          .leftJoin(meetingItems, eq(meetingItems.id, meetingQuotes.itemId))
          .where(and(inArray(meetingQuotes.id, quoteIds), about(meetingQuotes)))
          .all()
          .map((r) => r.id),
      )
    : new Set<string>();
  return [...noteIds.filter((id) => !okNotes.has(id)), ...quoteIds.filter((id) => !okQuotes.has(id))];
}

export type CitedMeetingFeedback = {
  kind: "meeting_note" | "meeting_quote";
  id: string;
  body: string;
  meetingTitle: string;
  roundId: string;
  /** Quotes only: pseudonym, perspective or "A panel member". */
  speaker: string | null;
};

/** The full text of cited notes and quotes, in two queries, for the history of a mechanism. */
export function citedMeetingFeedback(db: Handle, noteIds: string[], quoteIds: string[]): Map<string, CitedMeetingFeedback> {
  const out = new Map<string, CitedMeetingFeedback>();
  if (noteIds.length) {
    for (const n of noteRows(db, inArray(meetingNotes.id, noteIds))) {
      out.set(n.id, { kind: "meeting_note", id: n.id, body: n.body, meetingTitle: n.meetingTitle, roundId: n.roundId, speaker: null });
    }
  }
  if (quoteIds.length) {
    for (const q of quoteRows(db, inArray(meetingQuotes.id, quoteIds))) {
      out.set(q.id, {
        kind: "meeting_quote",
        id: q.id,
        body: q.body,
        meetingTitle: q.meetingTitle,
        roundId: q.roundId,
        speaker: quoteSpeaker({ ...q, speaker: q.membershipId ? q.speaker : null }),
      });
    }
  }
  return out;
}
