/**
 * What a meeting recorded: notes per agenda item (or the meeting as a whole), verbatim quotes
 * attributed to a stakeholder, to a perspective only, or to no one, attendance, and the record
 * page that gathers them with the quick questions and the ratings and comments made in the room.
 *
 * Who: facilitators, and stakeholders a facilitator made note-takers (noteTakerProcedure).
 * Notes and quotes are taken while the meeting runs and tidied up after it ended; a note-taker
 * edits only what they wrote, and not once the round has closed (a panel member's writes stop
 * with the round); facilitators may tidy up at any time. The record page's ratings, comments,
 * quick-question answers and the names of who attended are for facilitators only: a note-taker
 * is a panel member and sees what the panel may see.
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import {
  comments,
  decisionSources,
  decisions,
  meetingAnswers,
  meetingAttendance,
  meetingItems,
  meetingNotes,
  meetingQuestions,
  meetingQuotes,
  mechanismVersions,
  memberships,
  ratings,
  rounds,
  users,
} from "@/db/schema";
import { describeAuthor, LIMITS, PERSPECTIVE_VALUES, pseudonym, UNSURE, type PerspectiveValue } from "@/shared/domain";
import { text } from "../validation";
import { badRequest, forbidden, notFound, recordAudit, type Actor, type Tx } from "./actor";
import { perspectiveSpeaker } from "./meeting-feedback";
import { agendaOf, getMeeting, meetingId, meetingSummary, type Meeting } from "./meeting-plan";
import { getRound } from "./round-state";
import { writeTransaction } from "@/db/transaction";

// ---------------------------------------------------------------------------------------------
// Inputs

const itemId = z.uuid("Unknown agenda item").nullable();

export const attributionInput = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("stakeholder"), membershipId: z.uuid("Choose the stakeholder who said it") }),
    z.object({ kind: z.literal("perspective"), perspective: z.enum(PERSPECTIVE_VALUES, { error: "Choose a perspective" }) }),
    z.object({ kind: z.literal("none") }),
  ],
  { error: "Say who said it: a stakeholder, a perspective, or no one" },
);
export type AttributionInput = z.infer<typeof attributionInput>;

export const notesInput = z.object({ meetingId, itemId: itemId.optional() });
export const addNoteInput = z.object({ meetingId, itemId, body: text(LIMITS.meetingNote) });
export const editNoteInput = z.object({ noteId: z.uuid("Unknown note"), body: text(LIMITS.meetingNote) });
export const noteIdInput = z.object({ noteId: z.uuid("Unknown note") });
export const addQuoteInput = z.object({ meetingId, itemId, body: text(LIMITS.meetingQuote), attribution: attributionInput });
export const editQuoteInput = z.object({
  quoteId: z.uuid("Unknown quote"),
  body: text(LIMITS.meetingQuote),
  attribution: attributionInput,
});
export const quoteIdInput = z.object({ quoteId: z.uuid("Unknown quote") });
export const attendanceInput = z.object({
  meetingId,
  membershipId: z.uuid("Unknown panel member"),
  present: z.boolean({ error: "Say whether they were there" }),
});

// ---------------------------------------------------------------------------------------------
// How a quote is attributed, to a given viewer

const speakerColumns = {
  id: memberships.id,
  role: memberships.role,
  displayName: memberships.displayName,
  perspective: memberships.perspective,
  pseudonymNumber: memberships.pseudonymNumber,
  withdrawnAt: memberships.withdrawnAt,
};
type Speaker = { [K in keyof typeof speakerColumns]: (typeof speakerColumns)[K]["_"]["data"] | null };

function attributionOf(
  actor: Actor,
  quote: { membershipId: string | null; perspective: PerspectiveValue | null },
  speaker: Speaker | null,
) {
  if (quote.membershipId && speaker?.id) {
    const facts = {
      id: speaker.id,
      role: speaker.role ?? "stakeholder",
      displayName: speaker.displayName ?? "",
      perspective: speaker.perspective ?? null,
      pseudonymNumber: speaker.pseudonymNumber ?? null,
    };
    const pseudo = speaker.withdrawnAt ? "Withdrawn participant" : pseudonym(facts);
    return {
      kind: "stakeholder" as const,
      membershipId: quote.membershipId,
      perspective: facts.perspective,
      // What this viewer sees (names for facilitators, as the consultation's anonymity says for others).
      label: speaker.withdrawnAt ? pseudo : describeAuthor(facts, actor.membership, actor.consultation.anonymity).label,
      // The form for quoting in a report: always the pseudonym.
      quoteAs: pseudo,
    };
  }
  if (quote.perspective) {
    const label = perspectiveSpeaker(quote.perspective);
    return { kind: "perspective" as const, membershipId: null, perspective: quote.perspective, label, quoteAs: label };
  }
  return { kind: "none" as const, membershipId: null, perspective: null, label: "Unattributed", quoteAs: "A panel member" };
}

// ---------------------------------------------------------------------------------------------
// Checks

const isFacilitator = (actor: Actor) => actor.membership.role === "facilitator";

/**
 * The meeting as this viewer may reach it: a planned meeting is the facilitators' draft, hidden
 * from note-takers as meetingPlan.list hides it, so they are told it does not exist.
 */
function visibleMeeting(tx: DB | Tx, actor: Actor, id: string): Meeting {
  const meeting = getMeeting(tx, actor, id);
  if (meeting.status === "planned" && !isFacilitator(actor)) notFound("This meeting");
  return meeting;
}

/**
 * A note or quote a decision gives as its reason stays as it is: deleting it would silently take
 * the reason from the decision (the citation cascades), and rewording it would change the reason.
 */
function refuseIfCited(tx: DB | Tx, meeting: Meeting, cited: { noteId: string } | { quoteId: string }, doing: string) {
  const what = "noteId" in cited ? "note" : "quote";
  const citing = tx
    .select({ round: rounds.number, name: mechanismVersions.name })
    .from(decisionSources)
    .innerJoin(decisions, eq(decisions.id, decisionSources.decisionId))
    .innerJoin(rounds, eq(rounds.id, decisions.roundId))
    // The mechanism as it was in the meeting's round (a cited note is always from round N-1).
    .leftJoin(
      mechanismVersions,
      and(eq(mechanismVersions.mechanismId, decisions.mechanismId), eq(mechanismVersions.roundId, meeting.roundId)),
    )
    .where("noteId" in cited ? eq(decisionSources.meetingNoteId, cited.noteId) : eq(decisionSources.meetingQuoteId, cited.quoteId))
    .get();
  if (citing) {
    const decision = `The round ${citing.round} decision on ${citing.name ? `“${citing.name}”` : "a mechanism"}`;
    badRequest(
      `${decision} gives this ${what} as a reason, so it cannot be ${doing}. Remove it from that decision's reasons in the round ${citing.round} workspace first.`,
    );
  }
}

function requireRecording(tx: DB | Tx, actor: Actor, meeting: Meeting) {
  if (meeting.status === "planned") {
    badRequest("This meeting has not started yet: notes, quotes and attendance are taken once it is running.");
  }
  if (!isFacilitator(actor)) {
    const round = getRound(tx, actor, { id: meeting.roundId });
    if (round.status === "closed")
      badRequest(`Round ${round.number} is closed: its meeting notes can now only be changed by a facilitator.`);
  }
}

function requireItem(tx: DB | Tx, meeting: Meeting, id: string | null) {
  if (!id) return;
  const item = tx
    .select({ id: meetingItems.id })
    .from(meetingItems)
    .where(and(eq(meetingItems.id, id), eq(meetingItems.meetingId, meeting.id)))
    .get();
  if (!item) badRequest("That agenda item is not part of this meeting.");
}

/** Turns an attribution into the quote's columns, checking the stakeholder is on this panel. */
function attributionColumns(tx: DB | Tx, actor: Actor, a: AttributionInput) {
  if (a.kind === "stakeholder") {
    const m = tx
      .select({ role: memberships.role, withdrawnAt: memberships.withdrawnAt })
      .from(memberships)
      .where(and(eq(memberships.id, a.membershipId), eq(memberships.consultationId, actor.consultation.id)))
      .get();
    if (!m || m.role !== "stakeholder" || m.withdrawnAt) {
      badRequest("Quotes can be attributed only to a current member of this consultation's panel.");
    }
    // The perspective follows the membership (and is kept if the person is later erased).
    return { membershipId: a.membershipId, perspective: null };
  }
  if (a.kind === "perspective") return { membershipId: null, perspective: a.perspective };
  return { membershipId: null, perspective: null };
}

function requireAuthor(actor: Actor, authorId: string | null, what: string) {
  if (!isFacilitator(actor) && authorId !== actor.user.id) forbidden(`Only the facilitators can change a ${what} someone else wrote.`);
}

function noteInMeeting(tx: DB | Tx, actor: Actor, noteId: string) {
  const note = tx.select().from(meetingNotes).where(eq(meetingNotes.id, noteId)).get();
  if (!note) notFound("This note");
  const meeting = visibleMeeting(tx, actor, note.meetingId);
  return { note, meeting };
}

function quoteInMeeting(tx: DB | Tx, actor: Actor, quoteId: string) {
  const quote = tx.select().from(meetingQuotes).where(eq(meetingQuotes.id, quoteId)).get();
  if (!quote) notFound("This quote");
  const meeting = visibleMeeting(tx, actor, quote.meetingId);
  return { quote, meeting };
}

// ---------------------------------------------------------------------------------------------
// Notes and quotes

export function addNote(db: DB, actor: Actor, input: z.infer<typeof addNoteInput>) {
  return writeTransaction(db, (tx) => {
    const meeting = visibleMeeting(tx, actor, input.meetingId);
    requireRecording(tx, actor, meeting);
    requireItem(tx, meeting, input.itemId);
    return tx
      .insert(meetingNotes)
      .values({ meetingId: meeting.id, itemId: input.itemId, body: input.body, authorId: actor.user.id })
      .returning({ id: meetingNotes.id })
      .get();
  });
}

export function editNote(db: DB, actor: Actor, input: z.infer<typeof editNoteInput>) {
  writeTransaction(db, (tx) => {
    const { note, meeting } = noteInMeeting(tx, actor, input.noteId);
    requireRecording(tx, actor, meeting);
    requireAuthor(actor, note.authorId, "note");
    if (input.body === note.body) return;
    refuseIfCited(tx, meeting, { noteId: note.id }, "reworded");
    tx.update(meetingNotes).set({ body: input.body, updatedAt: new Date() }).where(eq(meetingNotes.id, note.id)).run();
    recordAudit(tx, actor, "meeting.note_edit", note.id, { title: meeting.title });
  });
}

export function deleteNote(db: DB, actor: Actor, noteId: string) {
  writeTransaction(db, (tx) => {
    const { note, meeting } = noteInMeeting(tx, actor, noteId);
    requireRecording(tx, actor, meeting);
    requireAuthor(actor, note.authorId, "note");
    refuseIfCited(tx, meeting, { noteId: note.id }, "deleted");
    tx.delete(meetingNotes).where(eq(meetingNotes.id, note.id)).run();
    recordAudit(tx, actor, "meeting.note_delete", note.id, { title: meeting.title });
  });
}

export function addQuote(db: DB, actor: Actor, input: z.infer<typeof addQuoteInput>) {
  return writeTransaction(db, (tx) => {
    const meeting = visibleMeeting(tx, actor, input.meetingId);
    requireRecording(tx, actor, meeting);
    requireItem(tx, meeting, input.itemId);
    return tx
      .insert(meetingQuotes)
      .values({
        meetingId: meeting.id,
        itemId: input.itemId,
        body: input.body,
        ...attributionColumns(tx, actor, input.attribution),
        recordedBy: actor.user.id,
      })
      .returning({ id: meetingQuotes.id })
      .get();
  });
}

export function editQuote(db: DB, actor: Actor, input: z.infer<typeof editQuoteInput>) {
  writeTransaction(db, (tx) => {
    const { quote, meeting } = quoteInMeeting(tx, actor, input.quoteId);
    requireRecording(tx, actor, meeting);
    requireAuthor(actor, quote.recordedBy, "quote");
    // Correcting who said it stays possible; the cited words do not change.
    if (input.body !== quote.body) refuseIfCited(tx, meeting, { quoteId: quote.id }, "reworded");
    tx.update(meetingQuotes)
      .set({ body: input.body, ...attributionColumns(tx, actor, input.attribution) })
      .where(eq(meetingQuotes.id, quote.id))
      .run();
    // No words or names in the entry: the log outlives an erasure that would remove them.
    recordAudit(tx, actor, "meeting.quote_edit", quote.id, { title: meeting.title });
  });
}

export function deleteQuote(db: DB, actor: Actor, quoteId: string) {
  writeTransaction(db, (tx) => {
    const { quote, meeting } = quoteInMeeting(tx, actor, quoteId);
    requireRecording(tx, actor, meeting);
    requireAuthor(actor, quote.recordedBy, "quote");
    refuseIfCited(tx, meeting, { quoteId: quote.id }, "deleted");
    tx.delete(meetingQuotes).where(eq(meetingQuotes.id, quote.id)).run();
    recordAudit(tx, actor, "meeting.quote_delete", quote.id, { title: meeting.title });
  });
}

/** Notes with their author as the viewer may see them; `itemId` null = the meeting as a whole. */
function notesOf(db: DB | Tx, actor: Actor, meetingIdValue: string, itemFilter?: string | null) {
  const rows = db
    .select({
      note: meetingNotes,
      userName: users.name,
      author: {
        id: memberships.id,
        role: memberships.role,
        displayName: memberships.displayName,
        perspective: memberships.perspective,
        pseudonymNumber: memberships.pseudonymNumber,
      },
    })
    .from(meetingNotes)
    .leftJoin(users, eq(users.id, meetingNotes.authorId))
    .leftJoin(memberships, and(eq(memberships.userId, meetingNotes.authorId), eq(memberships.consultationId, actor.consultation.id)))
    .where(
      and(
        eq(meetingNotes.meetingId, meetingIdValue),
        itemFilter === undefined ? undefined : itemFilter === null ? isNull(meetingNotes.itemId) : eq(meetingNotes.itemId, itemFilter),
      ),
    )
    .orderBy(asc(meetingNotes.createdAt))
    .all();
  return rows.map(({ note, author, userName }) => ({
    id: note.id,
    itemId: note.itemId,
    body: note.body,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
    // A note-taker who has left the panel has no membership: only facilitators may see their name.
    by: author?.id
      ? describeAuthor({ ...author, displayName: author.displayName }, actor.membership, actor.consultation.anonymity).label
      : ((isFacilitator(actor) ? userName : null) ?? "A former note-taker"),
    canEdit: isFacilitator(actor) || note.authorId === actor.user.id,
  }));
}

function quotesOf(db: DB | Tx, actor: Actor, meetingIdValue: string, itemFilter?: string | null) {
  const rows = db
    .select({ quote: meetingQuotes, speaker: speakerColumns })
    .from(meetingQuotes)
    .leftJoin(memberships, eq(memberships.id, meetingQuotes.membershipId))
    .where(
      and(
        eq(meetingQuotes.meetingId, meetingIdValue),
        itemFilter === undefined ? undefined : itemFilter === null ? isNull(meetingQuotes.itemId) : eq(meetingQuotes.itemId, itemFilter),
      ),
    )
    .orderBy(asc(meetingQuotes.createdAt))
    .all();
  return rows.map(({ quote, speaker }) => ({
    id: quote.id,
    itemId: quote.itemId,
    body: quote.body,
    createdAt: quote.createdAt,
    attribution: attributionOf(actor, quote, speaker),
    canEdit: isFacilitator(actor) || quote.recordedBy === actor.user.id,
  }));
}

/** The panel as the note-taker picks a speaker from it: current stakeholders, labelled for the viewer. */
function speakers(db: DB | Tx, actor: Actor) {
  return db
    .select(speakerColumns)
    .from(memberships)
    .where(and(eq(memberships.consultationId, actor.consultation.id), eq(memberships.role, "stakeholder"), isNull(memberships.withdrawnAt)))
    .orderBy(asc(memberships.pseudonymNumber))
    .all()
    .map((m) => ({
      membershipId: m.id,
      perspective: m.perspective,
      label: describeAuthor(m, actor.membership, actor.consultation.anonymity).label,
    }));
}

/** The notes panel: one item's (or the whole meeting's) notes and quotes, and who can be quoted. */
export function notes(db: DB, actor: Actor, input: z.infer<typeof notesInput>) {
  const meeting = visibleMeeting(db, actor, input.meetingId);
  // Someone outside the panel of a draft round's meeting should not learn of it.
  getRound(db, actor, { id: meeting.roundId });
  return {
    meeting: { id: meeting.id, title: meeting.title, status: meeting.status, currentItemId: meeting.currentItemId },
    items: agendaOf(db, meeting.id).map((i) => ({ id: i.id, title: i.title, kind: i.kind })),
    notes: notesOf(db, actor, meeting.id, input.itemId),
    quotes: quotesOf(db, actor, meeting.id, input.itemId),
    speakers: speakers(db, actor),
  };
}

// ---------------------------------------------------------------------------------------------
// Attendance

export function attendance(db: DB, actor: Actor, meetingIdValue: string) {
  const meeting = getMeeting(db, actor, meetingIdValue);
  const present = db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, meeting.id)).all();
  const byMember = new Map(present.map((p) => [p.membershipId, p]));
  return {
    meeting: { id: meeting.id, status: meeting.status },
    members: speakers(db, actor).map((s) => ({
      ...s,
      present: byMember.has(s.membershipId),
      source: byMember.get(s.membershipId)?.source ?? null,
    })),
  };
}

/** The facilitator marks someone present or absent (e.g. service users in the room, without email). */
export function setAttendance(db: DB, actor: Actor, input: z.infer<typeof attendanceInput>) {
  writeTransaction(db, (tx) => {
    const meeting = getMeeting(tx, actor, input.meetingId);
    requireRecording(tx, actor, meeting);
    const m = tx
      .select({
        role: memberships.role,
        withdrawnAt: memberships.withdrawnAt,
        pseudonymNumber: memberships.pseudonymNumber,
        perspective: memberships.perspective,
      })
      .from(memberships)
      .where(and(eq(memberships.id, input.membershipId), eq(memberships.consultationId, actor.consultation.id)))
      .get();
    if (!m || m.role !== "stakeholder" || m.withdrawnAt)
      badRequest("Attendance is recorded for current members of this consultation's panel.");
    const existing = tx
      .select()
      .from(meetingAttendance)
      .where(and(eq(meetingAttendance.meetingId, meeting.id), eq(meetingAttendance.membershipId, input.membershipId)))
      .get();
    if (input.present === !!existing) return;
    if (input.present) {
      tx.insert(meetingAttendance).values({ meetingId: meeting.id, membershipId: input.membershipId, source: "recorded" }).run();
    } else {
      tx.delete(meetingAttendance)
        .where(and(eq(meetingAttendance.meetingId, meeting.id), eq(meetingAttendance.membershipId, input.membershipId)))
        .run();
    }
    // The pseudonym, not the name: this entry is not about the person, so erasing them would not redact it.
    recordAudit(tx, actor, "meeting.attendance", meeting.id, {
      title: meeting.title,
      membershipId: input.membershipId,
      pseudonym: pseudonym(m),
      present: input.present,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The record

const EXCERPT = 280;
const COMMENTS_PER_ITEM = 10;

export function record(db: DB, actor: Actor, meetingIdValue: string) {
  const meeting = visibleMeeting(db, actor, meetingIdValue);
  const round = getRound(db, actor, { id: meeting.roundId });
  const facilitator = isFacilitator(actor);
  const now = Date.now();
  const items = agendaOf(db, meeting.id).map((i) => ({
    ...i,
    // The item on screen also counts the time since it came up.
    spentSeconds:
      i.spentSeconds +
      (meeting.status === "live" && meeting.currentItemId === i.id && meeting.itemStartedAt
        ? Math.max(0, Math.round((now - meeting.itemStartedAt.getTime()) / 1000))
        : 0),
  }));
  const allNotes = notesOf(db, actor, meeting.id);
  const allQuotes = quotesOf(db, actor, meeting.id);

  const present = db
    .select({ membership: speakerColumns, source: meetingAttendance.source, joinedAt: meetingAttendance.joinedAt })
    .from(meetingAttendance)
    .innerJoin(memberships, eq(memberships.id, meetingAttendance.membershipId))
    .where(eq(meetingAttendance.meetingId, meeting.id))
    .orderBy(asc(memberships.pseudonymNumber))
    .all();

  let facilitatorPart = null;
  if (facilitator) {
    const versionIds = items.flatMap((i) => (i.versionId ? [i.versionId] : []));
    const ratingRows = db
      .select({ versionId: ratings.versionId, value: ratings.value, n: sql<number>`count(*)` })
      .from(ratings)
      .where(eq(ratings.meetingId, meeting.id))
      .groupBy(ratings.versionId, ratings.value)
      .all();
    const commentRows = db
      .select({
        id: comments.id,
        versionId: comments.versionId,
        body: comments.body,
        createdAt: comments.createdAt,
        author: speakerColumns,
      })
      .from(comments)
      .innerJoin(memberships, eq(memberships.id, comments.membershipId))
      // Hidden and deleted comments stay out of the record, as they do everywhere else.
      .where(and(eq(comments.meetingId, meeting.id), isNull(comments.deletedAt), isNull(comments.hiddenAt)))
      .orderBy(asc(comments.createdAt))
      .all();
    const questions = db
      .select()
      .from(meetingQuestions)
      .where(eq(meetingQuestions.meetingId, meeting.id))
      .orderBy(asc(meetingQuestions.openedAt))
      .all();
    const answers = questions.length
      ? db
          .select({
            questionId: meetingAnswers.questionId,
            body: meetingAnswers.body,
            createdAt: meetingAnswers.createdAt,
            author: speakerColumns,
          })
          .from(meetingAnswers)
          .innerJoin(memberships, eq(memberships.id, meetingAnswers.membershipId))
          .where(
            inArray(
              meetingAnswers.questionId,
              questions.map((q) => q.id),
            ),
          )
          .orderBy(asc(meetingAnswers.createdAt))
          .all()
      : [];
    const label = (a: Speaker) =>
      a.withdrawnAt
        ? "Withdrawn participant"
        : describeAuthor(
            {
              id: a.id!,
              role: a.role ?? "stakeholder",
              displayName: a.displayName ?? "",
              perspective: a.perspective ?? null,
              pseudonymNumber: a.pseudonymNumber ?? null,
            },
            actor.membership,
            actor.consultation.anonymity,
          ).label;
    const scaleMax = actor.consultation.scaleMax;
    facilitatorPart = {
      attendees: present.map((p) => ({ membershipId: p.membership.id, label: label(p.membership), source: p.source })),
      responses: items
        .filter((i) => i.versionId && versionIds.includes(i.versionId))
        .map((i) => {
          const rows = ratingRows.filter((r) => r.versionId === i.versionId);
          const distribution = Array.from({ length: scaleMax }, (_, k) => Number(rows.find((r) => r.value === k + 1)?.n ?? 0));
          const itemComments = commentRows.filter((c) => c.versionId === i.versionId);
          return {
            itemId: i.id,
            mechanismId: i.mechanismId,
            title: i.title,
            ratingCount: rows.reduce((s, r) => s + Number(r.n), 0),
            unsure: Number(rows.find((r) => r.value === UNSURE)?.n ?? 0),
            distribution,
            commentCount: itemComments.length,
            comments: itemComments.slice(0, COMMENTS_PER_ITEM).map((c) => ({
              id: c.id,
              by: label(c.author),
              excerpt: c.body.length > EXCERPT ? `${c.body.slice(0, EXCERPT - 1).trimEnd()}…` : c.body,
              createdAt: c.createdAt,
            })),
          };
        }),
      questions: questions.map((q) => ({
        id: q.id,
        prompt: q.prompt,
        itemId: q.itemId,
        openedAt: q.openedAt,
        closedAt: q.closedAt,
        answers: answers.filter((a) => a.questionId === q.id).map((a) => ({ by: label(a.author), body: a.body, createdAt: a.createdAt })),
      })),
    };
  }

  return {
    viewer: { facilitator },
    meeting: { ...meetingSummary(meeting, facilitator), currentItemId: meeting.currentItemId },
    round: { number: round.number, title: round.title, status: round.status },
    scaleLabels: actor.consultation.scaleLabels,
    attendanceCount: present.length,
    items: [
      ...items.map((i) => ({
        id: i.id as string | null,
        title: i.title,
        kind: i.kind,
        mechanismId: i.mechanismId,
        plannedMinutes: i.plannedMinutes,
        spentSeconds: i.spentSeconds,
        notes: allNotes.filter((n) => n.itemId === i.id),
        quotes: allQuotes.filter((q) => q.itemId === i.id),
      })),
      // Notes about the meeting as a whole (or of an item removed since).
      {
        id: null,
        title: "The meeting as a whole",
        kind: "general" as const,
        mechanismId: null,
        plannedMinutes: 0,
        spentSeconds: 0,
        notes: allNotes.filter((n) => !n.itemId || !items.some((i) => i.id === n.itemId)),
        quotes: allQuotes.filter((q) => !q.itemId || !items.some((i) => i.id === q.itemId)),
      },
    ],
    facilitator: facilitatorPart,
  };
}
