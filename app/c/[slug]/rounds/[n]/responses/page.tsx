import type { Metadata } from "next";
import { FacilitatorsOnly } from "@/app/_components/feedback";
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
    return <FacilitatorsOnly title={`Responses to round ${round}`} />;
  }
  const input = { consultationId: c.id, round };
  await load(
    () =>
      Promise.all([
        getQueryClient().fetchQuery(trpc.overview.responses.queryOptions(input)),
        getQueryClient().fetchQuery(trpc.round.reminderStatus.queryOptions(input)),
      ]),
    `/c/${slug}/rounds/${round}/responses`,
  );
  return (
    <HydrateClient>
      <ResponsesView consultationId={c.id} slug={c.slug} round={round} />
    </HydrateClient>
  );
}
