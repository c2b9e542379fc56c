import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/root";

export type Responses = inferRouterOutputs<AppRouter>["overview"]["responses"];
export type MechanismSummary = Responses["mechanisms"][number];
export type StakeholderResponse = Responses["stakeholders"][number];
