import type { Metadata } from "next";
import { HydrateClient } from "@/app/_trpc/server";
import { ControlView } from "./control-view";
import { loadMeeting } from "./load";

type Params = { params: Promise<{ slug: string; meetingId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug, meetingId } = await params;
  const { view } = await loadMeeting(slug, meetingId, "control", true);
  return { title: `Control: ${view.title}` };
}

export default async function ControlPage({ params }: Params) {
  const { slug, meetingId } = await params;
  const { c, joinUrl } = await loadMeeting(slug, meetingId, "control", true);
  return (
    <HydrateClient>
      <ControlView consultationId={c.id} slug={c.slug} meetingId={meetingId} scaleLabels={c.scaleLabels} joinUrl={joinUrl} />
    </HydrateClient>
  );
}
