"use client";
/** "Can take meeting notes": a facilitator lets a stakeholder record notes and quotes in meetings. */
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ErrorAlert } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";

export function NoteTakerToggle(props: { consultationId: string; membershipId: string; name: string; noteTaker: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const id = useId();
  const [status, setStatus] = useState("");
  // Shown at once (a discrete click updates synchronously), until the server's answer arrives.
  const [pending, setPending] = useState<boolean | null>(null);
  const set = useMutation(
    trpc.panel.setNoteTaker.mutationOptions({
      onSettled: () => setPending(null),
      onSuccess: async (_data, input) => {
        await refresh();
        setStatus(input.noteTaker ? `${props.name} can now take meeting notes.` : `${props.name} can no longer take meeting notes.`);
      },
    }),
  );
  return (
    <div>
      <ErrorAlert error={set.error} />
      <label className="choice" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={pending ?? props.noteTaker}
          disabled={pending !== null}
          onChange={(e) => {
            setPending(e.target.checked);
            set.mutate({ consultationId: props.consultationId, membershipId: props.membershipId, noteTaker: e.target.checked });
          }}
        />
        <span>
          Can take meeting notes<span className="visually-hidden"> ({props.name})</span>
        </span>
      </label>
      <span role="status" aria-live="polite" className="visually-hidden">
        {status}
      </span>
    </div>
  );
}
