import type { Metadata } from "next";
import { FacilitatorsOnly } from "@/app/_components/feedback";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../data";
import { PanelView } from "./panel-view";

export const metadata: Metadata = { title: "Panel" };

export default async function PanelPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") {
    return <FacilitatorsOnly title="Panel" />;
  }
  await load(() => getQueryClient().fetchQuery(trpc.panel.list.queryOptions({ consultationId: c.id })), `/c/${slug}/panel`);
  return (
    <HydrateClient>
      <PanelView consultationId={c.id} erasurePolicy={c.erasurePolicy} />
    </HydrateClient>
  );
}
