import type { Metadata } from "next";
import { FacilitatorsOnly } from "@/app/_components/feedback";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../data";
import { readMatrixParams } from "./matrix-params";
import { MatrixView } from "./matrix-view";

export const metadata: Metadata = { title: "Evidence matrix" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function EvidencePage({ params, searchParams }: Props) {
  const { slug } = await params;
  const query = await searchParams;
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") return <FacilitatorsOnly title="Evidence" />;
  // The view the address asks for (by default the latest round, no filters, first page) comes with the page.
  const filters = readMatrixParams((k) => {
    const v = query[k];
    return Array.isArray(v) ? v[0] : v;
  });
  await load(
    () => getQueryClient().prefetchQuery(trpc.evidence.matrix.queryOptions({ consultationId: c.id, ...filters })),
    `/c/${slug}/evidence`,
  );
  return (
    <HydrateClient>
      <MatrixView consultationId={c.id} slug={c.slug} />
    </HydrateClient>
  );
}
