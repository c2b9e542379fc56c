import type { Metadata } from "next";
import { FacilitatorsOnly } from "@/app/_components/feedback";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../data";
import { PlanForm } from "./plan-form";

export const metadata: Metadata = { title: "Plan a meeting" };

export default async function NewMeetingPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") return <FacilitatorsOnly title="Plan a meeting" />;
  await load(() => getQueryClient().fetchQuery(trpc.meetingPlan.list.queryOptions({ consultationId: c.id })), `/c/${slug}/meetings/new`);
  return (
    <HydrateClient>
      <PlanForm consultationId={c.id} slug={c.slug} />
    </HydrateClient>
  );
}
