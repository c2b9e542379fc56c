/** Between rounds: the next round's workspace, decisions on each mechanism, and flag triage. */
import { router } from "../trpc";

export const decisionRouter = router({});
