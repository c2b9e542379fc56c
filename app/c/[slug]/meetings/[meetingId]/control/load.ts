import "server-only";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getQueryClient, load, trpc } from "@/app/_trpc/server";
import { publicUrl } from "@/server/config";
import { loadConsultation } from "../../../data";

/** A meeting's live view for a page; `facilitatorsOnly` pages are a 404 for anyone else. */
export async function loadMeeting(slug: string, meetingId: string, page: string, facilitatorsOnly: boolean) {
  if (!z.uuid().safeParse(meetingId).success) notFound();
  const c = await loadConsultation(slug);
  if (facilitatorsOnly && c.me.role !== "facilitator") notFound();
  const view = await load(
    () => getQueryClient().fetchQuery(trpc.meeting.live.queryOptions({ consultationId: c.id, meetingId })),
    `/c/${slug}/meetings/${meetingId}/${page}`,
  );
  return { c, view, joinUrl: `${publicUrl()}/m/${view.shortCode}` };
}
