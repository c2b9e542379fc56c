import type { Metadata } from "next";
import { FacilitatorsOnly } from "@/app/_components/feedback";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../../../data";
import { roundFromParam } from "../params";
import { WorkspaceView } from "./workspace-view";

type Params = { params: Promise<{ slug: string; n: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { n } = await params;
  return { title: `Preparing round ${n}` };
}

export default async function WorkspacePage({ params }: Params) {
  const { slug, n } = await params;
  const round = roundFromParam(n);
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") {
    return <FacilitatorsOnly title={`Preparing round ${round}`} />;
  }
  // Round 1 has no previous round: its workspace does not exist (BAD_REQUEST becomes a 404).
  await load(
    () => getQueryClient().fetchQuery(trpc.decision.workspace.queryOptions({ consultationId: c.id, round })),
    `/c/${slug}/rounds/${round}/workspace`,
  );
  return (
    <HydrateClient>
      <WorkspaceView consultationId={c.id} slug={c.slug} round={round} />
    </HydrateClient>
  );
}
