/** Relevance ratings: one per stakeholder and mechanism version, changeable while the round is open. */
import { and, count, eq, inArray } from "drizzle-orm";
import type { DB } from "@/db";
import { memberships, ratings } from "@/db/schema";
import { UNSURE, type PerspectiveValue } from "@/shared/domain";
import { badRequest, type Actor } from "./actor";
import { notifyRating, requireAttending } from "../live/meeting-events";
import { batchedWrite } from "./write-batch";
import { getVersion } from "./round-state";
import { ratedInRound, requireOpen } from "./round-state";

/**
 * `meetingId`: given in that live meeting (the member attends it); the rating is the same one as
 * online, marked with where its current value was given (an online change clears the mark).
 */
export function set(db: DB, actor: Actor, versionId: string, value: number, meetingId: string | null = null) {
  let roundId = "";
  return batchedWrite(db, (tx) => {
    const { version, round } = getVersion(tx, actor, versionId);
    requireOpen(round);
    const max = actor.consultation.scaleMax;
    if (!Number.isInteger(value) || (value !== UNSURE && (value < 1 || value > max))) {
      badRequest(`Choose a rating from 1 to ${max}, or "unsure".`);
    }
    if (meetingId) requireAttending(tx, actor, meetingId, round.id);
    roundId = round.id;
    const now = new Date();
    tx.insert(ratings)
      .values({ versionId: version.id, membershipId: actor.membership.id, value, meetingId, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [ratings.versionId, ratings.membershipId],
        set: { value, meetingId, updatedAt: now },
      })
      .run();
    return { value, rated: ratedInRound(tx, round.id, actor.membership.id) };
  }).then((result) => {
    // Only once the group commit has acknowledged the write: live meetings see committed ratings.
    notifyRating(db, roundId, versionId, actor.consultation.scaleMax);
    return result;
  });
}

export function clear(db: DB, actor: Actor, versionId: string) {
  let roundId = "";
  return batchedWrite(db, (tx) => {
    const { version, round } = getVersion(tx, actor, versionId);
    requireOpen(round);
    roundId = round.id;
    tx.delete(ratings)
      .where(and(eq(ratings.versionId, version.id), eq(ratings.membershipId, actor.membership.id)))
      .run();
  }).then(() => notifyRating(db, roundId, versionId, actor.consultation.scaleMax));
}

export type CountRow = { value: number; perspective: PerspectiveValue | null; n: number };

/**
 * Rating counts per version and value for any number of versions, in one grouped query; split by
 * the raters' perspective only when someone will see a perspective's results (the join to the
 * raters costs a look-up per rating).
 */
export function ratingCounts(db: DB, versionIds: string[], byPerspective: boolean): Map<string, CountRow[]> {
  const out = new Map<string, CountRow[]>();
  if (versionIds.length === 0) return out;
  const rows = byPerspective
    ? db
        .select({ versionId: ratings.versionId, value: ratings.value, perspective: memberships.perspective, n: count() })
        .from(ratings)
        .innerJoin(memberships, eq(memberships.id, ratings.membershipId))
        .where(inArray(ratings.versionId, versionIds))
        .groupBy(ratings.versionId, ratings.value, memberships.perspective)
        .all()
    : db
        .select({ versionId: ratings.versionId, value: ratings.value, n: count() })
        .from(ratings)
        .where(inArray(ratings.versionId, versionIds))
        .groupBy(ratings.versionId, ratings.value)
        .all()
        .map((r) => ({ ...r, perspective: null }));
  for (const r of rows) {
    const list = out.get(r.versionId) ?? [];
    list.push({ value: r.value, perspective: r.perspective, n: r.n });
    out.set(r.versionId, list);
  }
  return out;
}
