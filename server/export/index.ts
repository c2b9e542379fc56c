/**
 * Every export format behind one call: renderExport(report, format) gives the file's bytes, its
 * content type and extension. The report itself comes from buildReport (server/services/report.ts);
 * who may export and the audit entry are in server/export/run.ts.
 */
import type { ConsultationReport } from "../services/report-types";
import { renderMarkdown } from "./markdown";
import { exportFilename } from "./text";

export const EXPORT_FORMATS = ["docx", "pdf", "md", "xlsx", "csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FORMAT_INFO: Record<ExportFormat, { label: string; contentType: string; extension: string }> = {
  docx: {
    label: "Word report (DOCX)",
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extension: "docx",
  },
  pdf: { label: "PDF report", contentType: "application/pdf", extension: "pdf" },
  md: { label: "Markdown report", contentType: "text/markdown; charset=utf-8", extension: "md" },
  xlsx: {
    label: "Excel workbook (XLSX)",
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    extension: "xlsx",
  },
  csv: { label: "CSV tables for R (zip)", contentType: "application/zip", extension: "csv.zip" },
  json: { label: "JSON archive", contentType: "application/json; charset=utf-8", extension: "json" },
};

export type RenderedExport = { bytes: Buffer | Uint8Array; contentType: string; extension: string; filename: string };

/** The whole report as JSON: dates as ISO 8601 strings, `formatVersion` first (docs/export-format.md). */
export function renderJson(report: ConsultationReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}

/** Each format's library is loaded when that format is first asked for, not with the app. */
async function bytesOf(report: ConsultationReport, format: ExportFormat): Promise<Buffer | Uint8Array> {
  switch (format) {
    case "docx":
      return (await import("./docx")).renderDocx(report);
    case "pdf":
      return (await import("./pdf")).renderPdf(report);
    case "md":
      return Buffer.from(renderMarkdown(report), "utf8");
    case "xlsx":
      return (await import("./xlsx")).renderXlsx(report);
    case "csv":
      return (await import("./csv")).renderCsvZip(report);
    case "json":
      return Buffer.from(renderJson(report), "utf8");
  }
}

export async function renderExport(report: ConsultationReport, format: ExportFormat): Promise<RenderedExport> {
  const { contentType, extension } = EXPORT_FORMAT_INFO[format];
  return { bytes: await bytesOf(report, format), contentType, extension, filename: exportFilename(report, extension) };
}
