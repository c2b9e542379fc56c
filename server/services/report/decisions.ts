/**
 * The facilitators' decisions between rounds: the feedback each cites, put in words, and each
 * decision found by the round it prepares and the mechanism it is about.
 */
import { DECISION_KIND_LABELS } from "@/shared/domain";
import { excerpt } from "../changes";
import type { ReportDecision } from "../report-types";
import { formatFigure } from "@/shared/stats";
import type { DecisionRow, FlagRow, ReportData } from "./load";
import type { Versions } from "./mechanisms";
import { perspectiveAttribution, UNATTRIBUTED } from "./people";
import type { Rounds } from "./rounds";
import type { Statistics } from "./statistics";

/** Decision id → the lines citing its sources, in the order they were attached. */
export function decisionSourceLines(
  sourceRows: ReportData["decisionSourceRows"],
  ctx: { versions: Versions; flagById: Map<string, FlagRow>; statistics: Statistics; cite: (membershipId: string) => string },
): Map<string, string[]> {
  const { versions, flagById, statistics, cite } = ctx;
  // Flags cited by a decision but raised in a round we did not load cannot exist (flags of drafts
  // are impossible), so every cited flag is in flagById.
  const sourcesOf = new Map<string, string[]>();
  for (const s of sourceRows) {
    let line: string | null = null;
    if (s.kind === "comment" && s.commentId) {
      const on = s.commentVersionId
        ? `, on “${versions.versionById.get(s.commentVersionId)?.name ?? "a mechanism"}”`
        : s.commentFlagId
          ? `, on the flag “${flagById.get(s.commentFlagId)?.flag.name ?? "a missing mechanism"}”`
          : "";
      if (s.commentDeletedAt) line = `A comment${on.replace(/^,/, "")}, since deleted`;
      // A hidden text stays out of reports wherever it is cited: only why it was hidden.
      else if (s.commentHiddenAt)
        line = `Comment by ${cite(s.commentAuthor!)}${on}, hidden by the facilitators: ${s.commentHiddenReason ?? ""}`;
      else line = `Comment by ${cite(s.commentAuthor!)}${on}: “${excerpt(s.commentBody ?? "").text}”`;
    } else if (s.kind === "flag" && s.flagId) {
      const f = flagById.get(s.flagId);
      if (f) line = `Missing-mechanism flag by ${cite(f.flag.membershipId)}: “${f.flag.name}” (endorsed by ${f.endorsements})`;
    } else if (s.kind === "ratings" && s.versionId) {
      const v = versions.versionById.get(s.versionId);
      if (v) {
        const st = statistics.statsOf(v.id);
        line = `Ratings of round ${v.roundNumber} for “${v.name}”: n ${st.n}, median ${formatFigure(st.median)}, IQR ${formatFigure(st.iqr)}`;
      }
    } else if (s.kind === "meeting_note") {
      line = s.noteBody === null ? "Notes of the panel's meeting" : `Meeting note: “${excerpt(s.noteBody).text}”`;
    } else if (s.kind === "meeting_quote" && s.quoteBody !== null) {
      const who = s.quoteMembershipId
        ? cite(s.quoteMembershipId)
        : s.quotePerspective
          ? perspectiveAttribution(s.quotePerspective)
          : UNATTRIBUTED;
      line = `Said in the meeting by ${who}: “${excerpt(s.quoteBody).text}”`;
    }
    if (!line) continue; // the cited item went with its author's erasure
    const list = sourcesOf.get(s.decisionId) ?? [];
    list.push(line);
    sourcesOf.set(s.decisionId, list);
  }
  return sourcesOf;
}

/** `${roundNumber}:${mechanismId}` → the decision preparing that round for that mechanism. */
export function decisionsByRound(decisionRows: DecisionRow[], rounds: Rounds): Map<string, DecisionRow> {
  const decisionFor = new Map<string, DecisionRow>();
  for (const d of decisionRows) decisionFor.set(`${rounds.roundById.get(d.roundId)!.number}:${d.mechanismId}`, d);
  return decisionFor;
}

export function reportDecisionOf(
  d: DecisionRow,
  ctx: { rounds: Rounds; versions: Versions; sourcesOf: Map<string, string[]> },
): ReportDecision {
  return {
    kind: d.kind,
    label: DECISION_KIND_LABELS[d.kind],
    rationale: d.rationale,
    statusNote: d.statusNote,
    mergedInto: d.kind === "merge" ? ctx.versions.nameAt(d.mergeIntoMechanismId, ctx.rounds.roundById.get(d.roundId)!.number) : null,
    sources: ctx.sourcesOf.get(d.id) ?? [],
  };
}
