/**
 * The report's tables as a zip of UTF-8 CSV files for R: a header row, one value per cell, ISO
 * 8601 dates in UTC, TRUE/FALSE for yes/no, NA for a missing number, RFC 4180 quoting.
 */
import JSZip from "jszip";
import type { ConsultationReport } from "../services/report-types";
import { isoDate, neutralise, reportTables, type CellValue, type DataColumn, type DataTable } from "./tables";
import { DEMO_NOTICE, namesNotice } from "./text";

function field(value: CellValue, column: DataColumn): string {
  if (value === null || value === undefined) return column.kind === "text" ? "" : "NA";
  let out: string;
  if (value instanceof Date) out = isoDate(value);
  else if (typeof value === "boolean") out = value ? "TRUE" : "FALSE";
  else if (typeof value === "number") out = Number.isFinite(value) ? String(value) : "NA";
  else out = neutralise(value);
  return /[",\r\n]|^\s|\s$/.test(out) ? `"${out.replace(/"/g, '""')}"` : out;
}

export function toCsv(table: DataTable): string {
  const lines = [table.columns.map((c) => field(c.name, c)).join(",")];
  for (const row of table.rows) lines.push(row.map((v, i) => field(v, table.columns[i])).join(","));
  return lines.join("\r\n") + "\r\n";
}

function readme(report: ConsultationReport, tables: DataTable[]): string {
  return [
    `${report.consultation.title}: feedback tables (${report.round === null ? "all rounds" : `round ${report.round}`})`,
    "",
    ...(report.consultation.isDemo ? [DEMO_NOTICE, ""] : []),
    namesNotice(report),
    "",
    "Files (UTF-8, comma-separated, header row, RFC 4180 quoting):",
    ...tables.map((t) => `  ${t.name}.csv  ${t.description}`),
    "",
    "Dates are ISO 8601 in UTC. Yes/no columns are TRUE/FALSE. A missing number is NA; missing text is empty.",
    "Text that a spreadsheet would read as a formula (starting with =, +, -, @ or a tab) starts with an apostrophe.",
    "",
    'In R:  ratings <- read.csv("ratings.csv", encoding = "UTF-8")   or   readr::read_csv("ratings.csv")',
    "",
  ].join("\r\n");
}

export async function renderCsvZip(report: ConsultationReport): Promise<Buffer> {
  const tables = reportTables(report);
  const zip = new JSZip();
  // Every file carries the report's time, not the moment the zip was written.
  const date = report.generatedAt;
  zip.file("README.txt", readme(report, tables), { date });
  for (const table of tables) zip.file(`${table.name}.csv`, toCsv(table), { date });
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 1 } });
}
