import type { Metadata } from "next";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../data";
import { AuditView } from "./audit-view";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") {
    return (
      <>
        <h1>Audit log</h1>
        <div className="alert info" role="alert">
          This page is for the consultation&apos;s facilitators.
        </div>
      </>
    );
  }
  await load(
    () => getQueryClient().prefetchInfiniteQuery(trpc.audit.list.infiniteQueryOptions({ consultationId: c.id }, { getNextPageParam: (l) => l.nextCursor })),
    `/c/${slug}/audit`,
  );
  return (
    <HydrateClient>
      <AuditView consultationId={c.id} />
    </HydrateClient>
  );
}
