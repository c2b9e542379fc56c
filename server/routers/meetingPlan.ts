/** Planning meetings: create, list, edit the agenda, remove. */
import { router } from "../trpc";

export const meetingPlanRouter = router({});
