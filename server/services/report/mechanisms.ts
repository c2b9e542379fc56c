/**
 * The mechanisms across rounds: every version indexed by round (a mechanism's name as of any
 * round, where it came from), and the report's mechanisms of the rounds in scope with their figures.
 */
import type { ReportDecision, ReportMechanism, ReportMechanismEvidence } from "../report-types";
import type { DecisionRow, FlagRow, ReportData } from "./load";
import type { Rounds } from "./rounds";
import type { Statistics } from "./statistics";

export type Versions = ReturnType<typeof indexVersions>;
export type VersionRow = Versions["versionRows"][number];

export function indexVersions(rows: ReportData["versionRows"], rounds: Rounds) {
  const { roundById, published } = rounds;
  const versionRows = rows
    .map((v) => ({ ...v, roundNumber: roundById.get(v.roundId)?.number ?? 0 }))
    .sort((a, b) => a.roundNumber - b.roundNumber || a.position - b.position);
  const versionById = new Map(versionRows.map((v) => [v.id, v]));
  /** mechanismId → round number → version. */
  const versionsOf = new Map<string, Map<number, (typeof versionRows)[number]>>();
  for (const v of versionRows) {
    const byRound = versionsOf.get(v.mechanismId) ?? new Map();
    byRound.set(v.roundNumber, v);
    versionsOf.set(v.mechanismId, byRound);
  }
  /** A mechanism's name as of a round: its version there, else the closest published one, else any. */
  const nameAt = (mechanismId: string | null, roundNumber: number): string | null => {
    if (!mechanismId) return null;
    const byRound = versionsOf.get(mechanismId);
    if (!byRound) return null;
    const exact = byRound.get(roundNumber);
    if (exact) return exact.name;
    const all = [...byRound.values()].sort(
      (a, b) =>
        Number(published(b.roundId)) - Number(published(a.roundId)) ||
        Math.abs(a.roundNumber - roundNumber) - Math.abs(b.roundNumber - roundNumber),
    );
    return all[0]?.name ?? null;
  };
  const firstRoundOf = (mechanismId: string) => Math.min(...(versionsOf.get(mechanismId)?.keys() ?? [0]));
  return { versionRows, versionById, versionsOf, nameAt, firstRoundOf };
}

/** Where a mechanism that was not in the first draft came from; null for the first draft's. */
export function originOf(
  v: VersionRow,
  ctx: { versions: Versions; rounds: Rounds; flagById: Map<string, FlagRow>; cite: (membershipId: string) => string },
): string | null {
  const { versions, rounds, flagById, cite } = ctx;
  const first = versions.firstRoundOf(v.mechanismId);
  if (v.originKind === "flag") {
    const f = v.originFlagId ? flagById.get(v.originFlagId) : undefined;
    if (!f) return `Proposed in a missing-mechanism flag; added in round ${first}`;
    return `Proposed by ${cite(f.flag.membershipId)}, as “${f.flag.name}”, in round ${rounds.roundById.get(f.flag.roundId)?.number ?? first - 1}; added in round ${first}`;
  }
  if (v.originKind === "split") {
    const from = versions.nameAt(v.originMechanismId, first - 1);
    return from ? `Split from “${from}” in round ${first}` : `Split from another mechanism in round ${first}`;
  }
  if (v.originKind === "added" || first > 1) {
    return `Added by the facilitators in round ${first}${v.originNote ? `: ${v.originNote}` : ""}`;
  }
  return null;
}

/** The mechanisms of the published rounds in scope, each with its figures and its history. */
export function reportMechanismsOf(ctx: {
  versions: Versions;
  rounds: Rounds;
  statistics: Statistics;
  decisionFor: Map<string, DecisionRow>;
  reportDecision: (d: DecisionRow) => ReportDecision;
  origin: (v: VersionRow) => string | null;
  evidenceOf: (mechanismId: string) => ReportMechanismEvidence;
  meetingRatingsByVersion: Map<string, number>;
  meetingCommentsByVersion: Map<string, number>;
}): ReportMechanism[] {
  const {
    versions,
    rounds,
    statistics,
    decisionFor,
    reportDecision,
    origin,
    evidenceOf,
    meetingRatingsByVersion,
    meetingCommentsByVersion,
  } = ctx;
  const { statsOf } = statistics;
  return versions.versionRows
    .filter((v) => rounds.published(v.roundId) && rounds.inScope(v.roundNumber))
    .map((v) => {
      const stats = statsOf(v.id);
      const previous = versions.versionsOf.get(v.mechanismId)?.get(v.roundNumber - 1);
      const before = previous && rounds.published(previous.roundId) ? statsOf(previous.id) : null;
      const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
      const next = decisionFor.get(`${v.roundNumber + 1}:${v.mechanismId}`);
      return {
        round: v.roundNumber,
        mechanismId: v.mechanismId,
        versionId: v.id,
        position: v.position,
        name: v.name,
        description: v.description,
        stats,
        byPerspective: statistics.byPerspective(v.id),
        change:
          previous && before
            ? { previousName: previous.name, medianDelta: delta(stats.median, before.median), iqrDelta: delta(stats.iqr, before.iqr) }
            : null,
        origin: origin(v),
        decisionForNextRound: next ? reportDecision(next) : null,
        evidence: evidenceOf(v.mechanismId),
        inMeeting: { ratings: meetingRatingsByVersion.get(v.id) ?? 0, comments: meetingCommentsByVersion.get(v.id) ?? 0 },
      };
    });
}
