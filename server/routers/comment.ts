import { z } from "zod";
import { LIMITS } from "@/shared/domain";
import { text } from "../validation";
import * as comments from "../services/comments";
import { consultationProcedure, facilitatorProcedure, router } from "../trpc";

const commentId = z.uuid("Unknown comment");

export const commentRouter = router({
  list: consultationProcedure
    .input(
      z.object({
        target: comments.target,
        cursor: z.string().max(100).nullish(),
        limit: z.number().int().min(1).max(100).optional(),
      }),
    )
    .query(({ ctx, input }) => comments.list(ctx.db, ctx, input)),
  add: consultationProcedure
    .input(
      z.object({
        target: comments.target,
        parentId: commentId.nullish(),
        body: comments.body,
        /** A comment on a passage of the mechanism's description (top-level comments only). */
        anchor: comments.anchorInput.nullish(),
        /** A comment on one of the mechanism's context-mechanism-outcome configurations (top-level only). */
        configurationId: z.uuid("Unknown configuration").nullish(),
        /** Given in this live meeting (refused unless the member attends it). */
        meetingId: z.uuid("Unknown meeting").nullish(),
      }),
    )
    .mutation(({ ctx, input }) => comments.add(ctx.db, ctx, input)),
  /** Round N's view of the passages commented on in round N-1 of the same mechanism. */
  carriedAnchors: consultationProcedure
    .input(z.object({ versionId: z.uuid("Unknown mechanism") }))
    .query(({ ctx, input }) => comments.carriedAnchors(ctx.db, ctx, input.versionId)),
  edit: consultationProcedure
    .input(z.object({ commentId, body: comments.body }))
    .mutation(({ ctx, input }) => comments.edit(ctx.db, ctx, input)),
  remove: consultationProcedure.input(z.object({ commentId })).mutation(({ ctx, input }) => comments.remove(ctx.db, ctx, input.commentId)),
  hide: facilitatorProcedure
    .input(z.object({ commentId, reason: text(LIMITS.hideReason) }))
    .mutation(({ ctx, input }) => comments.hide(ctx.db, ctx, input)),
  unhide: facilitatorProcedure.input(z.object({ commentId })).mutation(({ ctx, input }) => comments.unhide(ctx.db, ctx, input.commentId)),
});
