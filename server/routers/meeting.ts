/** Live meetings: agenda state, the presenter/control/participant views and their event stream. */
import { router } from "../trpc";

export const meetingRouter = router({});
