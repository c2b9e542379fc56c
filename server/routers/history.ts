/** What changed between rounds and why: per mechanism, per round, and across rounds. */
import { router } from "../trpc";

export const historyRouter = router({});
