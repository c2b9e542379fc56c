import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FacilitatorsOnly } from "@/app/_components/feedback";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../../data";
import { SourceForm } from "../source-form";
import { SourcesNav } from "../sources-nav";

export const metadata: Metadata = { title: "Edit a source" };

export default async function EditSourcePage({ params }: { params: Promise<{ slug: string; sourceId: string }> }) {
  const { slug, sourceId } = await params;
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") return <FacilitatorsOnly title="Edit a source" />;
  if (!/^[0-9a-f-]{36}$/i.test(sourceId)) notFound();
  const returnTo = `/c/${slug}/evidence/sources/${sourceId}`;
  const [source, list] = await Promise.all([
    load(() => getQueryClient().fetchQuery(trpc.source.byId.queryOptions({ consultationId: c.id, sourceId })), returnTo),
    load(() => getQueryClient().fetchQuery(trpc.source.list.queryOptions({ consultationId: c.id })), returnTo),
  ]);
  return (
    <HydrateClient>
      <SourcesNav slug={slug} current={null} />
      <h1>Edit {source.citation}</h1>
      <p className="muted">
        {source.links === 0
          ? "Not linked to any mechanism yet."
          : `Linked to ${source.links} ${source.links === 1 ? "mechanism" : "mechanisms"}; changes show wherever it is cited.`}
      </p>
      <SourceForm consultationId={c.id} slug={slug} source={source} stages={list.stages} />
    </HydrateClient>
  );
}
