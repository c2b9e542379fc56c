/** Builds tRPC's context from an HTTP request (route handler) or from cookies (server components). */
import { getDb } from "@/db";
import { parseCookieHeader } from "./auth/cookie-header";
import { tokenFromCookies, userForSessionToken } from "./auth/session";
import { isSameOrigin } from "./same-origin";
import type { Context } from "./trpc";

export function createRequestContext(req: Request): Context {
  const db = getDb();
  const cookies = parseCookieHeader(req.headers.get("cookie"));
  return {
    db,
    user: userForSessionToken(
      db,
      tokenFromCookies((n) => cookies.get(n)),
    ),
    sameOrigin: isSameOrigin(req.headers),
  };
}

export function createCookieContext(get: (name: string) => string | undefined): Context {
  const db = getDb();
  return { db, user: userForSessionToken(db, tokenFromCookies(get)), sameOrigin: true };
}
