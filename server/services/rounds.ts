/** Rounds: the panel sees open and closed ones; facilitators publish (open) and close them. */
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { prepared } from "@/db/prepared";
import { mechanismVersions, ratings, rounds } from "@/db/schema";
import { LIMITS } from "../domain";
import { text } from "../validation";
import { badRequest, conflict, notFound, recordAudit, type Actor, type Tx } from "./actor";

export type Round = typeof rounds.$inferSelect;

export const roundNumber = z.number().int().min(1, "Unknown round").max(50, "Unknown round");

export function list(db: DB, actor: Actor) {
  // Drafts are the facilitators' workspace: the panel does not learn they exist.
  const rows = db
    .select()
    .from(rounds)
    .where(eq(rounds.consultationId, actor.consultation.id))
    .orderBy(asc(rounds.number))
    .all()
    .filter((r) => actor.membership.role === "facilitator" || r.status !== "draft");
  const counts = db
    .select({ roundId: mechanismVersions.roundId, n: count() })
    .from(mechanismVersions)
    .where(inArray(mechanismVersions.roundId, rows.map((r) => r.id)))
    .groupBy(mechanismVersions.roundId)
    .all();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
    mechanismCount: counts.find((c) => c.roundId === r.id)?.n ?? 0,
  }));
}

/** A round of the actor's consultation; drafts are invisible to the panel. */
export function getRound(db: DB | Tx, actor: Actor, by: { number: number } | { id: string }): Round {
  const round =
    "id" in by
      ? prepared(db, "round.byId", (d) =>
          d
            .select()
            .from(rounds)
            .where(and(eq(rounds.consultationId, sql.placeholder("consultationId")), eq(rounds.id, sql.placeholder("id"))))
            .prepare(),
        ).get({ consultationId: actor.consultation.id, id: by.id })
      : prepared(db, "round.byNumber", (d) =>
          d
            .select()
            .from(rounds)
            .where(and(eq(rounds.consultationId, sql.placeholder("consultationId")), eq(rounds.number, sql.placeholder("number"))))
            .prepare(),
        ).get({ consultationId: actor.consultation.id, number: by.number });
  if (!round) notFound("This round");
  if (round.status === "draft" && actor.membership.role !== "facilitator") {
    notFound("This round (it is not open to the panel yet)");
  }
  return round;
}

/** How many of a round's mechanisms one member has rated: the "4 of 10 rated" of every page. */
export function ratedInRound(db: DB | Tx, roundId: string, membershipId: string): number {
  return prepared(db, "ratings.ratedInRound", (d) =>
    d
      .select({ n: count() })
      .from(ratings)
      .innerJoin(mechanismVersions, eq(mechanismVersions.id, ratings.versionId))
      .where(and(eq(mechanismVersions.roundId, sql.placeholder("roundId")), eq(ratings.membershipId, sql.placeholder("membershipId"))))
      .prepare(),
  ).get({ roundId, membershipId })!.n;
}

export function requireOpen(round: Round): void {
  if (round.status === "draft") badRequest(`Round ${round.number} has not been published yet.`);
  if (round.status === "closed") {
    badRequest(`Round ${round.number} is closed, so responses can no longer be changed.`);
  }
}

export function requireDraft(round: Round, doing: string): void {
  if (round.status !== "draft") {
    badRequest(`Round ${round.number} is ${round.status}: ${doing} is only possible while it is a draft.`);
  }
}

export function detail(db: DB, actor: Actor, number: number) {
  const round = getRound(db, actor, { number });
  const total = db
    .select({ n: count() })
    .from(mechanismVersions)
    .where(eq(mechanismVersions.roundId, round.id))
    .get()!.n;
  const rated = actor.membership.role === "stakeholder" ? ratedInRound(db, round.id, actor.membership.id) : null;
  return {
    id: round.id,
    number: round.number,
    title: round.title,
    instructions: round.instructions,
    status: round.status,
    openedAt: round.openedAt,
    closedAt: round.closedAt,
    progress: rated === null ? null : { rated, total },
    mechanismCount: total,
  };
}

export const roundSettings = z.object({
  title: text(LIMITS.roundTitle),
  instructions: text(LIMITS.instructions),
});

export function updateSettings(db: DB, actor: Actor, number: number, input: z.infer<typeof roundSettings>) {
  return db.transaction(
    (tx) => {
      const round = getRound(tx, actor, { number });
      if (round.status === "closed") badRequest(`Round ${round.number} is closed and can no longer be changed.`);
      tx.update(rounds).set(input).where(eq(rounds.id, round.id)).run();
      if (round.status === "open") {
        recordAudit(tx, actor, "round.update", round.id, {
          before: { title: round.title, instructions: round.instructions },
          after: input,
        });
      }
    },
    { behavior: "immediate" },
  );
}

export function publish(db: DB, actor: Actor, number: number) {
  return db.transaction(
    (tx) => {
      const round = getRound(tx, actor, { number });
      if (round.status !== "draft") conflict(`Round ${round.number} is already ${round.status}.`);
      const others = tx.select().from(rounds).where(eq(rounds.consultationId, actor.consultation.id)).all();
      const open = others.find((r) => r.status === "open");
      if (open) conflict(`Close round ${open.number} before publishing round ${round.number}.`);
      const earlierDraft = others.find((r) => r.number < round.number && r.status === "draft");
      if (earlierDraft) conflict(`Round ${earlierDraft.number} has to run before round ${round.number}.`);
      const n = tx
        .select({ n: count() })
        .from(mechanismVersions)
        .where(eq(mechanismVersions.roundId, round.id))
        .get()!.n;
      if (n === 0) badRequest("Add at least one mechanism before publishing the round.");
      tx.update(rounds).set({ status: "open", openedAt: new Date() }).where(eq(rounds.id, round.id)).run();
      recordAudit(tx, actor, "round.publish", round.id, { number: round.number, mechanisms: n });
    },
    { behavior: "immediate" },
  );
}

export function close(db: DB, actor: Actor, number: number) {
  return db.transaction(
    (tx) => {
      const round = getRound(tx, actor, { number });
      if (round.status !== "open") conflict(`Only an open round can be closed; round ${round.number} is ${round.status}.`);
      tx.update(rounds).set({ status: "closed", closedAt: new Date() }).where(eq(rounds.id, round.id)).run();
      recordAudit(tx, actor, "round.close", round.id, { number: round.number });
    },
    { behavior: "immediate" },
  );
}
