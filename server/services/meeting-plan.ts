/**
 * Planning a round's live meeting: title, format, when, and the agenda (the round's mechanisms
 * with a time each, plus free items). The live part (server/services of the `meeting` router)
 * runs it; this module only creates, lists, edits and removes meetings.
 *
 * Agenda edits: everything while the meeting is planned. While it is live, the facilitator may
 * still change times, reorder, and add or remove free items ("Any other business"), but not add
 * or remove mechanisms (the room and the record follow the round's mechanisms) nor remove the
 * item on screen or one that already has notes, quotes or questions. An ended meeting's agenda
 * is its record and does not change.
 */
import { randomInt } from "node:crypto";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { meetingItems, meetingNotes, meetingQuestions, meetingQuotes, meetings, mechanismVersions, rounds } from "@/db/schema";
import { LIMITS, MEETING_FORMAT_LABELS, MEETING_FORMAT_VALUES } from "@/shared/domain";
import { notifyRemoved } from "../live/meeting-events";
import { formatUkMoment } from "../uk-time";
import { text } from "../validation";
import { badRequest, conflict, notFound, recordAudit, type Actor, type Tx } from "./actor";
import { getRound, roundNumber } from "./round-state";
import { writeTransaction } from "@/db/transaction";

export type Meeting = typeof meetings.$inferSelect;

/** Letters and digits nobody confuses when reading a code off a projector: no 0/O, 1/I/L. */
export const SHORT_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const DEFAULT_MINUTES = 5;

/** A random code of `length` characters (crypto-random: codes must not be guessable in order). */
export function randomShortCode(length = 6): string {
  let code = "";
  for (let i = 0; i < length; i++) code += SHORT_CODE_ALPHABET[randomInt(SHORT_CODE_ALPHABET.length)];
  return code;
}

/** Short codes as people type them: case and spaces do not matter. */
export function normaliseShortCode(input: string): string {
  return input.replace(/[\s-]/g, "").toUpperCase();
}

// Far enough either way for any real study; keeps odd dates out.
const moment = z
  .date({ error: "Give a valid date and time" })
  .min(new Date("2000-01-01T00:00:00Z"), "Give a date in this century")
  .max(new Date("2100-01-01T00:00:00Z"), "Give a date in this century");

export const meetingId = z.uuid("Unknown meeting");

const minutes = z
  .number({ error: "Give the minutes as a number" })
  .int("Give whole minutes")
  .min(LIMITS.agendaMinutes.min, `At least ${LIMITS.agendaMinutes.min} minute`)
  .max(LIMITS.agendaMinutes.max, `At most ${LIMITS.agendaMinutes.max} minutes per item`);

/** One agenda item as the editor sends it: an existing item keeps its id (and its notes). */
export const agendaItemInput = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("mechanism"), id: z.uuid().nullable().optional(), versionId: z.uuid("Unknown mechanism"), minutes }),
    z.object({ kind: z.literal("free"), id: z.uuid().nullable().optional(), title: text(LIMITS.agendaItemTitle), minutes }),
  ],
  { error: "Each agenda item is a mechanism or a free item" },
);
export type AgendaItemInput = z.infer<typeof agendaItemInput>;

const agenda = z.array(agendaItemInput).max(LIMITS.agendaItems.max, `An agenda has at most ${LIMITS.agendaItems.max} items`);

export const meetingFields = z.object({
  title: text(LIMITS.meetingTitle),
  format: z.enum(MEETING_FORMAT_VALUES, { error: "Choose how the meeting is held" }),
  scheduledAt: moment.nullable().optional(),
});

export const createInput = meetingFields.extend({
  round: roundNumber,
  /** Left out: the round's mechanisms in order, five minutes each. */
  agenda: agenda.optional(),
});
export type CreateMeetingInput = z.infer<typeof createInput>;

export const updateInput = meetingFields.extend({ meetingId });
export const agendaInput = z.object({ meetingId, items: agenda });

/** A meeting of the actor's consultation; another consultation's meeting is NOT_FOUND. */
export function getMeeting(db: DB | Tx, actor: Actor, id: string): Meeting {
  const row = db
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, id), eq(meetings.consultationId, actor.consultation.id)))
    .get();
  if (!row) notFound("This meeting");
  return row;
}

function isUniqueCodeClash(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === "SQLITE_CONSTRAINT_UNIQUE" && /short_code/.test(e.message ?? "");
}

function checkAgenda(tx: Tx, roundId: string, items: AgendaItemInput[]) {
  const versionIds = items.flatMap((i) => (i.kind === "mechanism" ? [i.versionId] : []));
  if (new Set(versionIds).size !== versionIds.length) badRequest("A mechanism can be on the agenda only once.");
  if (versionIds.length) {
    const found = tx
      .select({ id: mechanismVersions.id })
      .from(mechanismVersions)
      .where(and(inArray(mechanismVersions.id, versionIds), eq(mechanismVersions.roundId, roundId)))
      .all();
    if (found.length !== versionIds.length) badRequest("The agenda names a mechanism that is not in this meeting's round.");
  }
}

function refuseClosed(round: { number: number; status: string }) {
  if (round.status === "closed") {
    badRequest(`Round ${round.number} is closed: a meeting can only be planned for a draft or open round.`);
  }
}

/**
 * Plans a meeting. `codes` replaces the random short code (tests use it to force a clash); a
 * clash with another meeting's code is retried with a new one, longer after a few tries.
 */
export function createMeeting(
  db: DB,
  actor: Actor,
  input: CreateMeetingInput,
  codes: (attempt: number) => string = (attempt) => randomShortCode(attempt < 4 ? 6 : attempt < 8 ? 7 : 8),
) {
  return writeTransaction(db, (tx) => {
    const round = getRound(tx, actor, { number: input.round });
    refuseClosed(round);
    const items: AgendaItemInput[] =
      input.agenda ??
      tx
        .select({ versionId: mechanismVersions.id })
        .from(mechanismVersions)
        .where(eq(mechanismVersions.roundId, round.id))
        .orderBy(asc(mechanismVersions.position))
        .limit(LIMITS.agendaItems.max)
        .all()
        .map((v) => ({ kind: "mechanism" as const, versionId: v.versionId, minutes: DEFAULT_MINUTES }));
    checkAgenda(tx, round.id, items);
    let meeting: Meeting | undefined;
    for (let attempt = 0; attempt < 12 && !meeting; attempt++) {
      try {
        meeting = tx
          .insert(meetings)
          .values({
            consultationId: actor.consultation.id,
            roundId: round.id,
            title: input.title,
            format: input.format,
            scheduledAt: input.scheduledAt ?? null,
            shortCode: codes(attempt),
            createdBy: actor.user.id,
          })
          .returning()
          .get();
      } catch (error) {
        // SQLite undoes only the failed statement, so the transaction goes on with a new code.
        if (!isUniqueCodeClash(error)) throw error;
      }
    }
    if (!meeting) conflict("Could not find a free join code for the meeting. Please try again.");
    if (items.length) {
      tx.insert(meetingItems)
        .values(items.map((item, position) => itemRow(meeting.id, item, position)))
        .run();
    }
    recordAudit(tx, actor, "meeting.plan", meeting.id, {
      title: meeting.title,
      round: round.number,
      format: meeting.format,
      items: items.length,
    });
    return meeting;
  });
}

function itemRow(meetingIdValue: string, item: AgendaItemInput, position: number) {
  return {
    meetingId: meetingIdValue,
    position,
    kind: item.kind,
    versionId: item.kind === "mechanism" ? item.versionId : null,
    title: item.kind === "free" ? item.title : null,
    plannedMinutes: item.minutes,
  };
}

/** Every meeting of the consultation, newest round first, with its agenda's size and length. */
export function list(db: DB, actor: Actor) {
  const rows = db
    .select({ meeting: meetings, roundNumber: rounds.number, roundTitle: rounds.title, roundStatus: rounds.status })
    .from(meetings)
    .innerJoin(rounds, eq(rounds.id, meetings.roundId))
    .where(eq(meetings.consultationId, actor.consultation.id))
    .orderBy(asc(rounds.number), asc(meetings.createdAt))
    .all();
  const totals = rows.length
    ? db
        .select({ meetingId: meetingItems.meetingId, n: count(), minutes: sql<number>`sum(${meetingItems.plannedMinutes})` })
        .from(meetingItems)
        .where(
          inArray(
            meetingItems.meetingId,
            rows.map((r) => r.meeting.id),
          ),
        )
        .groupBy(meetingItems.meetingId)
        .all()
    : [];
  const byMeeting = new Map(totals.map((t) => [t.meetingId, t]));
  const facilitator = actor.membership.role === "facilitator";
  const roundsList = db
    .select({ number: rounds.number, title: rounds.title, status: rounds.status })
    .from(rounds)
    .where(eq(rounds.consultationId, actor.consultation.id))
    .orderBy(asc(rounds.number))
    .all();
  return {
    // Rounds a meeting can be planned for (facilitators only).
    plannable: facilitator ? roundsList.filter((r) => r.status !== "closed") : [],
    meetings: rows
      // Note-takers take notes in running or past meetings; plans are the facilitators' business.
      .filter((r) => facilitator || r.meeting.status !== "planned")
      .map((r) => ({
        ...meetingSummary(r.meeting, facilitator),
        round: { number: r.roundNumber, title: r.roundTitle, status: r.roundStatus },
        itemCount: byMeeting.get(r.meeting.id)?.n ?? 0,
        plannedMinutes: Number(byMeeting.get(r.meeting.id)?.minutes ?? 0),
      })),
  };
}

/** The agenda with what each item shows: a mechanism's name in its round, or the free title. */
export function agendaOf(db: DB | Tx, meetingIdValue: string) {
  return db
    .select({
      id: meetingItems.id,
      position: meetingItems.position,
      kind: meetingItems.kind,
      versionId: meetingItems.versionId,
      mechanismId: mechanismVersions.mechanismId,
      freeTitle: meetingItems.title,
      mechanismName: mechanismVersions.name,
      plannedMinutes: meetingItems.plannedMinutes,
      spentSeconds: meetingItems.spentSeconds,
    })
    .from(meetingItems)
    .leftJoin(mechanismVersions, eq(mechanismVersions.id, meetingItems.versionId))
    .where(eq(meetingItems.meetingId, meetingIdValue))
    .orderBy(asc(meetingItems.position))
    .all()
    .map((i) => ({
      id: i.id,
      position: i.position,
      kind: i.kind,
      versionId: i.versionId,
      mechanismId: i.mechanismId,
      title: i.kind === "mechanism" ? (i.mechanismName ?? "A removed mechanism") : (i.freeTitle ?? ""),
      plannedMinutes: i.plannedMinutes,
      spentSeconds: i.spentSeconds,
    }));
}

/** The plan editor's data: the meeting, its agenda, and the round's mechanisms to pick from. */
/** A meeting as lists and pages show it; the join code only to facilitators. */
export function meetingSummary(meeting: Meeting, facilitator: boolean) {
  return {
    id: meeting.id,
    title: meeting.title,
    format: meeting.format,
    formatLabel: MEETING_FORMAT_LABELS[meeting.format],
    status: meeting.status,
    shortCode: facilitator ? meeting.shortCode : null,
    scheduledAt: meeting.scheduledAt,
    startedAt: meeting.startedAt,
    endedAt: meeting.endedAt,
  };
}

export function detail(db: DB, actor: Actor, id: string) {
  const meeting = getMeeting(db, actor, id);
  const round = getRound(db, actor, { id: meeting.roundId });
  const items = agendaOf(db, meeting.id);
  const mechanisms = db
    .select({ versionId: mechanismVersions.id, name: mechanismVersions.name })
    .from(mechanismVersions)
    .where(eq(mechanismVersions.roundId, round.id))
    .orderBy(asc(mechanismVersions.position))
    .all();
  return {
    meeting: { ...meetingSummary(meeting, true), currentItemId: meeting.currentItemId, updatedAt: meeting.updatedAt },
    round: { number: round.number, title: round.title, status: round.status },
    items,
    plannedMinutes: items.reduce((sum, i) => sum + i.plannedMinutes, 0),
    mechanisms,
  };
}

export function update(db: DB, actor: Actor, input: z.infer<typeof updateInput>) {
  return writeTransaction(db, (tx) => {
    const meeting = getMeeting(tx, actor, input.meetingId);
    if (meeting.status !== "planned") {
      badRequest(`This meeting has ${meeting.status === "live" ? "started" : "ended"}: its title, format and time can no longer change.`);
    }
    const round = getRound(tx, actor, { id: meeting.roundId });
    refuseClosed(round);
    const next = { title: input.title, format: input.format, scheduledAt: input.scheduledAt ?? null };
    const before = { title: meeting.title, format: meeting.format, scheduledAt: meeting.scheduledAt?.toISOString() ?? null };
    const after = { ...next, scheduledAt: next.scheduledAt?.toISOString() ?? null };
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => before[k] !== after[k]);
    if (changed.length === 0) return { changed: false };
    tx.update(meetings)
      .set({ ...next, updatedAt: new Date() })
      .where(eq(meetings.id, meeting.id))
      .run();
    recordAudit(tx, actor, "meeting.update", meeting.id, {
      title: input.title,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return { changed: true };
  });
}

/**
 * Replaces the agenda with `items` in their order, in one transaction: items sent with their id
 * are kept (their notes and timers stay), the others are new, and the ones left out are removed.
 */
export function setAgenda(db: DB, actor: Actor, input: z.infer<typeof agendaInput>) {
  return writeTransaction(db, (tx) => {
    const meeting = getMeeting(tx, actor, input.meetingId);
    if (meeting.status === "ended") badRequest("This meeting has ended: its agenda is part of the record and does not change.");
    const round = getRound(tx, actor, { id: meeting.roundId });
    const current = tx.select().from(meetingItems).where(eq(meetingItems.meetingId, meeting.id)).all();
    const byId = new Map(current.map((i) => [i.id, i]));
    const keptIds = new Set<string>();
    for (const item of input.items) {
      if (!item.id) continue;
      const old = byId.get(item.id);
      if (!old) badRequest("The agenda has changed since you opened it. Reload the page and make your change again.");
      if (keptIds.has(item.id)) badRequest("An agenda item appears twice.");
      if (old.kind !== item.kind || (item.kind === "mechanism" && old.versionId !== item.versionId)) {
        badRequest("An agenda item cannot change from one mechanism to another; remove it and add the other one.");
      }
      keptIds.add(item.id);
    }
    checkAgenda(tx, round.id, input.items);
    const removed = current.filter((i) => !keptIds.has(i.id));
    if (meeting.status === "live") {
      const added = input.items.filter((i) => !i.id && i.kind === "mechanism");
      if (added.length || removed.some((i) => i.kind === "mechanism")) {
        badRequest("While the meeting is running, only free items can be added or removed; times and order can change.");
      }
      if (removed.some((i) => i.id === meeting.currentItemId)) badRequest("The item on screen cannot be removed; move on from it first.");
      if (removed.length) {
        const ids = removed.map((i) => i.id);
        const used = [meetingNotes, meetingQuotes, meetingQuestions].some(
          (table) => tx.select({ n: count() }).from(table).where(inArray(table.itemId, ids)).get()!.n > 0,
        );
        if (used) badRequest("An item with notes, quotes or questions cannot be removed from a running meeting.");
      }
    } else {
      refuseClosed(round);
    }
    if (removed.length)
      tx.delete(meetingItems)
        .where(
          inArray(
            meetingItems.id,
            removed.map((i) => i.id),
          ),
        )
        .run();
    input.items.forEach((item, position) => {
      if (item.id) {
        tx.update(meetingItems)
          .set({ position, plannedMinutes: item.minutes, title: item.kind === "free" ? item.title : null })
          .where(eq(meetingItems.id, item.id))
          .run();
      } else {
        tx.insert(meetingItems)
          .values(itemRow(meeting.id, item, position))
          .run();
      }
    });
    tx.update(meetings).set({ updatedAt: new Date() }).where(eq(meetings.id, meeting.id)).run();
    recordAudit(tx, actor, "meeting.agenda", meeting.id, {
      title: meeting.title,
      items: input.items.length,
      minutes: input.items.reduce((s, i) => s + i.minutes, 0),
    });
    return { status: meeting.status, items: agendaOf(tx, meeting.id) };
  });
}

/** Removes a meeting that has not started (a started one is part of the record). */
export function remove(db: DB, actor: Actor, id: string) {
  writeTransaction(db, (tx) => {
    const meeting = getMeeting(tx, actor, id);
    if (meeting.status !== "planned") {
      conflict("Only a meeting that has not started can be removed; a started meeting stays on the record.");
    }
    tx.delete(meetings).where(eq(meetings.id, meeting.id)).run();
    recordAudit(tx, actor, "meeting.remove", meeting.id, {
      title: meeting.title,
      scheduledAt: meeting.scheduledAt ? formatUkMoment(meeting.scheduledAt) : null,
    });
  });
  // Anyone already following it (the control view, an early joiner) is told after the commit.
  notifyRemoved(id);
}
