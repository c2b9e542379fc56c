import { z } from "zod";
import * as mechanisms from "../services/mechanisms";
import { roundNumber } from "../services/round-state";
import { consultationProcedure, facilitatorProcedure, router } from "../trpc";

const versionId = z.uuid("Unknown mechanism");

export const mechanismRouter = router({
  listForRound: consultationProcedure
    .input(z.object({ round: roundNumber }))
    .query(({ ctx, input }) => mechanisms.listForRound(ctx.db, ctx, input.round)),
  byId: consultationProcedure
    .input(z.object({ round: roundNumber, mechanismId: z.uuid("Unknown mechanism") }))
    .query(({ ctx, input }) => mechanisms.detail(ctx.db, ctx, input.round, input.mechanismId)),
  add: facilitatorProcedure
    .input(mechanisms.addInput.extend({ round: roundNumber }))
    .mutation(({ ctx, input }) => mechanisms.add(ctx.db, ctx, input.round, input)),
  update: facilitatorProcedure.input(mechanisms.updateInput).mutation(({ ctx, input }) => mechanisms.update(ctx.db, ctx, input)),
  reorder: facilitatorProcedure
    .input(z.object({ round: roundNumber, versionIds: z.array(versionId).min(1).max(200) }))
    .mutation(({ ctx, input }) => mechanisms.reorder(ctx.db, ctx, input.round, input.versionIds)),
  remove: facilitatorProcedure.input(z.object({ versionId })).mutation(({ ctx, input }) => mechanisms.remove(ctx.db, ctx, input.versionId)),
});
