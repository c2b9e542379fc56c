import type { Metadata } from "next";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  return (
    <div className="narrow">
      <h1>Check your email</h1>
      <div className="alert info" role="status">
        If this address belongs to a facilitator or a panel member, a sign-in link is on its way.
      </div>
      <p>The link works once and expires after 24 hours. It can take a minute or two to arrive; check your spam folder too.</p>
      <p>
        <a href="/signin">Use a different address</a>
      </p>
    </div>
  );
}
