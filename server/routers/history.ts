/** What changed between rounds and why: per mechanism, per round, and across rounds. */
import { z } from "zod";
import * as history from "../services/history";
import { roundNumber } from "../services/round-state";
import { consultationProcedure, router } from "../trpc";

const mechanismId = z.uuid("Unknown mechanism");

export const historyRouter = router({
  /** The mechanism page's "what changed" and Delphi feedback, in one cheap call. */
  forMechanismPage: consultationProcedure
    .input(z.object({ round: roundNumber, mechanismId }))
    .query(({ ctx, input }) => history.forMechanismPage(ctx.db, ctx, input.round, input.mechanismId)),
  /** "You said, we did" for a round after the first. */
  roundChanges: consultationProcedure
    .input(z.object({ round: roundNumber }))
    .query(({ ctx, input }) => history.roundChanges(ctx.db, ctx, input.round)),
  /** Every version of a mechanism, its results, decisions, origin and fate. */
  mechanism: consultationProcedure
    .input(z.object({ mechanismId }))
    .query(({ ctx, input }) => history.mechanismHistory(ctx.db, ctx, input.mechanismId)),
});
