import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { HydrateClient } from "@/app/_trpc/server";
import { loadMeeting } from "../control/load";
import { ParticipantView } from "./participant-view";

type Params = { params: Promise<{ slug: string; meetingId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug, meetingId } = await params;
  const { view } = await loadMeeting(slug, meetingId, "join", false);
  return { title: `Meeting: ${view.title}` };
}

/** The panel's view of a live meeting (phones first); facilitators are sent to the control view. */
export default async function JoinPage({ params }: Params) {
  const { slug, meetingId } = await params;
  const { c } = await loadMeeting(slug, meetingId, "join", false);
  if (c.me.role === "facilitator") redirect(`/c/${c.slug}/meetings/${meetingId}/control`);
  return (
    <HydrateClient>
      <ParticipantView consultationId={c.id} slug={c.slug} meetingId={meetingId} scaleLabels={c.scaleLabels} />
    </HydrateClient>
  );
}
