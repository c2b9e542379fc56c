/**
 * Pure domain facts shared by server and browser code: perspectives, rating scales, text limits
 * and how a person is named to a given viewer. No database, Node or zod imports here: this module
 * is bundled into pages, and zod alone would add tens of kilobytes to them.
 */
export const PERSPECTIVE_VALUES = ["practitioner", "service_user", "opinion_leader", "researcher"] as const;
export type PerspectiveValue = (typeof PERSPECTIVE_VALUES)[number];

export const PERSPECTIVE_LABELS: Record<PerspectiveValue, string> = {
  practitioner: "Practitioner or manager",
  service_user: "Patient, service user or carer",
  opinion_leader: "Opinion leader",
  researcher: "Researcher",
};

/** Short forms for pseudonyms: "Stakeholder 7, service user". */
export const PERSPECTIVE_SHORT: Record<PerspectiveValue, string> = {
  practitioner: "practitioner",
  service_user: "service user",
  opinion_leader: "opinion leader",
  researcher: "researcher",
};

/** Words people type in a pasted panel list, mapped to a perspective. */
export function parsePerspective(text: string): PerspectiveValue | null {
  const t = text.trim().toLowerCase();
  if (!t) return null;
  if (/^(practitioner|manager|practice|clinician|staff|lead)/.test(t)) return "practitioner";
  if (/^(patient|service[ _-]?user|carer|user|lived)/.test(t)) return "service_user";
  if (/^(opinion|policy|charity|professional)/.test(t)) return "opinion_leader";
  if (/^(research|academic)/.test(t)) return "researcher";
  return null;
}

export const SCALE_PRESETS: Record<5 | 9, string[]> = {
  5: ["Not relevant", "Slightly relevant", "Moderately relevant", "Very relevant", "Essential"],
  9: ["Not important", "Not important", "Not important", "Important", "Important", "Important", "Critical", "Critical", "Critical"],
};

/**
 * A consensus rule, e.g. "at least 70% rate 4-5 and at most 15% rate 1-2": ratings of topFrom or
 * more must make up at least topMinPercent of a mechanism's ratings and, when bottomTo is set,
 * ratings of bottomTo or less at most bottomMaxPercent.
 */
export type ConsensusRule = {
  topFrom: number;
  topMinPercent: number;
  bottomTo: number | null;
  bottomMaxPercent: number | null;
};

export function describeConsensusRule(rule: ConsensusRule | null, scaleMax: number): string {
  if (!rule) return "No consensus rule set";
  const range = (from: number, to: number) => (from === to ? `${from}` : `${from}-${to}`);
  let text = `At least ${rule.topMinPercent}% rate ${range(rule.topFrom, scaleMax)}`;
  if (rule.bottomTo !== null && rule.bottomMaxPercent !== null) {
    text += ` and at most ${rule.bottomMaxPercent}% rate ${range(1, rule.bottomTo)}`;
  }
  return text;
}

/** Whether a distribution (counts per scale point, index 0 = rating 1) meets the rule; null without ratings. */
export function meetsConsensus(rule: ConsensusRule, distribution: number[]): boolean | null {
  const n = distribution.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const top = distribution.slice(rule.topFrom - 1).reduce((a, b) => a + b, 0);
  if ((top / n) * 100 < rule.topMinPercent) return false;
  if (rule.bottomTo !== null && rule.bottomMaxPercent !== null) {
    const bottom = distribution.slice(0, rule.bottomTo).reduce((a, b) => a + b, 0);
    if ((bottom / n) * 100 > rule.bottomMaxPercent) return false;
  }
  return true;
}

/** How a round's meeting runs. */
export const MEETING_MODE_VALUES = ["none", "in_person", "online", "drafts_before_meeting"] as const;
export type MeetingMode = (typeof MEETING_MODE_VALUES)[number];
export const MEETING_MODE_LABELS: Record<MeetingMode, string> = {
  none: "No meeting: responses online only",
  in_person: "Meeting in person",
  online: "Meeting online (video call)",
  drafts_before_meeting: "Drafts sent before a meeting",
};

/** How a live meeting (issue 6) is held. */
export const MEETING_FORMAT_VALUES = ["in_person", "online", "hybrid"] as const;
export type MeetingFormat = (typeof MEETING_FORMAT_VALUES)[number];
export const MEETING_FORMAT_LABELS: Record<MeetingFormat, string> = {
  in_person: "In person",
  online: "Online (video call)",
  hybrid: "Hybrid (in the room and online)",
};

export const MEETING_STATUS_VALUES = ["planned", "live", "ended"] as const;
export type MeetingStatus = (typeof MEETING_STATUS_VALUES)[number];

export const MEETING_ITEM_KIND_VALUES = ["mechanism", "free"] as const;
export type MeetingItemKind = (typeof MEETING_ITEM_KIND_VALUES)[number];

/** How a person came to be on a meeting's attendance list. */
export const ATTENDANCE_SOURCE_VALUES = ["joined", "recorded"] as const;

/** The evidence base (issue 7): what kind of source, and what a source says about a mechanism. */
export const SOURCE_KIND_VALUES = ["empirical", "grey", "other_field"] as const;
export type SourceKind = (typeof SOURCE_KIND_VALUES)[number];
export const SOURCE_KIND_LABELS: Record<SourceKind, string> = {
  empirical: "Empirical study",
  grey: "Grey literature",
  other_field: "From another field",
};

export const EVIDENCE_EFFECT_VALUES = ["supports", "weakens", "refines"] as const;
export type EvidenceEffect = (typeof EVIDENCE_EFFECT_VALUES)[number];
export const EVIDENCE_EFFECT_LABELS: Record<EvidenceEffect, string> = {
  supports: "Supports",
  weakens: "Weakens",
  refines: "Refines",
};

/** Whether the mechanism fired in a context-mechanism-outcome configuration. */
export const CMO_POLARITY_VALUES = ["present", "absent"] as const;
export type CmoPolarity = (typeof CMO_POLARITY_VALUES)[number];
export type CmoOutcome = { sign: "+" | "-"; text: string };

/** Delphi feedback: which of the previous round's results stakeholders see. */
export const FEEDBACK_VISIBILITY_VALUES = ["all", "perspective", "none"] as const;
export type FeedbackVisibility = (typeof FEEDBACK_VISIBILITY_VALUES)[number];
export const FEEDBACK_VISIBILITY_LABELS: Record<FeedbackVisibility, string> = {
  all: "Everyone's results",
  perspective: "Their own perspective's results only",
  none: "No results (only their own previous rating)",
};

/** What facilitators decided for a mechanism of the previous round. */
export const DECISION_KIND_VALUES = ["keep", "revise", "merge", "split", "drop", "keep_with_note"] as const;
export type DecisionKind = (typeof DECISION_KIND_VALUES)[number];
export const DECISION_KIND_LABELS: Record<DecisionKind, string> = {
  keep: "Kept as it was",
  revise: "Revised",
  merge: "Merged into another mechanism",
  split: "Split into several mechanisms",
  drop: "Dropped",
  keep_with_note: "Kept, with a status note",
};

/** The kinds of feedback a decision can cite. */
export const DECISION_SOURCE_VALUES = ["comment", "flag", "ratings", "meeting_note", "meeting_quote"] as const;
export type DecisionSourceKind = (typeof DECISION_SOURCE_VALUES)[number];

/** What facilitators did with a missing-mechanism flag. */
export const FLAG_TRIAGE_VALUES = ["accepted", "merged", "declined"] as const;
export type FlagTriage = (typeof FLAG_TRIAGE_VALUES)[number];
export const FLAG_TRIAGE_LABELS: Record<FlagTriage, string> = {
  accepted: "Accepted as a new mechanism",
  merged: "Merged into an existing mechanism",
  declined: "Declined",
};

/** Where a mechanism came from. */
export const MECHANISM_ORIGIN_VALUES = ["initial", "added", "flag", "split"] as const;
export type MechanismOrigin = (typeof MECHANISM_ORIGIN_VALUES)[number];

/**
 * "Unsure: I cannot judge this", stored as rating 0. It counts as an answer (progress, response
 * rates) but never in a distribution, median or consensus share: the statistics are of the scale.
 */
export const UNSURE = 0;
export const UNSURE_LABEL = "Unsure: I cannot judge this";

/** A rating as a person reads it: "4 (Very relevant)" or "unsure". */
export function ratingText(value: number, scaleLabels: string[]): string {
  return value === UNSURE ? "unsure" : `${value} (${scaleLabels[value - 1] ?? ""})`;
}

/** Text limits, documented in the README. */
/**
 * The fewest answers a perspective's figures need before the panel (or a pseudonymised export)
 * sees them: with one or two, someone who knows their own rating can read another's.
 */
export const MIN_GROUP_SIZE = { default: 3, min: 2, max: 20 } as const;

/** What the panel reads instead of a small group's figures: "fewer than 3 answers". */
export function tooFewAnswers(minGroupSize: number): string {
  return `fewer than ${minGroupSize} answers`;
}

export const LIMITS = {
  title: { min: 3, max: 200 },
  researchQuestion: { min: 10, max: 1000 },
  consultationDescription: { max: 5000 },
  scaleLabel: { min: 1, max: 60 },
  roundTitle: { min: 2, max: 120 },
  instructions: { max: 2000 },
  mechanismName: { min: 2, max: 120 },
  mechanismDescription: { min: 10, max: 4000 },
  editReason: { min: 3, max: 500 },
  comment: { min: 1, max: 2000 },
  hideReason: { min: 3, max: 500 },
  flagName: { min: 2, max: 120 },
  flagText: { min: 5, max: 2000 },
  personName: { min: 1, max: 120 },
  email: { max: 254 },
  pasteLines: { max: 500 },
  mechanismsPerRound: { max: 100 },
  rationale: { min: 3, max: 2000 },
  statusNote: { min: 3, max: 500 },
  triageReason: { min: 3, max: 1000 },
  originNote: { max: 1000 },
  decisionSources: { max: 50 },
  anchorQuote: { min: 1, max: 1000 },
  anchorContext: { max: 64 },
  // Live meetings
  meetingTitle: { min: 3, max: 200 },
  agendaItems: { max: 60 },
  agendaItemTitle: { min: 2, max: 200 },
  agendaMinutes: { min: 1, max: 240 },
  meetingNote: { min: 1, max: 5000 },
  meetingQuote: { min: 3, max: 2000 },
  quickQuestion: { min: 3, max: 300 },
  quickAnswer: { min: 1, max: 1000 },
  // Evidence base
  sourceTitle: { min: 2, max: 1000 },
  sourceAuthors: { max: 100 },
  sourceAuthor: { min: 1, max: 200 },
  sourceVenue: { max: 500 },
  sourceDoi: { max: 200 },
  searchStage: { max: 100 },
  evidenceExtract: { min: 3, max: 4000 },
  cmoText: { min: 3, max: 2000 },
  cmoOutcomes: { min: 1, max: 10 },
  importBytes: { max: 5 * 1024 * 1024 },
  importRecords: { max: 5000 },
  /** Calls in one tRPC batch: the server refuses more, the browser's batch link sends no more. */
  trpcBatch: { max: 20 },
} as const;

export type AuthorView = {
  /** Membership id, so the viewer's own items can be recognised. */
  membershipId: string;
  /** What the viewer sees, e.g. "Stakeholder 7, service user" or "Ann Lee (facilitator)". */
  label: string;
  isFacilitator: boolean;
};

export type PersonFacts = {
  id: string;
  role: "facilitator" | "stakeholder";
  displayName: string;
  perspective: PerspectiveValue | null;
  pseudonymNumber: number | null;
};

export function pseudonym(p: Pick<PersonFacts, "pseudonymNumber" | "perspective">): string {
  const base = `Stakeholder ${p.pseudonymNumber ?? "?"}`;
  return p.perspective ? `${base}, ${PERSPECTIVE_SHORT[p.perspective]}` : base;
}

/**
 * How an author is shown to a viewer. Facilitators see everyone by name and pseudonym;
 * stakeholders see each other by name or by pseudonym, as the consultation's anonymity says.
 */
export function describeAuthor(
  author: PersonFacts,
  viewer: { id: string; role: "facilitator" | "stakeholder" },
  anonymity: "named" | "pseudonymous",
): AuthorView {
  const isFacilitator = author.role === "facilitator";
  let label: string;
  if (isFacilitator) label = `${author.displayName} (facilitator)`;
  else if (viewer.role === "facilitator") label = `${author.displayName} (${pseudonym(author)})`;
  else if (anonymity === "named")
    label = `${author.displayName}, ${author.perspective ? PERSPECTIVE_SHORT[author.perspective] : "panel member"}`;
  else label = pseudonym(author);
  if (author.id === viewer.id) label = `You (${label})`;
  return { membershipId: author.id, label, isFacilitator };
}
