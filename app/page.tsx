import Link from "next/link";
import { currentUser, trpc, getQueryClient } from "./_trpc/server";
import { StatusBadge } from "./_components/feedback";

export default async function Home() {
  const user = await currentUser();
  if (!user) {
    return (
      <div className="narrow">
        <h1>Roundtable</h1>
        <p>
          Roundtable runs the consultation rounds of a research review: facilitators publish draft mechanisms, the stakeholder panel rates
          and discusses them, and every round&apos;s feedback is kept for the report.
        </p>
        <p>
          <Link href="/signin" className="button">
            Sign in
          </Link>
        </p>
        <p className="muted">Panel members: open the personal link the research team sent you.</p>
      </div>
    );
  }
  const mine = await getQueryClient().fetchQuery(trpc.consultation.mine.queryOptions());
  return (
    <>
      <div className="spread">
        <h1>Your consultations</h1>
        {mine.canCreate && (
          <Link href="/c/new" className="button">
            New consultation
          </Link>
        )}
      </div>
      {mine.consultations.length === 0 ? (
        <div className="empty">
          <p>You are not part of any consultation yet.</p>
          {mine.canCreate ? (
            <p>Create one to start drafting mechanisms and building your panel.</p>
          ) : (
            <p>When a research team invites you, open the link they send you.</p>
          )}
        </div>
      ) : (
        <ul className="plain">
          {mine.consultations.map((c) => (
            <li key={c.id} className="list-item spread">
              <div>
                <h2 style={{ margin: 0, fontSize: "1.2rem" }}>
                  <Link href={`/c/${c.slug}`}>{c.title}</Link>
                </h2>
                <span className="muted">{c.role === "facilitator" ? "You facilitate" : "You are on the panel"}</span>
              </div>
              {c.openRound ? (
                <span className="row">
                  Round {c.openRound} <StatusBadge status="open" />
                </span>
              ) : (
                <span className="muted">No round open</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
