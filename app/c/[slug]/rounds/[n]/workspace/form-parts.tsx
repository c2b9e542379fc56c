/** Pieces the workspace's decision and triage forms share: a field's error and the merge target. */
import type { RoundMechanism } from "./types";

export function FieldError({ id, text }: { id: string; text?: string }) {
  if (!text) return null;
  return (
    <p id={id} className="field-error">
      {text}
    </p>
  );
}

/** Which round N mechanism something is merged into; `${idp}-${field}` is its id. */
export function MergeTargetSelect(props: {
  idp: string;
  field: string;
  hint: string;
  value: string;
  onChange: (mechanismId: string) => void;
  targets: Pick<RoundMechanism, "mechanismId" | "name">[];
  error?: string;
}) {
  const id = `${props.idp}-${props.field}`;
  return (
    <div className="field">
      <label htmlFor={id}>
        Merge into <span className="hint">{props.hint}</span>
      </label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={!!props.error || undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      >
        <option value="">Choose a mechanism</option>
        {props.targets.map((t) => (
          <option key={t.mechanismId} value={t.mechanismId}>
            {t.name}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} text={props.error} />
    </div>
  );
}
