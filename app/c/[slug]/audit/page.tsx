import type { Metadata } from "next";
import { FacilitatorsOnly } from "@/app/_components/feedback";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../data";
import { AuditView } from "./audit-view";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") {
    return <FacilitatorsOnly title="Audit log" />;
  }
  await load(
    () =>
      getQueryClient().prefetchInfiniteQuery(
        trpc.audit.list.infiniteQueryOptions({ consultationId: c.id }, { getNextPageParam: (l) => l.nextCursor }),
      ),
    `/c/${slug}/audit`,
  );
  return (
    <HydrateClient>
      <AuditView consultationId={c.id} />
    </HydrateClient>
  );
}
