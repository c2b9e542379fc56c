/** Evidence links, context-mechanism-outcome configurations, the evidence matrix and what the panel sees. */
import { z } from "zod";
import * as evidence from "../services/evidence";
import { roundNumber } from "../services/round-state";
import { consultationProcedure, facilitatorProcedure, router } from "../trpc";

const mechanismId = z.uuid("Unknown mechanism");
const linkId = z.uuid("Unknown evidence link");
const configurationId = z.uuid("Unknown configuration");

export const evidenceRouter = router({
  /** Sources × the mechanisms of a round, filtered and paged, with the counts per mechanism. */
  matrix: facilitatorProcedure
    .input(evidence.matrixFilters.extend({ page: z.number().int().min(1).max(10_000).optional() }))
    .query(({ ctx, input }) => evidence.matrix(ctx.db, ctx, input, input.page ?? 1)),
  /** One mechanism's links, configurations and the sources to choose from (facilitators' editing page). */
  mechanism: facilitatorProcedure
    .input(z.object({ mechanismId }))
    .query(({ ctx, input }) => evidence.mechanismEvidence(ctx.db, ctx, input.mechanismId)),
  /** The evidence on a mechanism's page in a round: nothing unless the round shows it to the panel. */
  forPanel: consultationProcedure
    .input(z.object({ round: roundNumber, mechanismId }))
    .query(({ ctx, input }) => evidence.forPanel(ctx.db, ctx, input)),

  addLink: facilitatorProcedure
    .input(z.object({ sourceId: z.uuid("Unknown source"), mechanismId, effect: evidence.effect, extract: evidence.extract }))
    .mutation(({ ctx, input }) => evidence.addLink(ctx.db, ctx, input)),
  updateLink: facilitatorProcedure
    .input(z.object({ linkId, effect: evidence.effect, extract: evidence.extract }))
    .mutation(({ ctx, input }) => evidence.updateLink(ctx.db, ctx, input)),
  removeLink: facilitatorProcedure.input(z.object({ linkId })).mutation(({ ctx, input }) => evidence.removeLink(ctx.db, ctx, input.linkId)),

  addConfiguration: facilitatorProcedure
    .input(evidence.configurationFields.extend({ mechanismId }))
    .mutation(({ ctx, input }) => evidence.addConfiguration(ctx.db, ctx, input)),
  updateConfiguration: facilitatorProcedure
    .input(evidence.configurationFields.extend({ configurationId }))
    .mutation(({ ctx, input }) => evidence.updateConfiguration(ctx.db, ctx, input)),
  removeConfiguration: facilitatorProcedure
    .input(z.object({ configurationId }))
    .mutation(({ ctx, input }) => evidence.removeConfiguration(ctx.db, ctx, input.configurationId)),
  moveConfiguration: facilitatorProcedure
    .input(z.object({ configurationId, direction: z.enum(["up", "down"], { error: "Move up or down" }) }))
    .mutation(({ ctx, input }) => evidence.moveConfiguration(ctx.db, ctx, input)),

  /** The number of included papers the review reports for one mechanism (null clears it). */
  setReportedCount: facilitatorProcedure
    .input(z.object({ mechanismId, count: evidence.publishedCount }))
    .mutation(({ ctx, input }) => evidence.setReportedCount(ctx.db, ctx, input)),
  /** The number of papers the review included in all (null clears it). */
  setIncludedCount: facilitatorProcedure
    .input(z.object({ count: evidence.publishedCount }))
    .mutation(({ ctx, input }) => evidence.setIncludedCount(ctx.db, ctx, input)),
  /** "Show the evidence to the panel in this round": draft and open rounds. */
  setRoundVisibility: facilitatorProcedure
    .input(z.object({ round: roundNumber, visible: z.boolean("Choose on or off") }))
    .mutation(({ ctx, input }) => evidence.setRoundVisibility(ctx.db, ctx, input)),
});
