"use client";
/**
 * A missing-mechanism flag of the previous round in the workspace: what the panel proposed, how
 * many supported it, and its triage (accept as a new mechanism, merge into one, or decline with a
 * reason the panel reads).
 */
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { ErrorAlert, fieldError, formatDate } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { FLAG_TRIAGE_LABELS, FLAG_TRIAGE_VALUES, LIMITS, type FlagTriage } from "@/shared/domain";
import { FieldError, MergeTargetSelect } from "./form-parts";
import type { RoundMechanism, WorkspaceContext, WorkspaceFlag } from "./types";

type Props = { ctx: WorkspaceContext; flag: WorkspaceFlag; roundMechanisms: RoundMechanism[] };

export function TriageSection(props: Props) {
  const f = props.flag;
  const [editing, setEditing] = useState(false);
  const changeButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const headingId = `flag-${f.id}`;
  const showForm = props.ctx.editable && (editing || !f.triage);

  useEffect(() => {
    if (!showForm && refocus.current) {
      changeButton.current?.focus();
      refocus.current = false;
    }
  }, [showForm]);

  const close = () => {
    refocus.current = true;
    setEditing(false);
  };
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="spread">
        <h3 id={headingId} style={{ margin: 0 }}>
          {f.name}
        </h3>
        {f.triageLabel ? <span className="badge open">{f.triageLabel}</span> : <span className="badge draft">Not triaged yet</span>}
      </div>
      <p className="muted small">
        Flagged by {f.proposer} · {f.endorsementCount} {f.endorsementCount === 1 ? "person supports" : "people support"} it
      </p>
      <h4 style={{ margin: "0.5rem 0 0.1rem" }}>What it covers</h4>
      <p className="prewrap">{f.covers}</p>
      <h4 style={{ margin: "0.5rem 0 0.1rem" }}>Why it matters</h4>
      <p className="prewrap">{f.whyItMatters}</p>

      {showForm ? (
        <TriageForm {...props} onDone={close} onCancel={f.triage ? close : undefined} />
      ) : f.triage ? (
        <>
          <div className="stack" style={{ marginBottom: "0.75rem" }}>
            {f.triageMechanism && (
              <p>
                <strong>{f.triage === "accepted" ? "New mechanism:" : "Merged into:"}</strong>{" "}
                {f.triageMechanism.name ?? "a mechanism no longer in the draft"}
              </p>
            )}
            {f.triageReason && (
              <p>
                <strong>{f.triage === "declined" ? "Reason:" : "Note:"}</strong> <span className="prewrap">{f.triageReason}</span>
              </p>
            )}
            <p className="muted small">
              Triaged by {f.triagedBy} · {formatDate(f.triagedAt)}
            </p>
          </div>
          {props.ctx.editable && (
            <button type="button" className="secondary" ref={changeButton} onClick={() => setEditing(true)}>
              Change triage<span className="visually-hidden"> of {f.name}</span>
            </button>
          )}
        </>
      ) : (
        <p className="muted">Not triaged.</p>
      )}
    </section>
  );
}

function TriageForm(props: Props & { onDone: () => void; onCancel?: () => void }) {
  const { ctx, flag: f } = props;
  const trpc = useTRPC();
  const refresh = useRefresh();
  const idp = `t-${f.id}`;
  // Accepting again starts from the mechanism it created; a first acceptance from the flag's words.
  const created =
    f.triage === "accepted" && f.triageMechanism
      ? props.roundMechanisms.find((r) => r.mechanismId === f.triageMechanism!.mechanismId)
      : undefined;
  const [triage, setTriage] = useState<FlagTriage | "">(f.triage ?? "");
  const [name, setName] = useState(created?.name ?? f.name);
  const [description, setDescription] = useState(created?.description ?? f.covers);
  const [mechanismId, setMechanismId] = useState(f.triage === "merged" ? (f.triageMechanism?.mechanismId ?? "") : "");
  const [reason, setReason] = useState(f.triageReason ?? "");
  const [loadedAt] = useState<Date | null>(f.triagedAt ?? null);
  const [conflicted, setConflicted] = useState(false);
  // After a conflict the form shows the triage saved meanwhile: saving again knowingly replaces it.
  const base = conflicted ? (f.triagedAt ?? null) : loadedAt;

  const save = useMutation(
    trpc.decision.triageFlag.mutationOptions({
      onSuccess: async () => {
        setConflicted(false);
        await refresh();
        ctx.announce(`Flag “${f.name}” triaged: ${triage ? FLAG_TRIAGE_LABELS[triage] : ""}.`);
        props.onDone();
      },
      onError: async (error) => {
        if (error.data?.code === "CONFLICT") {
          setConflicted(true);
          await refresh();
        }
      },
    }),
  );
  const fe = (field: string) => fieldError(save.error, field);
  const describedBy = (field: string) => (fe(field) ? `${idp}-${field}-error` : undefined);
  const targets = props.roundMechanisms.filter((r) => r.mechanismId !== created?.mechanismId);

  return (
    <form
      noValidate
      aria-label={`Triage of ${f.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          consultationId: ctx.consultationId,
          round: ctx.round,
          flagId: f.id,
          triage: triage as FlagTriage, // an empty choice is refused by the server with a field message
          reason,
          mechanismId: triage === "merged" ? mechanismId || null : undefined,
          newMechanism: triage === "accepted" ? { name, description } : undefined,
          expectedTriagedAt: base,
        });
      }}
    >
      <ErrorAlert error={save.error} focus />
      {conflicted && (
        <div className="alert warn">
          <p style={{ marginTop: 0 }}>
            <strong>Saved meanwhile by another facilitator:</strong>{" "}
            {f.triageLabel
              ? `${f.triageLabel} (${f.triagedBy}, ${formatDate(f.triagedAt)})${f.triageReason ? `. ${f.triageReason}` : ""}`
              : "not triaged."}
          </p>
          <p style={{ marginBottom: 0 }}>
            Your choices are still in the form below. Compare them, then save again to replace theirs, or cancel.
          </p>
        </div>
      )}
      <fieldset aria-describedby={describedBy("triage")}>
        <legend>What happens to this flag?</legend>
        {FLAG_TRIAGE_VALUES.map((t) => (
          <label key={t} className="choice">
            <input type="radio" name={`${idp}-triage`} value={t} checked={triage === t} onChange={() => setTriage(t)} />
            <span>{FLAG_TRIAGE_LABELS[t]}</span>
          </label>
        ))}
        <FieldError id={`${idp}-triage-error`} text={fe("triage")} />
      </fieldset>

      {triage === "accepted" && (
        <fieldset aria-describedby={describedBy("newMechanism")}>
          <legend>The new mechanism in round {ctx.round}</legend>
          <FieldError id={`${idp}-newMechanism-error`} text={fe("newMechanism")} />
          <div className="field">
            <label htmlFor={`${idp}-name`}>Name</label>
            <input id={`${idp}-name`} value={name} maxLength={LIMITS.mechanismName.max} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${idp}-description`}>
              Description <span className="hint">Starts from what the flag covers; write it as the panel will read it.</span>
            </label>
            <textarea
              id={`${idp}-description`}
              rows={4}
              value={description}
              maxLength={LIMITS.mechanismDescription.max}
              onChange={(e) => setDescription(e.target.value)}
            />
          </div>
        </fieldset>
      )}

      {triage === "merged" && (
        <MergeTargetSelect
          idp={idp}
          field="mechanismId"
          hint={`A mechanism of the round ${ctx.round} draft that covers it.`}
          value={mechanismId}
          onChange={setMechanismId}
          targets={targets}
          error={fe("mechanismId")}
        />
      )}

      {triage !== "" && (
        <div className="field">
          <label htmlFor={`${idp}-reason`}>
            {triage === "declined" ? "Reason" : "Note (optional)"}{" "}
            <span className="hint">
              {triage === "declined" ? "Why it is declined. The panel will read it." : "Anything the panel should know about this choice."}
            </span>
          </label>
          <textarea
            id={`${idp}-reason`}
            rows={3}
            value={reason}
            maxLength={LIMITS.triageReason.max}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={!!fe("reason") || undefined}
            aria-describedby={describedBy("reason")}
          />
          <FieldError id={`${idp}-reason-error`} text={fe("reason")} />
        </div>
      )}

      <div className="row">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save triage"}
          <span className="visually-hidden"> of {f.name}</span>
        </button>
        {props.onCancel && (
          <button type="button" className="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
