/**
 * Statements prepared once per connection for the queries every request runs (session and
 * membership look-ups, the comment pages): building and preparing SQL on each call costs more
 * than running it.
 */
import type { DB } from "./index";

const cache = new WeakMap<DB, Map<string, unknown>>();

export function prepared<T>(db: DB, key: string, build: (db: DB) => T): T {
  let forDb = cache.get(db);
  if (!forDb) {
    forDb = new Map();
    cache.set(db, forDb);
  }
  let statement = forDb.get(key) as T | undefined;
  if (!statement) {
    statement = build(db);
    forDb.set(key, statement);
  }
  return statement;
}
