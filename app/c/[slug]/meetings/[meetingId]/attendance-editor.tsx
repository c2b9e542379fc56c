"use client";
/** The facilitator marks panel members present or absent (people in the room without a device or email). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert, Loading } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";

export function AttendanceEditor(props: { consultationId: string; meetingId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { consultationId: props.consultationId, meetingId: props.meetingId };
  const query = useQuery(trpc.meetingRecord.attendance.queryOptions(input));
  const [status, setStatus] = useState("");
  // Ticked at once (a discrete click updates synchronously), until the server's answer arrives.
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const set = useMutation(
    trpc.meetingRecord.setAttendance.mutationOptions({
      onSettled: (_d, _e, v) => setPending((p) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== v.membershipId))),
      onSuccess: async (_d, v) => {
        await queryClient.invalidateQueries({ queryKey: trpc.meetingRecord.pathKey() });
        const who = query.data?.members.find((m) => m.membershipId === v.membershipId)?.label ?? "They";
        setStatus(`${who} marked ${v.present ? "present" : "absent"}.`);
      },
    }),
  );
  if (query.isPending) return <Loading what="the panel" />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const members = query.data.members;
  return (
    <details className="card">
      <summary>
        <strong>Record who is here</strong>
      </summary>
      <ErrorAlert error={set.error} />
      {members.length === 0 ? (
        <p className="muted">The panel is empty.</p>
      ) : (
        <fieldset style={{ marginTop: "0.75rem" }}>
          <legend>Present at the meeting</legend>
          {members.map((m) => (
            <label key={m.membershipId} className="choice">
              <input
                type="checkbox"
                checked={pending[m.membershipId] ?? m.present}
                disabled={m.membershipId in pending}
                onChange={(e) => {
                  const present = e.target.checked;
                  setPending((p) => ({ ...p, [m.membershipId]: present }));
                  set.mutate({ ...input, membershipId: m.membershipId, present });
                }}
              />
              <span>
                {m.label}
                {m.source === "joined" && <span className="muted small"> (joined from their device)</span>}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <p role="status" aria-live="polite" className="visually-hidden">
        {status}
      </p>
    </details>
  );
}
