/**
 * Missing-mechanism flags: found by id (decisions, comments and origins cite them) and listed
 * for the rounds in scope with their triage.
 */
import { FLAG_TRIAGE_LABELS } from "@/shared/domain";
import type { ReportFlag, ReportPerson } from "../report-types";
import type { FlagRow } from "./load";
import type { Versions } from "./mechanisms";
import type { Rounds } from "./rounds";

export const indexFlags = (flagRows: FlagRow[]) => new Map(flagRows.map((f) => [f.flag.id, f]));

export function reportFlagsOf(
  flagRows: FlagRow[],
  ctx: { rounds: Rounds; versions: Versions; person: (membershipId: string) => ReportPerson },
): ReportFlag[] {
  const { rounds, versions, person } = ctx;
  return flagRows
    .filter((f) => rounds.inScope(rounds.roundById.get(f.flag.roundId)!.number))
    .map(({ flag: f, endorsements }) => {
      const round = rounds.roundById.get(f.roundId)!.number;
      return {
        round,
        name: f.name,
        covers: f.covers,
        whyItMatters: f.whyItMatters,
        proposer: person(f.membershipId),
        endorsements,
        triage: f.triage,
        triageLabel: f.triage ? FLAG_TRIAGE_LABELS[f.triage] : "Not decided yet",
        triageReason: f.triageReason,
        // The mechanism an accepted or merged flag went into, under its name in the next round.
        mechanism: f.triage && f.triage !== "declined" ? versions.nameAt(f.triageMechanismId, round + 1) : null,
      };
    });
}
