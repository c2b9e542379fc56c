/**
 * Reads a request's Cookie header. Browsers and scripts send whatever cookies a site (or its
 * neighbours on the same host) once set, so a pair that is not valid percent-encoding is skipped
 * instead of failing the whole request: the session cookie beside it must still count.
 */
export function parseCookieHeader(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    let value = part.slice(i + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!name || cookies.has(name)) continue; // the first of two same-named cookies wins, as in browsers' order
    try {
      cookies.set(name, value.includes("%") ? decodeURIComponent(value) : value);
    } catch {
      // Not percent-encoding: ignore this pair only.
    }
  }
  return cookies;
}

/** One cookie's value from a request, or undefined. */
export function requestCookie(req: Request, name: string): string | undefined {
  return parseCookieHeader(req.headers.get("cookie")).get(name);
}
