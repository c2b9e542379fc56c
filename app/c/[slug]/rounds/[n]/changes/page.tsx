import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../../data";
import { roundFromParam } from "../params";
import { ChangesView } from "./changes-view";

type Params = { params: Promise<{ slug: string; n: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { n } = await params;
  return { title: `You said, we did: round ${n}` };
}

export default async function ChangesPage({ params }: Params) {
  const { slug, n } = await params;
  const round = roundFromParam(n);
  // Round 1 has no earlier round to answer.
  if (round === 1) notFound();
  const c = await loadConsultation(slug);
  await load(
    () => getQueryClient().fetchQuery(trpc.history.roundChanges.queryOptions({ consultationId: c.id, round })),
    `/c/${slug}/rounds/${round}/changes`,
  );
  return (
    <HydrateClient>
      <ChangesView consultationId={c.id} slug={c.slug} round={round} />
    </HydrateClient>
  );
}
