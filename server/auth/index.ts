/**
 * Auth.js: email magic links with database sessions through the Drizzle adapter.
 * Invitation links (our own tokens) create sessions in the same table: see server/services/invitations.ts.
 */
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { eq } from "drizzle-orm";
import NextAuth from "next-auth";
import { getDb } from "@/db";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { authSecret } from "../config";
import { linkMail, sendMail } from "../email";

declare module "next-auth" {
  interface Session {
    user: { id: string; name?: string | null; email?: string | null };
  }
}

export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

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
        async sendVerificationRequest({ identifier, url }) {
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
              url,
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
