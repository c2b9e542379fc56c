"use client";
/**
 * The between-rounds workspace: prepare round N from round N-1, then record a decision on each of
 * round N-1's mechanisms and triage its missing-mechanism flags, each linked to the feedback
 * behind it. Everything comes from one query (decision.workspace); each form saves on its own.
 */
import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Empty, ErrorAlert, formatDate, ProgressBar, StatusBadge } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { DecisionSection } from "./decision-form";
import { TriageSection } from "./triage-form";
import type { WorkspaceContext } from "./types";

type Props = { consultationId: string; slug: string; round: number };

export function WorkspaceView(props: Props) {
  const trpc = useTRPC();
  const input = { consultationId: props.consultationId, round: props.round };
  const { data } = useSuspenseQuery(trpc.decision.workspace.queryOptions(input));
  const [announcement, setAnnouncement] = useState("");
  const prev = data.previous;
  const prepared = !!data.round.preparedAt;
  // The prepare button disappears once it has worked: keyboard users continue from the progress.
  const focusProgress = useRef(false);
  useEffect(() => {
    if (prepared && focusProgress.current) {
      document.getElementById("progress-heading")?.focus();
      focusProgress.current = false;
    }
  }, [prepared]);
  const draft = data.round.status === "draft";
  const ctx: WorkspaceContext = {
    consultationId: props.consultationId,
    slug: props.slug,
    round: props.round,
    previousRound: prev.number,
    editable: prepared && draft,
    announce: setAnnouncement,
  };
  const base = `/c/${props.slug}/rounds/${props.round}`;
  const { decided, total, triaged, flags } = data.progress;

  return (
    <>
      <p className="breadcrumbs">
        <Link href={base}>Round {data.round.number}</Link> <StatusBadge status={data.round.status} />
      </p>
      <h1>
        Preparing round {data.round.number} from round {prev.number}
      </h1>
      {/* One live region for the page: saves announce themselves here. */}
      <div aria-live="polite" role="status" className="visually-hidden">
        {announcement}
      </div>

      {!draft ? (
        <div className="alert info">
          Round {data.round.number} is {data.round.status}: these decisions are the record of how it was prepared and can no longer change.
        </div>
      ) : prev.status !== "closed" ? (
        <div className="alert info">
          Round {prev.number} is still {prev.status === "open" ? "open" : "a draft"}. Close it on{" "}
          <Link href={`/c/${props.slug}/rounds/${prev.number}`}>round {prev.number}&apos;s page</Link> before preparing round{" "}
          {data.round.number}, so the feedback you work from is final.
        </div>
      ) : !prepared ? (
        <PrepareCard
          {...props}
          previous={prev.number}
          count={data.mechanisms.length}
          onDone={(message) => {
            focusProgress.current = true;
            setAnnouncement(message);
          }}
        />
      ) : null}

      {prepared && (
        <section className="card stack" aria-labelledby="progress-heading">
          <h2 id="progress-heading" tabIndex={-1} style={{ marginTop: 0 }}>
            Progress
          </h2>
          <p>
            <strong>
              {decided} of {total} {total === 1 ? "mechanism" : "mechanisms"} decided · {triaged} of {flags}{" "}
              {flags === 1 ? "flag" : "flags"} triaged
            </strong>
          </p>
          <ProgressBar label={`Mechanisms of round ${prev.number} decided`} value={decided} max={total} />
          {flags > 0 && <ProgressBar label={`Flags of round ${prev.number} triaged`} value={triaged} max={flags} />}
          <p className="muted small">
            Prepared {formatDate(data.round.preparedAt)}.{" "}
            {draft &&
              (decided === total && triaged === flags
                ? `Everything is decided: round ${data.round.number} can be published from its page.`
                : `Round ${data.round.number} can be published once every mechanism has a decision and every flag is triaged.`)}
          </p>
        </section>
      )}

      <h2>Mechanisms of round {prev.number}</h2>
      <p className="muted">
        For each one, choose what happens to it in round {data.round.number}, say why, and link the feedback behind the decision. Round{" "}
        {prev.number}&apos;s versions, ratings and comments are always kept, whatever you decide.
      </p>
      {data.mechanisms.length === 0 ? (
        <Empty>Round {prev.number} had no mechanisms.</Empty>
      ) : (
        data.mechanisms.map((m) => (
          <DecisionSection
            key={m.mechanismId}
            ctx={ctx}
            mechanism={m}
            flags={data.flags}
            roundMechanisms={data.roundMechanisms}
            scaleLabels={data.scaleLabels}
          />
        ))
      )}

      <h2>Missing-mechanism flags of round {prev.number}</h2>
      {data.flags.length === 0 ? (
        <Empty>Nobody flagged a missing mechanism in round {prev.number}.</Empty>
      ) : (
        data.flags.map((f) => <TriageSection key={f.id} ctx={ctx} flag={f} roundMechanisms={data.roundMechanisms} />)
      )}

      <h2>The round {data.round.number} draft</h2>
      {data.roundMechanisms.length === 0 ? (
        <Empty>Round {data.round.number} has no mechanisms yet.</Empty>
      ) : (
        <ol className="plain">
          {data.roundMechanisms.map((m) => (
            <li key={m.versionId} className="list-item">
              <strong>
                {m.position}. {m.name}
              </strong>
              <div className="muted small">{m.origin}</div>
            </li>
          ))}
        </ol>
      )}
      <p>
        <Link href={base}>Edit the texts, the order or add mechanisms on round {data.round.number}&apos;s page</Link>
      </p>
    </>
  );
}

function PrepareCard(props: Props & { previous: number; count: number; onDone: (message: string) => void }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const prepare = useMutation(
    trpc.decision.prepare.mutationOptions({
      onSuccess: async (result) => {
        props.onDone(
          `Round ${props.round} prepared: ${result.copied} ${result.copied === 1 ? "mechanism" : "mechanisms"} copied from round ${props.previous}.`,
        );
        await refresh();
      },
    }),
  );
  return (
    <section className="card" aria-labelledby="prepare-heading">
      <h2 id="prepare-heading" style={{ marginTop: 0 }}>
        Start from round {props.previous}
      </h2>
      <p>
        Preparing copies each of round {props.previous}&apos;s {props.count} {props.count === 1 ? "mechanism" : "mechanisms"} into the round{" "}
        {props.round} draft, unchanged. You then record a decision on each one (keep, revise, merge, split, drop or keep with a note) and
        triage the panel&apos;s flags. Mechanisms already added to round {props.round} stay where they are.
      </p>
      <ErrorAlert error={prepare.error} focus />
      <button
        type="button"
        disabled={prepare.isPending}
        onClick={() => prepare.mutate({ consultationId: props.consultationId, round: props.round })}
      >
        {prepare.isPending ? "Preparing…" : `Prepare round ${props.round} from round ${props.previous}`}
      </button>
    </section>
  );
}
