/** Relevance ratings: one per stakeholder and mechanism version, changeable while the round is open. */
import { and, count, eq, inArray } from "drizzle-orm";
import type { DB } from "@/db";
import { memberships, ratings } from "@/db/schema";
import { UNSURE, type PerspectiveValue } from "../domain";
import { badRequest, type Actor } from "./actor";
import { batchedWrite } from "./write-batch";
import { getVersion } from "./mechanisms";
import { ratedInRound, requireOpen } from "./rounds";

export function set(db: DB, actor: Actor, versionId: string, value: number) {
  return batchedWrite(db, (tx) => {
    const { version, round } = getVersion(tx, actor, versionId);
    requireOpen(round);
    const max = actor.consultation.scaleMax;
    if (!Number.isInteger(value) || (value !== UNSURE && (value < 1 || value > max))) {
      badRequest(`Choose a rating from 1 to ${max}, or "unsure".`);
    }
    const now = new Date();
    tx.insert(ratings)
      .values({ versionId: version.id, membershipId: actor.membership.id, value, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [ratings.versionId, ratings.membershipId],
        set: { value, updatedAt: now },
      })
      .run();
    return { value, rated: ratedInRound(tx, round.id, actor.membership.id) };
  });
}

export function clear(db: DB, actor: Actor, versionId: string) {
  return batchedWrite(db, (tx) => {
    const { version, round } = getVersion(tx, actor, versionId);
    requireOpen(round);
    tx.delete(ratings)
      .where(and(eq(ratings.versionId, version.id), eq(ratings.membershipId, actor.membership.id)))
      .run();
  });
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
