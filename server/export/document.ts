/**
 * The feedback report as a sequence of blocks (headings, paragraphs, tables, distribution charts,
 * quoted comments), built once from a ConsultationReport. The Word, PDF and Markdown renderers
 * each turn the same blocks into their format, so the three reports say exactly the same thing.
 */
import { MEETING_MODE_LABELS, PERSPECTIVE_VALUES, SOURCE_KIND_LABELS } from "@/shared/domain";
import type {
  ConsultationReport,
  MechanismStats,
  ReportComment,
  ReportConfiguration,
  ReportDecision,
  ReportMechanism,
  ReportMeeting,
  ReportRound,
} from "../services/report-types";
import {
  clean,
  consensusText,
  DEMO_NOTICE,
  delta,
  figure,
  formatDateTime,
  formatDay,
  evidenceText,
  meetingText,
  namesNotice,
  outcomeText,
  percent,
  perspectiveLabel,
  personText,
  scopeText,
  smallGroupsNotice,
} from "./text";

export type Column = { header: string; align?: "left" | "right"; /** Relative width. */ weight?: number };

export type Block =
  | { kind: "title"; title: string; subtitle: string; lines: string[] }
  | { kind: "heading"; level: 1 | 2 | 3; text: string }
  | { kind: "paragraph"; text: string; tone?: "muted" | "notice" | "warning"; bold?: boolean }
  | { kind: "list"; items: string[] }
  | { kind: "table"; caption: string; columns: Column[]; rows: string[][] }
  /** A rating distribution: drawn as bars where the format can, always with its figures. */
  | { kind: "distribution"; caption: string; bars: { label: string; count: number; share: number }[] }
  /** A comment; a hidden one carries the facilitators' reason as its text (the report builder puts it there). */
  | { kind: "quote"; who: string; text: string; reply: boolean; hidden: boolean }
  | { kind: "pageBreak" };

/**
 * Above this many comments, the Word, PDF and Markdown reports give each mechanism's count instead
 * of quoting every comment: a 500-person panel's 20,000 comments would run to 700 pages, which no
 * one circulates and no library lays out in seconds. The spreadsheet, CSV and JSON exports always
 * hold every comment.
 */
export const REPORT_COMMENT_LIMIT = 3000;

/** Bands the "% top" and "% bottom" figures count, in the consultation's own terms ("4-5", "1-2"). */
export function bands(report: ConsultationReport): { top: string; bottom: string } {
  const { consensusRule: rule, scaleMax, topBand, bottomBand } = report.consultation;
  const range = (b: { from: number; to: number }) => (b.from === b.to ? `${b.from}` : `${b.from}-${b.to}`);
  const top = topBand ?? { from: rule ? rule.topFrom : scaleMax, to: scaleMax };
  const bottom = bottomBand ?? { from: 1, to: rule && rule.bottomTo !== null ? rule.bottomTo : rule ? scaleMax + 1 - rule.topFrom : 1 };
  return { top: range(top), bottom: range(bottom) };
}

export function scaleText(report: ConsultationReport): string {
  const { scaleMax, scaleLabels } = report.consultation;
  return `1 to ${scaleMax} (${scaleLabels.map((l, i) => `${i + 1} = ${clean(l)}`).join("; ")})`;
}

/** Which round's mechanisms the two-column table for a paper lists. */
export function paperRound(report: ConsultationReport): ReportRound | null {
  if (report.round !== null) return report.rounds.find((r) => r.number === report.round) ?? null;
  const withMechanisms = report.rounds.filter((r) => r.mechanismCount > 0);
  return withMechanisms.filter((r) => r.status !== "draft").at(-1) ?? withMechanisms.at(-1) ?? null;
}

function decisionText(d: ReportDecision): string {
  let text = d.label;
  if (d.mergedInto) text += ` (into “${clean(d.mergedInto)}”)`;
  if (d.rationale) text += `: ${clean(d.rationale)}`;
  if (d.statusNote) text += ` Status note: ${clean(d.statusNote)}`;
  return text;
}

/** Comments of one mechanism in reading order: general comments, then by passage; replies after their comment. */
function threadOrder(comments: ReportComment[]): ReportComment[] {
  const replies = new Map<string, ReportComment[]>();
  const top: ReportComment[] = [];
  for (const c of comments) {
    if (c.replyTo) {
      const list = replies.get(c.replyTo) ?? [];
      list.push(c);
      replies.set(c.replyTo, list);
    } else top.push(c);
  }
  const byTime = (a: ReportComment, b: ReportComment) => a.createdAt.getTime() - b.createdAt.getTime();
  top.sort((a, b) => (a.passage ?? "").localeCompare(b.passage ?? "") || byTime(a, b));
  const out: ReportComment[] = [];
  const seen = new Set<string>();
  for (const c of top) {
    out.push(c);
    seen.add(c.id);
    for (const r of (replies.get(c.id) ?? []).sort(byTime)) {
      out.push(r);
      seen.add(r.id);
    }
  }
  // A reply whose comment is not in the report (removed at an erasure) still counts: list it last.
  for (const c of comments) if (!seen.has(c.id)) out.push(c);
  return out;
}

function commentBlocks(comments: ReportComment[]): Block[] {
  const blocks: Block[] = [];
  let passage: string | null = null;
  for (const c of threadOrder(comments)) {
    if (!c.replyTo && c.passage && c.passage !== passage) {
      blocks.push({ kind: "paragraph", text: `On the passage “${clean(c.passage)}”:`, bold: true });
    }
    if (!c.replyTo) passage = c.passage;
    blocks.push({
      kind: "quote",
      who: personText(c.author),
      text: clean(c.body),
      reply: c.replyTo !== null,
      hidden: c.hidden,
    });
  }
  return blocks;
}

function statsRow(label: string, s: MechanismStats): string[] {
  // A perspective too small to show: the label instead of figures, and no verdict.
  if (s.withheld) return [label, s.withheld, "–", "–", "–", "–", "–", "–"];
  return [
    label,
    String(s.n),
    figure(s.median),
    s.q1 === null ? "–" : `${figure(s.q1)}–${figure(s.q3)}`,
    figure(s.iqr),
    percent(s.topPercent),
    percent(s.bottomPercent),
    consensusText(s.consensus),
  ];
}

function statsColumns(first: string, top: string, bottom: string): Column[] {
  return [
    { header: first, weight: 3 },
    { header: "n", align: "right" },
    { header: "Median", align: "right" },
    { header: "Q1–Q3", align: "right", weight: 1.2 },
    { header: "IQR", align: "right" },
    { header: `% rating ${top}`, align: "right", weight: 1.2 },
    { header: `% rating ${bottom}`, align: "right", weight: 1.2 },
    { header: "Consensus", weight: 1.2 },
  ];
}

function commentSection(comments: ReportComment[], quote: boolean): Block[] {
  const blocks: Block[] = [{ kind: "heading", level: 3, text: `Comments (${comments.length})` }];
  if (comments.length === 0) blocks.push({ kind: "paragraph", text: "No comments.", tone: "muted" });
  else if (!quote)
    blocks.push({
      kind: "paragraph",
      text: "Not quoted in this report: see the comments table of the XLSX, CSV or JSON export.",
      tone: "muted",
    });
  else blocks.push(...commentBlocks(comments));
  return blocks;
}

function configurationBlocks(c: ReportConfiguration): Block[] {
  const heading = `Configuration ${c.position}: the mechanism ${c.polarity === "present" ? "present" : "absent"}${c.source ? `, from ${clean(c.source)}` : ""}`;
  return [
    { kind: "paragraph", text: heading, bold: true },
    {
      kind: "list",
      items: [
        `Context: ${clean(c.context)}`,
        `Resource: ${clean(c.resource)}`,
        `Reasoning: ${clean(c.reasoning)}`,
        ...c.outcomes.map((o) => `Outcome ${outcomeText(o)}`),
      ],
    },
  ];
}

/**
 * A mechanism's evidence: counts, then its configurations. Evidence belongs to the mechanism, not
 * to a round, so a report of several rounds gives it in full once, at the latest round.
 */
function evidenceBlocks(m: ReportMechanism, latestRound: number): Block[] {
  const e = m.evidence;
  if (e.linkedSources === 0 && e.reportedSources === null && e.configurations.length === 0) return [];
  if (m.round < latestRound) return [{ kind: "paragraph", text: `Evidence: see round ${latestRound}.`, tone: "muted" }];
  const blocks: Block[] = [
    { kind: "heading", level: 3, text: "Evidence" },
    { kind: "paragraph", text: evidenceText(e) },
  ];
  for (const c of e.configurations) blocks.push(...configurationBlocks(c));
  return blocks;
}

function mechanismBlocks(
  report: ConsultationReport,
  m: ReportMechanism,
  comments: ReportComment[],
  quote: boolean,
  latestRound: number,
): Block[] {
  const { scaleLabels } = report.consultation;
  const { top, bottom } = bands(report);
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: `${m.position}. ${clean(m.name)}` },
    { kind: "paragraph", text: clean(m.description) },
  ];
  if (m.origin) blocks.push({ kind: "paragraph", text: clean(m.origin), tone: "muted" });
  const n = m.stats.n;
  blocks.push({
    kind: "distribution",
    caption: `Ratings of “${clean(m.name)}” in round ${m.round} (n = ${n})`,
    bars: m.stats.distribution.map((count, i) => ({
      label: `${i + 1} ${clean(scaleLabels[i] ?? "")}`.trim(),
      count,
      share: n === 0 ? 0 : Math.round((count / n) * 1000) / 10,
    })),
  });
  blocks.push({
    kind: "table",
    caption: `Summary and by perspective: “${clean(m.name)}”, round ${m.round}`,
    columns: statsColumns("Who", top, bottom),
    rows: [statsRow("Whole panel", m.stats), ...PERSPECTIVE_VALUES.map((p) => statsRow(perspectiveLabel(p), m.byPerspective[p]))],
  });
  if (m.change) {
    const renamed = clean(m.change.previousName) !== clean(m.name) ? ` (then “${clean(m.change.previousName)}”)` : "";
    blocks.push({
      kind: "paragraph",
      text: `Since round ${m.round - 1}${renamed}: median ${delta(m.change.medianDelta)}, IQR ${delta(m.change.iqrDelta)}.`,
    });
  }
  if (m.decisionForNextRound) {
    blocks.push({ kind: "paragraph", text: `Decision for round ${m.round + 1}: ${decisionText(m.decisionForNextRound)}` });
    const sources = m.decisionForNextRound.sources.map(clean);
    if (sources.length) blocks.push({ kind: "list", items: sources });
  }
  blocks.push(...evidenceBlocks(m, latestRound));
  if (m.inMeeting.ratings + m.inMeeting.comments > 0) {
    blocks.push({
      kind: "paragraph",
      text: `Given in the round's meeting: ${m.inMeeting.ratings} of these ratings and ${m.inMeeting.comments} of these comments.`,
      tone: "muted",
    });
  }
  blocks.push(...commentSection(comments, quote));
  return blocks;
}

function meetingBlocks(meeting: ReportMeeting): Block[] {
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: `Meeting: ${clean(meeting.title)}` },
    { kind: "paragraph", text: meetingText(meeting), tone: "muted" },
  ];
  const agenda = meeting.items.filter((i) => i.kind !== "general");
  if (agenda.length) {
    blocks.push({
      kind: "table",
      caption: `Agenda of “${clean(meeting.title)}”`,
      columns: [
        { header: "#", align: "right", weight: 0.5 },
        { header: "Item", weight: 4 },
        { header: "Minutes planned", align: "right", weight: 1.3 },
        { header: "Notes", align: "right" },
        { header: "Quotes", align: "right" },
      ],
      rows: agenda.map((i) => [
        String(i.position ?? ""),
        clean(i.title),
        String(i.plannedMinutes ?? "–"),
        String(i.notes.length),
        String(i.quotes.length),
      ]),
    });
  }
  for (const item of meeting.items) {
    if (item.notes.length + item.quotes.length + item.questions.length === 0) continue;
    blocks.push({ kind: "heading", level: 3, text: item.position === null ? clean(item.title) : `${item.position}. ${clean(item.title)}` });
    for (const n of item.notes) blocks.push({ kind: "paragraph", text: clean(n.text) });
    for (const q of item.quotes)
      blocks.push({ kind: "quote", who: clean(q.attribution), text: clean(q.text), reply: false, hidden: false });
    if (item.questions.length) {
      blocks.push({
        kind: "list",
        items: item.questions.map(
          (q) => `Question to the room: “${clean(q.prompt)}” (${q.answers} ${q.answers === 1 ? "answer" : "answers"})`,
        ),
      });
    }
  }
  return blocks;
}

function roundBlocks(
  report: ConsultationReport,
  round: ReportRound,
  mechanisms: ReportMechanism[],
  commentsByMechanism: Map<string, ReportComment[]>,
  quote: boolean,
  latestRoundOf: Map<string, number>,
): Block[] {
  const { top } = bands(report);
  const blocks: Block[] = [
    { kind: "pageBreak" },
    { kind: "heading", level: 1, text: `Round ${round.number}: ${clean(round.title)}` },
    {
      kind: "paragraph",
      text: `${MEETING_MODE_LABELS[round.meetingMode]}. Opened ${formatDay(round.openedAt)}, closed ${round.closedAt ? formatDay(round.closedAt) : round.status === "open" ? "– (still open)" : "–"}. ${round.mechanismCount} mechanisms.`,
      tone: "muted",
    },
  ];
  const meetings = report.meetings.filter((m) => m.round === round.number);
  if (mechanisms.length === 0) {
    blocks.push({ kind: "paragraph", text: "No mechanisms in this round." });
    for (const meeting of meetings) blocks.push(...meetingBlocks(meeting));
    return blocks;
  }
  blocks.push({
    kind: "table",
    caption: `Summary of ratings, round ${round.number}`,
    columns: [
      { header: "#", align: "right", weight: 0.5 },
      { header: "Mechanism", weight: 4 },
      { header: "n", align: "right" },
      { header: "Median", align: "right" },
      { header: "IQR", align: "right" },
      { header: `% rating ${top}`, align: "right", weight: 1.2 },
      { header: "Consensus", weight: 1.2 },
      { header: "Comments", align: "right", weight: 1.2 },
    ],
    rows: mechanisms.map((m) => [
      String(m.position),
      clean(m.name),
      String(m.stats.n),
      figure(m.stats.median),
      figure(m.stats.iqr),
      percent(m.stats.topPercent),
      consensusText(m.stats.consensus),
      String(commentsByMechanism.get(`${m.round}|${m.mechanismId}`)?.length ?? 0),
    ]),
  });
  for (const m of mechanisms) {
    blocks.push(
      ...mechanismBlocks(
        report,
        m,
        commentsByMechanism.get(`${m.round}|${m.mechanismId}`) ?? [],
        quote,
        latestRoundOf.get(m.mechanismId) ?? m.round,
      ),
    );
  }
  for (const meeting of meetings) blocks.push(...meetingBlocks(meeting));
  return blocks;
}

function participationTable(report: ConsultationReport): Block {
  return {
    kind: "table",
    caption: "Response and attrition by round",
    columns: [
      { header: "Round", weight: 0.8 },
      { header: "Invited", align: "right" },
      { header: "Responded", align: "right" },
      { header: "Response rate", align: "right" },
      { header: "Retained from previous round", align: "right", weight: 1.6 },
      { header: "Attrition", align: "right" },
    ],
    rows: report.participation.map((p) => [
      String(p.round),
      String(p.invited),
      String(p.responded),
      percent(p.responseRate),
      p.retainedFromPrevious === null ? "–" : String(p.retainedFromPrevious),
      percent(p.attritionPercent),
    ]),
  };
}

function participationByPerspective(report: ConsultationReport): Block {
  return {
    kind: "table",
    caption: "Responded of invited, by perspective",
    columns: [
      { header: "Perspective", weight: 2.5 },
      ...report.participation.map((p) => ({ header: `Round ${p.round}`, align: "right" as const })),
    ],
    rows: PERSPECTIVE_VALUES.map((perspective) => [
      perspectiveLabel(perspective),
      ...report.participation.map((p) => `${p.byPerspective[perspective].responded} of ${p.byPerspective[perspective].invited}`),
    ]),
  };
}

function flagBlocks(report: ConsultationReport, flagComments: Map<string, ReportComment[]>, quote: boolean): Block[] {
  const blocks: Block[] = [{ kind: "pageBreak" }, { kind: "heading", level: 1, text: "Missing mechanisms flagged by the panel" }];
  if (report.flags.length === 0) {
    blocks.push({ kind: "paragraph", text: "The panel flagged no missing mechanisms." });
    return blocks;
  }
  blocks.push({
    kind: "table",
    caption: "Flags, their support and what was decided",
    columns: [
      { header: "Round", align: "right", weight: 0.7 },
      { header: "Flag", weight: 3 },
      { header: "Proposed by", weight: 2.2 },
      { header: "Support", align: "right", weight: 0.9 },
      { header: "Decision", weight: 2.5 },
    ],
    rows: report.flags.map((f) => [
      String(f.round),
      clean(f.name),
      personText(f.proposer),
      String(f.endorsements),
      f.triageLabel + (f.mechanism ? `: “${clean(f.mechanism)}”` : ""),
    ]),
  });
  for (const f of report.flags) {
    blocks.push({ kind: "heading", level: 2, text: `${clean(f.name)} (round ${f.round})` });
    blocks.push({ kind: "paragraph", text: `What it covers: ${clean(f.covers)}` });
    blocks.push({ kind: "paragraph", text: `Why it matters: ${clean(f.whyItMatters)}` });
    let decision = `Decision: ${f.triageLabel}`;
    if (f.mechanism) decision += ` (“${clean(f.mechanism)}”)`;
    if (f.triageReason) decision += `. ${clean(f.triageReason)}`;
    blocks.push({ kind: "paragraph", text: decision, tone: "muted" });
    const comments = flagComments.get(`${f.round}|${f.name}`) ?? [];
    if (comments.length && quote) blocks.push(...commentBlocks(comments));
    else if (comments.length)
      blocks.push({ kind: "paragraph", text: `${comments.length} comments (not quoted in this report).`, tone: "muted" });
  }
  return blocks;
}

function changeBlocks(report: ConsultationReport): Block[] {
  if (report.changes.length === 0) return [];
  const blocks: Block[] = [{ kind: "pageBreak" }, { kind: "heading", level: 1, text: "What changed between rounds, and why" }];
  const rounds = [...new Set(report.changes.map((c) => c.round))].sort((a, b) => a - b);
  for (const round of rounds) {
    const changes = report.changes.filter((c) => c.round === round);
    blocks.push({
      kind: "table",
      caption: `From round ${round - 1} to round ${round}`,
      columns: [
        { header: `Mechanism in round ${round - 1}`, weight: 1.7 },
        { header: "Decision", weight: 1.3 },
        { header: `In round ${round}`, weight: 1.7 },
        { header: "Why", weight: 5 },
      ],
      rows: changes.map((c) => {
        // "add" is a mechanism new in this round: it had no earlier version.
        const added = c.decision.kind === "add";
        const now =
          c.decision.kind === "drop" ? "–" : c.decision.kind === "merge" ? (c.decision.mergedInto ?? "–") : (c.becomes ?? c.mechanism);
        return [
          added ? "–" : clean(c.mechanism),
          c.decision.label,
          clean(now),
          [
            clean(c.decision.rationale),
            c.decision.statusNote ? `Status note: ${clean(c.decision.statusNote)}` : "",
            ...c.decision.sources.map((s) => `• ${clean(s)}`),
          ]
            .filter(Boolean)
            .join("\n"),
        ];
      }),
    });
  }
  return blocks;
}

/** The sources behind the mechanisms of the report, as a reference table. */
function sourceBlocks(report: ConsultationReport): Block[] {
  const { sources, includedSources } = report.evidence;
  if (sources.length === 0) return [];
  const intro =
    includedSources === null
      ? `${sources.length} sources are linked to the mechanisms of this report.`
      : `The review included ${includedSources} papers; ${sources.length} of them are linked to the mechanisms of this report.`;
  return [
    { kind: "pageBreak" },
    { kind: "heading", level: 1, text: "The evidence base" },
    { kind: "paragraph", text: intro },
    {
      kind: "table",
      caption: "Sources linked to the mechanisms",
      columns: [
        { header: "Source", weight: 1.6 },
        { header: "Title", weight: 4 },
        { header: "Published in", weight: 2 },
        { header: "Kind", weight: 1.4 },
      ],
      rows: sources.map((s) => [
        clean(s.citation),
        clean(s.title) + (s.doi ? ` (doi:${clean(s.doi)})` : ""),
        clean(s.venue) || "–",
        SOURCE_KIND_LABELS[s.kind],
      ]),
    },
  ];
}

function paperBlocks(report: ConsultationReport): Block[] {
  const round = paperRound(report);
  if (!round) return [];
  const mechanisms = report.mechanisms.filter((m) => m.round === round.number).sort((a, b) => a.position - b.position);
  return [
    { kind: "pageBreak" },
    { kind: "heading", level: 1, text: `Mechanisms of round ${round.number}` },
    { kind: "paragraph", text: "As the panel read them, ready to paste into a paper.", tone: "muted" },
    {
      kind: "table",
      caption: `Table: mechanisms of round ${round.number} (${clean(round.title)})`,
      columns: [
        { header: "Mechanism", weight: 1 },
        { header: "Description", weight: 2.6 },
      ],
      rows: mechanisms.map((m) => [clean(m.name), clean(m.description)]),
    },
  ];
}

function methodsBlocks(report: ConsultationReport): Block[] {
  const panelTotal = PERSPECTIVE_VALUES.reduce((sum, p) => sum + report.panel[p], 0);
  const { top, bottom } = bands(report);
  const responseLines = report.participation.map((p) => {
    let line = `Round ${p.round}: ${p.responded} of ${p.invited} panel members responded (${percent(p.responseRate)}).`;
    if (p.retainedFromPrevious !== null) {
      line += ` ${p.retainedFromPrevious} of those who responded in round ${p.round - 1} responded again (attrition ${percent(p.attritionPercent)}).`;
    }
    if (p.withdrawnResponded) {
      line += ` The ratings and comments also include those of ${p.withdrawnResponded} participant${p.withdrawnResponded === 1 ? "" : "s"} who later withdrew (counted in neither figure).`;
    }
    return line;
  });
  return [
    { kind: "pageBreak" },
    { kind: "heading", level: 1, text: "Methods appendix" },
    {
      kind: "paragraph",
      text: "Figures for reporting the consultation (RAMESES for realist reviews, ACCORD for consensus methods).",
      tone: "muted",
    },
    { kind: "heading", level: 2, text: "Rounds and dates" },
    {
      kind: "table",
      caption: "Rounds of the consultation",
      columns: [
        { header: "Round", align: "right", weight: 0.7 },
        { header: "Title", weight: 2.2 },
        { header: "How it ran", weight: 2.2 },
        { header: "Opened", weight: 1.5 },
        { header: "Closed", weight: 1.5 },
        { header: "Mechanisms", align: "right", weight: 1.1 },
      ],
      rows: report.rounds.map((r) => [
        String(r.number),
        clean(r.title),
        MEETING_MODE_LABELS[r.meetingMode],
        formatDay(r.openedAt),
        r.closedAt ? formatDay(r.closedAt) : r.status === "open" ? "Still open" : "–",
        String(r.mechanismCount),
      ]),
    },
    { kind: "heading", level: 2, text: "Panel composition" },
    {
      kind: "table",
      caption: `Panel by perspective (${panelTotal} members)`,
      columns: [
        { header: "Perspective", weight: 3 },
        { header: "Members", align: "right" },
        { header: "Share", align: "right" },
      ],
      rows: [
        ...PERSPECTIVE_VALUES.map((p) => [
          perspectiveLabel(p),
          String(report.panel[p]),
          panelTotal === 0 ? "–" : percent(Math.round((report.panel[p] / panelTotal) * 1000) / 10),
        ]),
        ["Total", String(panelTotal), panelTotal === 0 ? "–" : "100%"],
      ],
    },
    { kind: "heading", level: 2, text: "Rating scale and consensus rule" },
    { kind: "paragraph", text: `Rating scale: ${scaleText(report)}.` },
    { kind: "paragraph", text: `Consensus rule: ${clean(report.consultation.consensusRuleText)}.` },
    {
      kind: "paragraph",
      text: `Medians and quartiles are computed as R's quantile() computes them by default (type 7). “% rating ${top}” and “% rating ${bottom}” are the shares of a mechanism's ratings in those bands.`,
    },
    { kind: "heading", level: 2, text: "Response and attrition" },
    { kind: "list", items: responseLines.length ? responseLines : ["No round has been run yet."] },
    participationTable(report),
    { kind: "heading", level: 2, text: "Anonymity" },
    {
      kind: "paragraph",
      text:
        (report.consultation.anonymity === "named"
          ? "Panel members saw each other by name."
          : "Panel members saw each other by pseudonym and perspective only.") + ` ${namesNotice(report)}`,
    },
    ...(report.smallGroupsWithheld ? [{ kind: "paragraph" as const, text: smallGroupsNotice(report) }] : []),
    {
      kind: "paragraph",
      text: `Generated by Roundtable on ${formatDateTime(report.generatedAt)} (report format ${report.formatVersion}).`,
      tone: "muted",
    },
  ];
}

/** The whole report, in reading order. */
export function reportDocument(report: ConsultationReport): Block[] {
  const c = report.consultation;
  const lines = [`Generated ${formatDateTime(report.generatedAt)}`];
  const blocks: Block[] = [
    { kind: "title", title: clean(c.title), subtitle: `Feedback summary: ${scopeText(report).toLowerCase()}`, lines },
  ];
  if (c.isDemo) blocks.push({ kind: "paragraph", text: DEMO_NOTICE, tone: "notice" });
  blocks.push({ kind: "paragraph", text: namesNotice(report), tone: report.namesIncluded ? "warning" : "muted" });
  const quote = report.comments.length <= REPORT_COMMENT_LIMIT;
  if (!quote) {
    blocks.push({
      kind: "paragraph",
      text: `The panel wrote ${report.comments.length.toLocaleString("en-GB")} comments: too many to quote in a report (more than ${REPORT_COMMENT_LIMIT.toLocaleString("en-GB")}). Each mechanism shows how many it received; every comment, with its mechanism, passage and author's pseudonym, is in the comments table of the XLSX, CSV and JSON exports.`,
      tone: "notice",
    });
  }

  blocks.push({ kind: "heading", level: 1, text: "The consultation" });
  blocks.push({ kind: "paragraph", text: `Research question: ${clean(c.researchQuestion)}`, bold: true });
  if (c.description) blocks.push({ kind: "paragraph", text: clean(c.description) });
  blocks.push({ kind: "paragraph", text: `Rating scale: ${scaleText(report)}.` });
  blocks.push({ kind: "paragraph", text: `Consensus rule: ${clean(c.consensusRuleText)}.` });

  blocks.push({ kind: "heading", level: 1, text: "Participation" });
  if (report.participation.length === 0) blocks.push({ kind: "paragraph", text: "No round has been run yet." });
  else blocks.push(participationTable(report), participationByPerspective(report));

  // Grouped once, so each mechanism finds its comments without a scan of them all.
  const commentsByMechanism = new Map<string, ReportComment[]>();
  const flagComments = new Map<string, ReportComment[]>();
  for (const comment of report.comments) {
    const [map, key] = comment.mechanismId
      ? [commentsByMechanism, `${comment.round}|${comment.mechanismId}`]
      : [flagComments, `${comment.round}|${comment.flag ?? ""}`];
    const list = map.get(key) ?? [];
    list.push(comment);
    map.set(key, list);
  }
  const mechanismsByRound = new Map<number, ReportMechanism[]>();
  for (const m of report.mechanisms) {
    const list = mechanismsByRound.get(m.round) ?? [];
    list.push(m);
    mechanismsByRound.set(m.round, list);
  }
  // Drafts are the facilitators' workspace, not results: the appendix lists them, the body does not.
  const latestRoundOf = new Map<string, number>();
  for (const m of report.mechanisms) latestRoundOf.set(m.mechanismId, Math.max(m.round, latestRoundOf.get(m.mechanismId) ?? 0));
  const rounds = report.rounds.filter((r) => (report.round === null ? r.status !== "draft" : r.number === report.round));
  for (const round of rounds) {
    const mechanisms = (mechanismsByRound.get(round.number) ?? []).sort((a, b) => a.position - b.position);
    blocks.push(...roundBlocks(report, round, mechanisms, commentsByMechanism, quote, latestRoundOf));
  }

  blocks.push(...flagBlocks(report, flagComments, quote));
  blocks.push(...changeBlocks(report));
  blocks.push(...sourceBlocks(report));
  blocks.push(...paperBlocks(report));
  blocks.push(...methodsBlocks(report));
  return blocks;
}
