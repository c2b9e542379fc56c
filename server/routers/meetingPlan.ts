/** Planning meetings: create, list, edit the agenda, remove. */
import { z } from "zod";
import { publishMeetingState } from "../services/meeting-live";
import * as plan from "../services/meeting-plan";
import { facilitatorProcedure, noteTakerProcedure, router } from "../trpc";

export const meetingPlanRouter = router({
  /** Facilitators see every meeting; note-takers the running and past ones (to take notes). */
  list: noteTakerProcedure.query(({ ctx }) => plan.list(ctx.db, ctx)),
  byId: facilitatorProcedure
    .input(z.object({ meetingId: plan.meetingId }))
    .query(({ ctx, input }) => plan.detail(ctx.db, ctx, input.meetingId)),
  create: facilitatorProcedure.input(plan.createInput).mutation(({ ctx, input }) => {
    const m = plan.createMeeting(ctx.db, ctx, input);
    return { id: m.id, shortCode: m.shortCode };
  }),
  update: facilitatorProcedure.input(plan.updateInput).mutation(({ ctx, input }) => plan.update(ctx.db, ctx, input)),
  setAgenda: facilitatorProcedure.input(plan.agendaInput).mutation(({ ctx, input }) => {
    const result = plan.setAgenda(ctx.db, ctx, input);
    // A running meeting's control and presenter views show the new agenda at once (after the commit).
    if (result.status === "live") publishMeetingState(ctx.db, ctx, input.meetingId);
    return result;
  }),
  remove: facilitatorProcedure
    .input(z.object({ meetingId: plan.meetingId }))
    .mutation(({ ctx, input }) => plan.remove(ctx.db, ctx, input.meetingId)),
});
