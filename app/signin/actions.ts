"use server";
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db";
import { signIn, signOut } from "@/server/auth";
import { clientKey, rateLimits } from "@/server/rate-limit";

export type SignInState = { error: string | null; email: string };

const schema = z.object({
  email: z.email("Enter your email address, like name@example.org").max(254),
  callbackUrl: z.string().max(500).optional(),
});

/** Only same-site paths are accepted as a place to return to. */
function safePath(p: string | undefined): string {
  return p && p.startsWith("/") && !p.startsWith("//") ? p : "/";
}

export async function requestSignInLink(_: SignInState, form: FormData): Promise<SignInState> {
  const parsed = schema.safeParse({
    email: String(form.get("email") ?? "")
      .trim()
      .toLowerCase(),
    callbackUrl: form.get("callbackUrl") ?? undefined,
  });
  const email = String(form.get("email") ?? "");
  if (!parsed.success) return { error: parsed.error.issues[0].message, email };
  // The limits are counted where the email is sent (server/auth); here they only turn a request
  // that would not be sent into a message the person can act on.
  const db = getDb();
  const client = clientKey(await headers());
  const emailBlocked = rateLimits.signInPerEmail.blocked(db, parsed.data.email);
  if (emailBlocked || rateLimits.signInPerClient.blocked(db, client)) {
    const minutes = emailBlocked
      ? rateLimits.signInPerEmail.minutesLeft(db, parsed.data.email)
      : rateLimits.signInPerClient.minutesLeft(db, client);
    return {
      error: `Too many sign-in links were asked for. Please wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again; the last link we sent still works.`,
      email,
    };
  }
  try {
    await signIn("email", { email: parsed.data.email, redirectTo: safePath(parsed.data.callbackUrl) });
  } catch (error) {
    if (error instanceof AuthError) {
      console.error("[auth] sign-in request failed", error);
      return { error: "We could not send a sign-in link just now. Please try again in a minute.", email };
    }
    throw error; // the redirect to "check your email"
  }
  return { error: null, email };
}

export async function signOutAction() {
  await signOut({ redirectTo: "/" });
}
