"use client";
/**
 * "Show the evidence to the panel in this round": one switch per round (draft or open), saved at
 * once and kept in the audit log. Once the round closes, what its panel saw is part of the record.
 */
import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ErrorAlert } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";

export function EvidenceSwitch(props: { consultationId: string; round: number; slug?: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const input = { consultationId: props.consultationId, round: props.round };
  const { data: round } = useSuspenseQuery(trpc.round.byNumber.queryOptions(input));
  const [status, setStatus] = useState("");
  const set = useMutation(
    trpc.evidence.setRoundVisibility.mutationOptions({
      onSuccess: async (r) => {
        setStatus(
          r.visible ? "Saved: the panel sees the evidence in this round." : "Saved: the panel does not see the evidence in this round.",
        );
        await refresh();
      },
    }),
  );
  const closed = round.status === "closed";
  const checked = set.isPending ? set.variables.visible : round.evidenceVisible;
  return (
    <fieldset style={{ marginTop: "1rem" }}>
      <legend>The evidence base</legend>
      <ErrorAlert error={set.error} />
      <label className="choice">
        <input
          type="checkbox"
          checked={checked}
          disabled={closed || set.isPending}
          aria-describedby="evidence-switch-hint"
          onChange={(e) => {
            setStatus("Saving…");
            set.mutate({ ...input, visible: e.target.checked });
          }}
        />
        <span>Show the evidence to the panel in this round</span>
      </label>
      <p id="evidence-switch-hint" className="hint">
        {closed
          ? `Round ${round.number} is closed: the panel ${round.evidenceVisible ? "saw" : "did not see"} the evidence, and that can no longer change.`
          : "Each mechanism's page then shows its sources, the counts by effect and its context-mechanism-outcome configurations, and the panel can comment on a configuration. Saved at once."}
        {props.slug && (
          <>
            {" "}
            <Link href={`/c/${props.slug}/evidence`}>Open the evidence matrix</Link>
          </>
        )}
      </p>
      <p role="status" aria-live="polite" className="small muted" style={{ margin: 0 }}>
        {status}
      </p>
    </fieldset>
  );
}
