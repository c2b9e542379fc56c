import type { Metadata } from "next";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../data";
import { MeetingsView } from "./meetings-view";

export const metadata: Metadata = { title: "Meetings" };

export default async function MeetingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator" && !c.me.noteTaker) {
    return (
      <>
        <h1>Meetings</h1>
        <div className="alert info" role="alert">
          This page is for the consultation&apos;s facilitators and note-takers.
        </div>
      </>
    );
  }
  await load(() => getQueryClient().fetchQuery(trpc.meetingPlan.list.queryOptions({ consultationId: c.id })), `/c/${slug}/meetings`);
  return (
    <HydrateClient>
      <MeetingsView consultationId={c.id} slug={c.slug} facilitator={c.me.role === "facilitator"} />
    </HydrateClient>
  );
}
