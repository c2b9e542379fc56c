/**
 * Waiting for SQLite's write lock without blocking the event loop. better-sqlite3 is synchronous:
 * with a long busy_timeout, a lock held by another process (the CLI, a restore, a stuck tool) would
 * freeze every request, reads included. The server's connection keeps busy_timeout short, and a
 * write first waits here, asynchronously, until the lock can be had, or gives up with
 * DatabaseBusyError, which the tRPC boundary answers with 503 "busy, try again".
 */
import type Database from "better-sqlite3";

/** The server connection's busy_timeout: the longest a statement may block the event loop. */
export const SERVER_BUSY_TIMEOUT_MS = 100;
/** How long a write waits for another process to let go of the lock before it is refused. */
export function writeLockWaitMs(): number {
  return Number(process.env.WRITE_LOCK_WAIT_MS ?? 5_000);
}

export class DatabaseBusyError extends Error {
  constructor() {
    super("The database is busy: another process holds its write lock.");
    this.name = "DatabaseBusyError";
  }
}

/** Whether an error (or any error in its cause chain) means "the database is locked". */
export function isDatabaseBusy(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof DatabaseBusyError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** One attempt at the write lock that never waits: true when it could be had just now. */
function writeLockFree(client: Database.Database): boolean {
  const timeout = client.pragma("busy_timeout", { simple: true }) as number;
  client.pragma("busy_timeout = 0");
  try {
    client.exec("BEGIN IMMEDIATE");
    client.exec("ROLLBACK");
    return true;
  } catch (error) {
    if (isDatabaseBusy(error)) return false;
    throw error;
  } finally {
    client.pragma(`busy_timeout = ${timeout}`);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once the write lock is free (checked without blocking), polling with a growing pause;
 * rejects with DatabaseBusyError after `waitMs`. Inside a transaction of this connection there is
 * nothing to wait for.
 */
export async function awaitWriteLock(db: { $client: Database.Database }, waitMs = writeLockWaitMs()): Promise<void> {
  const client = db.$client;
  const deadline = Date.now() + waitMs;
  let pause = 5;
  for (;;) {
    if (client.inTransaction || writeLockFree(client)) return;
    if (Date.now() >= deadline) throw new DatabaseBusyError();
    await sleep(pause);
    pause = Math.min(pause * 2, 100);
  }
}
