/**
 * Wording and formatting shared by every export format, so the Word, PDF and Markdown reports and
 * the spreadsheets say the same thing in the same words.
 */
import {
  MEETING_FORMAT_LABELS,
  PERSPECTIVE_LABELS,
  PERSPECTIVE_SHORT,
  PERSPECTIVE_VALUES,
  type CmoOutcome,
  type PerspectiveValue,
} from "@/shared/domain";
import type { ConsultationReport, ReportMechanismEvidence, ReportMeeting, ReportPerson } from "../services/report-types";
import { formatFigure } from "@/shared/stats";

/**
 * Characters XML 1.0 forbids (C0 controls other than tab and newline, lone surrogates, U+FFFE/F):
 * one of them in a comment would make Word and Excel refuse the whole file, and a PDF print a box.
 */
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function clean(text: string): string {
  return text.replace(XML_INVALID, "").replace(/\r\n?/g, "\n");
}

/** "6 January 2025", in UK time like the rest of the app. */
export function formatDay(date: Date | null): string {
  if (!date) return "–";
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });
}

/** "6 January 2025, 09:00". */
export function formatDateTime(date: Date): string {
  return date.toLocaleString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/London",
  });
}

export function percent(x: number | null): string {
  return x === null ? "–" : `${formatFigure(x)}%`;
}

export function figure(x: number | null): string {
  return formatFigure(x);
}

/** "+0.5", "−1", "0": a change since the previous round. */
export function delta(x: number | null): string {
  if (x === null) return "–";
  if (x === 0) return "0";
  return `${x > 0 ? "+" : "−"}${formatFigure(Math.abs(x))}`;
}

export function consensusText(c: boolean | null): string {
  return c === null ? "–" : c ? "Yes" : "No";
}

export function perspectiveLabel(p: PerspectiveValue | null): string {
  return p ? PERSPECTIVE_LABELS[p] : "";
}

export function perspectiveShort(p: PerspectiveValue | null): string {
  return p ? PERSPECTIVE_SHORT[p] : "";
}

/** How a person is quoted in a report: the pseudonym, with the name only when names were included. */
export function personText(p: ReportPerson): string {
  return p.name ? `${clean(p.name)} (${p.label})` : p.label;
}

export function scopeText(report: ConsultationReport): string {
  return report.round === null ? "All rounds" : `Round ${report.round}`;
}

export const DEMO_NOTICE =
  "Demo data: this consultation illustrates how Roundtable works. Its panel, ratings, comments, flags and meeting record are fictional, and its evidence extracts are illustrative summaries written for the demo.";

/** "12 sources linked: 10 support it, 1 weakens it, 1 refines it. The review reports 22 of its 36 included papers for it." */
export function evidenceText(e: ReportMechanismEvidence): string {
  const parts: string[] = [];
  if (e.linkedSources === 0) parts.push("No sources linked.");
  else {
    const effects = [
      e.byEffect.supports ? `${e.byEffect.supports} ${e.byEffect.supports === 1 ? "supports" : "support"} it` : "",
      e.byEffect.weakens ? `${e.byEffect.weakens} ${e.byEffect.weakens === 1 ? "weakens" : "weaken"} it` : "",
      e.byEffect.refines ? `${e.byEffect.refines} ${e.byEffect.refines === 1 ? "refines" : "refine"} it` : "",
    ].filter(Boolean);
    parts.push(`${e.linkedSources} ${e.linkedSources === 1 ? "source" : "sources"} linked: ${effects.join(", ")}.`);
  }
  if (e.reportedSources !== null) {
    parts.push(
      e.includedSources === null
        ? `The review reports ${e.reportedSources} included ${e.reportedSources === 1 ? "paper" : "papers"} for it.`
        : `The review reports ${e.reportedSources} of its ${e.includedSources} included papers for it.`,
    );
  }
  if (e.configurations.length) {
    parts.push(
      `${e.configurations.length} context-mechanism-outcome ${e.configurations.length === 1 ? "configuration" : "configurations"}.`,
    );
  }
  return parts.join(" ");
}

/** "(+) Staff feel reassured.": an outcome with its sign, present (+) or absent (−). */
export function outcomeText(o: CmoOutcome): string {
  return `(${o.sign === "+" ? "+" : "−"}) ${clean(o.text)}`;
}

/** "In person, 14 March 2025, ended. 15 panel members attended (…). 12 ratings and 2 comments were given in it." */
export function meetingText(m: ReportMeeting): string {
  const when = formatDay(m.startedAt ?? m.scheduledAt);
  const status = m.status === "ended" ? "held" : m.status === "live" ? "under way" : "planned";
  const by = PERSPECTIVE_VALUES.filter((p) => m.attendanceByPerspective[p] > 0)
    .map((p) => `${PERSPECTIVE_SHORT[p]} ${m.attendanceByPerspective[p]}`)
    .join(", ");
  let text = `${MEETING_FORMAT_LABELS[m.format]}, ${status}${when === "–" ? "" : ` ${when}`}. `;
  text += `${m.attendance} panel ${m.attendance === 1 ? "member" : "members"} attended${by ? ` (by perspective: ${by})` : ""}.`;
  if (m.ratingsInMeeting + m.commentsInMeeting > 0) {
    text += ` ${m.ratingsInMeeting} ${m.ratingsInMeeting === 1 ? "rating" : "ratings"} and ${m.commentsInMeeting} ${m.commentsInMeeting === 1 ? "comment" : "comments"} were given in it.`;
  }
  return text;
}

export function namesNotice(report: ConsultationReport): string {
  return report.namesIncluded
    ? "This report includes stakeholders' names. Handle it as personal data: share it only with the research team."
    : "Stakeholders appear under their pseudonyms and perspectives; the report contains no names.";
}

/** Why some perspectives show no figures (pseudonymised exports). */
export function smallGroupsNotice(report: ConsultationReport): string {
  const min = report.consultation.minGroupSize;
  return `A perspective with fewer than ${min} ratings of a mechanism is shown as “fewer than ${min} answers”, without figures, so that nobody's rating can be worked out from a small group. The whole panel's figures are complete.`;
}

/** "integrated-care-leadership-round-2-summary.docx": safe in a header and on any file system. */
export function exportFilename(report: ConsultationReport, extension: string): string {
  const slug =
    report.consultation.slug
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/-+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 80) || "consultation";
  const scope = report.round === null ? "all-rounds" : `round-${report.round}`;
  return `${slug}-${scope}-summary${report.namesIncluded ? "-with-names" : ""}.${extension}`;
}
