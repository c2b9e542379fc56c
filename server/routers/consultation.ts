import { z } from "zod";
import * as consultations from "../services/consultations";
import { authedProcedure, facilitatorProcedure, router } from "../trpc";

export const consultationRouter = router({
  mine: authedProcedure.query(({ ctx }) => consultations.listMine(ctx.db, ctx.user)),
  bySlug: authedProcedure
    .input(z.object({ slug: z.string().trim().min(1).max(80) }))
    .query(({ ctx, input }) => consultations.bySlug(ctx.db, ctx.user, input.slug)),
  create: authedProcedure
    .input(consultations.consultationFields)
    .mutation(({ ctx, input }) => consultations.create(ctx.db, ctx.user, input)),
  update: facilitatorProcedure
    .input(consultations.consultationFields)
    .mutation(({ ctx, input }) => consultations.updateSettings(ctx.db, ctx, input)),
});
