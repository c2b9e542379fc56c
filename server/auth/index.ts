/**
 * Auth.js: email magic links with database sessions through the Drizzle adapter.
 * Invitation links (our own tokens) create sessions in the same table: see server/services/invitations.ts.
 */
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { eq } from "drizzle-orm";
import NextAuth from "next-auth";
import { getDb, type DB } from "@/db";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { authSecret, publicUrl } from "../config";
import { linkMail, sendMail } from "../email";
import { clientKey, rateLimits } from "../rate-limit";

declare module "next-auth" {
  interface Session {
    user: { id: string; name?: string | null; email?: string | null };
  }
}

export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

// Auth.js builds its links from AUTH_URL when set, and otherwise from the request's Host or
// X-Forwarded-Host, which a client chooses: pin it to the configured public origin.
process.env.AUTH_URL ??= publicUrl();

/**
 * The emailed link on the configured public origin, whatever Auth.js was told about the host; a
 * callbackUrl to another origin becomes the home page.
 */
export function linkOnPublicOrigin(link: string): string {
  const origin = new URL(publicUrl()).origin;
  const given = new URL(link);
  const fixed = new URL(`${given.pathname}${given.search}`, origin);
  const callback = fixed.searchParams.get("callbackUrl");
  if (callback !== null) {
    let target = `${origin}/`;
    try {
      const parsed = new URL(callback, origin);
      if (parsed.origin === origin) target = parsed.href;
    } catch {
      // not a URL: home page
    }
    fixed.searchParams.set("callbackUrl", target);
  }
  return fixed.href;
}

/**
 * Counts one sign-in email against the address and the client's limits, on every path that sends
 * one (the sign-in form and Auth.js's own endpoint alike). False when either is over its limit.
 */
export function signInEmailAllowed(db: DB, email: string, headers: Headers): boolean {
  const byEmail = rateLimits.signInPerEmail.hit(db, email);
  const byClient = rateLimits.signInPerClient.hit(db, clientKey(headers));
  return byEmail && byClient;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const db = getDb();
  return {
    secret: authSecret(),
    trustHost: true,
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin", verifyRequest: "/signin/check", error: "/signin/error" },
    providers: [
      {
        id: "email",
        type: "email",
        name: "Email",
        from: "",
        maxAge: 24 * 60 * 60,
        options: {},
        async sendVerificationRequest({ identifier, url, request }) {
          if (!signInEmailAllowed(db, identifier, request.headers)) {
            // The page says "check your email" either way, so the limit cannot be probed either.
            console.log(`[auth] sign-in email limit reached; no email sent`);
            return;
          }
          // Only people already known (facilitators, panel members with an email) get a link;
          // the page says the same either way, so addresses cannot be probed.
          const known = db.select({ id: users.id }).from(users).where(eq(users.email, identifier)).get();
          if (!known) {
            console.log(`[auth] sign-in requested for an unknown address; no email sent`);
            return;
          }
          await sendMail(
            linkMail({
              to: identifier,
              subject: "Your sign-in link for Roundtable",
              intro: "Someone (hopefully you) asked to sign in to Roundtable with this email address.",
              action: "Sign in to Roundtable",
              url: linkOnPublicOrigin(url),
              footer: "The link works once and expires in 24 hours. If you did not ask for it, you can ignore this email.",
            }),
          );
        },
      },
    ],
    callbacks: {
      session({ session, user }) {
        session.user.id = user.id;
        return session;
      },
    },
  };
});
