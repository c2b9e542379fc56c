import type { Metadata } from "next";
import { SignInForm } from "./signin-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  return (
    <div className="narrow">
      <h1>Sign in</h1>
      <p>If you were invited by email or are a facilitator, enter your address and we will send you a sign-in link.</p>
      <SignInForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : "/"} />
      <p className="muted">
        Invited without an email address? Use the personal link the research team gave you. If it no longer works, ask them for a new one.
      </p>
    </div>
  );
}
