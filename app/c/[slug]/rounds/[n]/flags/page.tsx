import type { Metadata } from "next";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../../data";
import { roundFromParam } from "../params";
import { FlagsView } from "./flags-view";

export const metadata: Metadata = { title: "Missing mechanisms" };

export default async function FlagsPage({ params }: { params: Promise<{ slug: string; n: string }> }) {
  const { slug, n } = await params;
  const round = roundFromParam(n);
  const c = await loadConsultation(slug);
  await load(
    () => getQueryClient().fetchQuery(trpc.flag.list.queryOptions({ consultationId: c.id, round })),
    `/c/${slug}/rounds/${round}/flags`,
  );
  return (
    <HydrateClient>
      <FlagsView consultationId={c.id} slug={c.slug} round={round} role={c.me.role} />
    </HydrateClient>
  );
}
