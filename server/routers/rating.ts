import { z } from "zod";
import * as ratings from "../services/ratings";
import { router, stakeholderProcedure } from "../trpc";

const versionId = z.uuid("Unknown mechanism");

export const ratingRouter = router({
  set: stakeholderProcedure
    .input(
      z.object({
        versionId,
        value: z
          .number("Choose a rating")
          .int("Choose a whole number")
          .min(0, "Choose a rating on the scale")
          .max(9, "Choose a rating on the scale"),
        /** Given in this live meeting (marks the rating; refused unless the member attends it). */
        meetingId: z.uuid("Unknown meeting").nullish(),
      }),
    )
    .mutation(({ ctx, input }) => ratings.set(ctx.db, ctx, input.versionId, input.value, input.meetingId ?? null)),
  clear: stakeholderProcedure.input(z.object({ versionId })).mutation(({ ctx, input }) => ratings.clear(ctx.db, ctx, input.versionId)),
});
