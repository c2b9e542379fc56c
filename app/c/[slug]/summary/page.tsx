import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FacilitatorsOnly } from "@/app/_components/feedback";
import { getQueryClient, HydrateClient, load, trpc } from "@/app/_trpc/server";
import { loadConsultation } from "../data";
import { SummaryView } from "./summary-view";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ round?: string | string[] }> };

/** "?round=2" focuses one round; no parameter is the whole consultation. */
function roundParam(value: string | string[] | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(Array.isArray(value) ? value[0] : value);
  if (!Number.isInteger(n) || n < 1 || n > 50) notFound();
  return n;
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const round = roundParam((await searchParams).round);
  return { title: round ? `Feedback summary: round ${round}` : "Feedback summary" };
}

export default async function SummaryPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const round = roundParam((await searchParams).round);
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") return <FacilitatorsOnly title="Feedback summary" />;
  await load(
    () => getQueryClient().fetchQuery(trpc.summary.report.queryOptions({ consultationId: c.id, round })),
    `/c/${slug}/summary${round ? `?round=${round}` : ""}`,
  );
  return (
    <HydrateClient>
      <SummaryView consultationId={c.id} slug={c.slug} round={round} />
    </HydrateClient>
  );
}
