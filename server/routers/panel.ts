import { z } from "zod";
import * as invitations from "../services/invitations";
import * as panel from "../services/panel";
import * as personalData from "../services/personal-data";
import { facilitatorProcedure, router } from "../trpc";

const membershipId = z.uuid("Unknown panel member");

export const panelRouter = router({
  list: facilitatorProcedure.query(({ ctx }) => panel.list(ctx.db, ctx)),
  add: facilitatorProcedure.input(panel.memberFields).mutation(({ ctx, input }) => panel.add(ctx.db, ctx, input)),
  addFacilitator: facilitatorProcedure
    .input(panel.facilitatorFields)
    .mutation(({ ctx, input }) => panel.addFacilitator(ctx.db, ctx, input)),
  addMany: facilitatorProcedure
    .input(z.object({ text: z.string().max(100_000, "That list is too long: paste at most 500 lines at a time") }))
    .mutation(({ ctx, input }) => panel.addMany(ctx.db, ctx, input.text)),
  update: facilitatorProcedure.input(panel.memberUpdate).mutation(({ ctx, input }) => panel.update(ctx.db, ctx, input)),
  setNoteTaker: facilitatorProcedure.input(panel.noteTakerInput).mutation(({ ctx, input }) => panel.setNoteTaker(ctx.db, ctx, input)),
  remove: facilitatorProcedure
    .input(z.object({ membershipId }))
    .mutation(({ ctx, input }) => panel.remove(ctx.db, ctx, input.membershipId)),
  erase: facilitatorProcedure
    .input(z.object({ membershipId }))
    .mutation(({ ctx, input }) => personalData.erase(ctx.db, ctx, input.membershipId)),
  createLink: facilitatorProcedure
    .input(z.object({ membershipId }))
    .mutation(({ ctx, input }) => invitations.createLink(ctx.db, ctx, input.membershipId)),
  sendEmail: facilitatorProcedure
    .input(z.object({ membershipId }))
    .mutation(({ ctx, input }) => invitations.sendByEmail(ctx.db, ctx, input.membershipId)),
  revokeLink: facilitatorProcedure
    .input(z.object({ membershipId }))
    .mutation(({ ctx, input }) => invitations.revoke(ctx.db, ctx, input.membershipId)),
});
