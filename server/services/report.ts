/**
 * Builds the feedback report (server/services/report-types.ts) of a consultation or of one of its
 * rounds, straight from the database: the summary page and every export render this one object.
 * Each section is built in server/services/report/; this file runs them in order.
 *
 * It takes no actor: the command-line export runs it as the operator, and the tRPC layer checks
 * that the caller facilitates the consultation. A fixed number of queries whatever the size of the
 * consultation (report/load.ts runs them all; everything else is grouped and counted in the
 * sections), so the 500-person, 45,000-rating benchmark builds in well under a second.
 *
 * Drafts are the facilitators' workspace, not results: a draft round is listed in `rounds` but its
 * mechanisms, responses and the decisions preparing it stay out of the report.
 */
import type { DB } from "@/db";
import type { PerspectiveValue } from "@/shared/domain";
import { REPORT_FORMAT_VERSION, type ConsultationReport, type ReportComment, type ReportScope } from "./report-types";
import { reportChangesOf } from "./report/changes";
import { reportCommentsOf } from "./report/comments";
import { reportConsultationOf } from "./report/consultation";
import { decisionSourceLines, decisionsByRound, reportDecisionOf } from "./report/decisions";
import { evidenceInScope, indexEvidence } from "./report/evidence";
import { indexFlags, reportFlagsOf } from "./report/flags";
import { loadReportData, type DecisionRow } from "./report/load";
import { indexVersions, originOf, reportMechanismsOf } from "./report/mechanisms";
import { reportMeetingsOf } from "./report/meetings";
import { addActivity, panelByPerspective, panelOf, participantsOf, participationOf } from "./report/participation";
import { emptyByPerspective } from "./report/people";
import { longFormatRatings, tallyRatings } from "./report/ratings";
import { indexRounds, reportRoundsOf } from "./report/rounds";
import { consensusBands, statisticsOf } from "./report/statistics";

// What callers have always imported from here, wherever it now lives.
export { groupComments, HIDDEN_PREFIX } from "./report/comments";
export { perspectiveAttribution, UNATTRIBUTED } from "./report/people";
export { consensusBands, mechanismStats, percent, withheldStats, type Band } from "./report/statistics";

export type ReportOptions = {
  /** The long-format ratings (default true). */
  ratings?: boolean;
  /**
   * Withhold the figures of each perspective with fewer ratings than the consultation's minimum
   * group size (MechanismStats.withheld). Pseudonymised exports do (server/export/run.ts); the
   * facilitators' own summary and an export with names, already confined to the team, do not.
   */
  withholdSmallGroups?: boolean;
};

export function buildReport(db: DB, scope: ReportScope, options: ReportOptions = {}): ConsultationReport {
  const data = loadReportData(db, scope);
  const { consultation } = data;
  const { members, memberById, person, cite } = data.people;
  const rule = consultation.consensusRule ?? null;
  const bands = consensusBands(rule, consultation.scaleMax);
  const withholdSmallGroups = options.withholdSmallGroups ?? false;

  const rounds = indexRounds(data.roundRows, scope);
  const versions = indexVersions(data.versionRows, rounds);
  const flagById = indexFlags(data.flagRows);
  const tally = tallyRatings(data.ratingRows, memberById, (versionId) => versions.versionById.get(versionId)!.roundNumber);
  addActivity(tally.respondents, data.activity, rounds, memberById);
  const statistics = statisticsOf(tally.countsByVersion, {
    scaleMax: consultation.scaleMax,
    rule,
    bands,
    minGroupSize: consultation.minGroupSize,
    withholdSmallGroups,
  });

  const sourcesOf = decisionSourceLines(data.decisionSourceRows, { versions, flagById, statistics, cite });
  const decisionFor = decisionsByRound(data.decisionRows, rounds);
  const reportDecision = (d: DecisionRow) => reportDecisionOf(d, { rounds, versions, sourcesOf });
  const evidence = indexEvidence(data);
  // Comments before mechanisms: each mechanism counts the comments given on it in a meeting.
  const comments = reportCommentsOf(data.commentRows, {
    rounds,
    versions,
    flagById,
    person,
    configurationPosition: evidence.configurationPosition,
  });
  const mechanisms = reportMechanismsOf({
    versions,
    rounds,
    statistics,
    decisionFor,
    reportDecision,
    origin: (v) => originOf(v, { versions, rounds, flagById, cite }),
    evidenceOf: evidence.evidenceOf,
    meetingRatingsByVersion: tally.meetingRatingsByVersion,
    meetingCommentsByVersion: comments.meetingCommentsByVersion,
  });
  const panelMembers = panelOf(members);

  return {
    formatVersion: REPORT_FORMAT_VERSION,
    generatedAt: new Date(data.now),
    round: scope.round ?? null,
    namesIncluded: scope.includeNames,
    smallGroupsWithheld: withholdSmallGroups,
    consultation: reportConsultationOf(consultation, bands),
    // Rounds, panel and participants are always whole, whatever the scope.
    rounds: reportRoundsOf(data.roundRows, versions.versionRows),
    participation: participationOf(rounds, tally.respondents, panelMembers, memberById),
    panel: panelByPerspective(panelMembers),
    participants: participantsOf(members, tally.respondents, person),
    mechanisms,
    // Optional: the summary page does not need 45,000 rows.
    ratings: options.ratings === false ? [] : longFormatRatings(data.ratingRows, versions.versionRows, rounds.inScope, person),
    comments: comments.reportComments,
    flags: reportFlagsOf(data.flagRows, { rounds, versions, person }),
    changes: reportChangesOf({ rounds, versions, flagById, decisionFor, sourcesOf, reportDecision, cite }),
    evidence: { includedSources: consultation.includedSourceCount, ...evidenceInScope(mechanisms, evidence) },
    meetings: reportMeetingsOf(data.meeting, {
      rounds,
      versions,
      memberById,
      person,
      ratingsByMeeting: tally.ratingsByMeeting,
      commentsByMeeting: comments.commentsByMeeting,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// The summary page's share of the report

/** Comments shown per mechanism (and per perspective filter) before "Show all". */
export const COMMENT_PREVIEW = 5;

/** Where comments are grouped on the summary page: a mechanism of a round, or a round's flags. */
export type CommentGroupCount = {
  round: number;
  /** Null: comments on the round's missing-mechanism flags. */
  mechanismId: string | null;
  total: number;
  /** By the author's perspective; "none" for facilitators. */
  byPerspective: Record<PerspectiveValue | "none", number>;
};

/**
 * The report as the facilitators' summary page needs it: never with names, without the
 * long-format ratings (the statistics already hold them), and with only the first comments of
 * each group for each perspective, plus how many there are. A consultation with 20,000 comments
 * would otherwise send megabytes to the browser; the rest of a group comes from groupComments().
 */
export type SummaryReport = Omit<ConsultationReport, "ratings"> & { commentGroups: CommentGroupCount[] };

export function summaryReport(db: DB, consultationId: string, round?: number): SummaryReport {
  const withoutRatings = ({ ratings: _ratings, ...rest }: ConsultationReport) => rest;
  const report = withoutRatings(buildReport(db, { consultationId, round, includeNames: false }, { ratings: false }));
  const groups = new Map<string, CommentGroupCount>();
  const shown: ReportComment[] = [];
  for (const c of report.comments) {
    const key = `${c.round}:${c.mechanismId ?? ""}`;
    let g = groups.get(key);
    if (!g) {
      g = { round: c.round, mechanismId: c.mechanismId, total: 0, byPerspective: { ...emptyByPerspective(() => 0), none: 0 } };
      groups.set(key, g);
    }
    const p = c.author.perspective ?? "none";
    g.total += 1;
    g.byPerspective[p] += 1;
    // The first few of each perspective: whichever filter the page applies, its preview is here.
    if (g.byPerspective[p] <= COMMENT_PREVIEW) shown.push(c);
  }
  return { ...report, comments: shown, commentGroups: [...groups.values()] };
}
