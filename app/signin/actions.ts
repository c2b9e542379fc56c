"use server";
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { z } from "zod";
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
    email: String(form.get("email") ?? "").trim().toLowerCase(),
    callbackUrl: form.get("callbackUrl") ?? undefined,
  });
  const email = String(form.get("email") ?? "");
  if (!parsed.success) return { error: parsed.error.issues[0].message, email };
  // Limit how many links can be sent, per address and per client, so the form cannot be used
  // to flood someone's inbox.
  const limits = rateLimits();
  const client = clientKey(await headers());
  const byEmail = limits.signInPerEmail.hit(parsed.data.email);
  const byClient = limits.signInPerClient.hit(client);
  if (!byEmail || !byClient) {
    const minutes = byEmail ? limits.signInPerClient.minutesLeft(client) : limits.signInPerEmail.minutesLeft(parsed.data.email);
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
