/** Relevance ratings: one per stakeholder and mechanism version, changeable while the round is open. */
import { and, eq } from "drizzle-orm";
import type { DB } from "@/db";
import { ratings } from "@/db/schema";
import { UNSURE } from "../domain";
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
