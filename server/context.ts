/** Builds tRPC's context from an HTTP request (route handler) or from cookies (server components). */
import { getDb } from "@/db";
import { parseCookieHeader } from "./auth/cookie-header";
import { tokenFromCookies, userForSessionToken } from "./auth/session";
import type { Context } from "./trpc";

/** Same-origin unless a browser tells us otherwise (Origin header or Sec-Fetch-Site). */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin) {
    const host = headers.get("x-forwarded-host") ?? headers.get("host");
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  return headers.get("sec-fetch-site") !== "cross-site";
}

export function createRequestContext(req: Request): Context {
  const db = getDb();
  const cookies = parseCookieHeader(req.headers.get("cookie"));
  return {
    db,
    user: userForSessionToken(db, tokenFromCookies((n) => cookies.get(n))),
    sameOrigin: isSameOrigin(req.headers),
  };
}

export function createCookieContext(get: (name: string) => string | undefined): Context {
  const db = getDb();
  return { db, user: userForSessionToken(db, tokenFromCookies(get)), sameOrigin: true };
}
