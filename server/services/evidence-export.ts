/**
 * The evidence matrix as a file, with the filters of the matrix page: CSV (one row per source,
 * one column per mechanism), XLSX (the matrix, the counts per mechanism and the links with their
 * extracts) and a Word table. Text cells go through the same formula neutralisation as the
 * feedback exports (server/export/tables.ts). Downloaded from /c/<slug>/evidence/export.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import ExcelJS from "exceljs";
import { z } from "zod";
import type { DB } from "@/db";
import { EVIDENCE_EFFECT_LABELS, EVIDENCE_EFFECT_VALUES, SOURCE_KIND_LABELS, type EvidenceEffect } from "@/shared/domain";
import { awaitWriteLock } from "@/db/write-lock";
import { downloadAccess, failedDownload, fileResponse, refusal } from "../export/http";
import { neutralise } from "../export/tables";
import { clean, DEMO_NOTICE } from "../export/text";
import { describeZodError } from "../trpc";
import { recordAudit, type Actor } from "./actor";
import { matrix, matrixFilters, type Matrix, type MatrixFilters } from "./evidence";

export const EVIDENCE_EXPORT_FORMATS = ["csv", "xlsx", "docx"] as const;
export type EvidenceExportFormat = (typeof EVIDENCE_EXPORT_FORMATS)[number];

export const evidenceExportQuery = matrixFilters.extend({
  format: z.enum(EVIDENCE_EXPORT_FORMATS, { error: "Choose csv, xlsx or docx" }),
  round: z.coerce.number().int().min(1, "Unknown round").max(50, "Unknown round").optional(),
});

/** The letter shown in a cell, with its word in the legend: not colour alone. */
export const EFFECT_SYMBOL: Record<EvidenceEffect, string> = { supports: "S", weakens: "W", refines: "R" };

type Rendered = { bytes: Buffer; filename: string; contentType: string };

const CONTENT_TYPES: Record<EvidenceExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

function mechanismHeader(c: Matrix["columns"][number]): string {
  return `M${c.position} ${clean(c.name)}`;
}

/** What the filters kept, in words, for the files' headings. */
export function filterText(m: Matrix, f: MatrixFilters): string {
  const parts = [m.round ? `mechanisms of round ${m.round.number}` : "no round"];
  if (f.kind) parts.push(`kind: ${SOURCE_KIND_LABELS[f.kind]}`);
  if (f.searchStage) parts.push(`search stage: ${f.searchStage}`);
  if (f.effect) parts.push(`effect: ${EVIDENCE_EFFECT_LABELS[f.effect]}`);
  if (f.mechanismId) parts.push("one mechanism");
  if (f.text) parts.push(`text: “${f.text}”`);
  return parts.join("; ");
}

function countText(c: Matrix["columns"][number], included: number | null): string {
  const linked = `${c.counts.total} linked (${c.counts.supports} support, ${c.counts.weakens} weaken, ${c.counts.refines} refine)`;
  if (c.reportedSourceCount === null) return linked;
  return `${linked}; ${c.reportedSourceCount} reported${included !== null ? ` of ${included} included` : ""}`;
}

function sourceCells(s: Matrix["rows"][number]["source"]) {
  return [s.ref, s.authors, s.year, s.title, s.venue, s.doi ?? "", SOURCE_KIND_LABELS[s.kind], s.searchStage];
}
const SOURCE_HEADERS = ["ref", "authors", "year", "title", "venue", "doi", "kind", "search_stage"];

// ---------------------------------------------------------------------------------------------
// CSV

function csvField(value: string | number | null): string {
  if (value === null) return "";
  const out = typeof value === "number" ? String(value) : neutralise(clean(value));
  return /[",\r\n]|^\s|\s$/.test(out) ? `"${out.replace(/"/g, '""')}"` : out;
}

export function matrixCsv(m: Matrix): string {
  const lines = [[...SOURCE_HEADERS, ...m.columns.map(mechanismHeader)].map(csvField).join(",")];
  for (const row of m.rows) {
    lines.push([...sourceCells(row.source), ...m.columns.map((c) => row.cells[c.mechanismId]?.effect ?? "")].map(csvField).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

// ---------------------------------------------------------------------------------------------
// XLSX

function xlsxValue(value: string | number | null): ExcelJS.CellValue {
  return typeof value === "string" ? neutralise(clean(value)) : value;
}

export async function matrixXlsx(m: Matrix, title: string, scope: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Roundtable";
  workbook.title = `${title}: evidence matrix`;
  const sheet = workbook.addWorksheet("matrix", { views: [{ state: "frozen", ySplit: 1, xSplit: 2 }] });
  sheet.columns = [
    ...SOURCE_HEADERS.map((h) => ({ header: h, key: h, width: h === "title" ? 60 : h === "authors" ? 30 : 14 })),
    ...m.columns.map((c) => ({ header: xlsxValue(mechanismHeader(c)) as string, key: c.mechanismId, width: 14 })),
  ];
  for (const row of m.rows)
    sheet.addRow([...sourceCells(row.source), ...m.columns.map((c) => row.cells[c.mechanismId]?.effect ?? null)].map(xlsxValue));

  const counts = workbook.addWorksheet("counts", { views: [{ state: "frozen", ySplit: 1 }] });
  counts.columns = [
    { header: "position", key: "position", width: 10 },
    { header: "mechanism", key: "mechanism", width: 40 },
    { header: "linked", key: "linked", width: 10 },
    ...EVIDENCE_EFFECT_VALUES.map((e) => ({ header: e, key: e, width: 10 })),
    { header: "reported", key: "reported", width: 10 },
    { header: "included", key: "included", width: 10 },
  ];
  for (const c of m.columns) {
    counts.addRow([
      c.position,
      xlsxValue(c.name),
      c.counts.total,
      c.counts.supports,
      c.counts.weakens,
      c.counts.refines,
      c.reportedSourceCount,
      m.includedSourceCount,
    ]);
  }

  const links = workbook.addWorksheet("links", { views: [{ state: "frozen", ySplit: 1 }] });
  links.columns = [
    { header: "ref", key: "ref", width: 8 },
    { header: "citation", key: "citation", width: 50 },
    { header: "mechanism", key: "mechanism", width: 30 },
    { header: "effect", key: "effect", width: 10 },
    { header: "extract", key: "extract", width: 80 },
  ];
  for (const row of m.rows) {
    for (const c of m.columns) {
      const cell = row.cells[c.mechanismId];
      if (cell) links.addRow([row.source.ref, row.source.citation, c.name, cell.effect, cell.extract].map(xlsxValue));
    }
  }

  const about = workbook.addWorksheet("about");
  about.columns = [
    { header: "field", key: "field", width: 20 },
    { header: "value", key: "value", width: 100 },
  ];
  about.addRow(["consultation", xlsxValue(title)]);
  about.addRow(["scope", xlsxValue(scope)]);
  about.addRow(["legend", "supports, weakens or refines: what the source says about the mechanism; empty: not linked"]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// DOCX

/** A4 landscape, 1.5 cm margins, in twentieths of a point. */
const PAGE = { width: 16838, height: 11906, margin: 850 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;

function cell(text: string, width: number, header = false, center = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    shading: header ? { type: ShadingType.CLEAR, color: "auto", fill: "DEEAF6" } : undefined,
    children: [
      new Paragraph({ alignment: center ? AlignmentType.CENTER : undefined, children: [new TextRun({ text, bold: header, size: 18 })] }),
    ],
  });
}

function docxTable(headers: string[], rows: string[][], widths: number[], centerFrom: number): Table {
  const line = { style: BorderStyle.SINGLE, size: 4, color: "A6A6A6" };
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, widths[i], true, i >= centerFrom)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((t, i) => cell(t, widths[i], false, i >= centerFrom)) })),
    ],
  });
}

export async function matrixDocx(m: Matrix, title: string, scope: string, isDemo: boolean): Promise<Buffer> {
  const n = m.columns.length;
  // The citation takes what the mechanism columns leave, at least a third of the page.
  const mechWidth = n === 0 ? 0 : Math.min(900, Math.floor((CONTENT_WIDTH * 2) / 3 / n));
  const citationWidth = CONTENT_WIDTH - mechWidth * n;
  const legend = EVIDENCE_EFFECT_VALUES.map((e) => `${EFFECT_SYMBOL[e]} = ${EVIDENCE_EFFECT_LABELS[e].toLowerCase()}`).join(", ");
  const doc = new Document({
    creator: "Roundtable",
    title: `${title}: evidence matrix`,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.LANDSCAPE },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(`${clean(title)}: evidence matrix`)] }),
          ...(isDemo ? [new Paragraph({ children: [new TextRun({ text: DEMO_NOTICE, bold: true })] })] : []),
          new Paragraph({ children: [new TextRun(`Sources: ${m.totalRows}. Filters: ${clean(scope)}.`)] }),
          new Paragraph({
            children: [
              new TextRun(
                `Legend: ${legend}; an empty cell: not linked. Mechanisms: ${m.columns.map((c) => `M${c.position} ${clean(c.name)}`).join("; ") || "none"}.`,
              ),
            ],
          }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun("Sources against mechanisms")] }),
          docxTable(
            ["Source", ...m.columns.map((c) => `M${c.position}`)],
            m.rows.map((r) => [
              `${r.source.ref !== null ? `[${r.source.ref}] ` : ""}${clean(r.source.citation)}`,
              ...m.columns.map((c) => (r.cells[c.mechanismId] ? EFFECT_SYMBOL[r.cells[c.mechanismId].effect] : "")),
            ]),
            [citationWidth, ...m.columns.map(() => mechWidth)],
            1,
          ),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun("Counts per mechanism")] }),
          docxTable(
            ["Mechanism", "Sources"],
            m.columns.map((c) => [`M${c.position} ${clean(c.name)}`, countText(c, m.includedSourceCount)]),
            [Math.floor(CONTENT_WIDTH / 2), CONTENT_WIDTH - Math.floor(CONTENT_WIDTH / 2)],
            99,
          ),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

// ---------------------------------------------------------------------------------------------
// The download

export async function renderEvidenceExport(db: DB, actor: Actor, query: z.infer<typeof evidenceExportQuery>): Promise<Rendered> {
  const { format, ...filters } = query;
  const m = matrix(db, actor, filters, null);
  const title = actor.consultation.title;
  const scope = filterText(m, filters);
  const bytes =
    format === "csv"
      ? Buffer.from(matrixCsv(m), "utf8")
      : format === "xlsx"
        ? await matrixXlsx(m, title, scope)
        : await matrixDocx(m, title, scope, actor.consultation.isDemo);
  const filename = `${actor.consultation.slug}-evidence-matrix${m.round ? `-round-${m.round.number}` : ""}.${format}`;
  recordAudit(db, actor, "evidence.export", actor.consultation.id, { format, scope, sources: m.totalRows });
  return { bytes, filename, contentType: CONTENT_TYPES[format] };
}

/** GET /c/<slug>/evidence/export?format=csv|xlsx|docx&round=&kind=&searchStage=&effect=&mechanismId=&text= (facilitators). */
export async function evidenceExportResponse(db: DB, req: Request, slug: string): Promise<Response> {
  const access = downloadAccess(db, req, slug, "Only the consultation's facilitators can export its evidence matrix.");
  if (!access.ok) return access.response;
  const params = new URL(req.url).searchParams;
  const raw = Object.fromEntries(
    ["format", "round", "kind", "searchStage", "effect", "mechanismId", "text"].map((k) => [k, params.get(k) || undefined]),
  );
  const parsed = evidenceExportQuery.safeParse(raw);
  if (!parsed.success) return refusal(400, describeZodError(parsed.error));
  try {
    // The download is audited: wait for the write lock without blocking other requests.
    await awaitWriteLock(db);
    return fileResponse(await renderEvidenceExport(db, access.actor, parsed.data));
  } catch (error) {
    return failedDownload("evidence export", error);
  }
}
