import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../../../data";
import { roundFromParam } from "../../params";
import { MechanismView } from "./mechanism-view";

type Params = { params: Promise<{ slug: string; n: string; mechanismId: string }> };

async function loadMechanism(slug: string, n: string, mechanismId: string) {
  const round = roundFromParam(n);
  if (!z.uuid().safeParse(mechanismId).success) notFound();
  const c = await loadConsultation(slug);
  const input = { consultationId: c.id, round, mechanismId };
  const data = await load(
    () => getQueryClient().fetchQuery(trpc.mechanism.byId.queryOptions(input)),
    `/c/${slug}/rounds/${round}/mechanisms/${mechanismId}`,
  );
  return { c, round, data };
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug, n, mechanismId } = await params;
  const { data } = await loadMechanism(slug, n, mechanismId);
  return { title: data.mechanism.name };
}

export default async function MechanismPage({ params }: Params) {
  const { slug, n, mechanismId } = await params;
  const { c, round, data } = await loadMechanism(slug, n, mechanismId);
  // The first page of comments comes with the page, so nobody waits for "Loading comments";
  // so does what changed since the previous round, with its Delphi feedback.
  await Promise.all([
    getQueryClient().prefetchInfiniteQuery(
      trpc.comment.list.infiniteQueryOptions(
        { consultationId: c.id, target: { versionId: data.mechanism.versionId } },
        { getNextPageParam: (last) => last.nextCursor },
      ),
    ),
    getQueryClient().prefetchQuery(trpc.history.forMechanismPage.queryOptions({ consultationId: c.id, round, mechanismId })),
    // The evidence section (empty unless the round shows the evidence to the panel).
    getQueryClient().prefetchQuery(trpc.evidence.forPanel.queryOptions({ consultationId: c.id, round, mechanismId })),
    // Passages commented on in the previous round, highlighted in this round's text.
    round > 1
      ? getQueryClient().prefetchQuery(
          trpc.comment.carriedAnchors.queryOptions({ consultationId: c.id, versionId: data.mechanism.versionId }),
        )
      : null,
  ]);
  return (
    <HydrateClient>
      <MechanismView
        consultationId={c.id}
        slug={c.slug}
        round={round}
        mechanismId={mechanismId}
        role={c.me.role}
        scaleLabels={c.scaleLabels}
      />
    </HydrateClient>
  );
}
