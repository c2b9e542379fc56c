import type { Metadata } from "next";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../data";
import { roundFromParam } from "./params";
import { RoundView } from "./round-view";

type Params = { params: Promise<{ slug: string; n: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { n } = await params;
  return { title: `Round ${n}` };
}

export default async function RoundPage({ params }: Params) {
  const { slug, n } = await params;
  const round = roundFromParam(n);
  const c = await loadConsultation(slug);
  const qc = getQueryClient();
  const input = { consultationId: c.id, round };
  await load(
    () =>
      Promise.all([qc.fetchQuery(trpc.round.byNumber.queryOptions(input)), qc.fetchQuery(trpc.mechanism.listForRound.queryOptions(input))]),
    `/c/${slug}/rounds/${round}`,
  );
  return (
    <HydrateClient>
      <RoundView consultationId={c.id} slug={c.slug} round={round} role={c.me.role} scaleLabels={c.scaleLabels} />
    </HydrateClient>
  );
}
