import { z } from "zod";
import * as flags from "../services/flags";
import { roundNumber } from "../services/round-state";
import { consultationProcedure, router, stakeholderProcedure } from "../trpc";

const flagId = z.uuid("Unknown flag");

export const flagRouter = router({
  list: consultationProcedure.input(z.object({ round: roundNumber })).query(({ ctx, input }) => flags.list(ctx.db, ctx, input.round)),
  create: stakeholderProcedure
    .input(flags.flagFields.extend({ round: roundNumber }))
    .mutation(({ ctx, input }) => flags.create(ctx.db, ctx, input.round, input)),
  endorse: stakeholderProcedure.input(z.object({ flagId })).mutation(({ ctx, input }) => flags.endorse(ctx.db, ctx, input.flagId)),
  withdrawEndorsement: stakeholderProcedure
    .input(z.object({ flagId }))
    .mutation(({ ctx, input }) => flags.withdrawEndorsement(ctx.db, ctx, input.flagId)),
});
