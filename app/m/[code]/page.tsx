import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { currentUser, getQueryClient, load, trpc } from "@/app/_trpc/server";

export const metadata: Metadata = { title: "Join a meeting" };

/**
 * The short link of a meeting (/m/<code>, also in its QR code): a member of the consultation goes
 * to the meeting (facilitators to its control view); someone signed out signs in first, then
 * comes back here.
 */
export default async function ShortLinkPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  if (!/^[A-Za-z0-9-]{1,20}$/.test(code)) notFound();
  const here = `/m/${code}`;
  if (!(await currentUser())) redirect(`/signin?callbackUrl=${encodeURIComponent(here)}`);
  const target = await load(() => getQueryClient().fetchQuery(trpc.meeting.resolveCode.queryOptions({ code })), here);
  redirect(`/c/${target.slug}/meetings/${target.meetingId}/${target.role === "facilitator" ? "control" : "join"}`);
}
