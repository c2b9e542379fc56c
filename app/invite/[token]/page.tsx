import type { Metadata } from "next";
import { getDb } from "@/db";
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
  const result = check(getDb(), token);
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
        You do not need a password. Press the button to join; this device will stay signed in for 30 days.
        The link is personal: please do not share it.
      </p>
      <form method="post" action={`/invite/${token}/accept`}>
        <button type="submit">Join the consultation</button>
      </form>
    </div>
  );
}
