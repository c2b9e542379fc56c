/**
 * The report as a Word document: real headings (so Word's navigation pane and a table of contents
 * work), tables whose header row repeats on every page, a bar chart of each rating distribution
 * (a small PNG with alt text, server/export/chart-png.ts) above its table of figures, page numbers.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { ConsultationReport } from "../services/report-types";
import { CHART_SIZE, distributionPng } from "./chart-png";
import { reportDocument, type Block, type Column } from "./document";
import { clean, DEMO_NOTICE } from "./text";

/** A4 in twentieths of a point, with 2 cm margins. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const ACCENT = "1F4E79";
const MUTED = "595959";
const RULE = "A6A6A6";

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/** Text with line breaks as Word breaks (a "\n" in a run would be ignored). */
function runs(text: string, options: { bold?: boolean; italics?: boolean; color?: string; size?: number } = {}): TextRun[] {
  return text.split("\n").map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...options }));
}

function tableBorders() {
  const line = { style: BorderStyle.SINGLE, size: 4, color: RULE };
  return { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line };
}

function caption(text: string): Paragraph {
  return new Paragraph({ style: "Caption", keepNext: true, children: runs(text) });
}

/** Table text comes from two paragraph styles, not per-run formatting: a large report stays small. */
function table(title: string, columns: Column[], rows: string[][]): (Paragraph | Table)[] {
  const total = columns.reduce((sum, c) => sum + (c.weight ?? 1), 0);
  const widths = columns.map((c) => Math.floor((CONTENT_WIDTH * (c.weight ?? 1)) / total));
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      shading: header ? { type: ShadingType.CLEAR, color: "auto", fill: "DEEAF6" } : undefined,
      children: text.split("\n").map(
        (line) =>
          new Paragraph({
            style: header ? "TableHeader" : "TableText",
            alignment: columns[i].align === "right" ? AlignmentType.RIGHT : undefined,
            children: [new TextRun(line)],
          }),
      ),
    });
  return [
    caption(title),
    new Table({
      width: { size: CONTENT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: tableBorders(),
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      rows: [
        new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c, i) => cell(c.header, i, true)) }),
        ...rows.map((r) => new TableRow({ children: r.map((text, i) => cell(text, i, false)) })),
      ],
    }),
    new Paragraph({ style: "TableText", children: [] }),
  ];
}

function distribution(block: Extract<Block, { kind: "distribution" }>): (Paragraph | Table)[] {
  const description = `Bar chart of ${block.caption}: ${block.bars.map((b) => `${b.label}: ${b.count} (${b.share}%)`).join("; ")}.`;
  const chart = new ImageRun({
    type: "png",
    data: distributionPng(block.bars.map((b) => b.count)),
    transformation: { width: CHART_SIZE.width / 2, height: CHART_SIZE.height / 2 },
    altText: { name: "Distribution of ratings", title: block.caption, description },
  });
  return [
    caption(block.caption),
    new Paragraph({ keepNext: true, children: [chart] }),
    ...table(
      "Figures of the chart",
      [
        { header: "Rating", weight: 3 },
        { header: "Count", align: "right" },
        { header: "Share", align: "right" },
      ],
      block.bars.map((b) => [b.label, String(b.count), `${b.share}%`]),
    ).slice(1),
  ];
}

function render(block: Block, breakBefore: boolean): (Paragraph | Table)[] {
  switch (block.kind) {
    case "title":
      return [
        new Paragraph({ heading: HeadingLevel.TITLE, children: runs(block.title) }),
        new Paragraph({ style: "Subtitle", children: runs(block.subtitle) }),
        ...block.lines.map((line) => new Paragraph({ children: runs(line, { color: MUTED }) })),
      ];
    case "heading":
      return [new Paragraph({ heading: HEADINGS[block.level], pageBreakBefore: breakBefore, keepNext: true, children: runs(block.text) })];
    case "paragraph": {
      if (block.tone === "notice" || block.tone === "warning") {
        return [
          new Paragraph({
            shading: { type: ShadingType.CLEAR, color: "auto", fill: block.tone === "notice" ? "FFF2CC" : "FBE4D5" },
            border: { left: { style: BorderStyle.SINGLE, size: 18, color: block.tone === "notice" ? "BF8F00" : "C00000", space: 6 } },
            spacing: { before: 120, after: 120 },
            children: runs(block.text, { bold: true }),
          }),
        ];
      }
      return [
        new Paragraph({
          pageBreakBefore: breakBefore,
          children: runs(block.text, {
            bold: block.bold,
            italics: block.tone === "muted",
            color: block.tone === "muted" ? MUTED : undefined,
          }),
        }),
      ];
    }
    case "list":
      return block.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: runs(item) }));
    case "table":
      return table(block.caption, block.columns, block.rows);
    case "distribution":
      return distribution(block);
    case "quote": {
      // Indent and rule come from the Comment and Reply styles: up to 3,000 of these per report.
      const who = block.reply ? `${block.who} (reply)` : block.who;
      return [
        new Paragraph({
          style: block.reply ? "Reply" : "Comment",
          children: [
            new TextRun({ text: who, bold: true }),
            new TextRun({ text: "", break: 1 }),
            ...runs(block.text, { italics: block.hidden }),
          ],
        }),
      ];
    }
    case "pageBreak":
      return [];
  }
}

export async function renderDocx(report: ConsultationReport): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  let breakPending = false;
  for (const block of reportDocument(report)) {
    if (block.kind === "pageBreak") {
      breakPending = children.length > 0;
      continue;
    }
    const out = render(block, breakPending);
    // Only headings and plain paragraphs carry the break; anything else starts on a fresh page below it.
    if (breakPending && block.kind !== "heading" && block.kind !== "paragraph")
      children.push(new Paragraph({ pageBreakBefore: true, children: [] }));
    breakPending = false;
    children.push(...out);
  }
  const title = clean(report.consultation.title);
  const headerText = report.consultation.isDemo ? `${title} · DEMO DATA` : title;
  const doc = new Document({
    creator: "Roundtable",
    title: `${title}: feedback summary`,
    description: report.consultation.isDemo ? DEMO_NOTICE : "Feedback summary of a stakeholder consultation",
    styles: {
      default: { document: { run: { font: "Calibri", size: 21 }, paragraph: { spacing: { after: 100, line: 264 } } } },
      paragraphStyles: [
        {
          id: "Title",
          name: "Title",
          basedOn: "Normal",
          next: "Normal",
          run: { size: 44, bold: true, color: ACCENT },
          paragraph: { spacing: { after: 120 } },
        },
        {
          id: "Subtitle",
          name: "Subtitle",
          basedOn: "Normal",
          next: "Normal",
          run: { size: 28, color: MUTED },
          paragraph: { spacing: { after: 240 } },
        },
        {
          id: "Heading1",
          name: "Heading 1",
          basedOn: "Normal",
          next: "Normal",
          run: { size: 32, bold: true, color: ACCENT },
          paragraph: { spacing: { before: 360, after: 160 }, keepNext: true },
        },
        {
          id: "Heading2",
          name: "Heading 2",
          basedOn: "Normal",
          next: "Normal",
          run: { size: 26, bold: true, color: ACCENT },
          paragraph: { spacing: { before: 280, after: 120 }, keepNext: true },
        },
        {
          id: "Heading3",
          name: "Heading 3",
          basedOn: "Normal",
          next: "Normal",
          run: { size: 22, bold: true },
          paragraph: { spacing: { before: 200, after: 80 }, keepNext: true },
        },
        {
          id: "Caption",
          name: "Caption",
          basedOn: "Normal",
          next: "Normal",
          run: { size: 18, bold: true, color: MUTED },
          paragraph: { spacing: { before: 160, after: 60 }, keepNext: true },
        },
        {
          id: "TableText",
          name: "Table text",
          basedOn: "Normal",
          run: { size: 18 },
          paragraph: { spacing: { before: 0, after: 0, line: 240 } },
        },
        { id: "TableHeader", name: "Table header", basedOn: "TableText", run: { bold: true } },
        {
          id: "Comment",
          name: "Comment",
          basedOn: "Normal",
          paragraph: {
            indent: { left: 567 },
            spacing: { before: 60, after: 60 },
            border: { left: { style: BorderStyle.SINGLE, size: 12, color: ACCENT, space: 8 } },
          },
        },
        {
          id: "Reply",
          name: "Reply",
          basedOn: "Comment",
          paragraph: { indent: { left: 1134 }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: RULE, space: 8 } } },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin, header: 567, footer: 567 },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: headerText, size: 16, color: MUTED })] }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES], size: 16, color: MUTED }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
