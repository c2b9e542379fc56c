import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/root";

export type Workspace = inferRouterOutputs<AppRouter>["decision"]["workspace"];
export type WorkspaceMechanism = Workspace["mechanisms"][number];
export type WorkspaceFlag = Workspace["flags"][number];
export type RoundMechanism = Workspace["roundMechanisms"][number];

/** What every form of the workspace needs to know about where it is. */
export type WorkspaceContext = {
  consultationId: string;
  slug: string;
  round: number;
  previousRound: number;
  /** Decisions and triage can be changed (round N is a prepared draft). */
  editable: boolean;
  announce: (message: string) => void;
};
