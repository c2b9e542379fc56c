/** Between rounds: the next round's workspace, decisions on each mechanism, and flag triage. */
import { z } from "zod";
import * as decisions from "../services/decisions";
import { roundNumber } from "../services/round-state";
import { facilitatorProcedure, router } from "../trpc";

const byRound = z.object({ round: roundNumber });

export const decisionRouter = router({
  workspace: facilitatorProcedure.input(byRound).query(({ ctx, input }) => decisions.workspace(ctx.db, ctx, input.round)),
  prepare: facilitatorProcedure.input(byRound).mutation(({ ctx, input }) => decisions.prepare(ctx.db, ctx, input.round)),
  set: facilitatorProcedure
    .input(byRound)
    .input(decisions.decisionInput)
    .mutation(({ ctx, input }) => decisions.setDecision(ctx.db, ctx, input.round, input)),
  triageFlag: facilitatorProcedure
    .input(byRound)
    .input(decisions.triageInput)
    .mutation(({ ctx, input }) => decisions.triageFlag(ctx.db, ctx, input.round, input)),
});
