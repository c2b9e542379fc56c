import type { Metadata } from "next";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../data";
import { PlanEditor } from "./plan-editor";
import { RecordView } from "./record-view";

export const metadata: Metadata = { title: "Meeting" };

/** A planned meeting's plan editor; once it has started, its record. */
export default async function MeetingPage({ params }: { params: Promise<{ slug: string; meetingId: string }> }) {
  const { slug, meetingId } = await params;
  const c = await loadConsultation(slug);
  const facilitator = c.me.role === "facilitator";
  if (!facilitator && !c.me.noteTaker) {
    return (
      <>
        <h1>Meeting</h1>
        <div className="alert info" role="alert">
          This page is for the consultation&apos;s facilitators and note-takers.
        </div>
      </>
    );
  }
  const here = `/c/${slug}/meetings/${meetingId}`;
  const qc = getQueryClient();
  const input = { consultationId: c.id, meetingId };
  const record = await load(() => qc.fetchQuery(trpc.meetingRecord.record.queryOptions(input)), here);
  if (record.meeting.status === "planned" && facilitator) {
    await load(() => qc.fetchQuery(trpc.meetingPlan.byId.queryOptions(input)), here);
    return (
      <HydrateClient>
        <PlanEditor consultationId={c.id} slug={c.slug} meetingId={meetingId} />
      </HydrateClient>
    );
  }
  if (facilitator) await load(() => qc.fetchQuery(trpc.meetingRecord.attendance.queryOptions(input)), here);
  return (
    <HydrateClient>
      <RecordView consultationId={c.id} slug={c.slug} meetingId={meetingId} />
    </HydrateClient>
  );
}
