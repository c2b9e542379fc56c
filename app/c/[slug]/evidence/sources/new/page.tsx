import type { Metadata } from "next";
import { FacilitatorsOnly } from "@/app/_components/feedback";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../../data";
import { SourceForm } from "../source-form";
import { SourcesNav } from "../sources-nav";

export const metadata: Metadata = { title: "Add a source" };

export default async function NewSourcePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") return <FacilitatorsOnly title="Add a source" />;
  // The stages already used, offered as suggestions.
  const list = await load(
    () => getQueryClient().fetchQuery(trpc.source.list.queryOptions({ consultationId: c.id })),
    `/c/${slug}/evidence/sources/new`,
  );
  return (
    <HydrateClient>
      <SourcesNav slug={slug} current={null} />
      <h1>Add a source</h1>
      <SourceForm consultationId={c.id} slug={slug} source={null} stages={list.stages} />
    </HydrateClient>
  );
}
