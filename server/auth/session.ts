/**
 * Reads the Auth.js database session from the request's cookie: one indexed query, used by
 * tRPC's context and by server-rendered pages. Auth.js itself handles sign-in and sign-out.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { prepared } from "@/db/prepared";
import { sessions, users } from "@/db/schema";
import type { SessionUser } from "../trpc";

export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/** The cookie name Auth.js uses for this request (secure prefix over HTTPS). */
export function sessionCookieName(secure: boolean): string {
  return secure ? SESSION_COOKIES[0] : SESSION_COOKIES[1];
}

export function userForSessionToken(db: DB, token: string | undefined | null): SessionUser | null {
  if (!token) return null;
  const query = prepared(db, "session.user", (d) =>
    d
      .select({ id: users.id, name: users.name, email: users.email })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.sessionToken, sql.placeholder("token")), gt(sessions.expires, sql.placeholder("now"))))
      .prepare(),
  );
  return query.get({ token, now: Date.now() }) ?? null;
}

export function tokenFromCookies(get: (name: string) => string | undefined): string | undefined {
  for (const name of SESSION_COOKIES) {
    const value = get(name);
    if (value) return value;
  }
  return undefined;
}
