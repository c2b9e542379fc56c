"use client";
/** A planned meeting: its title, format and time, its agenda, and removing it. */
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { ConfirmButton } from "@/app/_components/confirm";
import { ErrorAlert, fieldError, Loading } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { MeetingFields, draftOf, scheduleOf, type MeetingDraft } from "../meeting-fields";
import { MeetingHeading } from "../meeting-status";
import { AgendaEditor } from "./agenda-editor";

export function PlanEditor(props: { consultationId: string; slug: string; meetingId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const input = { consultationId: props.consultationId, meetingId: props.meetingId };
  const query = useQuery(trpc.meetingPlan.byId.queryOptions(input));
  const remove = useMutation(trpc.meetingPlan.remove.mutationOptions({ onSuccess: () => router.push(`/c/${props.slug}/meetings`) }));
  if (query.isPending) return <Loading what="the meeting" />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const { meeting, round } = query.data;
  const base = `/c/${props.slug}/meetings/${meeting.id}`;

  return (
    <>
      <MeetingHeading back={{ href: `/c/${props.slug}/meetings`, label: "Meetings" }} title={meeting.title} status={meeting.status}>
        <p className="muted">
          Round {round.number}: {round.title} · {meeting.formatLabel} · join code <strong>{meeting.shortCode}</strong>
        </p>
      </MeetingHeading>
      <div className="row" style={{ marginBottom: "1rem" }}>
        <Link className="button" href={`${base}/control`}>
          Open control view
        </Link>
        <Link className="button secondary" href={`${base}/present`}>
          Presenter view
        </Link>
      </div>
      <DetailsForm consultationId={props.consultationId} meeting={meeting} />
      <AgendaEditor consultationId={props.consultationId} data={query.data} />
      <section aria-labelledby="remove-meeting" className="card">
        <h2 id="remove-meeting" style={{ marginTop: 0 }}>
          Remove this meeting
        </h2>
        <p>Only a meeting that has not started can be removed. Its join code stops working.</p>
        <ErrorAlert error={remove.error} />
        <ConfirmButton
          label="Remove meeting"
          title={`Remove "${meeting.title}"?`}
          body={<p>The meeting and its agenda are deleted. This cannot be undone.</p>}
          confirmLabel="Remove meeting"
          danger
          disabled={remove.isPending}
          onConfirm={() => remove.mutate(input)}
        />
      </section>
    </>
  );
}

function DetailsForm(props: {
  consultationId: string;
  meeting: { id: string; title: string; format: MeetingDraft["format"]; scheduledAt: Date | null };
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const idp = useId();
  const [draft, setDraft] = useState<MeetingDraft>(() => draftOf(props.meeting));
  const [scheduleError, setScheduleError] = useState<string | null>(null);
  const [saved, setSaved] = useState("");
  const update = useMutation(
    trpc.meetingPlan.update.mutationOptions({
      onSuccess: async (r) => {
        setSaved(r.changed ? "Meeting details saved." : "Nothing had changed.");
        await refresh();
      },
    }),
  );
  return (
    <section className="card" aria-labelledby={`${idp}-h`}>
      <h2 id={`${idp}-h`} style={{ marginTop: 0 }}>
        Details
      </h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSaved("");
          const when = scheduleOf(draft);
          setScheduleError(when.ok ? null : when.message);
          if (!when.ok) return;
          update.mutate({
            consultationId: props.consultationId,
            meetingId: props.meeting.id,
            title: draft.title,
            format: draft.format,
            scheduledAt: when.at,
          });
        }}
      >
        <ErrorAlert error={fieldError(update.error, "title") ? null : update.error} />
        <MeetingFields idp={idp} value={draft} onChange={setDraft} error={update.error} scheduleError={scheduleError} />
        <div className="row">
          <button type="submit" disabled={update.isPending}>
            Save details
          </button>
          <span role="status" aria-live="polite">
            {saved}
          </span>
        </div>
      </form>
    </section>
  );
}
