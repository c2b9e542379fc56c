/**
 * The report's tables as an Excel workbook, one sheet per table, header row frozen and filtered.
 * Written with exceljs's streaming writer: rows go to the zip as they are added, so 45,000
 * ratings never sit in memory twice. Without cell styles: exceljs looks a style up for every
 * cell, which doubled the time of a large workbook, so dates are ISO 8601 text (UTC), as in the
 * CSV files, which R and Excel both parse.
 */
import ExcelJS from "exceljs";
import { PassThrough } from "node:stream";
import type { ConsultationReport } from "../services/report-types";
import { isoDate, neutralise, reportTables, type CellValue } from "./tables";

function cellValue(value: CellValue): ExcelJS.CellValue {
  if (typeof value === "string") return neutralise(value);
  if (value instanceof Date) return isoDate(value);
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}

export async function renderXlsx(report: ConsultationReport): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
  workbook.creator = "Roundtable";
  workbook.created = report.generatedAt;
  workbook.title = `${report.consultation.title}: feedback tables`;

  for (const table of reportTables(report)) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({ header: c.name, key: c.name, width: c.width ?? 14 }));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
    sheet.getRow(1).commit();
    for (const row of table.rows) sheet.addRow(row.map(cellValue)).commit();
    sheet.commit();
  }
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}
