/**
 * Statements prepared once per connection for the queries every request runs (session and
 * membership look-ups, rounds, mechanism versions, the comment pages): building and preparing
 * SQL on each call costs more than running it. A statement prepared on the connection also
 * runs inside that connection's transactions.
 */
import type Database from "better-sqlite3";
import type { DB } from "./index";

type Tx = Parameters<Parameters<DB["transaction"]>[0]>[0];

const cache = new WeakMap<Database.Database, Map<string, unknown>>();

function connectionOf(db: DB | Tx): Database.Database {
  // A drizzle transaction keeps its connection on its session.
  return "$client" in db ? db.$client : (db as unknown as { session: { client: Database.Database } }).session.client;
}

export function prepared<T, D extends DB | Tx>(db: D, key: string, build: (db: D) => T): T {
  const connection = connectionOf(db);
  let forConnection = cache.get(connection);
  if (!forConnection) {
    forConnection = new Map();
    cache.set(connection, forConnection);
  }
  let statement = forConnection.get(key) as T | undefined;
  if (!statement) {
    statement = build(db);
    forConnection.set(key, statement);
  }
  return statement;
}
