import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../../data";
import { HistoryView } from "./history-view";

type Params = { params: Promise<{ slug: string; mechanismId: string }> };

async function loadHistory(slug: string, mechanismId: string) {
  if (!z.uuid().safeParse(mechanismId).success) notFound();
  const c = await loadConsultation(slug);
  const data = await load(
    () => getQueryClient().fetchQuery(trpc.history.mechanism.queryOptions({ consultationId: c.id, mechanismId })),
    `/c/${slug}/mechanisms/${mechanismId}/history`,
  );
  return { c, data };
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug, mechanismId } = await params;
  const { data } = await loadHistory(slug, mechanismId);
  return { title: `History: ${data.name}` };
}

export default async function MechanismHistoryPage({ params }: Params) {
  const { slug, mechanismId } = await params;
  const { c } = await loadHistory(slug, mechanismId);
  return (
    <HydrateClient>
      <HistoryView consultationId={c.id} slug={c.slug} mechanismId={mechanismId} role={c.me.role} scaleLabels={c.scaleLabels} />
    </HydrateClient>
  );
}
