import * as personalData from "../services/personal-data";
import { consultationProcedure, router } from "../trpc";

export const meRouter = router({
  /** Everything the caller contributed to this consultation, as a downloadable JSON document. */
  export: consultationProcedure.query(({ ctx }) => personalData.exportMine(ctx.db, ctx)),
});
