/**
 * The feedback report of a consultation (or of one round): the single data model behind the
 * facilitators' summary page and every export format (DOCX, PDF, Markdown, XLSX, CSV, JSON).
 * Built by server/services/report.ts; rendered by server/export/*. The JSON export is this
 * structure as it is, so it is versioned: change REPORT_FORMAT_VERSION when a field changes
 * meaning or goes away, and document it in docs/export-format.md.
 *
 * People appear under their pseudonym and perspective ("Stakeholder 7, service user") unless the
 * facilitator explicitly chose to include names (recorded in the audit log); `name` fields are
 * then filled, otherwise absent.
 */
import type {
  CmoOutcome,
  CmoPolarity,
  ConsensusRule,
  DecisionKind,
  EvidenceEffect,
  FlagTriage,
  MeetingFormat,
  MeetingItemKind,
  MeetingMode,
  MeetingStatus,
  PerspectiveValue,
  SourceKind,
} from "@/shared/domain";
import type { RatingSummary } from "@/shared/stats";

/** 2: evidence base and live meetings (additive: every version-1 field keeps its meaning). */
export const REPORT_FORMAT_VERSION = 2;

export type ReportScope = {
  consultationId: string;
  /** One round, or the whole consultation when absent. */
  round?: number;
  /** Names of stakeholders next to their pseudonyms: an explicit, audited choice. */
  includeNames: boolean;
};

/** A rating summary plus the consensus figures. */
export type MechanismStats = RatingSummary & {
  /** Share (0-100, one decimal) of ratings in the top band (consultation.topBand). */
  topPercent: number | null;
  /** Share (0-100, one decimal) of ratings in the bottom band (consultation.bottomBand). */
  bottomPercent: number | null;
  /** Whether the consultation's consensus rule is met; null without a rule or without ratings. */
  consensus: boolean | null;
  /** Answers of "unsure" (rating 0): counted as answers, left out of n and every figure above. */
  unsure?: number;
  /**
   * Only on a perspective's figures in a pseudonymised export, when the group has fewer ratings
   * than the consultation's minimum group size: "fewer than 3 answers". The figures are then
   * withheld: n and every count 0, every other figure and the consensus verdict null.
   */
  withheld?: string;
};

export type ReportPerson = {
  /**
   * "Stakeholder 7, service user"; facilitators: "Facilitator". Someone erased at their request:
   * "Withdrawn participant", with their perspective but no number (it would tie what they said to
   * earlier exports that named them).
   */
  label: string;
  pseudonymNumber: number | null;
  perspective: PerspectiveValue | null;
  /** Only when names were included. */
  name?: string;
};

export type ReportRound = {
  number: number;
  title: string;
  status: "draft" | "open" | "closed";
  meetingMode: MeetingMode;
  openedAt: Date | null;
  closedAt: Date | null;
  mechanismCount: number;
};

export type ParticipationRow = {
  round: number;
  /** Stakeholders on the panel (not withdrawn) when the report was built. */
  invited: number;
  /** Stakeholders who rated, commented or flagged in this round. */
  responded: number;
  /** responded / invited, 0-100, one decimal. */
  responseRate: number | null;
  byPerspective: Record<PerspectiveValue, { invited: number; responded: number }>;
  /** Round > 1: of those who responded in the previous round, how many responded in this one. */
  retainedFromPrevious: number | null;
  /** Round > 1: share (0-100) of the previous round's respondents who did not respond in this one. */
  attritionPercent: number | null;
  /**
   * Stakeholders erased at their request who had responded in this round: their contributions stay
   * in the figures (as "Withdrawn participant") but they are counted in neither invited nor responded.
   */
  withdrawnResponded?: number;
};

/**
 * What happened to a mechanism between two rounds: a recorded decision, or "add" for a mechanism
 * that is new in the round (accepted from a flag, added by the facilitators, or split off another
 * one), which has no decision of its own.
 */
export type ReportDecisionKind = DecisionKind | "add";

export type ReportDecision = {
  kind: ReportDecisionKind;
  /** "Revised", "Merged into another mechanism"… (DECISION_KIND_LABELS); for "add": "Added from a missing-mechanism flag"… */
  label: string;
  rationale: string;
  statusNote: string;
  /** merge: the name of the mechanism it went into. */
  mergedInto: string | null;
  /** The feedback cited, as readable lines ("Comment by Stakeholder 7, service user: …", "Ratings of round 1: median 4"). */
  sources: string[];
};

export type ReportMechanism = {
  round: number;
  mechanismId: string;
  versionId: string;
  position: number;
  name: string;
  description: string;
  stats: MechanismStats;
  byPerspective: Record<PerspectiveValue, MechanismStats>;
  /** Compared with the same mechanism's version in the previous round; null when it has none. */
  change: { previousName: string; medianDelta: number | null; iqrDelta: number | null } | null;
  /** Where it came from, when not from the first draft ("Proposed by Stakeholder 3, practitioner, as “Use of power” in round 1"). */
  origin: string | null;
  /** The decision taken on it for the next round, if any. */
  decisionForNextRound: ReportDecision | null;
  /** The evidence base behind the mechanism (the same for every round it appears in). */
  evidence: ReportMechanismEvidence;
  /** How many of this version's ratings and comments were given in a live meeting of the round. */
  inMeeting: { ratings: number; comments: number };
};

/** A source of the review, as cited in a report: "Shaw (2011)". */
export type ReportSource = {
  id: string;
  /** The review's own reference number, when it has one. */
  ref: number | null;
  /** "Shaw (2011)", "Shaw and Rosen (2011)", "Shaw et al. (2011)". */
  citation: string;
  authors: string[];
  year: number | null;
  title: string;
  venue: string;
  doi: string | null;
  kind: SourceKind;
  searchStage: string;
};

/** Evidence a source gives about a mechanism (an evidence link). */
export type ReportEvidenceLink = {
  mechanismId: string;
  /** The mechanism's name in the latest round of the report that has it. */
  mechanism: string;
  sourceId: string;
  source: string;
  effect: EvidenceEffect;
  extract: string;
};

/** A context-mechanism-outcome configuration. */
export type ReportConfiguration = {
  id: string;
  position: number;
  polarity: CmoPolarity;
  context: string;
  resource: string;
  reasoning: string;
  outcomes: CmoOutcome[];
  /** The source's citation ("Choi (2012)"), or null when none is recorded. */
  source: string | null;
  sourceId: string | null;
};

export type ReportMechanismEvidence = {
  /** Sources linked to the mechanism in Roundtable. */
  linkedSources: number;
  byEffect: Record<EvidenceEffect, number>;
  /** The published count: how many included papers the review team reports for it; null: not set. */
  reportedSources: number | null;
  /** Of how many papers included in all (consultation.includedSourceCount); null: not set. */
  includedSources: number | null;
  configurations: ReportConfiguration[];
};

/** A verbatim quote from a meeting, attributed to a stakeholder, to a perspective, or to no one. */
export type ReportMeetingQuote = {
  id: string;
  text: string;
  /** A stakeholder's quote: their pseudonym (and name only when names were included). */
  speaker: ReportPerson | null;
  /** The perspective quoted, for a quote attributed to a stakeholder or to a perspective only. */
  perspective: PerspectiveValue | null;
  /** As printed: "Stakeholder 7, service user", "A patient, service user or carer", "Unattributed". */
  attribution: string;
  createdAt: Date;
};

export type ReportMeetingNote = { id: string; text: string; createdAt: Date };

export type ReportMeetingQuestion = { prompt: string; answers: number; openedAt: Date };

/** One agenda item with what was captured under it; kind "general" holds what belongs to no item. */
export type ReportMeetingItem = {
  /** 1, 2…; null for the meeting as a whole. */
  position: number | null;
  kind: MeetingItemKind | "general";
  /** Mechanism items: the mechanism and its name in the round. */
  mechanismId: string | null;
  title: string;
  plannedMinutes: number | null;
  notes: ReportMeetingNote[];
  quotes: ReportMeetingQuote[];
  questions: ReportMeetingQuestion[];
};

/** A live meeting of a round, and its record. */
export type ReportMeeting = {
  id: string;
  round: number;
  title: string;
  format: MeetingFormat;
  status: MeetingStatus;
  scheduledAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  /** Panel members on the attendance list (joined from a device or recorded by the facilitator). */
  attendance: number;
  attendanceByPerspective: Record<PerspectiveValue, number>;
  /** Ratings and comments given from the meeting's participant view. */
  ratingsInMeeting: number;
  commentsInMeeting: number;
  items: ReportMeetingItem[];
};

export type ReportRating = {
  round: number;
  mechanism: string;
  mechanismId: string;
  stakeholder: ReportPerson;
  /** 1..scaleMax, or null when the answer was "unsure". */
  rating: number | null;
  unsure: boolean;
  /** Last given from a live meeting's participant view. */
  inMeeting: boolean;
};

export type ReportComment = {
  id: string;
  round: number;
  /** The mechanism commented on, or null for a comment on a flag. */
  mechanism: string | null;
  mechanismId: string | null;
  /** The missing-mechanism flag commented on, if any. */
  flag: string | null;
  /** The quoted passage for a comment on part of a description. */
  passage: string | null;
  /** Id of the comment replied to. */
  replyTo: string | null;
  author: ReportPerson;
  body: string;
  createdAt: Date;
  /** Hidden by facilitators: the body is replaced by the reason. */
  hidden: boolean;
  /** Written from a live meeting's participant view. */
  inMeeting: boolean;
  /** A comment on one configuration of the mechanism: its position (1, 2…). */
  configuration: number | null;
};

export type ReportFlag = {
  round: number;
  name: string;
  covers: string;
  whyItMatters: string;
  proposer: ReportPerson;
  endorsements: number;
  triage: FlagTriage | null;
  /** "Accepted as a new mechanism"… or "Not decided yet". */
  triageLabel: string;
  triageReason: string | null;
  /** The mechanism it became or was merged into. */
  mechanism: string | null;
};

/** One change between round N-1 and round N ("you said, we did"). */
export type ReportChange = {
  /** The round the change prepared (N). */
  round: number;
  /** The mechanism as it was in round N-1, or the new mechanism's name. */
  mechanism: string;
  /** Its name in round N when it continues under another name. */
  becomes: string | null;
  decision: ReportDecision;
};

export type ConsultationReport = {
  formatVersion: typeof REPORT_FORMAT_VERSION;
  generatedAt: Date;
  /** Which round the report covers, or null for the whole consultation. */
  round: number | null;
  namesIncluded: boolean;
  /**
   * Whether the figures of perspectives with fewer ratings than consultation.minGroupSize are
   * withheld in this file (pseudonymised exports): such groups carry `withheld` instead of figures.
   */
  smallGroupsWithheld: boolean;
  consultation: {
    slug: string;
    title: string;
    researchQuestion: string;
    description: string;
    scaleMax: number;
    scaleLabels: string[];
    anonymity: "named" | "pseudonymous";
    consensusRule: ConsensusRule | null;
    /** describeConsensusRule(): "At least 70% rate 4-5 and at most 15% rate 1-2". */
    consensusRuleText: string;
    /**
     * The ratings behind topPercent and bottomPercent. With a rule: its top band, and its bottom
     * band or, without a bottom condition, the mirror of the top band (1-2 for 4-5 on a 5-point
     * scale). Without a rule: the top and the bottom point of the scale.
     */
    topBand?: { from: number; to: number };
    bottomBand?: { from: number; to: number };
    isDemo: boolean;
    /** The fewest ratings a perspective's figures need to be shown to the panel (default 3). */
    minGroupSize: number;
  };
  rounds: ReportRound[];
  participation: ParticipationRow[];
  /** Panel composition by perspective (not withdrawn). */
  panel: Record<PerspectiveValue, number>;
  participants: (ReportPerson & { roundsResponded: number[] })[];
  mechanisms: ReportMechanism[];
  ratings: ReportRating[];
  comments: ReportComment[];
  flags: ReportFlag[];
  changes: ReportChange[];
  /**
   * The evidence base of the mechanisms in the report: the sources linked to them (or cited by
   * their configurations) and every link with its extract. Counts and configurations per
   * mechanism are on each mechanism.
   */
  evidence: { includedSources: number | null; sources: ReportSource[]; links: ReportEvidenceLink[] };
  /** Live meetings of the published rounds in scope, with their notes, quotes and questions. */
  meetings: ReportMeeting[];
};
