"use client";
import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { LIMITS } from "@/server/domain";

export function RoundSettings(props: { consultationId: string; round: number }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const input = { consultationId: props.consultationId, round: props.round };
  const { data: round } = useSuspenseQuery(trpc.round.byNumber.queryOptions(input));
  const [title, setTitle] = useState(round.title);
  const [instructions, setInstructions] = useState(round.instructions);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.round.update.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await refresh();
      },
    }),
  );
  return (
    <details style={{ marginTop: "1rem" }}>
      <summary>Round title and instructions for the panel</summary>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          save.mutate({ ...input, title, instructions });
        }}
        style={{ marginTop: "0.75rem" }}
      >
        <ErrorAlert error={save.error} />
        {saved && (
          <div className="alert success" role="status">
            Saved.
          </div>
        )}
        <div className="field">
          <label htmlFor="round-title">Title</label>
          <input id="round-title" value={title} maxLength={LIMITS.roundTitle.max} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="round-instructions">Instructions</label>
          <textarea id="round-instructions" value={instructions} maxLength={LIMITS.instructions.max} onChange={(e) => setInstructions(e.target.value)} />
        </div>
        <button type="submit" className="secondary" disabled={save.isPending}>
          Save round details
        </button>
      </form>
    </details>
  );
}
