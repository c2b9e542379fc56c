/** Evidence links, context-mechanism-outcome configurations, the evidence matrix and what the panel sees. */
import { router } from "../trpc";

export const evidenceRouter = router({});
