/**
 * The report as data tables, one row per observation with snake_case column names: the sheets of
 * the XLSX export and the files of the CSV zip, so both hold the same tables, ready for R
 * (`read.csv`, readr) or a spreadsheet. Names appear in a `name` column only when included.
 */
import { PERSPECTIVE_VALUES, type PerspectiveValue } from "@/shared/domain";
import type { ReportMeetingItem } from "../services/report-types";
import type { ConsultationReport, MechanismStats, ReportPerson } from "../services/report-types";
import { clean, DEMO_NOTICE, namesNotice, perspectiveShort, smallGroupsNotice } from "./text";
import { scaleText } from "./document";

export type CellValue = string | number | boolean | Date | null;

export type ColumnKind = "text" | "number" | "boolean" | "date";

export type DataColumn = { name: string; kind: ColumnKind; /** Spreadsheet width in characters. */ width?: number };

export type DataTable = {
  /** File and sheet name: "ratings". */
  name: string;
  description: string;
  columns: DataColumn[];
  rows: CellValue[][];
};

const text = (name: string, width = 14): DataColumn => ({ name, kind: "text", width });
const num = (name: string, width = 10): DataColumn => ({ name, kind: "number", width });
const bool = (name: string): DataColumn => ({ name, kind: "boolean", width: 10 });
const date = (name: string): DataColumn => ({ name, kind: "date", width: 20 });

/** "Stakeholder 7": the pseudonym without the perspective, which has its own column. */
function stakeholderId(p: ReportPerson): string {
  return p.pseudonymNumber !== null ? `Stakeholder ${p.pseudonymNumber}` : p.label;
}

function nameCell(p: ReportPerson): string | null {
  return p.name === undefined ? null : clean(p.name);
}

function statsCells(s: MechanismStats, scaleMax: number): CellValue[] {
  const cells: CellValue[] = [
    s.n,
    ...Array.from({ length: scaleMax }, (_, i) => s.distribution[i] ?? 0),
    s.unsure ?? 0,
    s.median,
    s.q1,
    s.q3,
    s.iqr,
    s.topPercent,
    s.bottomPercent,
    s.consensus,
  ];
  // A perspective too small to show: every figure missing (NA), the reason in `withheld`.
  return s.withheld ? cells.map(() => null) : cells;
}

export function reportTables(report: ConsultationReport): DataTable[] {
  const names = report.namesIncluded;
  const scaleMax = report.consultation.scaleMax;
  const roundNumbers = report.rounds.map((r) => r.number);
  const c = report.consultation;

  const about: DataTable = {
    name: "about",
    description: "What this export is: the consultation, its scope, and how the tables are made",
    columns: [text("field", 22), text("value", 100)],
    rows: [
      ["consultation", clean(c.title)],
      ["slug", c.slug],
      ["research_question", clean(c.researchQuestion)],
      ["scope", report.round === null ? "all rounds" : `round ${report.round}`],
      ["demo_data", c.isDemo ? "yes" : "no"],
      ...(c.isDemo ? [["note", DEMO_NOTICE] as CellValue[]] : []),
      ["names_included", names ? "yes" : "no"],
      ["privacy", namesNotice(report)],
      ...(report.smallGroupsWithheld ? [["small_groups", smallGroupsNotice(report)] as CellValue[]] : []),
      ["min_group_size", c.minGroupSize],
      ["rating_scale", scaleText(report)],
      ["consensus_rule", clean(c.consensusRuleText)],
      ["quartiles", "R type 7 (the default of quantile())"],
      ["generated_at", report.generatedAt],
      ["format_version", report.formatVersion],
    ],
  };

  const ratings: DataTable = {
    name: "ratings",
    description: "One row per rating (long format)",
    columns: [
      text("stakeholder"),
      text("perspective"),
      num("round", 7),
      text("mechanism_id", 38),
      text("mechanism", 40),
      num("rating", 8),
      text("answer", 8),
      bool("in_meeting"),
      ...(names ? [text("name", 24)] : []),
    ],
    rows: report.ratings.map((r) => [
      stakeholderId(r.stakeholder),
      perspectiveShort(r.stakeholder.perspective),
      r.round,
      r.mechanismId,
      clean(r.mechanism),
      r.rating,
      r.unsure ? "unsure" : "rating",
      r.inMeeting,
      ...(names ? [nameCell(r.stakeholder)] : []),
    ]),
  };

  const distributionColumns = Array.from({ length: scaleMax }, (_, i) => num(`n_rating_${i + 1}`, 11));
  const statistics: DataTable = {
    name: "statistics",
    description: "Per mechanism and round: the whole panel (group = all), then each perspective",
    columns: [
      num("round", 7),
      num("position", 9),
      text("mechanism_id", 38),
      text("mechanism", 40),
      text("group", 16),
      num("n", 6),
      ...distributionColumns,
      num("n_unsure", 9),
      num("median", 8),
      num("q1", 6),
      num("q3", 6),
      num("iqr", 6),
      num("pct_top", 9),
      num("pct_bottom", 11),
      bool("consensus"),
      num("median_change", 14),
      num("iqr_change", 11),
      text("withheld", 22),
    ],
    rows: report.mechanisms.flatMap((m) => [
      [
        m.round,
        m.position,
        m.mechanismId,
        clean(m.name),
        "all",
        ...statsCells(m.stats, scaleMax),
        m.change?.medianDelta ?? null,
        m.change?.iqrDelta ?? null,
        null,
      ],
      ...PERSPECTIVE_VALUES.map((p: PerspectiveValue) => [
        m.round,
        m.position,
        m.mechanismId,
        clean(m.name),
        perspectiveShort(p),
        ...statsCells(m.byPerspective[p], scaleMax),
        null,
        null,
        m.byPerspective[p].withheld ?? null,
      ]),
    ]),
  };

  const comments: DataTable = {
    name: "comments",
    description: "Every comment and reply; hidden comments carry the facilitators' reason instead of the text",
    columns: [
      text("comment_id", 38),
      num("round", 7),
      text("mechanism_id", 38),
      text("mechanism", 30),
      text("flag", 24),
      text("passage", 30),
      text("reply_to", 38),
      text("stakeholder"),
      text("perspective"),
      date("created_at"),
      bool("hidden"),
      text("body", 80),
      bool("in_meeting"),
      num("configuration", 14),
      ...(names ? [text("name", 24)] : []),
    ],
    rows: report.comments.map((cm) => [
      cm.id,
      cm.round,
      cm.mechanismId,
      cm.mechanism === null ? null : clean(cm.mechanism),
      cm.flag === null ? null : clean(cm.flag),
      cm.passage === null ? null : clean(cm.passage),
      cm.replyTo,
      stakeholderId(cm.author),
      perspectiveShort(cm.author.perspective),
      cm.createdAt,
      cm.hidden,
      clean(cm.body),
      cm.inMeeting,
      cm.configuration,
      ...(names ? [nameCell(cm.author)] : []),
    ]),
  };

  const flags: DataTable = {
    name: "flags",
    description: "Missing mechanisms the panel flagged, their support and what was decided",
    columns: [
      num("round", 7),
      text("flag", 30),
      text("covers", 50),
      text("why_it_matters", 50),
      text("proposed_by"),
      text("perspective"),
      num("endorsements", 13),
      text("decision", 30),
      text("decision_reason", 40),
      text("mechanism", 30),
      ...(names ? [text("name", 24)] : []),
    ],
    rows: report.flags.map((f) => [
      f.round,
      clean(f.name),
      clean(f.covers),
      clean(f.whyItMatters),
      stakeholderId(f.proposer),
      perspectiveShort(f.proposer.perspective),
      f.endorsements,
      f.triageLabel,
      f.triageReason === null ? null : clean(f.triageReason),
      f.mechanism === null ? null : clean(f.mechanism),
      ...(names ? [nameCell(f.proposer)] : []),
    ]),
  };

  const participants: DataTable = {
    name: "participants",
    description: "The panel, pseudonymised, with the rounds each member responded in",
    columns: [
      text("stakeholder"),
      num("pseudonym_number"),
      text("perspective"),
      ...roundNumbers.map((n) => bool(`responded_round_${n}`)),
      ...(names ? [text("name", 24)] : []),
    ],
    rows: report.participants.map((p) => [
      stakeholderId(p),
      p.pseudonymNumber,
      perspectiveShort(p.perspective),
      ...roundNumbers.map((n) => p.roundsResponded.includes(n)),
      ...(names ? [nameCell(p)] : []),
    ]),
  };

  const mechanisms: DataTable = {
    name: "mechanisms",
    description: "The mechanisms of each round as the panel read them, and the decision taken for the next round",
    columns: [
      num("round", 7),
      num("position", 9),
      text("mechanism_id", 38),
      text("mechanism", 40),
      text("description", 80),
      text("origin", 40),
      text("decision", 24),
      text("decision_rationale", 60),
      num("sources_linked", 15),
      num("sources_supporting", 19),
      num("sources_weakening", 18),
      num("sources_refining", 17),
      num("sources_reported", 17),
      num("sources_included", 17),
      num("configurations", 15),
      num("ratings_in_meeting", 19),
      num("comments_in_meeting", 20),
    ],
    rows: report.mechanisms.map((m) => [
      m.round,
      m.position,
      m.mechanismId,
      clean(m.name),
      clean(m.description),
      m.origin === null ? null : clean(m.origin),
      m.decisionForNextRound?.label ?? null,
      m.decisionForNextRound ? clean(m.decisionForNextRound.rationale) : null,
      m.evidence.linkedSources,
      m.evidence.byEffect.supports,
      m.evidence.byEffect.weakens,
      m.evidence.byEffect.refines,
      m.evidence.reportedSources,
      m.evidence.includedSources,
      m.evidence.configurations.length,
      m.inMeeting.ratings,
      m.inMeeting.comments,
    ]),
  };

  const participation: DataTable = {
    name: "participation",
    description: "Response and attrition per round, overall and by perspective",
    columns: [
      num("round", 7),
      num("invited", 9),
      num("responded", 11),
      num("response_rate", 14),
      num("retained_from_previous", 22),
      num("attrition_percent", 18),
      ...PERSPECTIVE_VALUES.flatMap((p) => [num(`invited_${p}`, 18), num(`responded_${p}`, 20)]),
    ],
    rows: report.participation.map((p) => [
      p.round,
      p.invited,
      p.responded,
      p.responseRate,
      p.retainedFromPrevious,
      p.attritionPercent,
      ...PERSPECTIVE_VALUES.flatMap((v) => [p.byPerspective[v].invited, p.byPerspective[v].responded]),
    ]),
  };

  const sources: DataTable = {
    name: "sources",
    description: "Sources linked to the mechanisms of this export (or cited by their configurations)",
    columns: [
      text("source_id", 38),
      num("ref", 6),
      text("citation", 24),
      text("authors", 40),
      num("year", 7),
      text("title", 60),
      text("venue", 30),
      text("doi", 30),
      text("kind", 12),
      text("search_stage", 26),
    ],
    rows: report.evidence.sources.map((s) => [
      s.id,
      s.ref,
      clean(s.citation),
      clean(s.authors.join("; ")),
      s.year,
      clean(s.title),
      clean(s.venue),
      s.doi,
      s.kind,
      clean(s.searchStage),
    ]),
  };

  const evidence: DataTable = {
    name: "evidence",
    description: "One row per source linked to a mechanism: what it says about it, in the facilitators' words",
    columns: [
      text("mechanism_id", 38),
      text("mechanism", 36),
      text("source_id", 38),
      text("source", 24),
      text("effect", 10),
      text("extract", 80),
    ],
    rows: report.evidence.links.map((l) => [l.mechanismId, clean(l.mechanism), l.sourceId, clean(l.source), l.effect, clean(l.extract)]),
  };

  // Configurations belong to the mechanism, not to a round: one row each, under its latest name.
  const latest = new Map<string, (typeof report.mechanisms)[number]>();
  for (const m of report.mechanisms) {
    const seen = latest.get(m.mechanismId);
    if (!seen || seen.round < m.round) latest.set(m.mechanismId, m);
  }
  const maxOutcomes = Math.max(0, ...[...latest.values()].flatMap((m) => m.evidence.configurations.map((c) => c.outcomes.length)));
  const configurations: DataTable = {
    name: "configurations",
    description: "Context-mechanism-outcome configurations: polarity present/absent; each outcome present (+) or absent (-)",
    columns: [
      text("configuration_id", 38),
      text("mechanism_id", 38),
      text("mechanism", 36),
      num("position", 9),
      text("polarity", 9),
      text("context", 50),
      text("resource", 50),
      text("reasoning", 50),
      ...Array.from({ length: maxOutcomes }, (_, i) => [text(`outcome_${i + 1}_sign`, 15), text(`outcome_${i + 1}`, 40)]).flat(),
      text("source", 24),
      text("source_id", 38),
    ],
    rows: [...latest.values()].flatMap((m) =>
      m.evidence.configurations.map((c) => [
        c.id,
        m.mechanismId,
        clean(m.name),
        c.position,
        c.polarity,
        clean(c.context),
        clean(c.resource),
        clean(c.reasoning),
        ...Array.from({ length: maxOutcomes }, (_, i) => {
          const o = c.outcomes[i];
          // Words, not "+" and "-": a sign alone would be read as a formula and neutralised.
          return o ? [o.sign === "+" ? "present" : "absent", clean(o.text)] : [null, null];
        }).flat(),
        c.source === null ? null : clean(c.source),
        c.sourceId,
      ]),
    ),
  };

  const meetingRow = (m: (typeof report.meetings)[number], item: ReportMeetingItem, kind: string, body: string): CellValue[] => [
    m.round,
    m.id,
    clean(m.title),
    item.position,
    clean(item.title),
    item.mechanismId,
    kind,
    clean(body),
  ];
  const meetingNotes: DataTable = {
    name: "meeting_notes",
    description:
      "What was captured in each meeting, per agenda item: notes, verbatim quotes with their attribution, and quick questions with their number of answers",
    columns: [
      num("round", 7),
      text("meeting_id", 38),
      text("meeting", 30),
      num("item", 6),
      text("item_title", 36),
      text("mechanism_id", 38),
      text("kind", 9),
      text("text", 80),
      text("attributed_to", 26),
      text("perspective"),
      num("answers", 9),
      date("created_at"),
      ...(names ? [text("name", 24)] : []),
    ],
    rows: report.meetings.flatMap((m) =>
      m.items.flatMap((item) => [
        ...item.notes.map((n) => [...meetingRow(m, item, "note", n.text), null, null, null, n.createdAt, ...(names ? [null] : [])]),
        ...item.quotes.map((q) => [
          ...meetingRow(m, item, "quote", q.text),
          q.speaker ? stakeholderId(q.speaker) : clean(q.attribution),
          perspectiveShort(q.perspective),
          null,
          q.createdAt,
          ...(names ? [q.speaker ? nameCell(q.speaker) : null] : []),
        ]),
        ...item.questions.map((q) => [
          ...meetingRow(m, item, "question", q.prompt),
          null,
          null,
          q.answers,
          q.openedAt,
          ...(names ? [null] : []),
        ]),
      ]),
    ),
  };

  const meetings: DataTable = {
    name: "meetings",
    description: "Live meetings of each round: format, dates, attendance and what was given in them",
    columns: [
      num("round", 7),
      text("meeting_id", 38),
      text("meeting", 30),
      text("format", 10),
      text("status", 8),
      date("scheduled_at"),
      date("started_at"),
      date("ended_at"),
      num("attendance", 11),
      ...PERSPECTIVE_VALUES.map((p) => num(`attendance_${p}`, 22)),
      num("ratings_in_meeting", 19),
      num("comments_in_meeting", 20),
    ],
    rows: report.meetings.map((m) => [
      m.round,
      m.id,
      clean(m.title),
      m.format,
      m.status,
      m.scheduledAt,
      m.startedAt,
      m.endedAt,
      m.attendance,
      ...PERSPECTIVE_VALUES.map((p) => m.attendanceByPerspective[p]),
      m.ratingsInMeeting,
      m.commentsInMeeting,
    ]),
  };

  return [
    about,
    ratings,
    statistics,
    comments,
    flags,
    participants,
    mechanisms,
    participation,
    sources,
    evidence,
    configurations,
    meetings,
    meetingNotes,
  ];
}

/** "2025-01-07T09:00:00Z": ISO 8601 in UTC, to the second. */
export function isoDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * OWASP's advice against CSV and formula injection: text that a spreadsheet would read as a
 * formula or a command (starting with =, +, -, @, a tab or a carriage return) gets a leading
 * apostrophe, so it is shown as the text it is. Numbers are written as numbers and never touched.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
