/**
 * Rounds close themselves at their closing time. Between ticks nothing can slip in (an open round
 * past its closing time already counts as closed: round-state.ts asOfNow); the tick writes the closing
 * down, with an audit entry, so lists, exports and the database itself agree.
 */
import { and, eq, isNotNull, lte } from "drizzle-orm";
import { getDb, type DB } from "@/db";
import { rounds } from "@/db/schema";
import { closeIfDue } from "./rounds";
import { writeTransaction } from "@/db/transaction";

export const TICK_MS = 15_000;

/** Closes every open round whose closing time has passed, each in its own transaction. */
export function closeDueRounds(db: DB, now: Date = new Date()): number {
  const due = db
    .select({ id: rounds.id })
    .from(rounds)
    .where(and(eq(rounds.status, "open"), isNotNull(rounds.closesAt), lte(rounds.closesAt, now)))
    .all();
  let closed = 0;
  for (const { id } of due) {
    // Read again inside the transaction: a facilitator may have closed it or moved its time since.
    const done = writeTransaction(db, (tx) => {
      const round = tx.select().from(rounds).where(eq(rounds.id, id)).get();
      return round ? closeIfDue(tx, round, now.getTime()) : false;
    });
    if (done) closed++;
  }
  return closed;
}

const globalForSchedule = globalThis as unknown as { roundtableSchedule?: NodeJS.Timeout };

function tick() {
  try {
    const n = closeDueRounds(getDb());
    if (n > 0) console.log(`[schedule] closed ${n === 1 ? "1 round at its" : `${n} rounds at their`} closing time`);
  } catch (error) {
    // Try again at the next tick; a failure here must not take the server down.
    console.error("[schedule] closing due rounds failed", error);
  }
}

/** Once at start-up, then every TICK_MS; unref'd so it never keeps the process alive. */
export function startRoundSchedule(): void {
  if (globalForSchedule.roundtableSchedule) return;
  tick();
  globalForSchedule.roundtableSchedule = setInterval(tick, TICK_MS);
  globalForSchedule.roundtableSchedule.unref();
}
