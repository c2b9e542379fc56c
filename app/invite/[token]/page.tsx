import type { Metadata } from "next";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { clientKey, rateLimits } from "@/server/rate-limit";
import { check } from "@/server/services/invitations";

export const metadata: Metadata = { title: "Your invitation", referrer: "same-origin" };

const problems = {
  used: {
    title: "This link has already been used",
    body: "Each personal link works once. If you are signed in on this device, go straight to your consultation. Otherwise, ask the research team for a new link, or sign in with your email address if they have it.",
  },
  expired: {
    title: "This link has expired",
    body: "Personal links stop working after a while to keep your account safe. Ask the research team to send you a new one.",
  },
  revoked: {
    title: "This link has been replaced",
    body: "The research team has withdrawn this link, perhaps because they sent you a newer one. Use the most recent link you received, or ask them for a new one.",
  },
} as const;

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Guessing links is pointless (256 random bits), but repeated failures are still cut off.
  const db = getDb();
  const limiter = rateLimits.invitationFailures;
  const client = clientKey(await headers());
  if (limiter.blocked(db, client)) return <TooManyAttempts minutes={limiter.minutesLeft(db, client)} />;
  const result = check(db, token);
  if (result.state !== "valid") limiter.hit(db, client);
  if (result.state === "unknown") {
    return (
      <div className="narrow">
        <h1>We do not recognise this link</h1>
        <div className="alert error" role="alert">
          The link may be incomplete: check that you copied all of it.
        </div>
        <p>If it still does not work, ask the research team for a new personal link.</p>
      </div>
    );
  }
  if (result.state !== "valid") {
    const p = problems[result.state];
    return (
      <div className="narrow">
        <h1>{p.title}</h1>
        <div className="alert warn" role="alert">
          {p.body}
        </div>
        <p>
          Consultation: <strong>{result.consultationTitle}</strong>
        </p>
        <p className="row">
          <a className="button" href={`/c/${result.slug}`}>
            Go to the consultation
          </a>
          <a className="button secondary" href="/signin">
            Sign in with email
          </a>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>Welcome, {result.name}</h1>
      <p>
        You are invited to take part in the stakeholder panel of <strong>{result.consultationTitle}</strong>.
      </p>
      <p>
        You do not need a password. Press the button to join; this device will stay signed in for 30 days. The link is personal: please do
        not share it.
      </p>
      <form method="post" action={`/invite/${token}/accept`}>
        <button type="submit">Join the consultation</button>
      </form>
    </div>
  );
}

function TooManyAttempts({ minutes }: { minutes: number }) {
  return (
    <div className="narrow">
      <h1>Too many attempts</h1>
      <div className="alert error" role="alert">
        Too many invitation links that do not work were tried from this connection. Please wait {minutes} minute
        {minutes === 1 ? "" : "s"}, then open the most recent link the research team sent you.
      </div>
    </div>
  );
}
