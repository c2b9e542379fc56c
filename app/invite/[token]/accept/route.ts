/** Uses up an invitation link and signs its stakeholder in with an Auth.js database session. */
import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db";
import { sessionCookieName } from "@/server/auth/session";
import { isSameOrigin } from "@/server/same-origin";
import { clientKey, rateLimits } from "@/server/rate-limit";
import { accept } from "@/server/services/invitations";

export async function POST(req: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const back = new URL(`/invite/${encodeURIComponent(token)}`, req.url);
  if (!isSameOrigin(req.headers)) return new NextResponse("This request came from another site.", { status: 403 });
  const db = getDb();
  const limiter = rateLimits.invitationFailures;
  const client = clientKey(req.headers);
  if (limiter.blocked(db, client)) {
    return new NextResponse("Too many attempts with links that do not work. Please wait and try again later.", { status: 429 });
  }
  const result = accept(db, token);
  if (!result.ok) {
    limiter.hit(db, client);
    return NextResponse.redirect(back, 303);
  }
  const proto = req.headers.get("x-forwarded-proto") ?? req.nextUrl.protocol.replace(":", "");
  const secure = proto === "https" || (process.env.AUTH_URL ?? "").startsWith("https:");
  const res = NextResponse.redirect(new URL(`/c/${result.slug}`, req.url), 303);
  res.cookies.set(sessionCookieName(secure), result.sessionToken, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure,
    expires: result.expires,
  });
  return res;
}
