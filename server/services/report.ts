/**
 * Builds the feedback report (server/services/report-types.ts) of a consultation or of one of its
 * rounds, straight from the database: the summary page and every export render this one object.
 *
 * It takes no actor: the command-line export runs it as the operator, and the tRPC layer checks
 * that the caller facilitates the consultation. A fixed number of queries whatever the size of the
 * consultation (ratings are counted in SQL, everything else is grouped here), so the 500-person,
 * 45,000-rating benchmark builds in well under a second.
 *
 * Drafts are the facilitators' workspace, not results: a draft round is listed in `rounds` but its
 * mechanisms, responses and the decisions preparing it stay out of the report.
 */
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import { referencedCitation } from "./citation";
import type { DB } from "@/db";
import {
  cmoConfigurations,
  comments,
  consultations,
  decisionSources,
  decisions,
  evidenceLinks,
  flagEndorsements,
  flags,
  mechanismVersions,
  mechanisms,
  meetingAnswers,
  meetingAttendance,
  meetingItems,
  meetingNotes,
  meetingQuestions,
  meetingQuotes,
  meetings,
  memberships,
  ratings,
  rounds,
  sources,
} from "@/db/schema";
import {
  DECISION_KIND_LABELS,
  describeConsensusRule,
  EVIDENCE_EFFECT_VALUES,
  FLAG_TRIAGE_LABELS,
  meetsConsensus,
  PERSPECTIVE_LABELS,
  PERSPECTIVE_VALUES,
  pseudonym,
  tooFewAnswers,
  type ConsensusRule,
  type EvidenceEffect,
  type PerspectiveValue, UNSURE } from "../domain";
import { notFound } from "./actor";
import { excerpt } from "./changes";
import { WITHDRAWN_NAME } from "./personal-data";
import {
  REPORT_FORMAT_VERSION,
  type ConsultationReport,
  type MechanismStats,
  type ParticipationRow,
  type ReportChange,
  type ReportComment,
  type ReportConfiguration,
  type ReportDecision,
  type ReportEvidenceLink,
  type ReportFlag,
  type ReportMechanism,
  type ReportMeeting,
  type ReportMeetingItem,
  type ReportMeetingQuote,
  type ReportPerson,
  type ReportRating,
  type ReportRound,
  type ReportScope,
  type ReportSource,
} from "./report-types";
import { asOfNow } from "./round-state";
import { distributionOf, formatFigure, summarise } from "./stats";

export type Band = { from: number; to: number };

/**
 * The ratings counted as "top" and "bottom" of the scale. A rule without a bottom condition still
 * gets a bottom share, over the mirror of its top band, so reports always show both ends.
 */
export function consensusBands(rule: ConsensusRule | null, scaleMax: number): { top: Band; bottom: Band } {
  if (!rule) return { top: { from: scaleMax, to: scaleMax }, bottom: { from: 1, to: 1 } };
  const bottomTo = rule.bottomTo ?? Math.max(1, Math.min(rule.topFrom - 1, scaleMax + 1 - rule.topFrom));
  return { top: { from: rule.topFrom, to: scaleMax }, bottom: { from: 1, to: bottomTo } };
}

/** A share as a report prints it: 0-100 with one decimal. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** Summary, shares at both ends and the consensus verdict of one distribution. */
export function mechanismStats(distribution: number[], rule: ConsensusRule | null, bands: { top: Band; bottom: Band }): MechanismStats {
  const summary = summarise(distribution);
  const within = (b: Band) => distribution.slice(b.from - 1, b.to).reduce((a, c) => a + c, 0);
  return {
    ...summary,
    topPercent: percent(within(bands.top), summary.n),
    bottomPercent: percent(within(bands.bottom), summary.n),
    consensus: rule ? meetsConsensus(rule, distribution) : null,
  };
}

type Member = typeof memberships.$inferSelect;

/**
 * Everyone on the consultation and how a report names them: "Stakeholder 7, service user",
 * "Facilitator" or "Withdrawn participant", plus the name only when names were chosen.
 */
function loadPeople(db: DB, consultationId: string, includeNames: boolean) {
  const members = db.select().from(memberships).where(eq(memberships.consultationId, consultationId)).all();
  const memberById = new Map(members.map((m) => [m.id, m]));
  const cache = new Map<string, ReportPerson>();
  const person = (membershipId: string): ReportPerson => {
    const cached = cache.get(membershipId);
    if (cached) return cached;
    const m = memberById.get(membershipId);
    let p: ReportPerson;
    if (!m) p = { label: WITHDRAWN_NAME, pseudonymNumber: null, perspective: null };
    else if (m.role === "facilitator") p = { label: "Facilitator", pseudonymNumber: null, perspective: null };
    else if (m.withdrawnAt) {
      // Their perspective stays (the figures by perspective keep counting them), their number
      // goes: it would tie what they said to earlier exports that named them.
      p = { label: WITHDRAWN_NAME, pseudonymNumber: null, perspective: m.perspective };
    } else p = { label: pseudonym(m), pseudonymNumber: m.pseudonymNumber, perspective: m.perspective };
    if (includeNames && m && !m.withdrawnAt) p = { ...p, name: m.displayName };
    cache.set(membershipId, p);
    return p;
  };
  /** A person as cited inside a sentence: the pseudonym, and the name when names were chosen. */
  const cite = (membershipId: string) => {
    const p = person(membershipId);
    return p.name ? `${p.label} (${p.name})` : p.label;
  };
  return { members, memberById, person, cite };
}

const commentColumns = {
  id: comments.id,
  roundId: comments.roundId,
  versionId: comments.versionId,
  flagId: comments.flagId,
  parentId: comments.parentId,
  membershipId: comments.membershipId,
  body: comments.body,
  createdAt: comments.createdAt,
  hiddenAt: comments.hiddenAt,
  hiddenReason: comments.hiddenReason,
  anchorQuote: comments.anchorQuote,
  meetingId: comments.meetingId,
  configurationId: comments.configurationId,
};

type CommentRow = {
  id: string;
  roundId: string;
  versionId: string | null;
  flagId: string | null;
  parentId: string | null;
  membershipId: string;
  body: string;
  createdAt: Date;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  anchorQuote: string | null;
  meetingId: string | null;
  configurationId: string | null;
};

/**
 * Comment rows read as tuples (in commentColumns' order), made objects here: the ORM's per-cell
 * mapping of 20,000 comments costs more than the query itself.
 */
function commentRowsOf(tuples: unknown[][]): CommentRow[] {
  return tuples.map((t) => {
    const [id, roundId, versionId, flagId, parentId, membershipId, body, createdAt, hiddenAt, hiddenReason, anchorQuote, meetingId, configurationId] = t as [
      string,
      string,
      string | null,
      string | null,
      string | null,
      string,
      string,
      number,
      number | null,
      string | null,
      string | null,
      string | null,
      string | null,
    ];
    return {
      id,
      roundId,
      versionId,
      flagId,
      parentId,
      membershipId,
      body,
      createdAt: new Date(createdAt),
      hiddenAt: hiddenAt === null ? null : new Date(hiddenAt),
      hiddenReason,
      anchorQuote,
      meetingId,
      configurationId,
    };
  });
}

function reportComment(
  c: CommentRow,
  ctx: {
    roundNumber: number;
    version: { name: string; mechanismId: string } | undefined;
    flagName: string | null;
    /** Whether the comment replied to is in the same list. */
    parentKept: boolean;
    person: (membershipId: string) => ReportPerson;
    /** Position of a configuration commented on, by its id. */
    configurationPosition: (configurationId: string) => number | null;
  },
): ReportComment {
  const hidden = c.hiddenAt !== null;
  return {
    id: c.id,
    round: ctx.roundNumber,
    mechanism: ctx.version?.name ?? null,
    mechanismId: ctx.version?.mechanismId ?? null,
    flag: ctx.flagName,
    passage: c.anchorQuote,
    // A reply to a comment its author deleted stands on its own.
    replyTo: c.parentId && ctx.parentKept ? c.parentId : null,
    author: ctx.person(c.membershipId),
    // A hidden text never leaves the database in a report: only why it was hidden.
    body: hidden ? `${HIDDEN_PREFIX}${c.hiddenReason ?? ""}` : c.body,
    createdAt: c.createdAt,
    hidden,
    inMeeting: c.meetingId !== null,
    configuration: c.configurationId ? ctx.configurationPosition(c.configurationId) : null,
  };
}

/** "A patient, service user or carer", "An opinion leader": a quote attributed to a perspective only. */
export function perspectiveAttribution(p: PerspectiveValue): string {
  const label = PERSPECTIVE_LABELS[p].toLowerCase();
  return `${/^[aeiou]/.test(label) ? "An" : "A"} ${label}`;
}

export const UNATTRIBUTED = "Unattributed";

const emptyByPerspective = <T>(make: () => T) =>
  Object.fromEntries(PERSPECTIVE_VALUES.map((p) => [p, make()])) as Record<PerspectiveValue, T>;

export const HIDDEN_PREFIX = "Hidden by the facilitators: ";

/**
 * A perspective's figures as a file for a wider audience carries them when the group is below the
 * consultation's minimum group size: none, only the label (figures and no consensus verdict).
 */
export function withheldStats(scaleMax: number, minGroupSize: number): MechanismStats {
  return {
    n: 0,
    distribution: Array.from({ length: scaleMax }, () => 0),
    median: null,
    q1: null,
    q3: null,
    iqr: null,
    topPercent: null,
    bottomPercent: null,
    consensus: null,
    unsure: 0,
    withheld: tooFewAnswers(minGroupSize),
  };
}

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
  const consultation = db.select().from(consultations).where(eq(consultations.id, scope.consultationId)).get();
  if (!consultation) notFound("This consultation");
  const scaleMax = consultation.scaleMax;
  const rule = consultation.consensusRule ?? null;
  const bands = consensusBands(rule, scaleMax);
  const cid = consultation.id;

  // --- Rounds -----------------------------------------------------------------------------------
  const now = Date.now();
  const roundRows = db
    .select()
    .from(rounds)
    .where(eq(rounds.consultationId, cid))
    .orderBy(asc(rounds.number))
    .all()
    .map((r) => asOfNow(r, now));
  const roundById = new Map(roundRows.map((r) => [r.id, r]));
  const roundByNumber = new Map(roundRows.map((r) => [r.number, r]));
  if (scope.round !== undefined && !roundByNumber.has(scope.round)) notFound(`Round ${scope.round}`);
  const published = (roundId: string) => {
    const r = roundById.get(roundId);
    return !!r && r.status !== "draft";
  };
  /** Rounds whose results are in this report. */
  const inScope = (roundNumber: number) => scope.round === undefined || scope.round === roundNumber;

  // --- People -----------------------------------------------------------------------------------
  const { members, memberById, person, cite } = loadPeople(db, cid, scope.includeNames);
  const stakeholders = members.filter((m) => m.role === "stakeholder");
  const panelMembers = stakeholders.filter((m) => !m.withdrawnAt);

  // --- Mechanism versions of every round (drafts included: names for links and origins) ----------
  const versionRows = db
    .select({
      id: mechanismVersions.id,
      mechanismId: mechanismVersions.mechanismId,
      roundId: mechanismVersions.roundId,
      name: mechanismVersions.name,
      description: mechanismVersions.description,
      position: mechanismVersions.position,
      originKind: mechanisms.originKind,
      originFlagId: mechanisms.originFlagId,
      originMechanismId: mechanisms.originMechanismId,
      originNote: mechanisms.originNote,
    })
    .from(mechanismVersions)
    .innerJoin(mechanisms, eq(mechanisms.id, mechanismVersions.mechanismId))
    .where(eq(mechanisms.consultationId, cid))
    .all()
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

  // --- Ratings of every published round: one scan, counted here -------------------------------
  // The counts per (version, value, perspective), who rated in which round and the long-format
  // list all come from this one pass: three grouped queries would read the same 45,000 rows three
  // times, which is most of the cost of a large report.
  const ratingRows = db
    .select({ versionId: ratings.versionId, membershipId: ratings.membershipId, value: ratings.value, meetingId: ratings.meetingId })
    .from(ratings)
    .innerJoin(mechanismVersions, eq(mechanismVersions.id, ratings.versionId))
    .innerJoin(rounds, eq(rounds.id, mechanismVersions.roundId))
    .where(and(eq(rounds.consultationId, cid), ne(rounds.status, "draft")))
    // Tuples, not objects: tens of thousands of rows, and nothing else needs their shape.
    .values() as [string, string, number, string | null][];
  type Count = { value: number; perspective: PerspectiveValue | null; n: number };
  const countsByVersion = new Map<string, Map<string, Count>>();
  const respondents = new Map<number, Set<string>>();
  const responded = (roundNumber: number, membershipId: string) => {
    if (memberById.get(membershipId)?.role !== "stakeholder") return;
    const set = respondents.get(roundNumber) ?? new Set<string>();
    set.add(membershipId);
    respondents.set(roundNumber, set);
  };
  /** Ratings given in a meeting, by version and by meeting. */
  const meetingRatingsByVersion = new Map<string, number>();
  const ratingsByMeeting = new Map<string, number>();
  for (const [versionId, membershipId, value, meetingId] of ratingRows) {
    if (meetingId) {
      meetingRatingsByVersion.set(versionId, (meetingRatingsByVersion.get(versionId) ?? 0) + 1);
      ratingsByMeeting.set(meetingId, (ratingsByMeeting.get(meetingId) ?? 0) + 1);
    }
    const perspective = memberById.get(membershipId)?.perspective ?? null;
    let byKey = countsByVersion.get(versionId);
    if (!byKey) countsByVersion.set(versionId, (byKey = new Map<string, Count>()));
    const key = `${value}:${perspective}`;
    const c = byKey.get(key);
    if (c) c.n += 1;
    else byKey.set(key, { value, perspective, n: 1 });
    responded(versionById.get(versionId)!.roundNumber, membershipId);
  }
  const statsCache = new Map<string, MechanismStats>();
  const statsOf = (versionId: string, perspective?: PerspectiveValue): MechanismStats => {
    const key = `${versionId}:${perspective ?? ""}`;
    const cached = statsCache.get(key);
    if (cached) return cached;
    const rows = [...(countsByVersion.get(versionId)?.values() ?? [])].filter((r) => !perspective || r.perspective === perspective);
    const unsure = rows.reduce((n, r) => (r.value === UNSURE ? n + r.n : n), 0);
    const s = { ...mechanismStats(distributionOf(rows, scaleMax), rule, bands), unsure };
    statsCache.set(key, s);
    return s;
  };

  const minGroupSize = consultation.minGroupSize;
  const withholdSmallGroups = options.withholdSmallGroups ?? false;
  /** A perspective's figures, or none below the minimum group size when those are withheld. */
  const perspectiveStats = (versionId: string, perspective: PerspectiveValue): MechanismStats => {
    const s = statsOf(versionId, perspective);
    return withholdSmallGroups && s.n < minGroupSize ? withheldStats(scaleMax, minGroupSize) : s;
  };

  // --- Who commented or flagged in which round (ratings are counted above): one grouped query ------
  const activity = db.all<{ round_id: string; membership_id: string }>(sql`
    select c.round_id, c.membership_id from ${comments} c
      join ${rounds} rd on rd.id = c.round_id
      where rd.consultation_id = ${cid} and rd.status != 'draft' and c.deleted_at is null
    union
    select f.round_id, f.membership_id from ${flags} f
      join ${rounds} rd on rd.id = f.round_id
      where rd.consultation_id = ${cid} and rd.status != 'draft'`);
  for (const a of activity) {
    const round = roundById.get(a.round_id);
    if (round) responded(round.number, a.membership_id);
  }

  // --- Flags of every published round, with their endorsement counts ------------------------------
  const flagRows = db
    .select({
      flag: flags,
      endorsements: sql<number>`(select count(*) from ${flagEndorsements} e where e.flag_id = ${flags.id})`,
    })
    .from(flags)
    .innerJoin(rounds, eq(rounds.id, flags.roundId))
    .where(and(eq(rounds.consultationId, cid), ne(rounds.status, "draft")))
    .orderBy(asc(rounds.number), asc(flags.createdAt))
    .all();
  const flagById = new Map(flagRows.map((f) => [f.flag.id, f]));

  // --- Decisions preparing published rounds, and the feedback they cite ---------------------------
  const decisionRows = db
    .select({ decision: decisions })
    .from(decisions)
    .innerJoin(rounds, eq(rounds.id, decisions.roundId))
    .where(and(eq(rounds.consultationId, cid), ne(rounds.status, "draft")))
    .all()
    .map((r) => r.decision);
  const sourceRows = db
    .select({
      decisionId: decisionSources.decisionId,
      kind: decisionSources.kind,
      versionId: decisionSources.versionId,
      flagId: decisionSources.flagId,
      commentId: comments.id,
      commentBody: comments.body,
      commentAuthor: comments.membershipId,
      commentHiddenAt: comments.hiddenAt,
      commentHiddenReason: comments.hiddenReason,
      commentDeletedAt: comments.deletedAt,
      commentVersionId: comments.versionId,
      commentFlagId: comments.flagId,
      noteBody: meetingNotes.body,
      quoteBody: meetingQuotes.body,
      quoteMembershipId: meetingQuotes.membershipId,
      quotePerspective: meetingQuotes.perspective,
    })
    .from(decisionSources)
    .innerJoin(decisions, eq(decisions.id, decisionSources.decisionId))
    .innerJoin(rounds, eq(rounds.id, decisions.roundId))
    .leftJoin(comments, eq(comments.id, decisionSources.commentId))
    .leftJoin(meetingNotes, eq(meetingNotes.id, decisionSources.meetingNoteId))
    .leftJoin(meetingQuotes, eq(meetingQuotes.id, decisionSources.meetingQuoteId))
    .where(and(eq(rounds.consultationId, cid), ne(rounds.status, "draft")))
    .orderBy(sql`${decisionSources}.rowid`)
    .all();
  // Flags cited by a decision but raised in a round we did not load cannot exist (flags of drafts
  // are impossible), so every cited flag is in flagById.
  const sourcesOf = new Map<string, string[]>();
  for (const s of sourceRows) {
    let line: string | null = null;
    if (s.kind === "comment" && s.commentId) {
      const on = s.commentVersionId
        ? `, on “${versionById.get(s.commentVersionId)?.name ?? "a mechanism"}”`
        : s.commentFlagId
          ? `, on the flag “${flagById.get(s.commentFlagId)?.flag.name ?? "a missing mechanism"}”`
          : "";
      if (s.commentDeletedAt) line = `A comment${on.replace(/^,/, "")}, since deleted`;
      // A hidden text stays out of reports wherever it is cited: only why it was hidden.
      else if (s.commentHiddenAt) line = `Comment by ${cite(s.commentAuthor!)}${on}, hidden by the facilitators: ${s.commentHiddenReason ?? ""}`;
      else line = `Comment by ${cite(s.commentAuthor!)}${on}: “${excerpt(s.commentBody ?? "").text}”`;
    } else if (s.kind === "flag" && s.flagId) {
      const f = flagById.get(s.flagId);
      if (f) line = `Missing-mechanism flag by ${cite(f.flag.membershipId)}: “${f.flag.name}” (endorsed by ${f.endorsements})`;
    } else if (s.kind === "ratings" && s.versionId) {
      const v = versionById.get(s.versionId);
      if (v) {
        const st = statsOf(v.id);
        line = `Ratings of round ${v.roundNumber} for “${v.name}”: n ${st.n}, median ${formatFigure(st.median)}, IQR ${formatFigure(st.iqr)}`;
      }
    } else if (s.kind === "meeting_note") {
      line = s.noteBody === null ? "Notes of the panel's meeting" : `Meeting note: “${excerpt(s.noteBody).text}”`;
    } else if (s.kind === "meeting_quote" && s.quoteBody !== null) {
      const who = s.quoteMembershipId ? cite(s.quoteMembershipId) : s.quotePerspective ? perspectiveAttribution(s.quotePerspective) : UNATTRIBUTED;
      line = `Said in the meeting by ${who}: “${excerpt(s.quoteBody).text}”`;
    }
    if (!line) continue; // the cited item went with its author's erasure
    const list = sourcesOf.get(s.decisionId) ?? [];
    list.push(line);
    sourcesOf.set(s.decisionId, list);
  }
  const decisionFor = new Map<string, (typeof decisionRows)[number]>(); // `${roundNumber}:${mechanismId}`
  for (const d of decisionRows) decisionFor.set(`${roundById.get(d.roundId)!.number}:${d.mechanismId}`, d);
  const reportDecision = (d: (typeof decisionRows)[number]): ReportDecision => ({
    kind: d.kind,
    label: DECISION_KIND_LABELS[d.kind],
    rationale: d.rationale,
    statusNote: d.statusNote,
    mergedInto: d.kind === "merge" ? nameAt(d.mergeIntoMechanismId, roundById.get(d.roundId)!.number) : null,
    sources: sourcesOf.get(d.id) ?? [],
  });

  // --- Origins of mechanisms that were not in the first draft -----------------------------------
  const originOf = (v: (typeof versionRows)[number]): string | null => {
    const first = firstRoundOf(v.mechanismId);
    if (v.originKind === "flag") {
      const f = v.originFlagId ? flagById.get(v.originFlagId) : undefined;
      if (!f) return `Proposed in a missing-mechanism flag; added in round ${first}`;
      return `Proposed by ${cite(f.flag.membershipId)}, as “${f.flag.name}”, in round ${roundById.get(f.flag.roundId)?.number ?? first - 1}; added in round ${first}`;
    }
    if (v.originKind === "split") {
      const from = nameAt(v.originMechanismId, first - 1);
      return from ? `Split from “${from}” in round ${first}` : `Split from another mechanism in round ${first}`;
    }
    if (v.originKind === "added" || first > 1) {
      return `Added by the facilitators in round ${first}${v.originNote ? `: ${v.originNote}` : ""}`;
    }
    return null;
  };

  // --- The evidence base: sources, links and configurations, three queries ----------------------
  const sourceRowsAll = db
    .select()
    .from(sources)
    .where(eq(sources.consultationId, cid))
    .orderBy(sql`${sources.ref} is null`, asc(sources.ref), asc(sources.year), asc(sources.title))
    .all();
  const sourceById = new Map(sourceRowsAll.map((r) => [r.id, r]));
  const linkRows = db
    .select({ mechanismId: evidenceLinks.mechanismId, sourceId: evidenceLinks.sourceId, effect: evidenceLinks.effect, extract: evidenceLinks.extract })
    .from(evidenceLinks)
    .where(eq(evidenceLinks.consultationId, cid))
    .all();
  const configurationRows = db
    .select()
    .from(cmoConfigurations)
    .where(eq(cmoConfigurations.consultationId, cid))
    .orderBy(asc(cmoConfigurations.mechanismId), asc(cmoConfigurations.position))
    .all();
  const citeSourceId = (id: string | null) => {
    const src = id ? sourceById.get(id) : undefined;
    return src ? referencedCitation(src) : null;
  };
  const configurationsOf = new Map<string, ReportConfiguration[]>();
  const configurationPositionById = new Map<string, number>();
  for (const c of configurationRows) {
    const list = configurationsOf.get(c.mechanismId) ?? [];
    // Positions are shown as 1, 2… in the mechanism's order, whatever gaps deletions left.
    const position = list.length + 1;
    configurationPositionById.set(c.id, position);
    list.push({
      id: c.id,
      position,
      polarity: c.polarity,
      context: c.context,
      resource: c.resource,
      reasoning: c.reasoning,
      outcomes: c.outcomes,
      source: citeSourceId(c.sourceId),
      sourceId: c.sourceId,
    });
    configurationsOf.set(c.mechanismId, list);
  }
  const configurationPosition = (id: string) => configurationPositionById.get(id) ?? null;
  const linksOf = new Map<string, typeof linkRows>();
  for (const l of linkRows) {
    const list = linksOf.get(l.mechanismId) ?? [];
    list.push(l);
    linksOf.set(l.mechanismId, list);
  }
  const evidenceOf = (mechanismId: string, reportedSources: number | null) => {
    const links = linksOf.get(mechanismId) ?? [];
    const byEffect = Object.fromEntries(EVIDENCE_EFFECT_VALUES.map((e) => [e, 0])) as Record<EvidenceEffect, number>;
    for (const l of links) byEffect[l.effect] += 1;
    return {
      linkedSources: links.length,
      byEffect,
      reportedSources,
      includedSources: consultation.includedSourceCount,
      configurations: configurationsOf.get(mechanismId) ?? [],
    };
  };
  const reportedCounts = new Map(
    db
      .select({ id: mechanisms.id, reported: mechanisms.reportedSourceCount })
      .from(mechanisms)
      .where(eq(mechanisms.consultationId, cid))
      .all()
      .map((m) => [m.id, m.reported]),
  );

  // --- Mechanisms of the rounds in scope --------------------------------------------------------
  const reportMechanisms: ReportMechanism[] = versionRows
    .filter((v) => published(v.roundId) && inScope(v.roundNumber))
    .map((v) => {
      const stats = statsOf(v.id);
      const previous = versionsOf.get(v.mechanismId)?.get(v.roundNumber - 1);
      const before = previous && published(previous.roundId) ? statsOf(previous.id) : null;
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
        byPerspective: Object.fromEntries(PERSPECTIVE_VALUES.map((p) => [p, perspectiveStats(v.id, p)])) as Record<PerspectiveValue, MechanismStats>,
        change:
          previous && before
            ? { previousName: previous.name, medianDelta: delta(stats.median, before.median), iqrDelta: delta(stats.iqr, before.iqr) }
            : null,
        origin: originOf(v),
        decisionForNextRound: next ? reportDecision(next) : null,
        evidence: evidenceOf(v.mechanismId, reportedCounts.get(v.mechanismId) ?? null),
        // Comments given in a meeting are counted once the comments are read, below.
        inMeeting: { ratings: meetingRatingsByVersion.get(v.id) ?? 0, comments: 0 },
      };
    });

  // --- Ratings, long format (optional: the summary page does not need 45,000 rows) --------------
  const reportRatings: ReportRating[] = [];
  if (options.ratings !== false) {
    // In the order the panel read them (versionRows is sorted by round and position), each
    // mechanism's ratings by stakeholder number: bucketed, so only each bucket is sorted.
    const byVersion = new Map<string, [string, number, string | null][]>();
    for (const [versionId, membershipId, value, meetingId] of ratingRows) {
      let list = byVersion.get(versionId);
      if (!list) byVersion.set(versionId, (list = []));
      list.push([membershipId, value, meetingId]);
    }
    const number = (membershipId: string) => person(membershipId).pseudonymNumber ?? Infinity;
    for (const v of versionRows) {
      const list = byVersion.get(v.id);
      if (!list || !inScope(v.roundNumber)) continue;
      list.sort((a, b) => number(a[0]) - number(b[0]));
      for (const [membershipId, value, meetingId] of list) {
        reportRatings.push({ round: v.roundNumber, mechanism: v.name, mechanismId: v.mechanismId, stakeholder: person(membershipId), rating: value === UNSURE ? null : value, unsure: value === UNSURE, inMeeting: meetingId !== null });
      }
    }
  }

  // --- Comments of the rounds in scope ----------------------------------------------------------
  const commentRows = commentRowsOf(
    db
      .select(commentColumns)
      .from(comments)
      .innerJoin(rounds, eq(rounds.id, comments.roundId))
      .where(
        and(
          eq(rounds.consultationId, cid),
          ne(rounds.status, "draft"),
          isNull(comments.deletedAt),
          scope.round === undefined ? undefined : eq(rounds.number, scope.round),
        ),
      )
      .orderBy(asc(rounds.number), asc(comments.createdAt), sql`${comments}.rowid`)
      .values(),
  );
  const kept = new Set(commentRows.map((c) => c.id));
  const reportComments: ReportComment[] = commentRows.map((c) =>
    reportComment(c, {
      roundNumber: roundById.get(c.roundId)!.number,
      version: c.versionId ? versionById.get(c.versionId) : undefined,
      flagName: c.flagId ? (flagById.get(c.flagId)?.flag.name ?? null) : null,
      parentKept: !!c.parentId && kept.has(c.parentId),
      person,
      configurationPosition,
    }),
  );
  const commentsByMeeting = new Map<string, number>();
  const meetingCommentsByVersion = new Map<string, number>();
  for (const c of commentRows) {
    if (!c.meetingId) continue;
    commentsByMeeting.set(c.meetingId, (commentsByMeeting.get(c.meetingId) ?? 0) + 1);
    if (c.versionId) meetingCommentsByVersion.set(c.versionId, (meetingCommentsByVersion.get(c.versionId) ?? 0) + 1);
  }
  for (const m of reportMechanisms) m.inMeeting.comments = meetingCommentsByVersion.get(m.versionId) ?? 0;

  // --- The evidence of the mechanisms in scope, once per mechanism ------------------------------
  /** Each mechanism's name in the latest round of the report that has it. */
  const latestName = new Map<string, string>();
  for (const m of reportMechanisms) latestName.set(m.mechanismId, m.name);
  const evidenceLinksInScope: ReportEvidenceLink[] = [];
  const citedSourceIds = new Set<string>();
  for (const [mechanismId, mechanismName] of latestName) {
    for (const l of linksOf.get(mechanismId) ?? []) {
      citedSourceIds.add(l.sourceId);
      evidenceLinksInScope.push({
        mechanismId,
        mechanism: mechanismName,
        sourceId: l.sourceId,
        source: citeSourceId(l.sourceId) ?? "",
        effect: l.effect,
        extract: l.extract,
      });
    }
    for (const c of configurationsOf.get(mechanismId) ?? []) if (c.sourceId) citedSourceIds.add(c.sourceId);
  }
  const sourceOrder = new Map(sourceRowsAll.map((r, i) => [r.id, i]));
  evidenceLinksInScope.sort(
    (a, b) => a.mechanism.localeCompare(b.mechanism) || (sourceOrder.get(a.sourceId) ?? 0) - (sourceOrder.get(b.sourceId) ?? 0),
  );
  const reportSources: ReportSource[] = sourceRowsAll
    .filter((r) => citedSourceIds.has(r.id))
    .map((r) => ({
      id: r.id,
      ref: r.ref,
      citation: referencedCitation(r),
      authors: r.authors,
      year: r.year,
      title: r.title,
      venue: r.venue,
      doi: r.doi,
      kind: r.kind,
      searchStage: r.searchStage,
    }));

  // --- Live meetings of the published rounds in scope: five queries ------------------------------
  const meetingRows = db
    .select()
    .from(meetings)
    .where(eq(meetings.consultationId, cid))
    .orderBy(sql`coalesce(${meetings.startedAt}, ${meetings.scheduledAt}, ${meetings.createdAt})`)
    .all()
    .filter((m) => {
      const r = roundById.get(m.roundId);
      return !!r && r.status !== "draft" && inScope(r.number);
    });
  const meetingIds = new Set(meetingRows.map((m) => m.id));
  const inMeetings = <T extends { meetingId: string }>(rows: T[]) => rows.filter((r) => meetingIds.has(r.meetingId));
  const itemRows = inMeetings(
    db
      .select({ id: meetingItems.id, meetingId: meetingItems.meetingId, position: meetingItems.position, kind: meetingItems.kind, versionId: meetingItems.versionId, title: meetingItems.title, plannedMinutes: meetingItems.plannedMinutes })
      .from(meetingItems)
      .innerJoin(meetings, eq(meetings.id, meetingItems.meetingId))
      .where(eq(meetings.consultationId, cid))
      .orderBy(asc(meetingItems.position))
      .all(),
  );
  const attendanceRows = inMeetings(
    db
      .select({ meetingId: meetingAttendance.meetingId, membershipId: meetingAttendance.membershipId })
      .from(meetingAttendance)
      .innerJoin(meetings, eq(meetings.id, meetingAttendance.meetingId))
      .where(eq(meetings.consultationId, cid))
      .all(),
  );
  const noteRows = inMeetings(
    db
      .select({ id: meetingNotes.id, meetingId: meetingNotes.meetingId, itemId: meetingNotes.itemId, body: meetingNotes.body, createdAt: meetingNotes.createdAt })
      .from(meetingNotes)
      .innerJoin(meetings, eq(meetings.id, meetingNotes.meetingId))
      .where(eq(meetings.consultationId, cid))
      .orderBy(asc(meetingNotes.createdAt), sql`${meetingNotes}.rowid`)
      .all(),
  );
  const quoteRows = inMeetings(
    db
      .select({ id: meetingQuotes.id, meetingId: meetingQuotes.meetingId, itemId: meetingQuotes.itemId, body: meetingQuotes.body, membershipId: meetingQuotes.membershipId, perspective: meetingQuotes.perspective, createdAt: meetingQuotes.createdAt })
      .from(meetingQuotes)
      .innerJoin(meetings, eq(meetings.id, meetingQuotes.meetingId))
      .where(eq(meetings.consultationId, cid))
      .orderBy(asc(meetingQuotes.createdAt), sql`${meetingQuotes}.rowid`)
      .all(),
  );
  const questionRows = inMeetings(
    db
      .select({
        meetingId: meetingQuestions.meetingId,
        itemId: meetingQuestions.itemId,
        prompt: meetingQuestions.prompt,
        openedAt: meetingQuestions.openedAt,
        answers: sql<number>`(select count(*) from ${meetingAnswers} a where a.question_id = ${meetingQuestions.id})`,
      })
      .from(meetingQuestions)
      .innerJoin(meetings, eq(meetings.id, meetingQuestions.meetingId))
      .where(eq(meetings.consultationId, cid))
      .orderBy(asc(meetingQuestions.openedAt), sql`${meetingQuestions}.rowid`)
      .all(),
  );
  const quoteOf = (q: (typeof quoteRows)[number]): ReportMeetingQuote => {
    // A quote is attributed to a stakeholder (their pseudonym; the name only when names were
    // chosen), to a perspective only, or to no one.
    const speaker = q.membershipId ? person(q.membershipId) : null;
    const perspective = speaker ? speaker.perspective : q.perspective;
    const attribution = speaker ? (speaker.name ? `${speaker.name} (${speaker.label})` : speaker.label) : q.perspective ? perspectiveAttribution(q.perspective) : UNATTRIBUTED;
    return { id: q.id, text: q.body, speaker, perspective, attribution, createdAt: q.createdAt };
  };
  const reportMeetings: ReportMeeting[] = meetingRows.map((m) => {
    const general: ReportMeetingItem = { position: null, kind: "general", mechanismId: null, title: "The meeting as a whole", plannedMinutes: null, notes: [], quotes: [], questions: [] };
    const items = new Map<string, ReportMeetingItem>();
    for (const it of itemRows) {
      if (it.meetingId !== m.id) continue;
      const v = it.versionId ? versionById.get(it.versionId) : undefined;
      items.set(it.id, {
        position: it.position,
        kind: it.kind,
        mechanismId: v?.mechanismId ?? null,
        title: v?.name ?? it.title ?? "Agenda item",
        plannedMinutes: it.plannedMinutes,
        notes: [],
        quotes: [],
        questions: [],
      });
    }
    const itemFor = (itemId: string | null) => (itemId ? items.get(itemId) : undefined) ?? general;
    for (const n of noteRows) if (n.meetingId === m.id) itemFor(n.itemId).notes.push({ id: n.id, text: n.body, createdAt: n.createdAt });
    for (const q of quoteRows) if (q.meetingId === m.id) itemFor(q.itemId).quotes.push(quoteOf(q));
    for (const q of questionRows) if (q.meetingId === m.id) itemFor(q.itemId).questions.push({ prompt: q.prompt, answers: q.answers, openedAt: q.openedAt });
    const attendanceByPerspective = emptyByPerspective(() => 0);
    let attendance = 0;
    for (const a of attendanceRows) {
      if (a.meetingId !== m.id) continue;
      const member = memberById.get(a.membershipId);
      if (member?.role !== "stakeholder") continue;
      attendance += 1;
      if (member.perspective) attendanceByPerspective[member.perspective] += 1;
    }
    const hasGeneral = general.notes.length + general.quotes.length + general.questions.length > 0;
    return {
      id: m.id,
      round: roundById.get(m.roundId)!.number,
      title: m.title,
      format: m.format,
      status: m.status,
      scheduledAt: m.scheduledAt,
      startedAt: m.startedAt,
      endedAt: m.endedAt,
      attendance,
      attendanceByPerspective,
      ratingsInMeeting: ratingsByMeeting.get(m.id) ?? 0,
      commentsInMeeting: commentsByMeeting.get(m.id) ?? 0,
      items: [...(hasGeneral ? [general] : []), ...[...items.values()].sort((a, b) => (a.position ?? 0) - (b.position ?? 0))],
    };
  });

  // --- Flags of the rounds in scope -------------------------------------------------------------
  const reportFlags: ReportFlag[] = flagRows
    .filter((f) => inScope(roundById.get(f.flag.roundId)!.number))
    .map(({ flag: f, endorsements }) => {
      const round = roundById.get(f.roundId)!.number;
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
        mechanism: f.triage && f.triage !== "declined" ? nameAt(f.triageMechanismId, round + 1) : null,
      };
    });

  // --- What changed between rounds, for the published rounds in scope ---------------------------
  const reportChanges: ReportChange[] = [];
  for (const round of roundRows) {
    if (round.status === "draft" || round.number === 1 || !inScope(round.number)) continue;
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

  // --- Participation ------------------------------------------------------------------------------
  const participation: ParticipationRow[] = [];
  for (const round of roundRows) {
    if (round.status === "draft" || !inScope(round.number)) continue;
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
    const previous = roundByNumber.get(round.number - 1);
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

  // --- Rounds, panel and participants (always whole) --------------------------------------------
  const versionCount = new Map<string, number>();
  for (const v of versionRows) versionCount.set(v.roundId, (versionCount.get(v.roundId) ?? 0) + 1);
  const reportRounds: ReportRound[] = roundRows.map((r) => ({
    number: r.number,
    title: r.title,
    status: r.status,
    meetingMode: r.meetingMode,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
    mechanismCount: versionCount.get(r.id) ?? 0,
  }));
  const panel = emptyByPerspective(() => 0);
  for (const m of panelMembers) if (m.perspective) panel[m.perspective] += 1;
  const roundsOfMember = new Map<string, number[]>();
  for (const [number, set] of [...respondents.entries()].sort((a, b) => a[0] - b[0])) {
    for (const id of set) roundsOfMember.set(id, [...(roundsOfMember.get(id) ?? []), number]);
  }
  const participants = stakeholders
    // Someone erased stays in the list only when what they contributed was kept.
    .filter((m: Member) => !m.withdrawnAt || roundsOfMember.has(m.id))
    .sort(
      (a, b) =>
        Number(!!a.withdrawnAt) - Number(!!b.withdrawnAt) || (a.pseudonymNumber ?? Infinity) - (b.pseudonymNumber ?? Infinity),
    )
    .map((m) => ({ ...person(m.id), roundsResponded: roundsOfMember.get(m.id) ?? [] }));

  return {
    formatVersion: REPORT_FORMAT_VERSION,
    generatedAt: new Date(now),
    round: scope.round ?? null,
    namesIncluded: scope.includeNames,
    smallGroupsWithheld: withholdSmallGroups,
    consultation: {
      slug: consultation.slug,
      title: consultation.title,
      researchQuestion: consultation.researchQuestion,
      description: consultation.description,
      scaleMax,
      scaleLabels: consultation.scaleLabels,
      anonymity: consultation.anonymity,
      consensusRule: rule,
      consensusRuleText: describeConsensusRule(rule, scaleMax),
      topBand: bands.top,
      bottomBand: bands.bottom,
      isDemo: consultation.isDemo,
      minGroupSize,
    },
    rounds: reportRounds,
    participation,
    panel,
    participants,
    mechanisms: reportMechanisms,
    ratings: reportRatings,
    comments: reportComments,
    flags: reportFlags,
    changes: reportChanges,
    evidence: { includedSources: consultation.includedSourceCount, sources: reportSources, links: evidenceLinksInScope },
    meetings: reportMeetings,
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

/**
 * Every comment of one group (a mechanism in a round, or the round's flags when mechanismId is
 * null), for "Show all": a few indexed queries, whatever the size of the consultation.
 */
export function groupComments(db: DB, consultationId: string, roundNumber: number, mechanismId: string | null): ReportComment[] {
  const round = db
    .select()
    .from(rounds)
    .where(and(eq(rounds.consultationId, consultationId), eq(rounds.number, roundNumber)))
    .get();
  if (!round) notFound(`Round ${roundNumber}`);
  if (round.status === "draft") return [];
  const { person } = loadPeople(db, consultationId, false);
  let rows: (CommentRow & { flagName: string | null })[];
  let version: { name: string; mechanismId: string } | undefined;
  if (mechanismId) {
    const v = db
      .select({ id: mechanismVersions.id, name: mechanismVersions.name, mechanismId: mechanismVersions.mechanismId })
      .from(mechanismVersions)
      .where(and(eq(mechanismVersions.mechanismId, mechanismId), eq(mechanismVersions.roundId, round.id)))
      .get();
    if (!v) notFound("This mechanism");
    version = v;
    rows = db
      .select({ ...commentColumns, flagName: sql<string | null>`null` })
      .from(comments)
      .where(and(eq(comments.versionId, v.id), isNull(comments.deletedAt)))
      .orderBy(asc(comments.createdAt), sql`${comments}.rowid`)
      .all();
  } else {
    rows = db
      .select({ ...commentColumns, flagName: flags.name })
      .from(comments)
      .innerJoin(flags, eq(flags.id, comments.flagId))
      .where(and(eq(comments.roundId, round.id), isNull(comments.deletedAt)))
      .orderBy(asc(comments.createdAt), sql`${comments}.rowid`)
      .all();
  }
  const kept = new Set(rows.map((r) => r.id));
  // Configurations are numbered 1, 2… in their mechanism's order, as in the report.
  const positions = new Map(
    (mechanismId
      ? db
          .select({ id: cmoConfigurations.id })
          .from(cmoConfigurations)
          .where(eq(cmoConfigurations.mechanismId, mechanismId))
          .orderBy(asc(cmoConfigurations.position))
          .all()
      : []
    ).map((c, i) => [c.id, i + 1]),
  );
  return rows.map((c) =>
    reportComment(c, {
      roundNumber,
      version,
      flagName: c.flagName,
      parentKept: !!c.parentId && kept.has(c.parentId),
      person,
      configurationPosition: (id) => positions.get(id) ?? null,
    }),
  );
}
