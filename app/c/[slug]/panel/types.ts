import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/root";

export type PanelList = inferRouterOutputs<AppRouter>["panel"]["list"];
export type Member = PanelList["members"][number];
export type InvitationState = Member["invitation"]["state"];

export const INVITATION_WORDS: Record<InvitationState, string> = {
  none: "Not invited yet",
  link_created: "Link created",
  emailed: "Emailed",
  joined: "Joined",
  expired: "Link expired",
  revoked: "Link revoked",
};

/** A calendar date for link expiry, e.g. "3 June 2026"; the time of day does not matter here. */
export function formatDay(d: Date | string): string {
  return new Date(d).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
}
