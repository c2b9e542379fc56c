/**
 * A small hand-made ConsultationReport for the export tests: two rounds, names in several scripts,
 * comment bodies a spreadsheet would execute, a reply, a passage-anchored comment, a hidden one, a
 * flag with a comment, and a decision between the rounds. Its figures are computed here from the
 * ratings, so the tests can check the exports against numbers worked out by hand.
 */
import { meetsConsensus, PERSPECTIVE_VALUES, type ConsensusRule, type PerspectiveValue } from "@/shared/domain";
import {
  REPORT_FORMAT_VERSION,
  type ConsultationReport,
  type MechanismStats,
  type ReportComment,
  type ReportMechanism,
  type ReportPerson,
  type ReportRating,
} from "@/server/services/report-types";
import { HIDDEN_PREFIX } from "@/server/services/report";
import { summarise } from "@/shared/stats";

export const RULE: ConsensusRule = { topFrom: 4, topMinPercent: 70, bottomTo: 2, bottomMaxPercent: 15 };

export const PEOPLE = [
  { name: "Zoë Ødegård", perspective: "practitioner", n: 1 },
  { name: "Дмитрий Иванов", perspective: "service_user", n: 2 },
  { name: "Ἀθηνᾶ Παππᾶ", perspective: "opinion_leader", n: 3 },
  { name: "Ann O'Neil", perspective: "researcher", n: 4 },
  { name: "Bea Bright", perspective: "practitioner", n: 5 },
] as const;

export const INJECTIONS = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+44 20 7946 0000", "-2+3", "\tindented"];

const SHORT: Record<PerspectiveValue, string> = {
  practitioner: "practitioner",
  service_user: "service user",
  opinion_leader: "opinion leader",
  researcher: "researcher",
};

function person(i: number, names: boolean): ReportPerson {
  const p = PEOPLE[i];
  return {
    label: `Stakeholder ${p.n}, ${SHORT[p.perspective]}`,
    pseudonymNumber: p.n,
    perspective: p.perspective,
    ...(names ? { name: p.name } : {}),
  };
}

export function statsOf(values: number[], scaleMax = 5, rule: ConsensusRule | null = RULE): MechanismStats {
  const distribution = Array.from({ length: scaleMax }, (_, i) => values.filter((v) => v === i + 1).length);
  const s = summarise(distribution);
  const n = s.n;
  const share = (from: number, to: number) =>
    n === 0 ? null : Math.round((distribution.slice(from - 1, to).reduce((a, b) => a + b, 0) / n) * 1000) / 10;
  return {
    ...s,
    topPercent: share(rule?.topFrom ?? scaleMax, scaleMax),
    bottomPercent: share(1, rule?.bottomTo ?? 1),
    consensus: rule ? meetsConsensus(rule, distribution) : null,
  };
}

/** Ratings by person index (null: did not rate), per round and mechanism. */
const RATINGS: Record<number, Record<string, (number | null)[]>> = {
  1: { trust: [5, 4, 4, 5, 3], power: [2, 3, null, 4, 1] },
  2: { trust: [5, 5, 4, 4, null], power: [4, 4, 3, 5, null] },
};

const IDS = { trust: "11111111-1111-4111-8111-111111111111", power: "22222222-2222-4222-8222-222222222222" };

export function fixtureReport(options: { names?: boolean; demo?: boolean; round?: number | null } = {}): ConsultationReport {
  const names = options.names ?? false;
  const scope = options.round ?? null;
  const at = (day: number, hour = 9) => new Date(Date.UTC(2025, 0, day, hour, 0, 0));
  const rounds = [1, 2].filter((r) => scope === null || r === scope);

  const mechanisms: ReportMechanism[] = [];
  const ratings: ReportRating[] = [];
  for (const round of rounds) {
    (["trust", "power"] as const).forEach((key, index) => {
      const name = key === "trust" ? (round === 1 ? "Building trust" : "Building trust across teams") : "Working with power";
      const values = RATINGS[round][key];
      const byPerspective = Object.fromEntries(
        PERSPECTIVE_VALUES.map((p) => [p, statsOf(values.filter((v, i): v is number => v !== null && PEOPLE[i].perspective === p))]),
      ) as Record<PerspectiveValue, MechanismStats>;
      const stats = statsOf(values.filter((v): v is number => v !== null));
      const previous = round > 1 ? statsOf(RATINGS[round - 1][key].filter((v): v is number => v !== null)) : null;
      mechanisms.push({
        round,
        mechanismId: IDS[key],
        versionId: `${IDS[key].slice(0, -1)}${round}`,
        position: index + 1,
        name,
        description:
          key === "trust"
            ? "Leaders build trust between health and social care staff | so that people share work.\nA second line: # not a heading."
            : "Leaders use power with care, share it, or step back when someone else is better placed to lead.",
        stats,
        byPerspective,
        change: previous
          ? {
              previousName: key === "trust" ? "Building trust" : "Working with power",
              medianDelta: stats.median! - previous.median!,
              iqrDelta: stats.iqr! - previous.iqr!,
            }
          : null,
        origin: key === "power" && round === 1 ? "Proposed by Stakeholder 2, service user, as “Use of power” in round 1" : null,
        evidence:
          key === "power"
            ? {
                linkedSources: 2,
                byEffect: { supports: 1, weakens: 0, refines: 1 },
                reportedSources: 16,
                includedSources: 36,
                configurations: [CONFIGURATION],
              }
            : {
                linkedSources: 0,
                byEffect: { supports: 0, weakens: 0, refines: 0 },
                reportedSources: null,
                includedSources: 36,
                configurations: [],
              },
        inMeeting: { ratings: round === 2 && key === "power" ? 2 : 0, comments: 0 },
        decisionForNextRound:
          round === 1 && key === "trust"
            ? {
                kind: "revise",
                label: "Revised",
                rationale: "The panel asked for the teams to be named.",
                statusNote: "",
                mergedInto: null,
                sources: ["Comment by Stakeholder 1, practitioner: Trust comes first."],
              }
            : null,
      });
      values.forEach((v, i) => {
        if (v !== null)
          ratings.push({
            round,
            mechanism: name,
            mechanismId: IDS[key],
            stakeholder: person(i, names),
            rating: v,
            unsure: false,
            inMeeting: round === 2 && key === "power" && i < 2,
          });
      });
    });
  }

  const comments: ReportComment[] = [];
  const add = (
    c: Omit<ReportComment, "author" | "createdAt" | "hidden" | "passage" | "replyTo" | "flag" | "inMeeting" | "configuration"> &
      Partial<ReportComment> & { by: number; day: number },
  ) => {
    const { by, day, ...rest } = c;
    comments.push({
      hidden: false,
      passage: null,
      replyTo: null,
      flag: null,
      inMeeting: false,
      configuration: null,
      createdAt: at(day),
      author: person(by, names),
      ...rest,
    });
  };
  if (rounds.includes(1)) {
    add({ id: "c1", round: 1, mechanism: "Building trust", mechanismId: IDS.trust, body: "Trust comes first.", by: 0, day: 7 });
    add({
      id: "c2",
      round: 1,
      mechanism: "Building trust",
      mechanismId: IDS.trust,
      body: "Agreed, and it takes time.",
      replyTo: "c1",
      by: 1,
      day: 8,
    });
    add({ id: "c3", round: 1, mechanism: "Building trust", mechanismId: IDS.trust, body: INJECTIONS[0], by: 2, day: 8 });
    add({ id: "c4", round: 1, mechanism: "Working with power", mechanismId: IDS.power, body: INJECTIONS[1], by: 3, day: 9 });
    add({ id: "c5", round: 1, mechanism: "Working with power", mechanismId: IDS.power, body: INJECTIONS[2], by: 4, day: 9 });
    add({ id: "c6", round: 1, mechanism: "Working with power", mechanismId: IDS.power, body: INJECTIONS[3], by: 0, day: 10 });
    add({ id: "c7", round: 1, mechanism: "Working with power", mechanismId: IDS.power, body: INJECTIONS[4], by: 1, day: 10 });
    add({ id: "c8", round: 1, mechanism: null, mechanismId: null, flag: "Use of power", body: "Yes, this is missing.", by: 2, day: 11 });
    add({
      id: "c9",
      round: 1,
      mechanism: "Building trust",
      mechanismId: IDS.trust,
      body: `${HIDDEN_PREFIX}off topic`,
      hidden: true,
      by: 3,
      day: 11,
    });
  }
  if (rounds.includes(2)) {
    add({
      id: "c10",
      round: 2,
      mechanism: "Building trust across teams",
      mechanismId: IDS.trust,
      passage: "share work",
      body: "# Not a heading | and <b>not bold</b> [link](http://x)",
      by: 1,
      day: 40,
    });
  }

  return {
    formatVersion: REPORT_FORMAT_VERSION,
    generatedAt: at(60, 12),
    round: scope,
    namesIncluded: names,
    // The figures as the model holds them before a pseudonymised export withholds small groups.
    smallGroupsWithheld: false,
    consultation: {
      slug: "leading-teams",
      title: "Leading integrated teams",
      researchQuestion: "What aspects of leadership of integrated teams work, for whom and when?",
      description: "A test consultation.",
      scaleMax: 5,
      scaleLabels: ["Not relevant", "Slightly relevant", "Moderately relevant", "Very relevant", "Essential"],
      anonymity: "pseudonymous",
      consensusRule: RULE,
      consensusRuleText: "At least 70% rate 4-5 and at most 15% rate 1-2",
      isDemo: options.demo ?? false,
      minGroupSize: 3,
    },
    rounds: rounds.map((n) => ({
      number: n,
      title: n === 1 ? "First round" : "Second round",
      status: n === 1 ? "closed" : "open",
      meetingMode: n === 1 ? "none" : "online",
      openedAt: at(n === 1 ? 6 : 36),
      closedAt: n === 1 ? at(20, 17) : null,
      mechanismCount: 2,
    })),
    participation: rounds.map((n) => ({
      round: n,
      invited: 5,
      responded: n === 1 ? 5 : 4,
      responseRate: n === 1 ? 100 : 80,
      byPerspective: {
        practitioner: { invited: 2, responded: n === 1 ? 2 : 1 },
        service_user: { invited: 1, responded: 1 },
        opinion_leader: { invited: 1, responded: 1 },
        researcher: { invited: 1, responded: 1 },
      },
      retainedFromPrevious: n === 1 || scope !== null ? null : 4,
      attritionPercent: n === 1 || scope !== null ? null : 20,
    })),
    panel: { practitioner: 2, service_user: 1, opinion_leader: 1, researcher: 1 },
    participants: PEOPLE.map((_, i) => ({ ...person(i, names), roundsResponded: i === 4 ? [1] : [1, 2] })),
    mechanisms,
    ratings,
    comments,
    flags: rounds.includes(1)
      ? [
          {
            round: 1,
            name: "Use of power",
            covers: "How leaders share power.",
            whyItMatters: "=1+1 social care staff feel unheard.",
            proposer: person(1, names),
            endorsements: 3,
            triage: "accepted",
            triageLabel: "Accepted as a new mechanism",
            triageReason: "The panel made the case.",
            mechanism: "Working with power",
          },
        ]
      : [],
    changes: rounds.includes(2)
      ? [
          {
            round: 2,
            mechanism: "Building trust",
            becomes: "Building trust across teams",
            decision: {
              kind: "revise",
              label: "Revised",
              rationale: "The panel asked for the teams to be named.",
              statusNote: "",
              mergedInto: null,
              sources: ["Comment by Stakeholder 1, practitioner: Trust comes first."],
            },
          },
        ]
      : [],
    evidence: {
      includedSources: 36,
      sources: [SOURCE_CHOI, SOURCE_WILLUMSEN],
      links: [
        {
          mechanismId: IDS.power,
          mechanism: "Working with power",
          sourceId: SOURCE_CHOI.id,
          source: SOURCE_CHOI.citation,
          effect: "refines",
          extract: EXTRACT_INJECTION,
        },
        {
          mechanismId: IDS.power,
          mechanism: "Working with power",
          sourceId: SOURCE_WILLUMSEN.id,
          source: SOURCE_WILLUMSEN.citation,
          effect: "supports",
          extract: "Leaders who shared decisions with the team kept it working together.",
        },
      ],
    },
    meetings: rounds.includes(2)
      ? [
          {
            id: "m1",
            round: 2,
            title: "Round 2 panel meeting",
            format: "in_person",
            status: "ended",
            scheduledAt: at(45, 10),
            startedAt: at(45, 10),
            endedAt: at(45, 12),
            attendance: 4,
            attendanceByPerspective: { practitioner: 2, service_user: 1, opinion_leader: 0, researcher: 1 },
            ratingsInMeeting: 2,
            commentsInMeeting: 0,
            items: [
              {
                position: 1,
                kind: "mechanism",
                mechanismId: IDS.power,
                title: "Working with power",
                plannedMinutes: 10,
                notes: [{ id: "n1", text: "The room agreed the budget holder usually decides.", createdAt: at(45, 10) }],
                quotes: [
                  {
                    id: "q1",
                    text: "Whoever holds the budget holds the meeting.",
                    speaker: person(1, names),
                    perspective: "service_user",
                    attribution: names ? `${PEOPLE[1].name} (Stakeholder 2, service user)` : "Stakeholder 2, service user",
                    createdAt: at(45, 11),
                  },
                  {
                    id: "q2",
                    text: "=We were never asked.",
                    speaker: null,
                    perspective: "service_user",
                    attribution: "A patient, service user or carer",
                    createdAt: at(45, 11),
                  },
                ],
                questions: [{ prompt: "Is anything missing from this mechanism?", answers: 3, openedAt: at(45, 11) }],
              },
            ],
          },
        ]
      : [],
  };
}

/** An extract a spreadsheet would run as a formula. */
export const EXTRACT_INJECTION = '=HYPERLINK("http://x","leaders overruled the team")';

const SOURCE_CHOI = {
  id: "33333333-3333-4333-8333-333333333333",
  ref: 38,
  citation: "Choi (2012) [38]",
  authors: ["Choi, S."],
  year: 2012,
  title: "Managing clinical integration: a comparative case study in a merged university hospital",
  venue: "Journal of Health, Organisation and Management",
  doi: "10.1108/14777261211251544",
  kind: "empirical" as const,
  searchStage: "Stage 2: empirical search",
};

const SOURCE_WILLUMSEN = {
  id: "44444444-4444-4444-8444-444444444444",
  ref: 45,
  citation: "Willumsen (2006) [45]",
  authors: ["Willumsen, E."],
  year: 2006,
  title: "Leadership in interprofessional collaboration: the case of childcare in Norway",
  venue: "Journal of Interprofessional Care",
  doi: "10.1080/13561820600874692",
  kind: "empirical" as const,
  searchStage: "Stage 2: empirical search",
};

const CONFIGURATION = {
  id: "55555555-5555-4555-8555-555555555555",
  position: 1,
  polarity: "absent" as const,
  context: "A merged department has to settle its new structure.",
  resource: "The leader invites the team's proposals.",
  reasoning: "The leader sets them aside for a plan of his own, which the team sees as unrelated to its work.",
  outcomes: [
    { sign: "-" as const, text: "The team is upset." },
    { sign: "-" as const, text: "Physicians stop coming to joint meetings." },
  ],
  source: "Choi (2012) [38]",
  sourceId: "33333333-3333-4333-8333-333333333333",
};
