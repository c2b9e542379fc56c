import { z } from "zod";
import * as overview from "../services/overview";
import { roundNumber } from "../services/round-state";
import { facilitatorProcedure, router } from "../trpc";

export const overviewRouter = router({
  responses: facilitatorProcedure
    .input(z.object({ round: roundNumber }))
    .query(({ ctx, input }) => overview.responses(ctx.db, ctx, input.round)),
});
