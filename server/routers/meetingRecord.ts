/** What a meeting recorded: notes, quotes, attendance, and the record page. */
import { router } from "../trpc";

export const meetingRecordRouter = router({});
