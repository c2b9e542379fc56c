/**
 * The consultation's rounds: which are published and which are in the report's scope (every
 * section asks), and the list of rounds, always whole, drafts included.
 */
import type { ReportRound, ReportScope } from "../report-types";
import type { RoundRow } from "./load";

export type Rounds = ReturnType<typeof indexRounds>;

export function indexRounds(roundRows: RoundRow[], scope: ReportScope) {
  const roundById = new Map(roundRows.map((r) => [r.id, r]));
  const roundByNumber = new Map(roundRows.map((r) => [r.number, r]));
  // Drafts are the facilitators' workspace, not results.
  const published = (roundId: string) => {
    const r = roundById.get(roundId);
    return !!r && r.status !== "draft";
  };
  /** Rounds whose results are in this report. */
  const inScope = (roundNumber: number) => scope.round === undefined || scope.round === roundNumber;
  return { roundRows, roundById, roundByNumber, published, inScope };
}

export function reportRoundsOf(roundRows: RoundRow[], versionRows: { roundId: string }[]): ReportRound[] {
  const versionCount = new Map<string, number>();
  for (const v of versionRows) versionCount.set(v.roundId, (versionCount.get(v.roundId) ?? 0) + 1);
  return roundRows.map((r) => ({
    number: r.number,
    title: r.title,
    status: r.status,
    meetingMode: r.meetingMode,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
    mechanismCount: versionCount.get(r.id) ?? 0,
  }));
}
