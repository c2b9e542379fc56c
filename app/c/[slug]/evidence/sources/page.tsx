import type { Metadata } from "next";
import { FacilitatorsOnly } from "@/app/_components/feedback";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../data";
import { SourcesNav } from "./sources-nav";
import { SourcesView } from "./sources-view";
import { filtersFromParams } from "./types";

export const metadata: Metadata = { title: "Sources" };

export default async function SourcesPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") return <FacilitatorsOnly title="Sources" />;
  const filters = filtersFromParams(await searchParams);
  await load(
    () =>
      Promise.all([
        getQueryClient().fetchQuery(trpc.source.list.queryOptions({ consultationId: c.id, ...filters })),
        getQueryClient().fetchQuery(trpc.source.duplicates.queryOptions({ consultationId: c.id })),
      ]),
    `/c/${slug}/evidence/sources`,
  );
  return (
    <HydrateClient>
      <SourcesNav slug={slug} current="sources" />
      <SourcesView consultationId={c.id} slug={slug} initial={filters} />
    </HydrateClient>
  );
}
