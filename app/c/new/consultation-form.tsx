"use client";
/** The consultation's fields, for creating one and for its settings page. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorAlert, fieldError } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";
import { LIMITS, SCALE_PRESETS } from "@/server/domain";

type Values = {
  title: string;
  researchQuestion: string;
  description: string;
  scaleMax: 5 | 9;
  scaleLabels: string[];
  anonymity: "named" | "pseudonymous";
  erasurePolicy: "anonymise" | "remove";
};

export function ConsultationForm(
  props: { mode: "create" } | { mode: "edit"; consultationId: string; initial: Values; scaleLocked: boolean },
) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(
    props.mode === "edit"
      ? props.initial
      : { title: "", researchQuestion: "", description: "", scaleMax: 5, scaleLabels: SCALE_PRESETS[5], anonymity: "pseudonymous", erasurePolicy: "anonymise" },
  );
  const [saved, setSaved] = useState(false);
  const create = useMutation(
    trpc.consultation.create.mutationOptions({ onSuccess: (r) => router.push(`/c/${r.slug}/rounds/1`) }),
  );
  const update = useMutation(
    trpc.consultation.update.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries();
        router.refresh();
      },
    }),
  );
  const mutation = props.mode === "create" ? create : update;
  const error = mutation.error;
  const set = <K extends keyof Values>(k: K, v: Values[K]) => {
    setSaved(false);
    setValues((old) => ({ ...old, [k]: v }));
  };
  const locked = props.mode === "edit" && props.scaleLocked;

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (props.mode === "create") create.mutate(values);
    else update.mutate({ ...values, consultationId: props.consultationId });
  }

  const fe = (f: string) => fieldError(error, f);
  return (
    <form onSubmit={submit} noValidate className="card">
      <ErrorAlert error={error} focus />
      {saved && (
        <div className="alert success" role="status">
          Settings saved.
        </div>
      )}
      <div className="field">
        <label htmlFor="title">Title</label>
        <input id="title" value={values.title} maxLength={LIMITS.title.max} onChange={(e) => set("title", e.target.value)} aria-invalid={!!fe("title") || undefined} aria-describedby={fe("title") ? "title-error" : undefined} />
        {fe("title") && <p id="title-error" className="field-error">{fe("title")}</p>}
      </div>
      <div className="field">
        <label htmlFor="rq">Research question</label>
        <textarea id="rq" value={values.researchQuestion} maxLength={LIMITS.researchQuestion.max} onChange={(e) => set("researchQuestion", e.target.value)} aria-invalid={!!fe("researchQuestion") || undefined} aria-describedby={fe("researchQuestion") ? "rq-error" : undefined} />
        {fe("researchQuestion") && <p id="rq-error" className="field-error">{fe("researchQuestion")}</p>}
      </div>
      <div className="field">
        <label htmlFor="description">
          Description for the panel <span className="hint">Optional. Plain language: what the review is and what you ask of the panel.</span>
        </label>
        <textarea id="description" value={values.description} maxLength={LIMITS.consultationDescription.max} onChange={(e) => set("description", e.target.value)} />
      </div>
      <fieldset disabled={locked}>
        <legend>Relevance rating scale</legend>
        {locked && <p className="hint">The scale cannot change once a round has been published.</p>}
        {([5, 9] as const).map((n) => (
          <label key={n} className="choice">
            <input type="radio" name="scale" checked={values.scaleMax === n} onChange={() => setValues((v) => ({ ...v, scaleMax: n, scaleLabels: SCALE_PRESETS[n] }))} />
            <span>
              1 to {n} {n === 9 ? "(GRADE: 1-3 not important, 4-6 important, 7-9 critical)" : "(not relevant to essential)"}
            </span>
          </label>
        ))}
        <details>
          <summary>Edit the labels of each point</summary>
          {values.scaleLabels.map((label, i) => (
            <div className="field" key={`${values.scaleMax}-${i}`}>
              <label htmlFor={`label-${i}`}>Label for {i + 1}</label>
              <input
                id={`label-${i}`}
                value={label}
                maxLength={LIMITS.scaleLabel.max}
                onChange={(e) => set("scaleLabels", values.scaleLabels.map((l, j) => (j === i ? e.target.value : l)))}
              />
            </div>
          ))}
        </details>
      </fieldset>
      <fieldset>
        <legend>How panel members see each other</legend>
        <label className="choice">
          <input type="radio" name="anonymity" checked={values.anonymity === "pseudonymous"} onChange={() => set("anonymity", "pseudonymous")} />
          <span>By pseudonym, such as &ldquo;Stakeholder 7, service user&rdquo; (recommended)</span>
        </label>
        <label className="choice">
          <input type="radio" name="anonymity" checked={values.anonymity === "named"} onChange={() => set("anonymity", "named")} />
          <span>By name and perspective</span>
        </label>
        <p className="hint">Facilitators always see names.</p>
      </fieldset>
      <fieldset>
        <legend>If a stakeholder asks to be erased</legend>
        <label className="choice">
          <input type="radio" name="erasure" checked={values.erasurePolicy === "anonymise"} onChange={() => set("erasurePolicy", "anonymise")} />
          <span>Keep what they contributed, shown as &ldquo;Withdrawn participant&rdquo; (the analysis keeps its numbers)</span>
        </label>
        <label className="choice">
          <input type="radio" name="erasure" checked={values.erasurePolicy === "remove"} onChange={() => set("erasurePolicy", "remove")} />
          <span>Remove their ratings, comments and flags</span>
        </label>
        <p className="hint">Either way, their name, email address and access are deleted. Tell the panel which you chose.</p>
      </fieldset>
      <button type="submit" disabled={mutation.isPending}>
        {mutation.isPending ? "Saving…" : props.mode === "create" ? "Create consultation" : "Save settings"}
      </button>
    </form>
  );
}
