"use client";
/** Adding stakeholders: one at a time, or a pasted list (all or nothing, checked on the server). */
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert, fieldError } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { LIMITS, PERSPECTIVE_LABELS, PERSPECTIVE_VALUES, type PerspectiveValue } from "@/shared/domain";

export function AddMember({ consultationId }: { consultationId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  // No default perspective: a wrong guess would quietly skew the results by perspective.
  const [perspective, setPerspective] = useState<PerspectiveValue | "">("");
  const [missingPerspective, setMissingPerspective] = useState(false);
  const [added, setAdded] = useState("");
  const add = useMutation(
    trpc.panel.add.mutationOptions({
      onSuccess: async (_r, vars) => {
        setAdded(`${vars.name} was added to the panel. Give them a link in the table above.`);
        setName("");
        setEmail("");
        setPerspective("");
        await refresh();
        document.getElementById("member-name")?.focus();
      },
    }),
  );

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setAdded("");
    setMissingPerspective(!perspective);
    if (!perspective) {
      add.reset();
      return;
    }
    add.mutate({ consultationId, name, email, perspective });
  }

  const errors = {
    name: fieldError(add.error, "name"),
    email: fieldError(add.error, "email"),
    perspective: missingPerspective ? "Choose one of the four perspectives" : fieldError(add.error, "perspective"),
  };
  const describedBy = (field: keyof typeof errors, hint?: string) =>
    [hint, errors[field] ? `member-${field}-error` : null].filter(Boolean).join(" ") || undefined;

  return (
    <section className="card" aria-labelledby="add-member-heading">
      <h2 id="add-member-heading" style={{ marginTop: 0 }}>
        Add a stakeholder
      </h2>
      <form noValidate onSubmit={submit}>
        <ErrorAlert error={add.error} />
        <div role="status">{added && <p className="alert success">{added}</p>}</div>
        <div className="field">
          <label htmlFor="member-name">Name</label>
          <input
            id="member-name"
            autoComplete="off"
            value={name}
            maxLength={LIMITS.personName.max}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={!!errors.name || undefined}
            aria-describedby={describedBy("name")}
          />
          <FieldError id="member-name-error" text={errors.name} />
        </div>
        <div className="field">
          <label htmlFor="member-email">
            Email <span className="hint">Optional</span>
          </label>
          <p id="member-email-hint" className="hint">
            Leave empty for people without email: give them a personal link instead.
          </p>
          <input
            id="member-email"
            type="email"
            autoComplete="off"
            value={email}
            maxLength={LIMITS.email.max}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={!!errors.email || undefined}
            aria-describedby={describedBy("email", "member-email-hint")}
          />
          <FieldError id="member-email-error" text={errors.email} />
        </div>
        <div className="field">
          <label htmlFor="member-perspective">Perspective</label>
          <select
            id="member-perspective"
            value={perspective}
            onChange={(e) => setPerspective(e.target.value as PerspectiveValue | "")}
            aria-invalid={!!errors.perspective || undefined}
            aria-describedby={describedBy("perspective")}
          >
            <option value="">Choose a perspective</option>
            {PERSPECTIVE_VALUES.map((p) => (
              <option key={p} value={p}>
                {PERSPECTIVE_LABELS[p]}
              </option>
            ))}
          </select>
          <FieldError id="member-perspective-error" text={errors.perspective} />
        </div>
        <button type="submit" disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Add stakeholder"}
        </button>
      </form>
    </section>
  );
}

export function AddMany({ consultationId }: { consultationId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [text, setText] = useState("");
  const [added, setAdded] = useState("");
  const addMany = useMutation(
    trpc.panel.addMany.mutationOptions({
      onSuccess: async (r) => {
        setAdded(`${r.added} ${r.added === 1 ? "person" : "people"} added.`);
        setText("");
        await refresh();
      },
    }),
  );

  return (
    <section className="card" aria-labelledby="add-many-heading">
      <h2 id="add-many-heading" style={{ marginTop: 0 }}>
        Add several at once
      </h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setAdded("");
          addMany.mutate({ consultationId, text });
        }}
      >
        {/* The server's message names every bad line; nobody is added until all lines are right. */}
        <ErrorAlert error={addMany.error} focus />
        <div role="status">{added && <p className="alert success">{added}</p>}</div>
        <div className="field">
          <label htmlFor="paste-list">People to add</label>
          <div id="paste-list-hint" className="hint">
            <p>
              One person per line: <code>name, email, perspective</code>. The email is optional. The perspective is one of practitioner,
              service user, opinion leader or researcher. You can paste from a spreadsheet. For example:
            </p>
            <pre className="prewrap" style={{ margin: "0 0 0.5rem" }}>
              {"Ann Lee, ann.lee@example.org, practitioner\nSam Patel, service user\nJo Okafor, jo@example.org, researcher"}
            </pre>
          </div>
          <textarea
            id="paste-list"
            rows={8}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={!!addMany.error || undefined}
            aria-describedby="paste-list-hint"
            spellCheck={false}
          />
        </div>
        <button type="submit" disabled={addMany.isPending}>
          {addMany.isPending ? "Adding…" : "Add everyone"}
        </button>
      </form>
    </section>
  );
}

function FieldError({ id, text }: { id: string; text?: string }) {
  if (!text) return null;
  return (
    <p id={id} className="field-error">
      {text}
    </p>
  );
}
