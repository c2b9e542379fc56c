import type { Metadata } from "next";
import { HydrateClient } from "@/app/_trpc/server";
import { loadMeeting } from "../control/load";
import { PresenterView } from "./presenter-view";
import { QrCode } from "./qr-code";

type Params = { params: Promise<{ slug: string; meetingId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug, meetingId } = await params;
  const { view } = await loadMeeting(slug, meetingId, "present", true);
  return { title: `Presenting: ${view.title}` };
}

/** For the projector or the shared screen; facilitators only (it shows hidden results to nobody). */
export default async function PresentPage({ params }: Params) {
  const { slug, meetingId } = await params;
  const { c, joinUrl } = await loadMeeting(slug, meetingId, "present", true);
  return (
    <HydrateClient>
      <PresenterView
        consultationId={c.id}
        meetingId={meetingId}
        scaleLabels={c.scaleLabels}
        joinUrl={joinUrl}
        qr={<QrCode value={joinUrl} className="qr" />}
      />
    </HydrateClient>
  );
}
