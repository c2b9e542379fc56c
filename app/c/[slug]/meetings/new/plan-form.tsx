"use client";
/** Plan a meeting: the round, title, format and time; the agenda starts as the round's mechanisms. */
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Empty, ErrorAlert, fieldError, Loading } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";
import { MeetingFields, scheduleOf, type MeetingDraft } from "../meeting-fields";

export function PlanForm(props: { consultationId: string; slug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const idp = useId();
  const list = useQuery(trpc.meetingPlan.list.queryOptions({ consultationId: props.consultationId }));
  const [round, setRound] = useState<number | null>(null);
  const [draft, setDraft] = useState<MeetingDraft>({ title: "", format: "in_person", date: "", time: "" });
  const [scheduleError, setScheduleError] = useState<string | null>(null);
  const create = useMutation(
    trpc.meetingPlan.create.mutationOptions({
      onSuccess: (m) => router.push(`/c/${props.slug}/meetings/${m.id}`),
    }),
  );
  if (list.isPending) return <Loading what="the rounds" />;
  if (list.isError) return <ErrorAlert error={list.error} />;
  const rounds = list.data.plannable;
  const chosen = round ?? rounds.find((r) => r.status === "open")?.number ?? rounds[0]?.number ?? null;
  const back = `/c/${props.slug}/meetings`;

  return (
    <div className="narrow">
      <p>
        <Link href={back}>← Meetings</Link>
      </p>
      <h1>Plan a meeting</h1>
      {rounds.length === 0 || chosen === null ? (
        <Empty>Every round is closed: a meeting can only be planned for a draft or open round.</Empty>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const when = scheduleOf(draft);
            setScheduleError(when.ok ? null : when.message);
            if (!when.ok) return;
            create.mutate({
              consultationId: props.consultationId,
              round: chosen,
              title: draft.title,
              format: draft.format,
              scheduledAt: when.at,
            });
          }}
        >
          <ErrorAlert error={fieldError(create.error, "title") ? null : create.error} focus />
          <div className="field">
            <label htmlFor={`${idp}-round`}>
              Round <span className="hint">The agenda starts with its mechanisms, in order, 5 minutes each; you can change it next.</span>
            </label>
            <select id={`${idp}-round`} value={chosen} onChange={(e) => setRound(Number(e.target.value))}>
              {rounds.map((r) => (
                <option key={r.number} value={r.number}>
                  Round {r.number}: {r.title} ({r.status === "open" ? "open" : "draft"})
                </option>
              ))}
            </select>
          </div>
          <MeetingFields idp={idp} value={draft} onChange={setDraft} error={create.error} scheduleError={scheduleError} />
          <div className="row">
            <button type="submit" disabled={create.isPending}>
              {create.isPending ? "Planning…" : "Plan the meeting"}
            </button>
            <Link href={back}>Cancel</Link>
          </div>
        </form>
      )}
    </div>
  );
}
