import "server-only";
import { cache } from "react";
import { getQueryClient, load, trpc } from "@/app/_trpc/server";

/** The consultation and the caller's role, loaded once per request by layout and pages. */
export const loadConsultation = cache(async (slug: string) =>
  load(() => getQueryClient().fetchQuery(trpc.consultation.bySlug.queryOptions({ slug })), `/c/${slug}`),
);

export const loadRounds = cache(async (consultationId: string, slug: string) =>
  load(() => getQueryClient().fetchQuery(trpc.round.list.queryOptions({ consultationId })), `/c/${slug}`),
);
