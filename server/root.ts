/** The app's router: one sub-router per domain. */
import { auditRouter } from "./routers/audit";
import { commentRouter } from "./routers/comment";
import { consultationRouter } from "./routers/consultation";
import { decisionRouter } from "./routers/decision";
import { flagRouter } from "./routers/flag";
import { historyRouter } from "./routers/history";
import { meRouter } from "./routers/me";
import { evidenceRouter } from "./routers/evidence";
import { mechanismRouter } from "./routers/mechanism";
import { meetingRouter } from "./routers/meeting";
import { meetingPlanRouter } from "./routers/meetingPlan";
import { meetingRecordRouter } from "./routers/meetingRecord";
import { overviewRouter } from "./routers/overview";
import { panelRouter } from "./routers/panel";
import { ratingRouter } from "./routers/rating";
import { roundRouter } from "./routers/round";
import { sourceRouter } from "./routers/source";
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
  meeting: meetingRouter,
  meetingPlan: meetingPlanRouter,
  meetingRecord: meetingRecordRouter,
  source: sourceRouter,
  evidence: evidenceRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
