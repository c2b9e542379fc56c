"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Comments } from "@/app/_components/comments";
import { CarriedPassages, Passage } from "@/app/_components/passage";
import { ErrorAlert, formatDate, StatusBadge } from "@/app/_components/feedback";
import { RatingScale, useRating } from "@/app/_components/rating-control";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { DelphiFeedback } from "./delphi-feedback";
import { EvidenceSection } from "./evidence-section";
import { WhatChanged } from "./what-changed";

type Props = {
  consultationId: string;
  slug: string;
  round: number;
  mechanismId: string;
  role: "facilitator" | "stakeholder";
  scaleLabels: string[];
};

export function MechanismView(props: Props) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(
    trpc.mechanism.byId.queryOptions({ consultationId: props.consultationId, round: props.round, mechanismId: props.mechanismId }),
  );
  const { mechanism: m, round } = data;
  const base = `/c/${props.slug}/rounds/${props.round}`;
  const open = round.status === "open";
  return (
    <>
      <p className="breadcrumbs">
        <Link href={base}>Round {round.number}</Link> · Mechanism {m.position} of {m.total} <StatusBadge status={round.status} />
      </p>
      <h1>{m.name}</h1>
      <div className="card">
        <Passage
          consultationId={props.consultationId}
          versionId={m.versionId}
          description={m.description}
          round={round.number}
          canWrite={open}
        />
        {data.edits.length > 0 && (
          <details>
            <summary>
              Changed {data.edits.length} {data.edits.length === 1 ? "time" : "times"} since publication (latest{" "}
              {formatDate(data.edits[0].editedAt)})
            </summary>
            <ol>
              {data.edits.map((e) => (
                <li key={e.id} className="small">
                  <p>
                    <strong>{formatDate(e.editedAt)}</strong>
                    {e.editor ? ` by ${e.editor}` : ""}: {e.reason}
                  </p>
                  <p className="muted">Before: {e.beforeName}</p>
                  <p className="prewrap muted">{e.beforeDescription}</p>
                </li>
              ))}
            </ol>
          </details>
        )}
      </div>
      <CarriedPassages consultationId={props.consultationId} versionId={m.versionId} round={round.number} />

      {/* Since the previous round: what changed and why, then the group's results beside the rating. */}
      <WhatChanged {...props} />
      <DelphiFeedback {...props} />
      <EvidenceSection {...props} versionId={m.versionId} />

      {props.role === "stakeholder" ? (
        <Rating {...props} versionId={m.versionId} current={data.myRating} open={open} progress={data.progress} />
      ) : (
        <p className="row">
          <Link className="button secondary" href={`${base}/responses`}>
            See the ratings for this round
          </Link>
        </p>
      )}

      <nav aria-label="Other mechanisms" className="spread" style={{ margin: "1.25rem 0" }}>
        {data.previous ? (
          <Link href={`${base}/mechanisms/${data.previous.mechanismId}`} rel="prev">
            ← Previous: {data.previous.name}
          </Link>
        ) : (
          <span />
        )}
        {data.next ? (
          <Link href={`${base}/mechanisms/${data.next.mechanismId}`} rel="next">
            Next: {data.next.name} →
          </Link>
        ) : (
          <Link href={base}>Back to all mechanisms</Link>
        )}
      </nav>

      <Comments
        consultationId={props.consultationId}
        target={{ versionId: m.versionId }}
        canWrite={open}
        isFacilitator={props.role === "facilitator"}
        formLabel="Comment on this mechanism"
      />
    </>
  );
}

function Rating(
  props: Props & { versionId: string; current: number | null; open: boolean; progress: { rated: number; total: number } | null },
) {
  const refresh = useRefresh();
  const rating = useRating({ ...props, afterSave: refresh });
  return (
    <section className="card" aria-labelledby="rating-heading">
      <h2 id="rating-heading" style={{ marginTop: 0 }}>
        Your rating
      </h2>
      <ErrorAlert error={rating.error} />
      <RatingScale name="rating" scaleLabels={props.scaleLabels} shown={rating.shown} disabled={!props.open} onChoose={rating.choose} />
      <p className="muted small" style={{ marginTop: "0.5rem" }}>
        &ldquo;Unsure&rdquo; counts as your answer but is left out of the figures.
      </p>
      <div className="row" style={{ marginTop: "0.75rem" }}>
        <span role="status" aria-live="polite">
          {rating.status}
        </span>
        {props.open && props.current !== null && (
          <button type="button" className="link" onClick={() => rating.choose(null)}>
            Remove my rating
          </button>
        )}
      </div>
      {!props.open && <p className="muted">This round is closed; ratings can no longer change.</p>}
      {props.progress && (
        <p className="muted" style={{ marginTop: "0.5rem" }}>
          {props.progress.rated} of {props.progress.total} rated in this round. You can change your rating until the round closes.
        </p>
      )}
    </section>
  );
}
