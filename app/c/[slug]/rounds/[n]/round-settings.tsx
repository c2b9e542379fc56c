"use client";
/**
 * A round's settings: title and instructions, how its meeting runs, when it opens and closes (UK
 * time; the round closes itself at its closing time) and, from round 2, which of the previous
 * round's results the panel sees.
 */
import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { ErrorAlert } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import {
  FEEDBACK_VISIBILITY_LABELS,
  FEEDBACK_VISIBILITY_VALUES,
  LIMITS,
  MEETING_MODE_LABELS,
  MEETING_MODE_VALUES,
  type FeedbackVisibility,
  type MeetingMode,
} from "@/shared/domain";
import { fromUkInputs, toUkInputs } from "@/server/uk-time";
import { EvidenceSwitch } from "./evidence-switch";

/** One line on what each choice means for the panel. */
function visibilityHint(v: FeedbackVisibility, previous: number): string {
  return {
    all: `Each panel member sees the whole panel's ratings of round ${previous} (distribution, median and interquartile range) beside their own rating.`,
    perspective: `Each panel member sees only the round-${previous} ratings of people with their own perspective (service users see service users', and so on) beside their own rating.`,
    none: `No group results: each panel member sees only their own rating from round ${previous}.`,
  }[v];
}

// Date and time inputs are not covered by the text-input styles; same size and border as those.
const dateStyle: React.CSSProperties = {
  font: "inherit",
  padding: "0.45rem 0.6rem",
  border: "2px solid #6b7280",
  borderRadius: "var(--radius)",
  background: "var(--paper)",
  color: "var(--ink)",
  minHeight: 44,
};

type DateTime = { date: string; time: string };
const empty: DateTime = { date: "", time: "" };
const fromValue = (d: Date | null): DateTime => (d ? toUkInputs(d) : empty);

/** A date and a time (UK time) read as one moment; null when both are empty. */
function readMoment(v: DateTime, what: string): { ok: true; value: Date | null } | { ok: false; message: string } {
  if (!v.date && !v.time) return { ok: true, value: null };
  if (!v.date || !v.time) return { ok: false, message: `Give both a date and a time for the ${what}, or clear both.` };
  const r = fromUkInputs(v.date, v.time);
  return r.ok ? { ok: true, value: r.date } : { ok: false, message: `${what[0].toUpperCase()}${what.slice(1)}: ${r.message}` };
}

function DateTimeFields(props: {
  id: string;
  legend: string;
  hint: string;
  value: DateTime;
  onChange: (v: DateTime) => void;
  what: string;
}) {
  const hintId = `${props.id}-hint`;
  return (
    <fieldset aria-describedby={hintId}>
      <legend>{props.legend}</legend>
      <p id={hintId} className="hint">
        {props.hint}
      </p>
      <div className="row" style={{ alignItems: "flex-end" }}>
        <div>
          <label htmlFor={`${props.id}-date`}>{`${props.what[0].toUpperCase()}${props.what.slice(1)} date`}</label>
          <input
            id={`${props.id}-date`}
            type="date"
            style={dateStyle}
            value={props.value.date}
            onChange={(e) => props.onChange({ ...props.value, date: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor={`${props.id}-time`}>{`${props.what[0].toUpperCase()}${props.what.slice(1)} time (UK)`}</label>
          <input
            id={`${props.id}-time`}
            type="time"
            style={dateStyle}
            value={props.value.time}
            onChange={(e) => props.onChange({ ...props.value, time: e.target.value })}
          />
        </div>
        <button type="button" className="secondary" disabled={!props.value.date && !props.value.time} onClick={() => props.onChange(empty)}>
          Clear<span className="visually-hidden"> the {props.what}</span>
        </button>
      </div>
    </fieldset>
  );
}

export function RoundSettings(props: { consultationId: string; round: number }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const input = { consultationId: props.consultationId, round: props.round };
  const { data: round } = useSuspenseQuery(trpc.round.byNumber.queryOptions(input));
  const [title, setTitle] = useState(round.title);
  const [instructions, setInstructions] = useState(round.instructions);
  const [meetingMode, setMeetingMode] = useState<MeetingMode>(round.meetingMode);
  const [visibility, setVisibility] = useState<FeedbackVisibility>(round.feedbackVisibility);
  const [opens, setOpens] = useState<DateTime>(fromValue(round.opensAt));
  const [closes, setCloses] = useState<DateTime>(fromValue(round.closesAt));
  const [formError, setFormError] = useState<string | null>(null);
  // One object per message, so the alert takes focus once when it appears, not on every keystroke.
  const clientError = useMemo(() => (formError ? { message: formError } : null), [formError]);
  const [saved, setSaved] = useState(false);
  const draft = round.status === "draft";
  const save = useMutation(
    trpc.round.update.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await refresh();
      },
    }),
  );

  function submit() {
    setSaved(false);
    setFormError(null);
    save.reset();
    const opensAt = readMoment(opens, "planned opening");
    const closesAt = readMoment(closes, "closing");
    const problem = [opensAt, closesAt].find((r) => !r.ok);
    if (problem && !problem.ok) return setFormError(problem.message);
    if (!opensAt.ok || !closesAt.ok) return;
    save.mutate({
      ...input,
      title,
      instructions,
      meetingMode,
      feedbackVisibility: visibility,
      // Once the round is open its opening is history: leave it as it is.
      ...(draft ? { opensAt: opensAt.value } : {}),
      closesAt: closesAt.value,
    });
  }

  return (
    <details style={{ marginTop: "1rem" }}>
      <summary>Round settings: title, instructions, meeting, dates{props.round > 1 ? " and Delphi feedback" : ""}</summary>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        style={{ marginTop: "0.75rem" }}
      >
        <ErrorAlert error={clientError ?? save.error} focus />
        <div role="status">{saved && <div className="alert success">Saved.</div>}</div>
        <div className="field">
          <label htmlFor="round-title">Title</label>
          <input id="round-title" value={title} maxLength={LIMITS.roundTitle.max} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="round-instructions">Instructions</label>
          <textarea
            id="round-instructions"
            value={instructions}
            maxLength={LIMITS.instructions.max}
            onChange={(e) => setInstructions(e.target.value)}
          />
        </div>

        <fieldset>
          <legend>How the round runs</legend>
          {MEETING_MODE_VALUES.map((m) => (
            <label key={m} className="choice">
              <input type="radio" name="meeting-mode" value={m} checked={meetingMode === m} onChange={() => setMeetingMode(m)} />
              <span>{MEETING_MODE_LABELS[m]}</span>
            </label>
          ))}
          <p className="hint">The panel sees this on the round&apos;s page and in the email sent when the round opens.</p>
        </fieldset>

        {draft && (
          <DateTimeFields
            id="opens"
            what="opening"
            legend="Planned opening (UK time)"
            hint="Shown to the panel and in emails. The round opens when you publish it."
            value={opens}
            onChange={setOpens}
          />
        )}
        <DateTimeFields
          id="closes"
          what="closing"
          legend="Closing (UK time)"
          hint="The round closes itself at this time: ratings, comments and flags stop. Leave it empty to close the round yourself."
          value={closes}
          onChange={setCloses}
        />

        {props.round > 1 ? (
          <fieldset>
            <legend>Delphi feedback: what the panel sees of round {props.round - 1}&apos;s results</legend>
            {FEEDBACK_VISIBILITY_VALUES.map((v) => (
              <label key={v} className="choice">
                <input
                  type="radio"
                  name="feedback-visibility"
                  value={v}
                  checked={visibility === v}
                  onChange={() => setVisibility(v)}
                  aria-describedby={`visibility-${v}-hint`}
                />
                <span>
                  {FEEDBACK_VISIBILITY_LABELS[v]}
                  <span id={`visibility-${v}-hint`} className="hint">
                    {visibilityHint(v, props.round - 1)}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        ) : (
          <p className="hint">
            Delphi feedback (which earlier results the panel sees) is chosen from round 2 on: round 1 has no earlier results.
          </p>
        )}

        <button type="submit" className="secondary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save round settings"}
        </button>
      </form>
      <EvidenceSwitch consultationId={props.consultationId} round={props.round} />
    </details>
  );
}
