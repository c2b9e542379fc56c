/**
 * Running a meeting live: start and end it, move along the agenda, show or hide the results, put
 * a quick question to the room; members join (attendance) and answer. Every change is published
 * on the meeting's channel (server/live/bus.ts) after its transaction has committed.
 *
 * What each viewer may see is decided here, on the server, per subscriber: facilitators get the
 * whole view; the panel (participants, note-takers) never gets the live results while they are
 * hidden, nor the answers to a quick question (only their count), nor anyone's identity.
 *
 * Who may call what (facilitators the controls, panel members join and answer) is the router's
 * base procedures' job (server/routers/meeting.ts); the functions here assume it.
 */
import { tracked } from "@trpc/server";
import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { prepared } from "@/db/prepared";
import {
  consultations,
  meetingAnswers,
  meetingAttendance,
  meetingItems,
  meetingQuestions,
  meetings,
  mechanismVersions,
  memberships,
  rounds,
} from "@/db/schema";
import type { MeetingFormat, MeetingItemKind, MeetingStatus } from "@/shared/domain";
import { forget, lastId, publish, subscribe } from "../live/bus";
import { meetingChannel, newCommentCount, resultsFor, type MeetingEvent, type Results } from "../live/meeting-events";
import { badRequest, conflict, notFound, recordAudit, type Actor, type Tx } from "./actor";
import { getRound, requireOpen } from "./round-state";
import { writeTransaction } from "@/db/transaction";

export type Viewer = "facilitator" | "participant";

export type LiveItem = {
  id: string;
  position: number;
  kind: MeetingItemKind;
  title: string;
  versionId: string | null;
  mechanismId: string | null;
  plannedMinutes: number;
  spentSeconds: number;
};

export type LiveQuestion = {
  id: string;
  prompt: string;
  itemId: string | null;
  open: boolean;
  answerCount: number;
  /** Facilitators only: the answers, oldest first (no names: the room's quick answers). */
  answers: { id: string; body: string; createdAt: Date }[];
};

export type LiveView = {
  viewer: Viewer;
  meetingId: string;
  title: string;
  format: MeetingFormat;
  status: MeetingStatus;
  shortCode: string;
  roundNumber: number;
  roundOpen: boolean;
  scaleMax: number;
  startedAt: Date | null;
  endedAt: Date | null;
  currentItemId: string | null;
  itemStartedAt: Date | null;
  resultsVisible: boolean;
  items: LiveItem[];
  /** The current item's mechanism, with its live figures. */
  current: {
    itemId: string;
    description: string | null;
    /** Null for a free item, and for the panel while the results are hidden. */
    results: Results | null;
    newComments: number;
  } | null;
  attendance: number;
  /** The question open now, or the last one closed. */
  question: LiveQuestion | null;
};

export type LiveEventOut =
  | { type: "state"; view: LiveView }
  | { type: "results"; versionId: string; results: Results }
  | { type: "comments"; versionId: string; count: number }
  | { type: "attendance"; count: number }
  | { type: "answers"; questionId: string; count: number };

type Meeting = typeof meetings.$inferSelect;

export function viewerOf(actor: Actor): Viewer {
  return actor.membership.role === "facilitator" ? "facilitator" : "participant";
}

/** A meeting of the actor's consultation; the panel does not see meetings of draft rounds. */
export function getMeeting(db: DB | Tx, actor: Actor, meetingId: string): Meeting {
  const meeting = db
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, meetingId), eq(meetings.consultationId, actor.consultation.id)))
    .get();
  if (!meeting) notFound("This meeting");
  getRound(db, actor, { id: meeting.roundId }); // NOT_FOUND for the panel while the round is a draft
  return meeting;
}

/** A quick question of this meeting (NOT_FOUND for another meeting's). */
function questionOf(tx: Tx, meeting: { id: string }, questionId: string) {
  const q = tx
    .select()
    .from(meetingQuestions)
    .where(and(eq(meetingQuestions.id, questionId), eq(meetingQuestions.meetingId, meeting.id)))
    .get();
  return q ?? notFound("This question");
}

// ---------------------------------------------------------------------------------------------
// The view

/** The whole view, as facilitators see it: computed once per change and shared by all streams. */
export function fullView(db: DB | Tx, actor: Pick<Actor, "consultation">, meeting: Meeting): LiveView {
  const round = db.select().from(rounds).where(eq(rounds.id, meeting.roundId)).get()!;
  const items = db
    .select({
      id: meetingItems.id,
      position: meetingItems.position,
      kind: meetingItems.kind,
      title: meetingItems.title,
      versionId: meetingItems.versionId,
      mechanismId: mechanismVersions.mechanismId,
      name: mechanismVersions.name,
      description: mechanismVersions.description,
      plannedMinutes: meetingItems.plannedMinutes,
      spentSeconds: meetingItems.spentSeconds,
    })
    .from(meetingItems)
    .leftJoin(mechanismVersions, eq(mechanismVersions.id, meetingItems.versionId))
    .where(eq(meetingItems.meetingId, meeting.id))
    .orderBy(asc(meetingItems.position))
    .all();
  const currentRow = items.find((i) => i.id === meeting.currentItemId) ?? null;
  const scaleMax = actor.consultation.scaleMax;
  const attendance = db.select({ n: count() }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, meeting.id)).get()!.n;
  const q = db
    .select()
    .from(meetingQuestions)
    .where(eq(meetingQuestions.meetingId, meeting.id))
    .orderBy(desc(meetingQuestions.openedAt), desc(sql`rowid`))
    .limit(1)
    .get();
  const answers = q
    ? db
        .select({ id: meetingAnswers.id, body: meetingAnswers.body, createdAt: meetingAnswers.createdAt })
        .from(meetingAnswers)
        .where(eq(meetingAnswers.questionId, q.id))
        .orderBy(asc(meetingAnswers.createdAt), asc(sql`rowid`))
        .all()
    : [];
  return {
    viewer: "facilitator",
    meetingId: meeting.id,
    title: meeting.title,
    format: meeting.format,
    status: meeting.status,
    shortCode: meeting.shortCode,
    roundNumber: round.number,
    roundOpen: round.status === "open" && (!round.closesAt || round.closesAt.getTime() > Date.now()),
    scaleMax,
    startedAt: meeting.startedAt,
    endedAt: meeting.endedAt,
    currentItemId: currentRow?.id ?? null,
    itemStartedAt: meeting.itemStartedAt,
    resultsVisible: meeting.resultsVisible,
    items: items.map((i) => ({
      id: i.id,
      position: i.position,
      kind: i.kind,
      title: i.kind === "mechanism" ? (i.name ?? "A mechanism no longer in the round") : (i.title ?? "Agenda item"),
      versionId: i.versionId,
      mechanismId: i.mechanismId,
      plannedMinutes: i.plannedMinutes,
      spentSeconds: i.spentSeconds,
    })),
    current: currentRow
      ? {
          itemId: currentRow.id,
          description: currentRow.description,
          results: currentRow.versionId ? resultsFor(db, currentRow.versionId, scaleMax) : null,
          newComments: currentRow.versionId ? newCommentCount(db, currentRow.versionId, meeting.startedAt ?? new Date(0)) : 0,
        }
      : null,
    attendance,
    question: q ? { id: q.id, prompt: q.prompt, itemId: q.itemId, open: q.closedAt === null, answerCount: answers.length, answers } : null,
  };
}

/** What one viewer may see of the whole view. */
export function forViewer(view: LiveView, viewer: Viewer): LiveView {
  if (viewer === "facilitator") return view;
  return {
    ...view,
    viewer,
    current: view.current && { ...view.current, results: view.resultsVisible ? view.current.results : null },
    question: view.question && { ...view.question, answers: [] },
  };
}

export function view(db: DB, actor: Actor, meetingId: string): LiveView {
  return forViewer(fullView(db, actor, getMeeting(db, actor, meetingId)), viewerOf(actor));
}

function publishState(db: DB, actor: Pick<Actor, "consultation">, meetingId: string) {
  const meeting = db.select().from(meetings).where(eq(meetings.id, meetingId)).get();
  if (!meeting) return;
  publish<MeetingEvent<LiveView>>(meetingChannel(meetingId), { type: "state", view: fullView(db, actor, meeting) });
  if (meeting.status === "ended") {
    // Its streams end with this event; the buffer is no use after a while.
    setTimeout(() => forget(meetingChannel(meetingId)), 60_000).unref?.();
  }
}

/**
 * For the agenda editor (meeting-plan): after changing a live meeting's agenda, call this so the
 * control and presenter views show the new agenda at once.
 */
export function publishMeetingState(db: DB, actor: Pick<Actor, "consultation">, meetingId: string): void {
  publishState(db, actor, meetingId);
}

// ---------------------------------------------------------------------------------------------
// The stream

const stillMember = (db: DB, membershipId: string) =>
  !!prepared(db, "live.stillMember", (d) =>
    d
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.id, sql.placeholder("id")), isNull(memberships.withdrawnAt)))
      .prepare(),
  ).get({ id: membershipId });

/** How often an idle stream re-checks that its member still belongs to the consultation. */
const ACCESS_CHECK_MS = 15_000;

/**
 * The meeting's events for one subscriber, each `tracked` with its bus id so a reconnecting client
 * (lastEventId) gets what it missed, or a fresh state when that is no longer possible. Ends when
 * the meeting ends, when the member loses access, or when the client goes away.
 */
export function openStream(db: DB, actor: Actor, meetingId: string, lastEventId: string | undefined, signal: AbortSignal | undefined) {
  const meeting = getMeeting(db, actor, meetingId); // refusals happen here, before any event
  const viewer = viewerOf(actor);
  const channel = meetingChannel(meeting.id);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener("abort", onAbort);
  // Subscribe now (synchronously), so nothing published from here on is missed.
  const events = subscribe<MeetingEvent<LiveView>>(channel, lastEventId, stop.signal);
  const first = lastEventId === undefined ? { id: lastId(channel), view: fullView(db, actor, meeting) } : null;

  async function* run() {
    const timer = setInterval(() => {
      if (!stillMember(db, actor.membership.id)) stop.abort();
    }, ACCESS_CHECK_MS);
    timer.unref?.();
    const stateEvent = (view: LiveView) => ({ type: "state", view: forViewer(view, viewer) }) satisfies LiveEventOut;
    try {
      if (first) {
        yield tracked(first.id, stateEvent(first.view) as LiveEventOut);
        if (first.view.status === "ended") return;
      }
      for await (const d of events) {
        if (d.kind === "resync") {
          const fresh = db.select().from(meetings).where(eq(meetings.id, meeting.id)).get();
          if (!fresh || !stillMember(db, actor.membership.id)) return;
          const v = fullView(db, actor, fresh);
          yield tracked(d.id, stateEvent(v) as LiveEventOut);
          if (v.status === "ended") return;
          continue;
        }
        const e = d.data;
        if (e.type === "removed") return;
        if (e.type === "state") {
          if (!stillMember(db, actor.membership.id)) return;
          yield tracked(d.id, stateEvent(e.view) as LiveEventOut);
          if (e.view.status === "ended") return;
        } else if (e.type === "results") {
          // The panel gets only what the room saw when it happened (shown, and on screen), judged
          // by the event's own stamp: a replay after a reconnect must not use today's setting.
          if (viewer === "facilitator" || e.forRoom) {
            yield tracked(d.id, { type: "results", versionId: e.versionId, results: e.results } satisfies LiveEventOut);
          }
        } else {
          yield tracked(d.id, e as LiveEventOut);
        }
      }
    } finally {
      clearInterval(timer);
      signal?.removeEventListener("abort", onAbort);
      stop.abort();
    }
  }
  return run();
}

// ---------------------------------------------------------------------------------------------
// The facilitator's controls

function liveMeeting(tx: Tx, actor: Actor, meetingId: string): Meeting {
  const meeting = getMeeting(tx, actor, meetingId);
  if (meeting.status === "planned") badRequest("The meeting has not started yet: start it first.");
  if (meeting.status === "ended") badRequest("The meeting has ended; its record can no longer change from the control view.");
  return meeting;
}

/** Seconds spent on the current item so far in this visit (added to its total when leaving it). */
function visitSeconds(meeting: Meeting, now: Date): number {
  return meeting.itemStartedAt ? Math.max(0, Math.round((now.getTime() - meeting.itemStartedAt.getTime()) / 1000)) : 0;
}

function leaveCurrentItem(tx: Tx, meeting: Meeting, now: Date) {
  if (!meeting.currentItemId) return;
  tx.update(meetingItems)
    .set({ spentSeconds: sql`${meetingItems.spentSeconds} + ${visitSeconds(meeting, now)}` })
    .where(eq(meetingItems.id, meeting.currentItemId))
    .run();
}

function itemIds(tx: Tx, meetingId: string): string[] {
  return tx
    .select({ id: meetingItems.id })
    .from(meetingItems)
    .where(eq(meetingItems.meetingId, meetingId))
    .orderBy(asc(meetingItems.position))
    .all()
    .map((r) => r.id);
}

export function start(db: DB, actor: Actor, meetingId: string) {
  writeTransaction(db, (tx) => {
    const meeting = getMeeting(tx, actor, meetingId);
    if (meeting.status === "live") badRequest("The meeting is already live.");
    if (meeting.status === "ended") badRequest("This meeting has ended. Plan a new meeting to meet again.");
    const round = getRound(tx, actor, { id: meeting.roundId });
    requireOpen(round);
    const other = tx
      .select({ title: meetings.title })
      .from(meetings)
      .where(and(eq(meetings.roundId, meeting.roundId), eq(meetings.status, "live")))
      .get();
    if (other) conflict(`Another meeting of this round is live ("${other.title}"). End it before starting this one.`);
    const now = new Date();
    const [first] = itemIds(tx, meeting.id);
    tx.update(meetings)
      .set({ status: "live", startedAt: now, currentItemId: first ?? null, itemStartedAt: first ? now : null, updatedAt: now })
      .where(eq(meetings.id, meeting.id))
      .run();
    recordAudit(tx, actor, "meeting.start", meeting.id, { title: meeting.title, round: round.number });
  });
  publishState(db, actor, meetingId);
  return { ok: true as const };
}

export function end(db: DB, actor: Actor, meetingId: string) {
  writeTransaction(db, (tx) => {
    const meeting = liveMeeting(tx, actor, meetingId);
    const now = new Date();
    leaveCurrentItem(tx, meeting, now);
    tx.update(meetingQuestions)
      .set({ closedAt: now })
      .where(and(eq(meetingQuestions.meetingId, meeting.id), isNull(meetingQuestions.closedAt)))
      .run();
    tx.update(meetings)
      .set({ status: "ended", endedAt: now, itemStartedAt: null, updatedAt: now })
      .where(eq(meetings.id, meeting.id))
      .run();
    recordAudit(tx, actor, "meeting.end", meeting.id, { title: meeting.title });
  });
  publishState(db, actor, meetingId);
  return { ok: true as const };
}

/**
 * Moves the room to another agenda item: one step forward or back, or straight to an item.
 * Not in the audit log: moving along the agenda changes no data, and a meeting makes dozens of
 * moves (the time spent per item is kept on the items instead).
 */
export function move(db: DB, actor: Actor, meetingId: string, to: { itemId: string } | { step: 1 | -1 }) {
  writeTransaction(db, (tx) => {
    const meeting = liveMeeting(tx, actor, meetingId);
    const ids = itemIds(tx, meeting.id);
    if (ids.length === 0) badRequest("The agenda is empty: add items to it on the meeting's page.");
    let target: string;
    if ("itemId" in to) {
      if (!ids.includes(to.itemId)) notFound("This agenda item");
      target = to.itemId;
    } else {
      const at = meeting.currentItemId ? ids.indexOf(meeting.currentItemId) : -1;
      const next = at + to.step;
      if (next < 0) badRequest("This is the first item of the agenda.");
      if (next >= ids.length) badRequest("This is the last item of the agenda. End the meeting when you are done.");
      target = ids[next];
    }
    if (target === meeting.currentItemId) return;
    const now = new Date();
    leaveCurrentItem(tx, meeting, now);
    tx.update(meetings).set({ currentItemId: target, itemStartedAt: now, updatedAt: now }).where(eq(meetings.id, meeting.id)).run();
  });
  publishState(db, actor, meetingId);
  return { ok: true as const };
}

export function setResultsVisible(db: DB, actor: Actor, meetingId: string, visible: boolean) {
  writeTransaction(db, (tx) => {
    const meeting = liveMeeting(tx, actor, meetingId);
    if (meeting.resultsVisible === visible) return;
    tx.update(meetings).set({ resultsVisible: visible, updatedAt: new Date() }).where(eq(meetings.id, meeting.id)).run();
    recordAudit(tx, actor, visible ? "meeting.results_shown" : "meeting.results_hidden", meeting.id, { title: meeting.title });
  });
  publishState(db, actor, meetingId);
  return { ok: true as const };
}

export function openQuestion(db: DB, actor: Actor, meetingId: string, prompt: string) {
  const id = writeTransaction(db, (tx) => {
    const meeting = liveMeeting(tx, actor, meetingId);
    const now = new Date();
    // One question at a time: opening a new one closes the previous.
    tx.update(meetingQuestions)
      .set({ closedAt: now })
      .where(and(eq(meetingQuestions.meetingId, meeting.id), isNull(meetingQuestions.closedAt)))
      .run();
    const row = tx
      .insert(meetingQuestions)
      .values({ meetingId: meeting.id, itemId: meeting.currentItemId, prompt, openedAt: now })
      .returning({ id: meetingQuestions.id })
      .get();
    recordAudit(tx, actor, "meeting.question_open", row.id, { prompt });
    return row.id;
  });
  publishState(db, actor, meetingId);
  return { id };
}

export function closeQuestion(db: DB, actor: Actor, meetingId: string, questionId: string) {
  writeTransaction(db, (tx) => {
    const meeting = liveMeeting(tx, actor, meetingId);
    const q = questionOf(tx, meeting, questionId);
    if (q.closedAt) return;
    tx.update(meetingQuestions).set({ closedAt: new Date() }).where(eq(meetingQuestions.id, q.id)).run();
    recordAudit(tx, actor, "meeting.question_close", q.id, { prompt: q.prompt });
  });
  publishState(db, actor, meetingId);
  return { ok: true as const };
}

// ---------------------------------------------------------------------------------------------
// The panel

/** Records that a panel member joined from their device ("joined"); joining twice is harmless. */
export function join(db: DB, actor: Actor, meetingId: string) {
  const added = writeTransaction(db, (tx) => {
    const meeting = liveMeeting(tx, actor, meetingId);
    requireOpen(getRound(tx, actor, { id: meeting.roundId }));
    const r = tx
      .insert(meetingAttendance)
      .values({ meetingId: meeting.id, membershipId: actor.membership.id, source: "joined" })
      .onConflictDoNothing()
      .run();
    return r.changes > 0;
  });
  if (added) {
    const n = db.select({ n: count() }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId)).get()!.n;
    publish<MeetingEvent>(meetingChannel(meetingId), { type: "attendance", count: n });
  }
  return { joined: true as const };
}

/** Answers per person and question: enough for a few points each, not a flood. */
const MAX_ANSWERS_EACH = 10;

export function answer(db: DB, actor: Actor, meetingId: string, questionId: string, body: string) {
  const n = writeTransaction(db, (tx) => {
    const meeting = liveMeeting(tx, actor, meetingId);
    requireOpen(getRound(tx, actor, { id: meeting.roundId }));
    const q = questionOf(tx, meeting, questionId);
    if (q.closedAt) badRequest("The facilitator has closed this question, so it takes no more answers.");
    const mine = tx
      .select({ n: count() })
      .from(meetingAnswers)
      .where(and(eq(meetingAnswers.questionId, q.id), eq(meetingAnswers.membershipId, actor.membership.id)))
      .get()!.n;
    if (mine >= MAX_ANSWERS_EACH)
      badRequest(`You have sent ${MAX_ANSWERS_EACH} answers to this question, the most it takes from one person.`);
    // Answering counts as taking part, even without having opened the join link first.
    tx.insert(meetingAttendance)
      .values({ meetingId: meeting.id, membershipId: actor.membership.id, source: "joined" })
      .onConflictDoNothing()
      .run();
    tx.insert(meetingAnswers).values({ questionId: q.id, membershipId: actor.membership.id, body }).run();
    return tx.select({ n: count() }).from(meetingAnswers).where(eq(meetingAnswers.questionId, q.id)).get()!.n;
  });
  publish<MeetingEvent>(meetingChannel(meetingId), { type: "answers", questionId, count: n });
  return { answers: n };
}

/** Meetings live now in the consultation (for the "Meeting live now: join" banner). */
export function liveNow(db: DB, actor: Actor) {
  const rows = db
    .select({ meetingId: meetings.id, title: meetings.title, roundNumber: rounds.number, roundStatus: rounds.status })
    .from(meetings)
    .innerJoin(rounds, eq(rounds.id, meetings.roundId))
    .where(and(eq(meetings.consultationId, actor.consultation.id), eq(meetings.status, "live")))
    .orderBy(asc(rounds.number))
    .all();
  // The panel never hears of a draft round's meeting.
  return rows.filter((r) => actor.membership.role === "facilitator" || r.roundStatus !== "draft").map(({ roundStatus: _, ...r }) => r);
}

// ---------------------------------------------------------------------------------------------
// Short links

/** /m/<code>: where a signed-in member goes (facilitators to the control view). */
export function resolveCode(db: DB, userId: string, code: string) {
  const row = db
    .select({ meetingId: meetings.id, consultationId: meetings.consultationId, roundId: meetings.roundId, role: memberships.role })
    .from(meetings)
    .innerJoin(
      memberships,
      and(eq(memberships.consultationId, meetings.consultationId), eq(memberships.userId, userId), isNull(memberships.withdrawnAt)),
    )
    // As people type codes: case, spaces and dashes do not matter.
    .where(eq(meetings.shortCode, code.replace(/[\s-]/g, "").toUpperCase()))
    .get();
  if (!row) notFound("This meeting link");
  const c = db.select({ slug: consultations.slug }).from(consultations).where(eq(consultations.id, row.consultationId)).get()!;
  return { slug: c.slug, meetingId: row.meetingId, role: row.role };
}
