/**
 * Auth.js treats a return address (callbackUrl in the query or its callback-url cookie) that is
 * not an http(s) URL or a path as a configuration error: a 500 on its callback route, a
 * "server not configured" page elsewhere. Such an address only comes from a doctored link, so the
 * auth route answers it here, first, with a 400 that says so.
 */
import { parseCookieHeader } from "./cookie-header";

const CALLBACK_COOKIES = ["authjs.callback-url", "__Secure-authjs.callback-url"];

/** The same test Auth.js applies (@auth/core lib/utils/assert.js). */
function isHttpUrl(value: string, origin: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? origin : undefined).protocol);
  } catch {
    return false;
  }
}

/** A 400 page when the request names a return address Auth.js would refuse, else null. */
export function refuseBadCallbackUrl(req: Request): Response | null {
  const url = new URL(req.url);
  const fromQuery = url.searchParams.get("callbackUrl");
  const cookies = parseCookieHeader(req.headers.get("cookie"));
  const badCookies = CALLBACK_COOKIES.filter((name) => {
    const value = cookies.get(name);
    return value !== undefined && value !== "" && !isHttpUrl(value, url.origin);
  });
  if ((fromQuery === null || fromQuery === "" || isHttpUrl(fromQuery, url.origin)) && badCookies.length === 0) return null;

  const headers = new Headers({ "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  // A bad return address kept in a cookie would refuse every later sign-in: forget it.
  for (const name of badCookies) {
    headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`);
  }
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign-in link not valid</title></head>
<body><main>
<h1>This sign-in link is not valid</h1>
<p>It asks to take you to an address that is not a page of this site, so it was not used.</p>
<p><a href="/signin">Get a new sign-in link</a></p>
</main></body></html>
`;
  return new Response(page, { status: 400, headers });
}
