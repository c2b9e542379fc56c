import { z } from "zod";
import * as roundMail from "../services/round-mail";
import * as rounds from "../services/rounds";
import { roundNumber } from "../services/round-state";
import { consultationProcedure, facilitatorProcedure, router } from "../trpc";

const byNumber = z.object({ round: roundNumber });

export const roundRouter = router({
  list: consultationProcedure.query(({ ctx }) => rounds.list(ctx.db, ctx)),
  byNumber: consultationProcedure.input(byNumber).query(({ ctx, input }) => rounds.detail(ctx.db, ctx, input.round)),
  update: facilitatorProcedure
    .input(byNumber.extend(rounds.roundSettings.shape))
    .mutation(({ ctx, input }) => rounds.updateSettings(ctx.db, ctx, input.round, input)),
  // Publishes, then emails the panel their links: { emailed, failed, withoutEmail }.
  publish: facilitatorProcedure.input(byNumber).mutation(({ ctx, input }) => roundMail.publishAndAnnounce(ctx.db, ctx, input.round)),
  close: facilitatorProcedure.input(byNumber).mutation(({ ctx, input }) => rounds.close(ctx.db, ctx, input.round)),
  reminderStatus: facilitatorProcedure.input(byNumber).query(({ ctx, input }) => roundMail.reminderStatus(ctx.db, ctx, input.round)),
  remind: facilitatorProcedure.input(byNumber).mutation(({ ctx, input }) => roundMail.remind(ctx.db, ctx, input.round)),
});
