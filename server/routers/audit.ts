import { z } from "zod";
import * as audit from "../services/audit";
import { facilitatorProcedure, router } from "../trpc";

export const auditRouter = router({
  list: facilitatorProcedure
    .input(z.object({ cursor: z.string().max(100).nullish() }))
    .query(({ ctx, input }) => audit.list(ctx.db, ctx, input.cursor)),
});
