"use client";
import { UNSURE } from "@/shared/domain";
import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ConfirmButton } from "@/app/_components/confirm";
import { Empty, ErrorAlert, ProgressBar, StatusBadge } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { MechanismEditor } from "./mechanism-editor";
import { MailReportText, RoundFacts, useRefreshAtClosing } from "./round-facts";
import { RoundSettings } from "./round-settings";
import { WorkspaceLink } from "./workspace/workspace-link";

type Props = {
  consultationId: string;
  slug: string;
  round: number;
  role: "facilitator" | "stakeholder";
  scaleLabels: string[];
};

export function RoundView(props: Props) {
  const trpc = useTRPC();
  const input = { consultationId: props.consultationId, round: props.round };
  const { data: round } = useSuspenseQuery(trpc.round.byNumber.queryOptions(input));
  const { data: list } = useSuspenseQuery(trpc.mechanism.listForRound.queryOptions(input));
  const base = `/c/${props.slug}/rounds/${props.round}`;
  const facilitator = props.role === "facilitator";
  useRefreshAtClosing(round.status, round.closesAt);

  return (
    <>
      <div className="spread">
        <h1>
          Round {round.number}: {round.title}
        </h1>
        <StatusBadge status={round.status} />
      </div>
      {round.status === "closed" && (
        <div className="alert info" role="status">
          This round is closed. You can read everything, but ratings and comments can no longer change.
        </div>
      )}
      {round.instructions && <p className="prewrap">{round.instructions}</p>}
      <RoundFacts round={round} facilitator={facilitator} />

      {facilitator ? (
        <FacilitatorControls {...props} status={round.status} mechanismCount={list.mechanisms.length} />
      ) : (
        round.progress && (
          <div className="card stack">
            <p>
              <strong>
                {round.progress.rated} of {round.progress.total} rated
              </strong>
              {round.progress.rated === round.progress.total && round.progress.total > 0 && " · thank you, you have rated them all"}
            </p>
            <ProgressBar label="Mechanisms rated" value={round.progress.rated} max={round.progress.total} />
          </div>
        )
      )}

      <p className="row">
        {facilitator && round.status === "draft" && (
          <WorkspaceLink consultationId={props.consultationId} slug={props.slug} round={round.number} />
        )}
        {round.status !== "draft" && (
          <Link className="button secondary" href={`${base}/flags`}>
            Missing mechanisms
          </Link>
        )}
        {facilitator && round.status !== "draft" && (
          <Link className="button secondary" href={`${base}/responses`}>
            Responses
          </Link>
        )}
        {/* The panel only ever sees published rounds; facilitators also preview a draft's changes. */}
        {round.number > 1 && (
          <Link className="button secondary" href={`${base}/changes`}>
            You said, we did{round.status === "draft" ? " (draft)" : ""}
          </Link>
        )}
      </p>

      <h2>Mechanisms</h2>
      {facilitator ? (
        <MechanismEditor {...props} status={round.status} mechanisms={list.mechanisms} />
      ) : list.mechanisms.length === 0 ? (
        <Empty>There are no mechanisms in this round.</Empty>
      ) : (
        <ol className="plain">
          {list.mechanisms.map((m) => (
            <li key={m.id} className="list-item spread">
              <div>
                <Link href={`${base}/mechanisms/${m.mechanismId}`} style={{ fontWeight: 700, fontSize: "1.1rem" }}>
                  {m.position}. {m.name}
                </Link>
                <div className="muted small">
                  {m.commentCount} {m.commentCount === 1 ? "comment" : "comments"}
                </div>
              </div>
              {m.myRating === UNSURE ? (
                <span className="badge open">Your answer: unsure</span>
              ) : m.myRating ? (
                <span className="badge open">
                  Your rating: {m.myRating} · {props.scaleLabels[m.myRating - 1]}
                </span>
              ) : (
                <span className="badge draft">Not rated yet</span>
              )}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function FacilitatorControls(props: Props & { status: "draft" | "open" | "closed"; mechanismCount: number }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [message, setMessage] = useState<React.ReactNode>(null);
  const input = { consultationId: props.consultationId, round: props.round };
  const publish = useMutation(
    trpc.round.publish.mutationOptions({
      onSuccess: async (report) => {
        setMessage(
          <>
            Round {props.round} is open: the panel can now respond.{" "}
            <MailReportText
              report={report}
              panelHref={`/c/${props.slug}/panel`}
              emailedSentence={(n) => `Emailed ${n} their personal link.`}
            />
          </>,
        );
        await refresh();
      },
    }),
  );
  const close = useMutation(
    trpc.round.close.mutationOptions({
      onSuccess: async () => {
        setMessage(`Round ${props.round} is closed. Responses are kept as they are.`);
        await refresh();
      },
    }),
  );
  return (
    <section className="card" aria-labelledby="round-controls">
      <h2 id="round-controls" style={{ marginTop: 0 }}>
        Round status
      </h2>
      <ErrorAlert error={publish.error ?? close.error} focus />
      {/* Always in the page, so screen readers announce the message when it appears. */}
      <div role="status">{message && <div className="alert success">{message}</div>}</div>
      {props.status === "draft" && (
        <>
          <p>This round is a draft: only facilitators can see it. Publish it when the mechanisms are ready.</p>
          <ConfirmButton
            label="Publish round"
            className=""
            title={`Publish round ${props.round}?`}
            body={
              <p>
                The panel will see its {props.mechanismCount} mechanisms and can rate and comment. Everyone on the panel with an email
                address is emailed their personal link. After publishing, mechanisms cannot be added or removed, and every change to their
                text is recorded and shown.
              </p>
            }
            confirmLabel="Publish now"
            disabled={publish.isPending}
            onConfirm={() => publish.mutate(input)}
          />
        </>
      )}
      {props.status === "open" && (
        <>
          <p>The round is open. Closing it stops all ratings, comments and flags for this round.</p>
          <ConfirmButton
            label="Close round"
            title={`Close round ${props.round}?`}
            body={<p>The panel will no longer be able to rate, comment or flag missing mechanisms in this round. This cannot be undone.</p>}
            confirmLabel="Close the round"
            danger
            disabled={close.isPending}
            onConfirm={() => close.mutate(input)}
          />
        </>
      )}
      {props.status === "closed" && <p>The round is closed. Its responses are kept for the analysis.</p>}
      {/* Keyed by status: publishing starts the form afresh (no stale "Saved.", no opening fields). */}
      {props.status !== "closed" && <RoundSettings key={props.status} {...props} />}
    </section>
  );
}
