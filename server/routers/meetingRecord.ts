/** What a meeting recorded: notes, quotes, attendance, and the record page. */
import { z } from "zod";
import { meetingId } from "../services/meeting-plan";
import * as rec from "../services/meeting-record";
import { facilitatorProcedure, noteTakerProcedure, router } from "../trpc";

export const meetingRecordRouter = router({
  notes: noteTakerProcedure.input(rec.notesInput).query(({ ctx, input }) => rec.notes(ctx.db, ctx, input)),
  addNote: noteTakerProcedure.input(rec.addNoteInput).mutation(({ ctx, input }) => rec.addNote(ctx.db, ctx, input)),
  editNote: noteTakerProcedure.input(rec.editNoteInput).mutation(({ ctx, input }) => rec.editNote(ctx.db, ctx, input)),
  deleteNote: noteTakerProcedure.input(rec.noteIdInput).mutation(({ ctx, input }) => rec.deleteNote(ctx.db, ctx, input.noteId)),
  addQuote: noteTakerProcedure.input(rec.addQuoteInput).mutation(({ ctx, input }) => rec.addQuote(ctx.db, ctx, input)),
  editQuote: noteTakerProcedure.input(rec.editQuoteInput).mutation(({ ctx, input }) => rec.editQuote(ctx.db, ctx, input)),
  deleteQuote: noteTakerProcedure.input(rec.quoteIdInput).mutation(({ ctx, input }) => rec.deleteQuote(ctx.db, ctx, input.quoteId)),
  attendance: facilitatorProcedure.input(z.object({ meetingId })).query(({ ctx, input }) => rec.attendance(ctx.db, ctx, input.meetingId)),
  setAttendance: facilitatorProcedure.input(rec.attendanceInput).mutation(({ ctx, input }) => rec.setAttendance(ctx.db, ctx, input)),
  record: noteTakerProcedure.input(z.object({ meetingId })).query(({ ctx, input }) => rec.record(ctx.db, ctx, input.meetingId)),
});
