/**
 * Group commit for hot write paths (ratings). With synchronous=FULL every commit waits for the
 * disk (about 3 ms here), which caps separate transactions at a few hundred per second. Writes that
 * arrive in the same turn of the event loop are committed together in one BEGIN IMMEDIATE
 * transaction, each inside its own savepoint: one write's error rolls back only that write, and
 * nobody is told "saved" before the shared commit has reached the disk.
 */
import type { DB } from "@/db";
import type { Tx } from "./actor";
import { writeTransaction } from "@/db/transaction";

type Job = { run: (tx: Tx) => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };

const queues = new WeakMap<DB, Job[]>();

export function batchedWrite<T>(db: DB, run: (tx: Tx) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let queue = queues.get(db);
    if (!queue) {
      queue = [];
      queues.set(db, queue);
      setImmediate(() => flush(db));
    }
    queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
  });
}

function flush(db: DB) {
  const jobs = queues.get(db) ?? [];
  queues.delete(db);
  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
  try {
    writeTransaction(db, (tx) => {
      for (const job of jobs) {
        try {
          outcomes.push({ ok: true, value: tx.transaction((savepoint) => job.run(savepoint)) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
  } catch (error) {
    // The shared commit failed: nothing was saved, and every caller hears so.
    for (const job of jobs) job.reject(error);
    return;
  }
  jobs.forEach((job, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) job.resolve(outcome.value);
    else job.reject(outcome.error);
  });
}
