/**
 * What the rating and comment write paths need from live meetings, kept free of the services'
 * imports (no cycles): checking that someone rating "in the meeting" really attends it, and
 * telling the meeting's streams after a write has been committed.
 */
import { and, count, eq, gte, isNull, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { prepared } from "@/db/prepared";
import { comments, meetingAttendance, meetingItems, meetings, ratings } from "@/db/schema";
import { UNSURE } from "@/shared/domain";
import { badRequest, notFound, type Actor, type Tx } from "../services/actor";
import { forget, publish } from "./bus";

export const meetingChannel = (meetingId: string) => `meeting:${meetingId}`;

/** A version's ratings as the room sees them: count per scale point, how many, how many unsure. */
export type Results = { distribution: number[]; n: number; unsure: number };

/**
 * Events on a meeting's channel. `state` carries the whole (unfiltered) view; see meeting-live.ts.
 * A `results` event says whether the room could see it when it was published (results shown and
 * its mechanism on screen): a reconnecting member replays old events, and must get only those the
 * room saw then, whatever the meeting shows now. `removed`: the (planned) meeting was deleted.
 */
export type MeetingEvent<View = unknown> =
  | { type: "state"; view: View }
  | { type: "results"; versionId: string; results: Results; forRoom: boolean }
  | { type: "comments"; versionId: string; count: number }
  | { type: "attendance"; count: number }
  | { type: "answers"; questionId: string; count: number }
  | { type: "removed" };

export function resultsFor(db: DB | Tx, versionId: string, scaleMax: number): Results {
  const rows = prepared(db, "live.results", (d) =>
    d
      .select({ value: ratings.value, n: count() })
      .from(ratings)
      .where(eq(ratings.versionId, sql.placeholder("versionId")))
      .groupBy(ratings.value)
      .prepare(),
  ).all({ versionId });
  const distribution = Array.from({ length: scaleMax }, () => 0);
  let unsure = 0;
  for (const r of rows) {
    if (r.value === UNSURE) unsure += r.n;
    else if (r.value >= 1 && r.value <= scaleMax) distribution[r.value - 1] += r.n;
  }
  return { distribution, n: distribution.reduce((a, b) => a + b, 0), unsure };
}

/** Comments on a version since the meeting started (in the meeting or online), not deleted. */
export function newCommentCount(db: DB | Tx, versionId: string, since: Date): number {
  return prepared(db, "live.newComments", (d) =>
    d
      .select({ n: count() })
      .from(comments)
      .where(
        and(
          eq(comments.versionId, sql.placeholder("versionId")),
          gte(comments.createdAt, sql.placeholder("since")),
          isNull(comments.deletedAt),
        ),
      )
      .prepare(),
  ).get({ versionId, since: since.getTime() })!.n;
}

function liveMeetingsOfRound(db: DB, roundId: string) {
  return prepared(db, "live.meetingsOfRound", (d) =>
    d
      .select({
        id: meetings.id,
        startedAt: meetings.startedAt,
        resultsVisible: meetings.resultsVisible,
        currentVersionId: meetingItems.versionId,
      })
      .from(meetings)
      .leftJoin(meetingItems, eq(meetingItems.id, meetings.currentItemId))
      .where(and(eq(meetings.roundId, sql.placeholder("roundId")), eq(meetings.status, "live")))
      .prepare(),
  ).all({ roundId });
}

/**
 * Refuses a rating or comment "given in the meeting" unless the member attends that meeting, it
 * is live and it is about this round. Runs inside the write's transaction.
 */
export function requireAttending(tx: DB | Tx, actor: Actor, meetingId: string, roundId: string): void {
  const meeting = tx
    .select({ roundId: meetings.roundId, status: meetings.status })
    .from(meetings)
    .where(and(eq(meetings.id, meetingId), eq(meetings.consultationId, actor.consultation.id)))
    .get();
  if (!meeting) notFound("This meeting");
  if (meeting.roundId !== roundId) badRequest("This mechanism is not on this meeting's round, so it cannot be answered in the meeting.");
  if (meeting.status === "planned")
    badRequest("The meeting has not started yet. You can rate and comment on the mechanism's own page meanwhile.");
  if (meeting.status === "ended") {
    badRequest(
      "The meeting has ended, so nothing more can be given in it. You can still respond on the mechanism's own page while the round is open.",
    );
  }
  const attending = tx
    .select({ m: meetingAttendance.membershipId })
    .from(meetingAttendance)
    .where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.membershipId, actor.membership.id)))
    .get();
  if (!attending) badRequest("Join the meeting first (open its link), then rate or comment in it.");
}

/**
 * After a rating was committed (online or in a meeting): the new distribution goes to every live
 * meeting of the round. Never throws: the rating is saved whatever happens to the live view.
 */
export function notifyRating(db: DB, roundId: string, versionId: string, scaleMax: number): void {
  try {
    const live = liveMeetingsOfRound(db, roundId);
    if (live.length === 0) return;
    const results = resultsFor(db, versionId, scaleMax);
    for (const m of live) {
      const forRoom = m.resultsVisible && m.currentVersionId === versionId;
      publish<MeetingEvent>(meetingChannel(m.id), { type: "results", versionId, results, forRoom });
    }
  } catch (error) {
    console.error("[live] could not publish a rating", error);
  }
}

/** After a comment on a mechanism was committed: its count of new comments, to live meetings. */
export function notifyComment(db: DB, roundId: string, versionId: string): void {
  try {
    for (const m of liveMeetingsOfRound(db, roundId)) {
      const n = newCommentCount(db, versionId, m.startedAt ?? new Date(0));
      publish<MeetingEvent>(meetingChannel(m.id), { type: "comments", versionId, count: n });
    }
  } catch (error) {
    console.error("[live] could not publish a comment count", error);
  }
}

/** After a planned meeting was deleted: its open streams (control view, early joiners) end now. */
export function notifyRemoved(meetingId: string): void {
  const channel = meetingChannel(meetingId);
  publish<MeetingEvent>(channel, { type: "removed" });
  setTimeout(() => forget(channel), 60_000).unref?.();
}
