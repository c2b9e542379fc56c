/**
 * Who responded in which round (a rating, a comment or a flag counts), and what a report makes of
 * it: participation and attrition per round, the panel by perspective, the list of participants.
 */
import type { ParticipationRow, ReportPerson } from "../report-types";
import type { ReportData } from "./load";
import { emptyByPerspective, type Member } from "./people";
import type { Rounds } from "./rounds";
import { percent } from "./statistics";

/** Round number → the stakeholders who responded in it. */
export type Respondents = Map<number, Set<string>>;

/** Facilitators' own activity is not a response. */
export function addRespondent(respondents: Respondents, memberById: Map<string, Member>, roundNumber: number, membershipId: string): void {
  if (memberById.get(membershipId)?.role !== "stakeholder") return;
  const set = respondents.get(roundNumber) ?? new Set<string>();
  set.add(membershipId);
  respondents.set(roundNumber, set);
}

/** Adds those who commented or flagged to those who rated (tallyRatings). */
export function addActivity(
  respondents: Respondents,
  activity: ReportData["activity"],
  rounds: Rounds,
  memberById: Map<string, Member>,
): void {
  for (const a of activity) {
    const round = rounds.roundById.get(a.round_id);
    if (round) addRespondent(respondents, memberById, round.number, a.membership_id);
  }
}

/** Stakeholders still on the panel: those a response rate is a share of. */
export const panelOf = (members: Member[]) => members.filter((m) => m.role === "stakeholder" && !m.withdrawnAt);

export function participationOf(
  rounds: Rounds,
  respondents: Respondents,
  panelMembers: Member[],
  memberById: Map<string, Member>,
): ParticipationRow[] {
  const participation: ParticipationRow[] = [];
  for (const round of rounds.roundRows) {
    if (round.status === "draft" || !rounds.inScope(round.number)) continue;
    const active = respondents.get(round.number) ?? new Set<string>();
    const byPerspective = emptyByPerspective(() => ({ invited: 0, responded: 0 }));
    let responded = 0;
    for (const m of panelMembers) {
      const did = active.has(m.id);
      if (did) responded += 1;
      if (m.perspective) {
        byPerspective[m.perspective].invited += 1;
        if (did) byPerspective[m.perspective].responded += 1;
      }
    }
    const current = (set: Set<string> | undefined) => new Set([...(set ?? [])].filter((id) => !memberById.get(id)?.withdrawnAt));
    let retainedFromPrevious: number | null = null;
    let attritionPercent: number | null = null;
    const previous = rounds.roundByNumber.get(round.number - 1);
    if (previous && previous.status !== "draft") {
      const before = current(respondents.get(previous.number));
      retainedFromPrevious = [...before].filter((id) => active.has(id)).length;
      attritionPercent = percent(before.size - retainedFromPrevious, before.size);
    }
    participation.push({
      round: round.number,
      invited: panelMembers.length,
      responded,
      responseRate: percent(responded, panelMembers.length),
      byPerspective,
      retainedFromPrevious,
      attritionPercent,
      withdrawnResponded: [...active].filter((id) => memberById.get(id)?.withdrawnAt).length,
    });
  }
  return participation;
}

/** The panel by perspective: always the whole consultation's, whatever the scope. */
export function panelByPerspective(panelMembers: Member[]) {
  const panel = emptyByPerspective(() => 0);
  for (const m of panelMembers) if (m.perspective) panel[m.perspective] += 1;
  return panel;
}

/** Every stakeholder and the rounds they responded in, the withdrawn last. */
export function participantsOf(
  members: Member[],
  respondents: Respondents,
  person: (membershipId: string) => ReportPerson,
): (ReportPerson & { roundsResponded: number[] })[] {
  const roundsOfMember = new Map<string, number[]>();
  for (const [number, set] of [...respondents.entries()].sort((a, b) => a[0] - b[0])) {
    for (const id of set) roundsOfMember.set(id, [...(roundsOfMember.get(id) ?? []), number]);
  }
  return (
    members
      .filter((m) => m.role === "stakeholder")
      // Someone erased stays in the list only when what they contributed was kept.
      .filter((m) => !m.withdrawnAt || roundsOfMember.has(m.id))
      .sort(
        (a, b) => Number(!!a.withdrawnAt) - Number(!!b.withdrawnAt) || (a.pseudonymNumber ?? Infinity) - (b.pseudonymNumber ?? Infinity),
      )
      .map((m) => ({ ...person(m.id), roundsResponded: roundsOfMember.get(m.id) ?? [] }))
  );
}
