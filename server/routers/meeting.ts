/** Live meetings: agenda state, the presenter/control/participant views and their event stream. */
import { z } from "zod";
import { LIMITS } from "@/shared/domain";
import * as live from "../services/meeting-live";
import { text } from "../validation";
import { authedProcedure, consultationProcedure, facilitatorProcedure, router, stakeholderProcedure } from "../trpc";

const meetingId = z.uuid("Unknown meeting");
const meetingInput = z.object({ meetingId });

export const meetingRouter = router({
  /** The meeting as the caller may see it (facilitators everything; the panel what the room sees). */
  live: consultationProcedure.input(meetingInput).query(({ ctx, input }) => live.view(ctx.db, ctx, input.meetingId)),

  /**
   * Live events over SSE. `lastEventId` is filled in by the client when it reconnects, so it gets
   * what it missed; the first event is always the whole state (or after a gap too long to replay).
   */
  events: consultationProcedure
    .input(z.object({ meetingId, lastEventId: z.string().max(100).nullish() }))
    .subscription(({ ctx, input, signal }) => live.openStream(ctx.db, ctx, input.meetingId, input.lastEventId ?? undefined, signal)),

  /** Meetings live now in the consultation (for the join banner). */
  liveNow: consultationProcedure.query(({ ctx }) => live.liveNow(ctx.db, ctx)),

  /** Where a short link (/m/<code>) leads the signed-in person, if they are on that consultation. */
  resolveCode: authedProcedure
    .input(z.object({ code: z.string().trim().min(1, "Give the meeting's code").max(20, "That is not a meeting code") }))
    .query(({ ctx, input }) => live.resolveCode(ctx.db, ctx.user.id, input.code)),

  start: facilitatorProcedure.input(meetingInput).mutation(({ ctx, input }) => live.start(ctx.db, ctx, input.meetingId)),
  end: facilitatorProcedure.input(meetingInput).mutation(({ ctx, input }) => live.end(ctx.db, ctx, input.meetingId)),
  move: facilitatorProcedure
    .input(
      z.object({
        meetingId,
        to: z.union([
          z.object({ itemId: z.uuid("Unknown agenda item") }),
          z.object({ step: z.union([z.literal(1), z.literal(-1)], { error: "Move one item forward (1) or back (-1)" }) }),
        ]),
      }),
    )
    .mutation(({ ctx, input }) => live.move(ctx.db, ctx, input.meetingId, input.to)),
  setResultsVisible: facilitatorProcedure
    .input(z.object({ meetingId, visible: z.boolean("Say whether to show the results") }))
    .mutation(({ ctx, input }) => live.setResultsVisible(ctx.db, ctx, input.meetingId, input.visible)),
  openQuestion: facilitatorProcedure
    .input(z.object({ meetingId, prompt: text(LIMITS.quickQuestion) }))
    .mutation(({ ctx, input }) => live.openQuestion(ctx.db, ctx, input.meetingId, input.prompt)),
  closeQuestion: facilitatorProcedure
    .input(z.object({ meetingId, questionId: z.uuid("Unknown question") }))
    .mutation(({ ctx, input }) => live.closeQuestion(ctx.db, ctx, input.meetingId, input.questionId)),

  join: stakeholderProcedure.input(meetingInput).mutation(({ ctx, input }) => live.join(ctx.db, ctx, input.meetingId)),
  answer: stakeholderProcedure
    .input(z.object({ meetingId, questionId: z.uuid("Unknown question"), body: text(LIMITS.quickAnswer) }))
    .mutation(({ ctx, input }) => live.answer(ctx.db, ctx, input.meetingId, input.questionId, input.body)),
});
