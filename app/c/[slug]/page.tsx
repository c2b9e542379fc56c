import type { Metadata } from "next";
import Link from "next/link";
import { ProgressBar, StatusBadge } from "@/app/_components/feedback";
import { getQueryClient, load, trpc } from "@/app/_trpc/server";
import { MEETING_MODE_LABELS, PERSPECTIVE_LABELS, pseudonym } from "@/shared/domain";
import { formatUkMoment } from "@/server/uk-time";
import { loadConsultation, loadRounds } from "./data";
import { LiveMeetingBanner } from "./meetings/[meetingId]/join/live-banner";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  return { title: (await loadConsultation(slug)).title };
}

export default async function ConsultationPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = await loadConsultation(slug);
  const rounds = await loadRounds(c.id, slug);
  const facilitator = c.me.role === "facilitator";
  const open = rounds.find((r) => r.status === "open");
  const openDetail = open
    ? await load(
        () => getQueryClient().fetchQuery(trpc.round.byNumber.queryOptions({ consultationId: c.id, round: open.number })),
        `/c/${slug}`,
      )
    : null;
  const base = `/c/${c.slug}`;
  const liveMeetings = facilitator
    ? []
    : await load(() => getQueryClient().fetchQuery(trpc.meeting.liveNow.queryOptions({ consultationId: c.id })), `/c/${slug}`);
  return (
    <>
      <h1>{c.title}</h1>
      <LiveMeetingBanner slug={c.slug} meetings={liveMeetings} />
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Research question</h2>
        <p className="prewrap">{c.researchQuestion}</p>
        {c.description && <p className="prewrap muted">{c.description}</p>}
      </div>

      {!facilitator && (
        <p className="muted">
          You take part as <strong>{c.me.displayName}</strong>
          {c.me.perspective ? ` (${PERSPECTIVE_LABELS[c.me.perspective]})` : ""}.{" "}
          {c.anonymity === "pseudonymous"
            ? `Other panel members see you as "${pseudonym(c.me)}"; only the research team sees your name.`
            : "Other panel members see your name and perspective."}
        </p>
      )}

      {openDetail ? (
        <section className="card" aria-labelledby="open-round">
          <div className="spread">
            <h2 id="open-round" style={{ marginTop: 0 }}>
              Round {openDetail.number}: {openDetail.title}
            </h2>
            <StatusBadge status="open" />
          </div>
          {openDetail.instructions && <p className="prewrap">{openDetail.instructions}</p>}
          <p>
            {openDetail.closesAt && <strong>Closes at {formatUkMoment(openDetail.closesAt)} (UK time). </strong>}
            {MEETING_MODE_LABELS[openDetail.meetingMode]}.
          </p>
          {openDetail.progress && (
            <div className="stack">
              <p>
                <strong>
                  {openDetail.progress.rated} of {openDetail.progress.total} rated
                </strong>
              </p>
              <ProgressBar label="Mechanisms rated" value={openDetail.progress.rated} max={openDetail.progress.total} />
            </div>
          )}
          <p className="row" style={{ marginTop: "1rem" }}>
            <Link className="button" href={`${base}/rounds/${openDetail.number}`}>
              {facilitator ? "Manage this round" : openDetail.progress?.rated ? "Continue" : "Start"}
            </Link>
            {facilitator && (
              <Link className="button secondary" href={`${base}/rounds/${openDetail.number}/responses`}>
                See responses
              </Link>
            )}
            <Link className="button secondary" href={`${base}/rounds/${openDetail.number}/flags`}>
              Missing mechanisms
            </Link>
          </p>
        </section>
      ) : (
        <div className="empty">
          {facilitator
            ? "No round is open. Prepare the next round's drafts and publish it when it is ready."
            : "No round is open at the moment. The research team will let you know when the next one starts."}
        </div>
      )}

      <h2>Rounds</h2>
      <ol className="plain">
        {rounds
          .filter((r) => facilitator || r.status !== "draft")
          .map((r) => (
            <li key={r.id} className="list-item spread">
              <span>
                <Link href={`${base}/rounds/${r.number}`}>
                  Round {r.number}: {r.title}
                </Link>{" "}
                <span className="muted">· {r.mechanismCount} mechanisms</span>
              </span>
              <StatusBadge status={r.status} />
            </li>
          ))}
      </ol>
    </>
  );
}
