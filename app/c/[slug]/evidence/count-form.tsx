"use client";
/** A published count (papers reported for a mechanism, papers included in the review): a whole number or nothing. */
import { useId, useMemo, useState } from "react";
import { ErrorAlert } from "@/app/_components/feedback";

export function CountForm(props: {
  label: string;
  hint: string;
  initial: number | null;
  pending: boolean;
  error: unknown;
  status: string;
  onSave: (count: number | null) => void;
}) {
  const id = useId();
  const [value, setValue] = useState(props.initial === null ? "" : String(props.initial));
  const [problem, setProblem] = useState<string | null>(null);
  const clientError = useMemo(() => (problem ? { message: problem } : null), [problem]);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const v = value.trim();
        if (v !== "" && !/^\d{1,6}$/.test(v)) return setProblem(`${props.label}: give a whole number such as 12, or leave the box empty.`);
        setProblem(null);
        props.onSave(v === "" ? null : Number(v));
      }}
    >
      <ErrorAlert error={clientError ?? props.error} />
      <div className="field">
        <label htmlFor={id}>
          {props.label} <span className="hint">{props.hint}</span>
        </label>
        <input id={id} inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} style={{ maxWidth: "10rem" }} />
      </div>
      <div className="row">
        <button type="submit" className="secondary" disabled={props.pending}>
          {props.pending ? "Saving…" : "Save"}
        </button>
        <span role="status" className="muted">
          {props.status}
        </span>
      </div>
    </form>
  );
}
