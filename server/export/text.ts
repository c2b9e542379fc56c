/**
 * Wording and formatting shared by every export format, so the Word, PDF and Markdown reports and
 * the spreadsheets say the same thing in the same words.
 */
import { PERSPECTIVE_LABELS, PERSPECTIVE_SHORT, type PerspectiveValue } from "../domain";
import type { ConsultationReport, ReportPerson } from "../services/report-types";
import { formatFigure } from "../services/stats";

/**
 * Characters XML 1.0 forbids (C0 controls other than tab and newline, lone surrogates, U+FFFE/F):
 * one of them in a comment would make Word and Excel refuse the whole file, and a PDF print a box.
 */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

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
  "Demo data: this consultation illustrates how Roundtable works. Its panel, ratings, comments and flags are fictional.";

export function namesNotice(report: ConsultationReport): string {
  return report.namesIncluded
    ? "This report includes stakeholders' names. Handle it as personal data: share it only with the research team."
    : "Stakeholders appear under their pseudonyms and perspectives; the report contains no names.";
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
