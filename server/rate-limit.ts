/**
 * Fixed-window limits kept in the database (table rate_limit_window), so every app process that
 * serves one database counts against the same limit and a restart forgets nothing. Used for
 * sign-in emails and failed invitation links: a write per counted attempt, a read to check.
 */
import { lt, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { rateLimitWindows } from "@/db/schema";

export class RateLimit {
  constructor(
    /** Prefix of the keys in the table, one per kind of limit. */
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private row(key: string) {
    return `${this.name}:${key}`;
  }

  /** Counts one attempt; false when the key is over its limit for the current window. */
  hit(db: DB, key: string, now = Date.now()): boolean {
    const resetAt = now + this.windowMs;
    // One statement, so two processes counting at once cannot both read the old count.
    const row = db
      .insert(rateLimitWindows)
      .values({ key: this.row(key), count: 1, resetAt })
      .onConflictDoUpdate({
        target: rateLimitWindows.key,
        set: {
          count: sql`case when ${rateLimitWindows.resetAt} <= ${now} then 1 else ${rateLimitWindows.count} + 1 end`,
          resetAt: sql`case when ${rateLimitWindows.resetAt} <= ${now} then ${resetAt} else ${rateLimitWindows.resetAt} end`,
        },
      })
      .returning({ count: rateLimitWindows.count })
      .get();
    // Now and then, clear windows that ended long ago (the table stays as small as the traffic).
    if (Math.random() < 0.01)
      db.delete(rateLimitWindows)
        .where(lt(rateLimitWindows.resetAt, now - this.windowMs))
        .run();
    return row.count <= this.limit;
  }

  private window(db: DB, key: string, now: number) {
    const row = db
      .select({ count: rateLimitWindows.count, resetAt: rateLimitWindows.resetAt })
      .from(rateLimitWindows)
      .where(sql`${rateLimitWindows.key} = ${this.row(key)}`)
      .get();
    return row && row.resetAt > now ? row : null;
  }

  /** Whether the key is over its limit, without counting an attempt. */
  blocked(db: DB, key: string, now = Date.now()): boolean {
    const w = this.window(db, key, now);
    return !!w && w.count >= this.limit;
  }

  minutesLeft(db: DB, key: string, now = Date.now()): number {
    const w = this.window(db, key, now);
    return w ? Math.max(1, Math.ceil((w.resetAt - now) / 60_000)) : 0;
  }
}

const MINUTE = 60_000;

export const rateLimits = {
  /** Sign-in links per email address. */
  signInPerEmail: new RateLimit("signin-email", 3, 15 * MINUTE),
  /** Sign-in links per client address. */
  signInPerClient: new RateLimit("signin-client", 10, 15 * MINUTE),
  /** Failed invitation-link attempts (unknown, used, revoked or expired tokens) per client address. */
  invitationFailures: new RateLimit("invitation-failures", 20, 15 * MINUTE),
};

/**
 * The client's address, as scripts/serve.mjs decided it from the socket (or, with TRUST_PROXY, from
 * what the trusted proxy appended); it overwrites the header on every request, so a client cannot
 * choose it. Under `next dev` nobody sets it and every client shares one key.
 */
export function clientKey(headers: Headers): string {
  return headers.get("x-roundtable-client") || "unknown";
}
