"use client";
/** The facilitator's control of a live meeting: agenda, timer, results, quick questions, start/end. */
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { ConfirmButton } from "@/app/_components/confirm";
import { ErrorAlert } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";
import { NotesPanel } from "../notes-panel";
import { ConnectionNote, ResultsBars, timerText, useItemSeconds, useLiveMeeting } from "./live";
import "./live.css";

const PRESET_QUESTION = "Is anything missing from this mechanism?";

type Props = { consultationId: string; slug: string; meetingId: string; scaleLabels: string[]; joinUrl: string };

export function ControlView(props: Props) {
  const trpc = useTRPC();
  const { view, connection } = useLiveMeeting(props.consultationId, props.meetingId);
  const ids = { consultationId: props.consultationId, meetingId: props.meetingId };
  const [error, setError] = useState<unknown>(null);
  const opts = { onError: setError, onSuccess: () => setError(null) };
  const start = useMutation(trpc.meeting.start.mutationOptions(opts));
  const end = useMutation(trpc.meeting.end.mutationOptions(opts));
  const move = useMutation(trpc.meeting.move.mutationOptions(opts));
  const results = useMutation(trpc.meeting.setResultsVisible.mutationOptions(opts));
  const open = useMutation(trpc.meeting.openQuestion.mutationOptions(opts));
  const close = useMutation(trpc.meeting.closeQuestion.mutationOptions(opts));
  const seconds = useItemSeconds(view);
  const base = `/c/${props.slug}/meetings/${props.meetingId}`;
  const index = view.items.findIndex((i) => i.id === view.currentItemId);
  const current = index >= 0 ? view.items[index] : null;
  const live = view.status === "live";

  // N and P move the agenda, unless someone is typing (so the shortcuts never trap text fields).
  const { mutate: moveTo } = move;
  const { consultationId, meetingId } = props;
  useEffect(() => {
    if (!live) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || t.closest("input, textarea, select, dialog, [contenteditable]")) return;
      const step = e.key === "n" || e.key === "N" ? 1 : e.key === "p" || e.key === "P" ? -1 : 0;
      if (step) moveTo({ consultationId, meetingId, to: { step } });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [live, moveTo, consultationId, meetingId]);

  return (
    <div className="control">
      <p className="breadcrumbs">
        <Link href={base}>{view.title}</Link> · Round {view.roundNumber} · {statusText(view.status)}
      </p>
      <h1>Control: {view.title}</h1>
      <ConnectionNote connection={connection} />
      <ErrorAlert error={error} />

      <div className="row control-links">
        <a className="button secondary" href={`${base}/present`} target="_blank" rel="noopener">
          Open the presenter view (new window)
        </a>
        <span>
          Join link: <a href={props.joinUrl}>{props.joinUrl.replace(/^https?:\/\//, "")}</a>
        </span>
        <span aria-live="polite">{view.attendance} joined</span>
      </div>

      {view.status === "planned" && (
        <div className="card">
          <p>The meeting has not started. Starting it puts the first agenda item on the presenter view and on the panel&apos;s screens.</p>
          <button type="button" onClick={() => start.mutate(ids)} disabled={start.isPending}>
            Start the meeting
          </button>
        </div>
      )}
      {view.status === "ended" && (
        <div className="alert info">
          This meeting has ended. <Link href={base}>See its record</Link>.
        </div>
      )}

      <div className="control-grid">
        <section aria-labelledby="agenda-heading" className="card">
          <h2 id="agenda-heading" style={{ marginTop: 0 }}>
            Agenda
          </h2>
          {view.items.length === 0 ? (
            <p className="muted">
              The agenda is empty. Add items on the <Link href={base}>meeting&apos;s page</Link>.
            </p>
          ) : (
            <ol className="plain agenda">
              {view.items.map((item, i) => {
                const isCurrent = item.id === view.currentItemId;
                return (
                  <li
                    key={item.id}
                    className={isCurrent ? "agenda-item current" : "agenda-item"}
                    aria-current={isCurrent ? "step" : undefined}
                  >
                    <span>
                      {i + 1}. {item.title}
                      {isCurrent && <strong> (on screen now)</strong>}
                      <span className="muted small"> · {item.plannedMinutes} min</span>
                    </span>
                    {live && !isCurrent && (
                      <button
                        type="button"
                        className="link"
                        onClick={() => move.mutate({ ...ids, to: { itemId: item.id } })}
                        disabled={move.isPending}
                      >
                        Go to<span className="visually-hidden"> {item.title}</span>
                      </button>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
        </section>

        <section aria-labelledby="now-heading" className="card">
          <h2 id="now-heading" style={{ marginTop: 0 }}>
            {current ? `Now: ${current.title}` : "Nothing on screen"}
          </h2>
          {current && live && <TimerLine seconds={seconds} planned={current.plannedMinutes} />}
          {live && (
            <div className="row">
              <button
                type="button"
                className="secondary"
                onClick={() => move.mutate({ ...ids, to: { step: -1 } })}
                disabled={move.isPending || index <= 0}
              >
                Previous <span className="muted small">(P)</span>
              </button>
              <button
                type="button"
                onClick={() => move.mutate({ ...ids, to: { step: 1 } })}
                disabled={move.isPending || index >= view.items.length - 1}
              >
                Next <span className="small">(N)</span>
              </button>
            </div>
          )}

          {current?.kind === "mechanism" && view.current && (
            <>
              <h3>Ratings</h3>
              <p className="row">
                <span>{view.resultsVisible ? "The room sees the results." : "The results are hidden from the room."}</span>
                <button
                  type="button"
                  className="secondary"
                  disabled={!live || results.isPending}
                  onClick={() => results.mutate({ ...ids, visible: !view.resultsVisible })}
                >
                  {view.resultsVisible ? "Hide the results" : "Show the results"}
                </button>
              </p>
              {!view.resultsVisible && (
                <p className="muted small">
                  Hidden from the presenter view and the panel&apos;s screens to avoid anchoring; only you see them here.
                </p>
              )}
              {view.current.results && <ResultsBars results={view.current.results} scaleLabels={props.scaleLabels} />}
              <p>
                {view.current.newComments} new {view.current.newComments === 1 ? "comment" : "comments"} on this mechanism since the meeting
                started
              </p>
            </>
          )}

          {live && <QuickQuestion {...ids} view={view} openQ={open} closeQ={close} />}

          {live && (
            <div style={{ marginTop: "1.25rem" }}>
              <ConfirmButton
                label="End the meeting"
                title="End the meeting?"
                confirmLabel="End the meeting"
                danger
                onConfirm={() => end.mutate(ids)}
                body={
                  <p>
                    The panel&apos;s screens show that the meeting has ended, and nothing more can be rated or commented in it. Ratings and
                    comments stay open online until the round closes.
                  </p>
                }
              />
            </div>
          )}
        </section>
      </div>

      <NotesPanel consultationId={props.consultationId} meetingId={props.meetingId} currentItemId={view.currentItemId} />
    </div>
  );
}

function statusText(status: "planned" | "live" | "ended") {
  return { planned: "Not started", live: "Live now", ended: "Ended" }[status];
}

function TimerLine({ seconds, planned }: { seconds: number; planned: number }) {
  const t = timerText(seconds, planned);
  return (
    <p className={t.over ? "timer over" : "timer"}>
      <span className="muted">Time on this item:</span> <strong>{t.text}</strong>
    </p>
  );
}

type QProps = {
  consultationId: string;
  meetingId: string;
  view: ReturnType<typeof useLiveMeeting>["view"];
  openQ: { mutate: (v: { consultationId: string; meetingId: string; prompt: string }) => void; isPending: boolean };
  closeQ: { mutate: (v: { consultationId: string; meetingId: string; questionId: string }) => void; isPending: boolean };
};

function QuickQuestion({ consultationId, meetingId, view, openQ, closeQ }: QProps) {
  const [custom, setCustom] = useState("");
  const q = view.question;
  return (
    <section aria-labelledby="question-heading">
      <h3 id="question-heading">Quick question to the room</h3>
      {q?.open ? (
        <>
          <p>
            <strong>Open:</strong> {q.prompt}
          </p>
          <p aria-live="polite">
            {q.answerCount} {q.answerCount === 1 ? "answer" : "answers"} so far
          </p>
          <button type="button" onClick={() => closeQ.mutate({ consultationId, meetingId, questionId: q.id })} disabled={closeQ.isPending}>
            Close the question and list the answers
          </button>
        </>
      ) : (
        <>
          {q && (
            <div className="card">
              <p>
                <strong>Last question:</strong> {q.prompt} ({q.answers.length} {q.answers.length === 1 ? "answer" : "answers"})
              </p>
              {q.answers.length > 0 ? (
                <ul>
                  {q.answers.map((a) => (
                    <li key={a.id} className="prewrap">
                      {a.body}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">Nobody answered.</p>
              )}
            </div>
          )}
          <div className="row">
            <button
              type="button"
              className="secondary"
              onClick={() => openQ.mutate({ consultationId, meetingId, prompt: PRESET_QUESTION })}
              disabled={openQ.isPending}
            >
              Ask: &ldquo;{PRESET_QUESTION}&rdquo;
            </button>
          </div>
          <form
            className="field"
            style={{ marginTop: "0.75rem" }}
            onSubmit={(e) => {
              e.preventDefault();
              if (custom.trim()) openQ.mutate({ consultationId, meetingId, prompt: custom });
              setCustom("");
            }}
          >
            <label htmlFor="custom-question">Or ask your own question</label>
            <div className="row">
              <input
                id="custom-question"
                type="text"
                value={custom}
                maxLength={300}
                onChange={(e) => setCustom(e.target.value)}
                style={{ flex: "1 1 14rem" }}
              />
              <button type="submit" disabled={openQ.isPending || !custom.trim()}>
                Ask the room
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
