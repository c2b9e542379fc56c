import type { Metadata } from "next";
import { FacilitatorsOnly } from "@/app/_components/feedback";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../../data";
import { SourcesNav } from "../sources-nav";
import { DuplicatesView } from "./duplicates-view";

export const metadata: Metadata = { title: "Possible duplicate sources" };

export default async function DuplicatesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") return <FacilitatorsOnly title="Possible duplicate sources" />;
  await load(
    () => getQueryClient().fetchQuery(trpc.source.duplicates.queryOptions({ consultationId: c.id })),
    `/c/${slug}/evidence/sources/duplicates`,
  );
  return (
    <HydrateClient>
      <SourcesNav slug={slug} current="duplicates" />
      <DuplicatesView consultationId={c.id} slug={slug} />
    </HydrateClient>
  );
}
