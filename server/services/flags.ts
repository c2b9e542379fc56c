/** Missing-mechanism flags: a stakeholder proposes, others endorse and discuss, facilitators see all. */
import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { comments, flagEndorsements, flags, memberships } from "@/db/schema";
import { describeAuthor, LIMITS } from "@/shared/domain";
import { text } from "../validation";
import { badRequest, conflict, notFound, type Actor, type Tx } from "./actor";
import { getRound, requireOpen } from "./round-state";
import { writeTransaction } from "@/db/transaction";

export const flagFields = z.object({
  name: text(LIMITS.flagName),
  covers: text(LIMITS.flagText),
  whyItMatters: text(LIMITS.flagText),
});

const authorColumns = {
  id: memberships.id,
  role: memberships.role,
  displayName: memberships.displayName,
  perspective: memberships.perspective,
  pseudonymNumber: memberships.pseudonymNumber,
};

export function list(db: DB, actor: Actor, roundNumber: number) {
  const round = getRound(db, actor, { number: roundNumber });
  const rows = db
    .select({ flag: flags, author: authorColumns })
    .from(flags)
    .innerJoin(memberships, eq(memberships.id, flags.membershipId))
    .where(eq(flags.roundId, round.id))
    .orderBy(asc(flags.createdAt))
    .all();
  const ids = rows.map((r) => r.flag.id);
  const endorsements = ids.length
    ? db
        .select({ flagId: flagEndorsements.flagId, author: authorColumns })
        .from(flagEndorsements)
        .innerJoin(memberships, eq(memberships.id, flagEndorsements.membershipId))
        .where(inArray(flagEndorsements.flagId, ids))
        .orderBy(asc(flagEndorsements.createdAt))
        .all()
    : [];
  const commentCounts = ids.length
    ? db
        .select({ flagId: comments.flagId, n: count() })
        .from(comments)
        .where(and(inArray(comments.flagId, ids), isNull(comments.deletedAt), isNull(comments.hiddenAt)))
        .groupBy(comments.flagId)
        .all()
    : [];
  const isFacilitator = actor.membership.role === "facilitator";
  const anonymity = actor.consultation.anonymity;
  return {
    round: { id: round.id, number: round.number, status: round.status },
    flags: rows.map(({ flag, author }) => {
      const mine = endorsements.filter((e) => e.flagId === flag.id);
      return {
        id: flag.id,
        name: flag.name,
        covers: flag.covers,
        whyItMatters: flag.whyItMatters,
        createdAt: flag.createdAt,
        author: describeAuthor(author, actor.membership, anonymity),
        mine: flag.membershipId === actor.membership.id,
        endorsementCount: mine.length,
        endorsedByMe: mine.some((e) => e.author.id === actor.membership.id),
        // Who endorsed is for facilitators; the panel sees the count.
        endorsers: isFacilitator ? mine.map((e) => describeAuthor(e.author, actor.membership, anonymity).label) : null,
        commentCount: commentCounts.find((c) => c.flagId === flag.id)?.n ?? 0,
      };
    }),
  };
}

export function create(db: DB, actor: Actor, roundNumber: number, input: z.infer<typeof flagFields>) {
  return writeTransaction(db, (tx) => {
    const round = getRound(tx, actor, { number: roundNumber });
    requireOpen(round);
    const row = tx
      .insert(flags)
      .values({ roundId: round.id, membershipId: actor.membership.id, ...input })
      .returning({ id: flags.id })
      .get();
    return row;
  });
}

function openFlag(tx: Tx, actor: Actor, flagId: string) {
  const flag = tx.select().from(flags).where(eq(flags.id, flagId)).get();
  if (!flag) notFound("This flag");
  const round = getRound(tx, actor, { id: flag.roundId });
  requireOpen(round);
  return flag;
}

export function endorse(db: DB, actor: Actor, flagId: string) {
  return writeTransaction(db, (tx) => {
    const flag = openFlag(tx, actor, flagId);
    if (flag.membershipId === actor.membership.id) badRequest("You raised this flag, so it already counts as yours.");
    const done = tx.insert(flagEndorsements).values({ flagId: flag.id, membershipId: actor.membership.id }).onConflictDoNothing().run();
    if (done.changes === 0) conflict("You have already endorsed this flag.");
  });
}

export function withdrawEndorsement(db: DB, actor: Actor, flagId: string) {
  return writeTransaction(db, (tx) => {
    const flag = openFlag(tx, actor, flagId);
    tx.delete(flagEndorsements)
      .where(and(eq(flagEndorsements.flagId, flag.id), eq(flagEndorsements.membershipId, actor.membership.id)))
      .run();
  });
}
