/**
 * The facilitators' feedback summary: the report of the whole consultation or of one round
 * (server/services/report.ts), always under pseudonyms, and every comment of one group on demand.
 */
import { z } from "zod";
import * as report from "../services/report";
import { roundNumber } from "../services/round-state";
import { facilitatorProcedure, router } from "../trpc";

export const summaryRouter = router({
  /** The summary page's report; `round` focuses one round, absent means the whole consultation. */
  report: facilitatorProcedure
    .input(z.object({ round: roundNumber.optional() }))
    .query(({ ctx, input }) => report.summaryReport(ctx.db, ctx.consultation.id, input.round)),
  /** Every comment on one mechanism of a round, or on the round's flags (mechanismId null). */
  comments: facilitatorProcedure
    .input(z.object({ round: roundNumber, mechanismId: z.uuid("Unknown mechanism").nullable() }))
    .query(({ ctx, input }) => report.groupComments(ctx.db, ctx.consultation.id, input.round, input.mechanismId)),
});
