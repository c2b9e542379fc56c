/**
 * Whether a request comes from our own pages, as a browser tells: its Origin header (or, without
 * one, Sec-Fetch-Site). Used by tRPC mutations, downloads, invitation acceptance and, in proxy.ts,
 * server actions. Kept free of other imports so the proxy can use it.
 */

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
