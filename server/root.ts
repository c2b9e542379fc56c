/** The app's router: one sub-router per domain. */
import { auditRouter } from "./routers/audit";
import { commentRouter } from "./routers/comment";
import { consultationRouter } from "./routers/consultation";
import { decisionRouter } from "./routers/decision";
import { flagRouter } from "./routers/flag";
import { historyRouter } from "./routers/history";
import { meRouter } from "./routers/me";
import { mechanismRouter } from "./routers/mechanism";
import { overviewRouter } from "./routers/overview";
import { panelRouter } from "./routers/panel";
import { ratingRouter } from "./routers/rating";
import { roundRouter } from "./routers/round";
import { summaryRouter } from "./routers/summary";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  consultation: consultationRouter,
  round: roundRouter,
  mechanism: mechanismRouter,
  rating: ratingRouter,
  comment: commentRouter,
  flag: flagRouter,
  panel: panelRouter,
  overview: overviewRouter,
  audit: auditRouter,
  me: meRouter,
  decision: decisionRouter,
  history: historyRouter,
  summary: summaryRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
