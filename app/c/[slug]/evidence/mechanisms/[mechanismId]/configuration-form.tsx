"use client";
/** The fields of a context-mechanism-outcome configuration, each labelled as the panel will read it. */
import { useId, useMemo, useState } from "react";
import { ErrorAlert } from "@/app/_components/feedback";
import { LIMITS, type CmoOutcome, type CmoPolarity } from "@/shared/domain";
import type { ConfigurationView } from "@/server/services/evidence";
import styles from "../../evidence.module.css";

export type ConfigurationFields = {
  polarity: CmoPolarity;
  context: string;
  resource: string;
  reasoning: string;
  outcomes: CmoOutcome[];
  sourceId: string | null;
};

export function ConfigurationForm(props: {
  title: string;
  initial?: ConfigurationView;
  sources: { id: string; citation: string }[];
  pending: boolean;
  error: unknown;
  submitLabel: string;
  onCancel: () => void;
  onSubmit: (fields: ConfigurationFields) => void;
}) {
  const id = useId();
  const i = props.initial;
  const [polarity, setPolarity] = useState<CmoPolarity>(i?.polarity ?? "present");
  const [context, setContext] = useState(i?.context ?? "");
  const [resource, setResource] = useState(i?.resource ?? "");
  const [reasoning, setReasoning] = useState(i?.reasoning ?? "");
  const [outcomes, setOutcomes] = useState<CmoOutcome[]>(i?.outcomes ?? [{ sign: "+", text: "" }]);
  const [sourceId, setSourceId] = useState(i?.source?.id ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const clientError = useMemo(() => (problem ? { message: problem } : null), [problem]);
  const setOutcome = (n: number, patch: Partial<CmoOutcome>) => setOutcomes((os) => os.map((o, k) => (k === n ? { ...o, ...patch } : o)));
  const text = (key: string, label: string, hint: string, value: string, set: (v: string) => void) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>
        {label} <span className="hint">{hint}</span>
      </label>
      <textarea id={`${id}-${key}`} rows={3} value={value} maxLength={LIMITS.cmoText.max} onChange={(e) => set(e.target.value)} />
    </div>
  );
  return (
    <form
      className="card"
      noValidate
      aria-labelledby={`${id}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        const kept = outcomes.filter((o) => o.text.trim() !== "");
        if (kept.length === 0) return setProblem("Give at least one outcome.");
        setProblem(null);
        props.onSubmit({ polarity, context, resource, reasoning, outcomes: kept, sourceId: sourceId || null });
      }}
    >
      <h3 id={`${id}-h`} style={{ marginTop: 0 }}>
        {props.title}
      </h3>
      <ErrorAlert error={clientError ?? props.error} focus />
      {text("context", "Context", "Where, for whom, in what circumstances.", context, setContext)}
      {text("resource", "Mechanism: resource", "What the mechanism offers.", resource, setResource)}
      {text("reasoning", "Mechanism: reasoning", "What it triggers in people's thinking or feeling.", reasoning, setReasoning)}
      <fieldset>
        <legend>Was the mechanism present or absent in this account?</legend>
        <label className="choice">
          <input type="radio" name={`${id}-polarity`} checked={polarity === "present"} onChange={() => setPolarity("present")} />
          <span>Present: the mechanism fired</span>
        </label>
        <label className="choice">
          <input type="radio" name={`${id}-polarity`} checked={polarity === "absent"} onChange={() => setPolarity("absent")} />
          <span>Absent: the mechanism was missing</span>
        </label>
      </fieldset>
      <fieldset>
        <legend>Outcomes</legend>
        {outcomes.map((o, n) => (
          <div key={n} className={styles.outcomeRow}>
            <div>
              <label htmlFor={`${id}-sign-${n}`}>Outcome {n + 1} was</label>
              <select id={`${id}-sign-${n}`} value={o.sign} onChange={(e) => setOutcome(n, { sign: e.target.value as "+" | "-" })}>
                <option value="+">Present (+)</option>
                <option value="-">Absent (−)</option>
              </select>
            </div>
            <div>
              <label htmlFor={`${id}-outcome-${n}`}>Outcome {n + 1}</label>
              <input
                id={`${id}-outcome-${n}`}
                value={o.text}
                maxLength={LIMITS.cmoText.max}
                onChange={(e) => setOutcome(n, { text: e.target.value })}
              />
            </div>
            <button
              type="button"
              className="secondary"
              disabled={outcomes.length <= 1}
              onClick={() => setOutcomes((os) => os.filter((_, k) => k !== n))}
            >
              Remove<span className="visually-hidden"> outcome {n + 1}</span>
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          disabled={outcomes.length >= LIMITS.cmoOutcomes.max}
          onClick={() => setOutcomes((os) => [...os, { sign: "+", text: "" }])}
        >
          Add another outcome
        </button>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-source`}>Source it comes from</label>
        <select id={`${id}-source`} value={sourceId} onChange={(e) => setSourceId(e.target.value)} style={{ maxWidth: "100%" }}>
          <option value="">No single source</option>
          {props.sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.citation.length > 140 ? `${s.citation.slice(0, 140)}…` : s.citation}
            </option>
          ))}
        </select>
      </div>
      <div className="row">
        <button type="submit" disabled={props.pending}>
          {props.pending ? "Saving…" : props.submitLabel}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
