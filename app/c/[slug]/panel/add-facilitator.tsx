"use client";
/** Adding a co-facilitator: name and email; they sign in with that address. */
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert, fieldError } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { LIMITS } from "@/shared/domain";

export function AddFacilitator({ consultationId }: { consultationId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [added, setAdded] = useState("");
  const add = useMutation(
    trpc.panel.addFacilitator.mutationOptions({
      onSuccess: async (_r, vars) => {
        setAdded(`${vars.name} now facilitates this consultation. We emailed them how to sign in.`);
        setName("");
        setEmail("");
        await refresh();
      },
    }),
  );
  const errors = { name: fieldError(add.error, "name"), email: fieldError(add.error, "email") };
  return (
    <details className="card">
      <summary>Add a facilitator</summary>
      <form
        noValidate
        style={{ marginTop: "0.75rem" }}
        onSubmit={(e) => {
          e.preventDefault();
          setAdded("");
          add.mutate({ consultationId, name, email });
        }}
      >
        <p className="hint">Co-facilitators see everything you see, including names, and can change the consultation.</p>
        <ErrorAlert error={add.error} />
        <div role="status">{added && <p className="alert success">{added}</p>}</div>
        <div className="field">
          <label htmlFor="facilitator-name">Name</label>
          <input
            id="facilitator-name"
            value={name}
            maxLength={LIMITS.personName.max}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={!!errors.name || undefined}
          />
          {errors.name && <p className="field-error">{errors.name}</p>}
        </div>
        <div className="field">
          <label htmlFor="facilitator-email">Email address</label>
          <input
            id="facilitator-email"
            type="email"
            value={email}
            maxLength={LIMITS.email.max}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={!!errors.email || undefined}
          />
          {errors.email && <p className="field-error">{errors.email}</p>}
        </div>
        <button type="submit" className="secondary" disabled={add.isPending}>
          Add facilitator
        </button>
      </form>
    </details>
  );
}
