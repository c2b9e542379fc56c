/**
 * "No page's data may be fetched with a query per comment or per rating": checked by calling the
 * app's own procedures in-process (createCaller, the same code the HTTP route runs) against the
 * generated database, counting the SQL statements they execute (every statement the connection
 * prepares, built per call or cached and reused, is wrapped so each run/get/all/iterate counts).
 * The mechanism page is read on the 700+ comment mechanism with pages of 3,
 * 30 (the page's size) and 100 threads; the overview on rounds with different numbers of ratings
 * and comments. Equal counts whatever the amount of data = constant-query.
 */
import { openDatabase } from "@/db";
import { createCaller } from "@/server/root";
import type { Manifest } from "./generate";

export type QueryCounts = {
  /** mechanism.byId + comment.list with the page's 30 threads (plus 1 session lookup over HTTP). */
  mechanism_page: number;
  mechanism_page_3_threads: number;
  mechanism_page_100_threads: number;
  overview_round3: number;
  overview_round1: number;
  constant: boolean;
};

export async function countQueries(dbPath: string, m: Manifest): Promise<QueryCounts> {
  const db = openDatabase(dbPath);
  const sqlite = db.$client;
  let statements = 0;
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    const statement = prepare(source);
    for (const method of ["run", "get", "all", "iterate"] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        statements++;
        return original(...args);
      };
    }
    return statement;
  }) as typeof sqlite.prepare;

  const caller = (userId: string) => createCaller({ db, user: { id: userId, name: null, email: null }, sameOrigin: true });
  const count = async (fn: () => Promise<unknown>) => {
    statements = 0;
    await fn();
    return statements;
  };
  try {
    const reader = caller(m.stakeholders[250].userId);
    const page = (limit?: number) => async () => {
      await reader.mechanism.byId({ consultationId: m.consultationId, round: 3, mechanismId: m.hot.mechanismId });
      await reader.comment.list({ consultationId: m.consultationId, target: { versionId: m.hot.versionId }, cursor: null, limit });
    };
    const facilitator = caller(m.facilitator.userId);
    const overview = (round: number) => () => facilitator.overview.responses({ consultationId: m.consultationId, round });
    const counts = {
      mechanism_page: await count(page()),
      mechanism_page_3_threads: await count(page(3)),
      mechanism_page_100_threads: await count(page(100)),
      overview_round3: await count(overview(3)),
      overview_round1: await count(overview(1)),
    };
    return {
      ...counts,
      constant:
        counts.mechanism_page === counts.mechanism_page_3_threads &&
        counts.mechanism_page === counts.mechanism_page_100_threads &&
        counts.overview_round3 === counts.overview_round1,
    };
  } finally {
    sqlite.close();
  }
}
