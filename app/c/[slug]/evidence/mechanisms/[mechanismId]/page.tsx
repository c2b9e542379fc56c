import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { FacilitatorsOnly } from "@/app/_components/feedback";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../../data";
import { MechanismEvidence } from "./mechanism-evidence";

type Params = { params: Promise<{ slug: string; mechanismId: string }> };

async function loadPage(slug: string, mechanismId: string) {
  if (!z.uuid().safeParse(mechanismId).success) notFound();
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") return { c, data: null };
  const data = await load(
    () => getQueryClient().fetchQuery(trpc.evidence.mechanism.queryOptions({ consultationId: c.id, mechanismId })),
    `/c/${slug}/evidence/mechanisms/${mechanismId}`,
  );
  return { c, data };
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug, mechanismId } = await params;
  const { data } = await loadPage(slug, mechanismId);
  return { title: data ? `Evidence: ${data.mechanism.name}` : "Evidence" };
}

export default async function MechanismEvidencePage({ params }: Params) {
  const { slug, mechanismId } = await params;
  const { c, data } = await loadPage(slug, mechanismId);
  if (!data) return <FacilitatorsOnly title="Evidence" />;
  return (
    <HydrateClient>
      <MechanismEvidence consultationId={c.id} slug={c.slug} mechanismId={mechanismId} />
    </HydrateClient>
  );
}
