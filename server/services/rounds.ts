/**
 * Rounds: the panel sees open and closed ones; facilitators set them up, publish (open) and close
 * them. An open round whose closing time has passed counts as closed at once (`asOfNow`), before
 * round-schedule.ts writes the closing down, so no response slips in between its ticks.
 */
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { mechanismVersions, rounds } from "@/db/schema";
import { FEEDBACK_VISIBILITY_VALUES, LIMITS, MEETING_MODE_VALUES } from "@/shared/domain";
import { formatUkMoment } from "../uk-time";
import { text } from "../validation";
import { badRequest, conflict, recordAudit, recordSystemAudit, type Actor, type Tx } from "./actor";
import { publishBlockers } from "./decisions";
import { asOfNow, getRound, ratedInRound, type Round } from "./round-state";
import { writeTransaction } from "@/db/transaction";

/**
 * Writes down the closing of an open round whose closing time has passed, with an audit entry by
 * Roundtable itself. False when there is nothing to do (not open, or not due yet).
 */
export function closeIfDue(tx: Tx, round: Round, now: number = Date.now()): boolean {
  if (round.status !== "open" || !round.closesAt || round.closesAt.getTime() > now) return false;
  const changed = tx
    .update(rounds)
    .set({ status: "closed", closedAt: round.closesAt })
    .where(and(eq(rounds.id, round.id), eq(rounds.status, "open")))
    .run().changes;
  if (changed === 0) return false;
  recordSystemAudit(tx, round.consultationId, "round.close_automatic", round.id, {
    number: round.number,
    closesAt: round.closesAt.toISOString(),
  });
  return true;
}

export function list(db: DB, actor: Actor) {
  // Drafts are the facilitators' workspace: the panel does not learn they exist.
  const now = Date.now();
  const rows = db
    .select()
    .from(rounds)
    .where(eq(rounds.consultationId, actor.consultation.id))
    .orderBy(asc(rounds.number))
    .all()
    .filter((r) => actor.membership.role === "facilitator" || r.status !== "draft")
    .map((r) => asOfNow(r, now));
  const counts = db
    .select({ roundId: mechanismVersions.roundId, n: count() })
    .from(mechanismVersions)
    .where(
      inArray(
        mechanismVersions.roundId,
        rows.map((r) => r.id),
      ),
    )
    .groupBy(mechanismVersions.roundId)
    .all();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
    closesAt: r.closesAt,
    meetingMode: r.meetingMode,
    mechanismCount: counts.find((c) => c.roundId === r.id)?.n ?? 0,
  }));
}

export function detail(db: DB, actor: Actor, number: number) {
  const round = getRound(db, actor, { number });
  const total = db.select({ n: count() }).from(mechanismVersions).where(eq(mechanismVersions.roundId, round.id)).get()!.n;
  const rated = actor.membership.role === "stakeholder" ? ratedInRound(db, round.id, actor.membership.id) : null;
  return {
    id: round.id,
    number: round.number,
    title: round.title,
    instructions: round.instructions,
    status: round.status,
    openedAt: round.openedAt,
    closedAt: round.closedAt,
    opensAt: round.opensAt,
    closesAt: round.closesAt,
    meetingMode: round.meetingMode,
    feedbackVisibility: round.feedbackVisibility,
    /** Whether the panel sees the evidence base in this round (server/services/evidence.ts). */
    evidenceVisible: round.evidenceVisible,
    progress: rated === null ? null : { rated, total },
    mechanismCount: total,
  };
}

// Far enough either way for any real study; keeps odd dates (year 0, year 275760) out.
const EARLIEST = new Date("2000-01-01T00:00:00Z");
const LATEST = new Date("2100-01-01T00:00:00Z");
const moment = z
  .date({ error: "Give a valid date and time" })
  .min(EARLIEST, "Give a date in this century")
  .max(LATEST, "Give a date in this century");

export const roundSettings = z.object({
  title: text(LIMITS.roundTitle),
  instructions: text(LIMITS.instructions),
  // The rest may be left out (unchanged); dates may be null (cleared).
  meetingMode: z.enum(MEETING_MODE_VALUES, { error: "Choose how the round's meeting runs" }).optional(),
  feedbackVisibility: z.enum(FEEDBACK_VISIBILITY_VALUES, { error: "Choose which earlier results the panel sees" }).optional(),
  opensAt: moment.nullable().optional(),
  closesAt: moment.nullable().optional(),
});

const sameMoment = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

type Settings = Pick<Round, "title" | "instructions" | "meetingMode" | "feedbackVisibility" | "opensAt" | "closesAt">;

/** The settings as the audit log keeps them: dates as ISO strings. */
function settingsRecord(r: Settings): Record<string, string | null> {
  return {
    title: r.title,
    instructions: r.instructions,
    meetingMode: r.meetingMode,
    feedbackVisibility: r.feedbackVisibility,
    opensAt: r.opensAt?.toISOString() ?? null,
    closesAt: r.closesAt?.toISOString() ?? null,
  };
}

export function updateSettings(db: DB, actor: Actor, number: number, input: z.infer<typeof roundSettings>) {
  return writeTransaction(db, (tx) => {
    const now = Date.now();
    const round = getRound(tx, actor, { number });
    if (round.status === "closed") badRequest(`Round ${round.number} is closed and can no longer be changed.`);
    const next: Settings = {
      title: input.title,
      instructions: input.instructions,
      meetingMode: input.meetingMode ?? round.meetingMode,
      feedbackVisibility: input.feedbackVisibility ?? round.feedbackVisibility,
      opensAt: input.opensAt === undefined ? round.opensAt : input.opensAt,
      closesAt: input.closesAt === undefined ? round.closesAt : input.closesAt,
    };
    const when = (d: Date) => `${formatUkMoment(d, { now })} (UK time)`;
    if (round.status === "open" && !sameMoment(next.opensAt, round.opensAt)) {
      badRequest(`Round ${round.number} is already open, so its opening time can no longer change.`);
    }
    if (next.closesAt && next.closesAt.getTime() <= now) {
      badRequest(`The closing time, ${when(next.closesAt)}, has already passed: choose a later one, or clear it.`);
    }
    if (next.opensAt && next.closesAt && next.closesAt.getTime() <= next.opensAt.getTime()) {
      badRequest(`The round has to close after it opens: it opens at ${when(next.opensAt)} but closes at ${when(next.closesAt)}.`);
    }
    const before = settingsRecord(round);
    const after = settingsRecord(next);
    const changed = Object.keys(after).filter((k) => before[k] !== after[k]);
    if (changed.length === 0) return { changed: false };
    tx.update(rounds).set(next).where(eq(rounds.id, round.id)).run();
    if (round.status === "open") {
      // Only what changed, so the log says what the panel saw change.
      recordAudit(tx, actor, "round.update", round.id, {
        number: round.number,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      });
    }
    return { changed: true };
  });
}

/**
 * Opens a draft round to the panel, in one transaction: it has to be next in line, have
 * mechanisms, no unfinished decisions (publishBlockers) and no closing time already past.
 * Emailing the panel comes after the commit (round-mail.ts), so a mail failure never undoes it.
 */
export function publish(db: DB, actor: Actor, number: number): Round {
  return writeTransaction(db, (tx) => {
    const now = Date.now();
    const round = getRound(tx, actor, { number });
    if (round.status !== "draft") conflict(`Round ${round.number} is already ${round.status}.`);
    const others = tx.select().from(rounds).where(eq(rounds.consultationId, actor.consultation.id)).all();
    // A round past its closing time is closed: write that down now rather than refuse.
    for (const other of others) closeIfDue(tx, other, now);
    const open = others.map((r) => asOfNow(r, now)).find((r) => r.status === "open");
    if (open) conflict(`Close round ${open.number} before publishing round ${round.number}.`);
    const earlierDraft = others.find((r) => r.number < round.number && r.status === "draft");
    if (earlierDraft) conflict(`Round ${earlierDraft.number} has to run before round ${round.number}.`);
    const n = tx.select({ n: count() }).from(mechanismVersions).where(eq(mechanismVersions.roundId, round.id)).get()!.n;
    if (n === 0) badRequest("Add at least one mechanism before publishing the round.");
    if (round.closesAt && round.closesAt.getTime() <= now) {
      badRequest(
        `Round ${round.number}'s closing time, ${formatUkMoment(round.closesAt, { now })} (UK time), has already passed: change or clear it in the round's settings before publishing.`,
      );
    }
    const blockers = publishBlockers(tx, round.id);
    if (blockers.length > 0) conflict(`Round ${round.number} cannot be published yet. ${blockers.join(" ")}`);
    const openedAt = new Date(now);
    tx.update(rounds).set({ status: "open", openedAt }).where(eq(rounds.id, round.id)).run();
    recordAudit(tx, actor, "round.publish", round.id, { number: round.number, mechanisms: n });
    return { ...round, status: "open" as const, openedAt };
  });
}

export function close(db: DB, actor: Actor, number: number) {
  return writeTransaction(db, (tx) => {
    const round = getRound(tx, actor, { number });
    if (round.status !== "open") conflict(`Only an open round can be closed; round ${round.number} is ${round.status}.`);
    tx.update(rounds).set({ status: "closed", closedAt: new Date() }).where(eq(rounds.id, round.id)).run();
    recordAudit(tx, actor, "round.close", round.id, { number: round.number });
  });
}
