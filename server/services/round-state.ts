/**
 * Where a round stands and the guards every response and edit passes: a round or mechanism version
 * of the actor's consultation as it stands now, "open for responses", "still a draft". The services
 * that write (ratings, comments, mechanisms, decisions, rounds) all import these; keeping them here
 * rather than in rounds.ts keeps those services from importing each other in a circle.
 */
import { and, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { prepared } from "@/db/prepared";
import { mechanismVersions, mechanisms, ratings, rounds } from "@/db/schema";
import { formatUkMoment } from "../uk-time";
import { badRequest, notFound, type Actor, type Tx } from "./actor";

export type Round = typeof rounds.$inferSelect;

export const roundNumber = z.number().int().min(1, "Unknown round").max(50, "Unknown round");

/**
 * The round as it stands at `now`: an open round past its closing time is closed, at its closing
 * time, even if the schedule has not written that down yet.
 */
export function asOfNow<R extends Pick<Round, "status" | "closesAt" | "closedAt">>(round: R, now: number = Date.now()): R {
  if (round.status === "open" && round.closesAt && round.closesAt.getTime() <= now) {
    return { ...round, status: "closed", closedAt: round.closesAt };
  }
  return round;
}

/** A round of the actor's consultation, as it stands now; drafts are invisible to the panel. */
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
  return asOfNow(round);
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

/** Refuses a response (rating, comment, flag) unless the round is open at this moment. */
export function requireOpen(round: Round, now: number = Date.now()): void {
  const r = asOfNow(round, now);
  if (r.status === "draft") badRequest(`Round ${r.number} has not been published yet.`);
  if (r.status === "closed") {
    badRequest(
      r.closedAt
        ? `Round ${r.number} closed at ${formatUkMoment(r.closedAt, { weekday: false, now })}; responses can no longer be changed.`
        : `Round ${r.number} is closed, so responses can no longer be changed.`,
    );
  }
}

export function requireDraft(round: Round, doing: string): void {
  if (round.status !== "draft") {
    badRequest(`Round ${round.number} is ${round.status}: ${doing} is only possible while it is a draft.`);
  }
}

/** The version of a mechanism in a given round, checked to belong to the actor's consultation. */
export function getVersion(db: DB | Tx, actor: Actor, versionId: string) {
  const row = prepared(db, "version.byId", (d) =>
    d
      .select({ version: mechanismVersions, consultationId: mechanisms.consultationId })
      .from(mechanismVersions)
      .innerJoin(mechanisms, eq(mechanisms.id, mechanismVersions.mechanismId))
      .where(eq(mechanismVersions.id, sql.placeholder("versionId")))
      .prepare(),
  ).get({ versionId });
  if (!row || row.consultationId !== actor.consultation.id) notFound("This mechanism");
  const round = getRound(db, actor, { id: row.version.roundId });
  return { version: row.version, round };
}
