import type { Metadata } from "next";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../../data";
import { NotesView } from "./notes-view";

export const metadata: Metadata = { title: "Meeting notes" };

/** The note-taker's page: the item on screen (followed live) and the notes panel for it. */
export default async function NotesPage({ params }: { params: Promise<{ slug: string; meetingId: string }> }) {
  const { slug, meetingId } = await params;
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator" && !c.me.noteTaker) {
    return (
      <>
        <h1>Meeting notes</h1>
        <div className="alert info" role="alert">
          Only the facilitators and the note-takers they chose can take notes in a meeting.
        </div>
      </>
    );
  }
  const here = `/c/${slug}/meetings/${meetingId}/notes`;
  const qc = getQueryClient();
  const input = { consultationId: c.id, meetingId };
  await load(() => qc.fetchQuery(trpc.meeting.live.queryOptions(input)), here);
  await load(() => qc.fetchQuery(trpc.meetingRecord.notes.queryOptions({ ...input, itemId: undefined })), here);
  return (
    <HydrateClient>
      <NotesView consultationId={c.id} slug={c.slug} meetingId={meetingId} />
    </HydrateClient>
  );
}
