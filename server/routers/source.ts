/** The review's sources: add, edit, import (RIS, BibTeX, CSV), duplicates and merging. Facilitators only. */
import { z } from "zod";
import * as sourcesService from "../services/sources";
import { facilitatorProcedure, router } from "../trpc";

const { sourceId } = sourcesService;

export const sourceRouter = router({
  list: facilitatorProcedure.input(sourcesService.listInput).query(({ ctx, input }) => sourcesService.list(ctx.db, ctx, input)),
  byId: facilitatorProcedure.input(z.object({ sourceId })).query(({ ctx, input }) => sourcesService.byId(ctx.db, ctx, input.sourceId)),
  create: facilitatorProcedure.input(sourcesService.sourceFields).mutation(({ ctx, input }) => sourcesService.create(ctx.db, ctx, input)),
  update: facilitatorProcedure
    .input(sourcesService.sourceFields.extend({ sourceId }))
    .mutation(({ ctx, input }) => sourcesService.update(ctx.db, ctx, input.sourceId, input)),
  delete: facilitatorProcedure
    .input(z.object({ sourceId }))
    .mutation(({ ctx, input }) => sourcesService.remove(ctx.db, ctx, input.sourceId)),
  /** Step 1 of an import: read the file and report what would be imported, skipped or merged. Writes nothing. */
  importPreview: facilitatorProcedure
    .input(sourcesService.importInput)
    .mutation(({ ctx, input }) => sourcesService.importPreview(ctx.db, ctx, input)),
  /** Step 2: the same file with the facilitator's choices; all of it is written, or nothing. */
  importCommit: facilitatorProcedure
    .input(sourcesService.commitInput)
    .mutation(({ ctx, input }) => sourcesService.importCommit(ctx.db, ctx, input)),
  duplicates: facilitatorProcedure.query(({ ctx }) => sourcesService.duplicates(ctx.db, ctx)),
  /** "These two are different works": the pair leaves the possible duplicates. */
  markDistinct: facilitatorProcedure
    .input(sourcesService.distinctInput)
    .mutation(({ ctx, input }) => sourcesService.markDistinct(ctx.db, ctx, input.firstId, input.secondId)),
  /** Undo markDistinct. */
  unmarkDistinct: facilitatorProcedure
    .input(sourcesService.distinctInput)
    .mutation(({ ctx, input }) => sourcesService.unmarkDistinct(ctx.db, ctx, input.firstId, input.secondId)),
  merge: facilitatorProcedure
    .input(sourcesService.mergeInput)
    .mutation(({ ctx, input }) => sourcesService.merge(ctx.db, ctx, input.keepId, input.removeId)),
});
