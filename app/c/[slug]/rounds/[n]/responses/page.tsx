import type { Metadata } from "next";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../../data";
import { roundFromParam } from "../params";
import { ResponsesView } from "./responses-view";

type Params = { params: Promise<{ slug: string; n: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { n } = await params;
  return { title: `Responses to round ${n}` };
}

export default async function ResponsesPage({ params }: Params) {
  const { slug, n } = await params;
  const round = roundFromParam(n);
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") {
    return (
      <>
        <h1>Responses to round {round}</h1>
        <div className="alert info" role="alert">
          This page is for the consultation&apos;s facilitators.
        </div>
      </>
    );
  }
  await load(
    () => getQueryClient().fetchQuery(trpc.overview.responses.queryOptions({ consultationId: c.id, round })),
    `/c/${slug}/rounds/${round}/responses`,
  );
  return (
    <HydrateClient>
      <ResponsesView consultationId={c.id} slug={c.slug} round={round} />
    </HydrateClient>
  );
}
