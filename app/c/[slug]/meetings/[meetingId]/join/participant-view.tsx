"use client";
/**
 * A panel member in a live meeting: their screen follows the agenda (announced politely, focus
 * left where it is); they rate and comment on the mechanism on screen (the same rating as online,
 * marked as given in the meeting) and answer the room's quick question.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { ErrorAlert } from "@/app/_components/feedback";
import { RatingScale, useRating } from "@/app/_components/rating-control";
import { useTRPC } from "@/app/_trpc/client";
import { LIMITS } from "@/shared/domain";
import { ConnectionNote, ResultsBars, useLiveMeeting, type LiveView } from "../control/live";
import "../control/live.css";

type Props = { consultationId: string; slug: string; meetingId: string; scaleLabels: string[] };

export function ParticipantView(props: Props) {
  const trpc = useTRPC();
  const { view, connection } = useLiveMeeting(props.consultationId, props.meetingId);
  const join = useMutation(trpc.meeting.join.mutationOptions());
  const { mutate: joinMeeting } = join;
  const live = view.status === "live";
  // Opening the page while the meeting is live is joining it (attendance "joined").
  useEffect(() => {
    if (live) joinMeeting({ consultationId: props.consultationId, meetingId: props.meetingId });
  }, [live, joinMeeting, props.consultationId, props.meetingId]);

  const item = view.items.find((i) => i.id === view.currentItemId) ?? null;
  const roundLink = `/c/${props.slug}/rounds/${view.roundNumber}`;
  return (
    <div className="participant narrow">
      <p className="breadcrumbs">
        <Link href={roundLink}>Round {view.roundNumber}</Link> · Meeting
      </p>
      <h1>{view.title}</h1>
      <ConnectionNote connection={connection} />
      <ErrorAlert error={join.error} />
      {!live ? (
        <div className="card" role="status">
          <p>
            {view.status === "planned"
              ? "The meeting has not started yet. This page follows it once it starts."
              : "The meeting has ended. Thank you for taking part."}
          </p>
          <p>
            <Link href={roundLink}>Go to round {view.roundNumber}</Link>
            {view.roundOpen ? " to rate and comment online while the round is open." : "."}
          </p>
        </div>
      ) : (
        <>
          <p className="muted follow-note">This page follows the meeting: it moves to each item as the facilitator does.</p>
          {/* Announced when the room moves on; focus stays where the person is. */}
          <div aria-live="polite" aria-atomic="true">
            <h2 className="now-heading">{item ? `Now: ${item.title}` : "Waiting for the first item"}</h2>
          </div>
          {item && <CurrentItem key={item.id} {...props} view={view} />}
          {view.question?.open && (
            <AnswerBox key={view.question.id} {...props} questionId={view.question.id} prompt={view.question.prompt} />
          )}
        </>
      )}
    </div>
  );
}

function CurrentItem(props: Props & { view: LiveView }) {
  const { view } = props;
  const item = view.items.find((i) => i.id === view.currentItemId)!;
  if (item.kind !== "mechanism" || !item.versionId || !item.mechanismId) {
    return <p className="card">The room is discussing this item together. Nothing to rate here.</p>;
  }
  return (
    <>
      <div className="card current-item">
        <p className="prewrap" style={{ marginBottom: 0 }}>
          {view.current?.description}
        </p>
      </div>
      {view.current?.results && (
        <section aria-labelledby="room-results">
          <h3 id="room-results">The room&apos;s ratings so far</h3>
          <ResultsBars results={view.current.results} scaleLabels={props.scaleLabels} />
        </section>
      )}
      <RatingBox {...props} versionId={item.versionId} mechanismId={item.mechanismId} round={view.roundNumber} open={view.roundOpen} />
      <CommentBox {...props} versionId={item.versionId} open={view.roundOpen} />
    </>
  );
}

function RatingBox(props: Props & { versionId: string; mechanismId: string; round: number; open: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mine = useQuery(
    trpc.mechanism.byId.queryOptions({ consultationId: props.consultationId, round: props.round, mechanismId: props.mechanismId }),
  );
  const rating = useRating({
    ...props,
    current: mine.data?.myRating ?? null,
    afterSave: () => queryClient.invalidateQueries({ queryKey: trpc.mechanism.byId.queryKey() }),
  });
  return (
    <section className="card" aria-labelledby="meeting-rating">
      <h3 id="meeting-rating" style={{ marginTop: 0 }}>
        Your rating
      </h3>
      <ErrorAlert error={rating.error} />
      <RatingScale
        name={`rating-${props.versionId}`}
        scaleLabels={props.scaleLabels}
        shown={rating.shown}
        disabled={!props.open}
        onChoose={rating.choose}
      />
      <p role="status" aria-live="polite" style={{ marginTop: "0.5rem" }}>
        {rating.status}
      </p>
      <p className="muted small">The same rating as on the mechanism&apos;s page, marked as given in the meeting.</p>
      {!props.open && <p className="muted">This round is closed; ratings can no longer change.</p>}
    </section>
  );
}

function CommentBox(props: Props & { versionId: string; open: boolean }) {
  const trpc = useTRPC();
  const [body, setBody] = useState("");
  const [status, setStatus] = useState("");
  const add = useMutation(
    trpc.comment.add.mutationOptions({
      onSuccess: () => {
        setBody("");
        setStatus("Your comment was added to the mechanism.");
      },
    }),
  );
  if (!props.open) return null;
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        setStatus("");
        add.mutate({ consultationId: props.consultationId, target: { versionId: props.versionId }, body, meetingId: props.meetingId });
      }}
    >
      <ErrorAlert error={add.error} />
      <div className="field">
        <label htmlFor={`meeting-comment-${props.versionId}`}>
          Comment on this mechanism{" "}
          <span className="hint">Others on the panel see it on the mechanism&apos;s page, as with any comment.</span>
        </label>
        <textarea
          id={`meeting-comment-${props.versionId}`}
          value={body}
          maxLength={LIMITS.comment.max}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <div className="row">
        <button type="submit" disabled={add.isPending || !body.trim()}>
          Add comment
        </button>
        <span role="status" aria-live="polite">
          {status}
        </span>
      </div>
    </form>
  );
}

function AnswerBox(props: Props & { questionId: string; prompt: string }) {
  const trpc = useTRPC();
  const [body, setBody] = useState("");
  const [sent, setSent] = useState(0);
  const answer = useMutation(
    trpc.meeting.answer.mutationOptions({
      onSuccess: () => {
        setBody("");
        setSent((n) => n + 1);
      },
    }),
  );
  return (
    <form
      className="card"
      aria-labelledby="quick-question"
      onSubmit={(e) => {
        e.preventDefault();
        answer.mutate({ consultationId: props.consultationId, meetingId: props.meetingId, questionId: props.questionId, body });
      }}
    >
      <h3 id="quick-question" style={{ marginTop: 0 }}>
        Question to the room
      </h3>
      <ErrorAlert error={answer.error} />
      <div className="field">
        <label htmlFor={`answer-${props.questionId}`}>{props.prompt}</label>
        <textarea
          id={`answer-${props.questionId}`}
          value={body}
          maxLength={LIMITS.quickAnswer.max}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <div className="row">
        <button type="submit" disabled={answer.isPending || !body.trim()}>
          Send answer
        </button>
        <span role="status" aria-live="polite">
          {sent > 0 ? `Sent (${sent}). Only the facilitators see the answers.` : ""}
        </span>
      </div>
    </form>
  );
}
