/**
 * Opening the SQLite database: one connection per process, pragmas set on every open,
 * committed migrations applied before anything else touches it.
 */
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import path from "node:path";
import { assertDataDirWritable } from "./data-dir";
import * as schema from "./schema";
import { SERVER_BUSY_TIMEOUT_MS } from "./write-lock";

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export function dataDir(): string {
  return path.resolve(process.env.DATA_DIR ?? "./data");
}

export function databasePath(): string {
  return path.join(dataDir(), "roundtable.db");
}

/**
 * Opens (and migrates) a database file, or ":memory:" for tests. A directory that cannot be
 * written fails with one sentence that says what to do (DataDirError), not SQLite's own message.
 */
export function openDatabase(file: string, options: { migrate?: boolean; busyTimeoutMs?: number } = {}): DB {
  if (file !== ":memory:") assertDataDirWritable(path.dirname(file));
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: an acknowledged rating survives power loss, not only a process crash.
  sqlite.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS === "NORMAL" ? "NORMAL" : "FULL"}`);
  sqlite.pragma("foreign_keys = ON");
  // Tools wait for a lock; the server keeps it short (db/write-lock.ts) so nothing freezes.
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  const db = drizzle(sqlite, { schema }) as DB;
  if (options.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

const globalForDb = globalThis as unknown as { roundtableDb?: DB };

/** The process-wide connection (kept on globalThis so dev reloads do not open many). */
export function getDb(): DB {
  globalForDb.roundtableDb ??= openDatabase(databasePath(), { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS });
  return globalForDb.roundtableDb;
}

/** One trivial statement: does the database answer? (the health check) */
export function pingDatabase(db: DB): void {
  db.$client.prepare("select 1").get();
}

/** A consistent copy of the live database in `file`, taken while the app keeps writing. */
export async function backupDatabase(db: DB, file: string): Promise<void> {
  // One step copies every page: the copy is a single moment of the database.
  await db.$client.backup(file, { progress: () => 1_000_000_000 });
}

export function closeDatabase(db: DB): void {
  db.$client.close();
}
