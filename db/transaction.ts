/**
 * The one way to write several rows at once: a transaction that takes the write lock at its first
 * statement (SQLite's BEGIN IMMEDIATE), so a read-then-write inside it cannot be overtaken by another
 * writer. Every service goes through here, so how writers are isolated is decided in one place
 * (and changes in one place when another engine joins).
 */
import type { DB } from "./index";

/** A transaction handle: the same query API as the database. */
export type Tx = Parameters<Parameters<DB["transaction"]>[0]>[0];

/** Runs `fn` in one write transaction: all of it is saved, or (when it throws) none of it. */
export function writeTransaction<T>(db: DB | Tx, fn: (tx: Tx) => T): T {
  return db.transaction(fn, { behavior: "immediate" });
}
