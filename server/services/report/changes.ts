/**
 * What changed between rounds, for the published rounds in scope: the decision on each
 * mechanism of the round before, and how each mechanism new in the round got there.
 */
import type { ReportChange, ReportDecision } from "../report-types";
import type { DecisionRow, FlagRow } from "./load";
import type { Versions } from "./mechanisms";
import type { Rounds } from "./rounds";

export function reportChangesOf(ctx: {
  rounds: Rounds;
  versions: Versions;
  flagById: Map<string, FlagRow>;
  decisionFor: Map<string, DecisionRow>;
  sourcesOf: Map<string, string[]>;
  reportDecision: (d: DecisionRow) => ReportDecision;
  cite: (membershipId: string) => string;
}): ReportChange[] {
  const { rounds, versions, flagById, decisionFor, sourcesOf, reportDecision, cite } = ctx;
  const { versionRows, versionsOf, nameAt } = versions;
  const reportChanges: ReportChange[] = [];
  for (const round of rounds.roundRows) {
    if (round.status === "draft" || round.number === 1 || !rounds.inScope(round.number)) continue;
    const previousNumber = round.number - 1;
    const previousVersions = versionRows.filter((v) => v.roundNumber === previousNumber);
    for (const was of previousVersions) {
      const d = decisionFor.get(`${round.number}:${was.mechanismId}`);
      if (!d) continue;
      const now = versionsOf.get(was.mechanismId)?.get(round.number);
      reportChanges.push({
        round: round.number,
        mechanism: was.name,
        becomes: now && now.name !== was.name ? now.name : null,
        decision: reportDecision(d),
      });
    }
    // New in this round: accepted flags, split-off and facilitator-added mechanisms.
    for (const v of versionRows) {
      if (v.roundNumber !== round.number || versionsOf.get(v.mechanismId)?.has(previousNumber)) continue;
      const base = { mergedInto: null, statusNote: "" };
      let decision: ReportDecision;
      if (v.originKind === "flag") {
        const f = v.originFlagId ? flagById.get(v.originFlagId) : undefined;
        decision = {
          ...base,
          kind: "add",
          label: "Added from a missing-mechanism flag",
          rationale: f?.flag.triageReason ?? "",
          sources: f ? [`Missing-mechanism flag by ${cite(f.flag.membershipId)}: “${f.flag.name}” (endorsed by ${f.endorsements})`] : [],
        };
      } else if (v.originKind === "split") {
        const split = v.originMechanismId ? decisionFor.get(`${round.number}:${v.originMechanismId}`) : undefined;
        const from = nameAt(v.originMechanismId, previousNumber);
        decision = {
          ...base,
          kind: "add",
          label: from ? `Split off “${from}”` : "Split off another mechanism",
          rationale: split?.rationale ?? "",
          sources: split ? (sourcesOf.get(split.id) ?? []) : [],
        };
      } else {
        decision = { ...base, kind: "add", label: "Added by the facilitators", rationale: v.originNote, sources: [] };
      }
      reportChanges.push({ round: round.number, mechanism: v.name, becomes: null, decision });
    }
  }
  return reportChanges;
}
