/**
 * The report as a print-ready PDF: A4 with 2 cm margins, DejaVu Sans embedded (so names and
 * comments in Latin, Greek or Cyrillic scripts print as written), bookmarks for every section and
 * mechanism, "Page n of N" on every page, rating distributions drawn as bars beside their figures,
 * and tables laid out here so they break cleanly: a row that does not fit moves to the next page,
 * the header row is repeated there, and a row taller than a page is continued line by line.
 */
import fs from "node:fs";
import path from "node:path";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import type { ConsultationReport } from "../services/report-types";
import { reportDocument, type Block, type Column } from "./document";
import { clean, DEMO_NOTICE } from "./text";

const FONT_DIR = path.join(process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf");
const FONT_FILES = { body: "DejaVuSans.ttf", bold: "DejaVuSans-Bold.ttf", italic: "DejaVuSans-Oblique.ttf" } as const;
type FontName = keyof typeof FONT_FILES;

type LoadedFont = { font: fontkit.Font; widths: Map<string, number> };
let loaded: Record<FontName, LoadedFont> | null = null;

/**
 * The fonts, parsed once per process and shared by every document (pdfkit takes a fontkit font
 * as it is): parsing DejaVu's kerning tables again for each export would cost more than the
 * layout of a large report. Word widths are cached in font units, whatever the size.
 */
function fonts(): Record<FontName, LoadedFont> {
  loaded ??= Object.fromEntries(
    (Object.keys(FONT_FILES) as FontName[]).map((name) => [
      name,
      { font: fontkit.create(fs.readFileSync(path.join(FONT_DIR, FONT_FILES[name]))), widths: new Map<string, number>() },
    ]),
  ) as Record<FontName, LoadedFont>;
  return loaded;
}

/** A word's width in font units (cached; the cache is bounded so a long-running server does not grow). */
function unitsOf(f: LoadedFont, word: string): number {
  let w = f.widths.get(word);
  if (w === undefined) {
    if (f.widths.size > 200_000) f.widths.clear();
    w = f.font.layout(word).advanceWidth;
    f.widths.set(word, w);
  }
  return w;
}

const MM = 72 / 25.4;
const MARGIN = { top: 22 * MM, bottom: 22 * MM, left: 20 * MM, right: 20 * MM };
const COLOR = {
  text: "#1a1a1a",
  accent: "#1F4E79",
  muted: "#595959",
  rule: "#A6A6A6",
  header: "#DEEAF6",
  notice: "#FFF2CC",
  noticeEdge: "#BF8F00",
  warning: "#FBE4D5",
  warningEdge: "#C00000",
  bar: "#2E75B6",
  barTrack: "#E7EEF6",
};
const SIZE = { body: 9.5, small: 8, table: 8, title: 20, subtitle: 13, h1: 15, h2: 12, h3: 10 };

type Doc = PDFKit.PDFDocument;
type Style = { font: FontName; size: number; color: string };

const BODY: Style = { font: "body", size: SIZE.body, color: COLOR.text };
const lineHeightOf = (size: number) => size * 1.3;

class Writer {
  readonly left: number;
  readonly width: number;
  private readonly outline = new Map<number, PDFKit.PDFOutline>();
  private readonly f = fonts();
  private current: Style | null = null;

  constructor(readonly doc: Doc) {
    this.left = MARGIN.left;
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
  }

  get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  private atTop(): boolean {
    return this.doc.y <= MARGIN.top + 1;
  }

  newPage() {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = MARGIN.top;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensure(height: number) {
    if (this.doc.y + height > this.bottom && !this.atTop()) this.newPage();
  }

  pageBreak() {
    if (!this.atTop()) this.newPage();
  }

  /** Sets font, size and colour, skipping pdfkit's calls when nothing changes (they add up over 20,000 comments). */
  use(style: Style) {
    const c = this.current;
    if (c && c.font === style.font && c.size === style.size && c.color === style.color) return;
    this.doc.font(style.font).fontSize(style.size).fillColor(style.color);
    this.current = { ...style };
  }

  /** Anything drawn with pdfkit's own calls may change the colour: forget what was set. */
  private touched() {
    this.current = null;
  }

  gap(points: number) {
    this.doc.y += points;
  }

  width_(style: Style, text: string): number {
    return (unitsOf(this.f[style.font], text) * style.size) / this.f[style.font].font.unitsPerEm;
  }

  /** Greedy word wrap with cached word widths; a word wider than the line is cut by characters. */
  wrap(text: string, width: number, style: Style): string[] {
    const lines: string[] = [];
    const space = this.width_(style, " ");
    for (const paragraph of text.replace(/\t/g, "    ").split("\n")) {
      let line = "";
      let lineWidth = 0;
      for (const word of paragraph.split(/ +/)) {
        let w = this.width_(style, word);
        if (w > width) {
          if (line) lines.push(line);
          let piece = "";
          for (const ch of word) {
            if (piece && this.width_(style, piece + ch) > width) {
              lines.push(piece);
              piece = "";
            }
            piece += ch;
          }
          line = piece;
          lineWidth = this.width_(style, piece);
          continue;
        }
        if (line && lineWidth + space + w > width) {
          lines.push(line);
          line = word;
          lineWidth = w;
        } else {
          lineWidth = line ? lineWidth + space + w : w;
          line = line ? `${line} ${word}` : word;
        }
        w = 0;
      }
      lines.push(line);
    }
    return lines;
  }

  /** One line at (x, y), as it is: no wrapping, no page logic (the caller has done both). */
  line(text: string, x: number, y: number, style: Style) {
    if (!text) return;
    this.use(style);
    this.doc.text(text, x, y, { lineBreak: false });
  }

  /**
   * Flowing text: wrapped here and set line by line, onto new pages as needed. `onPage` runs
   * before a page break with the y where the text started on the page being left.
   */
  flow(text: string, style: Style, options: { indent?: number; onPageEnd?: (fromY: number, toY: number) => void } = {}) {
    const indent = options.indent ?? 0;
    const lh = lineHeightOf(style.size);
    let startY = this.doc.y;
    for (const line of this.wrap(text, this.width - indent - 0.5, style)) {
      if (this.doc.y + lh > this.bottom) {
        options.onPageEnd?.(startY, this.doc.y);
        this.newPage();
        startY = this.doc.y;
      }
      this.line(line, this.left + indent, this.doc.y, style);
      this.doc.y += lh;
    }
    options.onPageEnd?.(startY, this.doc.y);
  }

  text(text: string, options: { font?: FontName; size?: number; color?: string; indent?: number } = {}) {
    this.flow(
      text,
      { font: options.font ?? "body", size: options.size ?? SIZE.body, color: options.color ?? COLOR.text },
      { indent: options.indent },
    );
  }

  title(block: Extract<Block, { kind: "title" }>) {
    this.text(block.title, { font: "bold", size: SIZE.title, color: COLOR.accent });
    this.gap(2);
    this.text(block.subtitle, { size: SIZE.subtitle, color: COLOR.muted });
    this.gap(2);
    for (const line of block.lines) this.text(line, { size: SIZE.small, color: COLOR.muted });
    this.gap(10);
  }

  heading(level: 1 | 2 | 3, text: string) {
    const size = level === 1 ? SIZE.h1 : level === 2 ? SIZE.h2 : SIZE.h3;
    // Keep a heading with what follows it: a mechanism's heading with its description and chart.
    this.ensure(size * 1.4 + (level === 2 ? 90 : 48));
    if (!this.atTop()) this.gap(level === 3 ? 4 : 8);
    if (level < 3) {
      const parent = level === 1 ? this.doc.outline : (this.outline.get(1) ?? this.doc.outline);
      this.outline.set(level, parent.addItem(text));
    }
    this.text(text, { font: "bold", size, color: level === 3 ? COLOR.text : COLOR.accent });
    this.gap(level === 1 ? 5 : 3);
  }

  paragraph(block: Extract<Block, { kind: "paragraph" }>) {
    if (block.tone === "notice" || block.tone === "warning") {
      const style: Style = { font: "bold", size: SIZE.body, color: COLOR.text };
      const pad = 6;
      const lines = this.wrap(block.text, this.width - 2 * pad - 3, style);
      const height = lines.length * lineHeightOf(style.size) + 2 * pad;
      this.ensure(height);
      const y = this.doc.y;
      const notice = block.tone === "notice";
      this.doc.rect(this.left, y, this.width, height).fill(notice ? COLOR.notice : COLOR.warning);
      this.doc.rect(this.left, y, 3, height).fill(notice ? COLOR.noticeEdge : COLOR.warningEdge);
      this.touched();
      lines.forEach((line, i) => this.line(line, this.left + pad + 3, y + pad + i * lineHeightOf(style.size), style));
      this.doc.y = y + height + 6;
      return;
    }
    this.ensure(lineHeightOf(SIZE.body) * 2);
    this.text(block.text, {
      font: block.bold ? "bold" : block.tone === "muted" ? "italic" : "body",
      color: block.tone === "muted" ? COLOR.muted : COLOR.text,
    });
    this.gap(4);
  }

  list(items: string[]) {
    for (const item of items) {
      this.ensure(lineHeightOf(SIZE.body) * 2);
      this.line("•", this.left + 4, this.doc.y, BODY);
      this.text(item, { indent: 14 });
      this.gap(1);
    }
    this.gap(3);
  }

  quote(block: Extract<Block, { kind: "quote" }>) {
    const indent = block.reply ? 30 : 12;
    const who: Style = { font: "bold", size: SIZE.small, color: block.reply ? COLOR.muted : COLOR.accent };
    const body: Style = block.hidden ? { font: "italic", size: SIZE.body, color: COLOR.muted } : BODY;
    this.ensure(lineHeightOf(SIZE.small) + 2 * lineHeightOf(SIZE.body));
    // The rule beside the quote, drawn for each page the quote is on.
    const rule = (from: number, to: number) => {
      if (to - from < 2) return;
      this.doc.rect(this.left + indent - 7, from + 1, 1.5, to - from - 3).fill(block.reply ? COLOR.rule : COLOR.bar);
      this.touched();
    };
    let top = this.doc.y;
    this.flow(`${block.reply ? "↳ " : ""}${block.who}${block.reply ? " (reply)" : ""}`, who, { indent });
    this.flow(block.text, body, {
      indent,
      onPageEnd: (_from, to) => {
        rule(top, to);
        top = MARGIN.top;
      },
    });
    this.gap(5);
  }

  caption(text: string) {
    this.text(text, { font: "bold", size: SIZE.small, color: COLOR.muted });
    this.gap(2);
  }

  table(caption: string, columns: Column[], rows: string[][]) {
    const pad = 3;
    const cellStyle: Style = { font: "body", size: SIZE.table, color: COLOR.text };
    const headStyle: Style = { font: "bold", size: SIZE.table, color: COLOR.text };
    const total = columns.reduce((sum, c) => sum + (c.weight ?? 1), 0);
    const widths = columns.map((c) => (this.width * (c.weight ?? 1)) / total);
    // No header word is cut: a column narrower than its longest header word takes the room from the widest.
    columns.forEach((c, i) => {
      const need = Math.max(...c.header.split(/\s+/).map((w) => this.width_(headStyle, w))) + 2 * pad + 1;
      if (widths[i] < need) {
        const widest = widths.indexOf(Math.max(...widths));
        widths[widest] -= need - widths[i];
        widths[i] = need;
      }
    });
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const lineHeight = lineHeightOf(SIZE.table);

    const layout = (cells: string[], style: Style) => cells.map((text, i) => this.wrap(text, widths[i] - 2 * pad, style));
    const header = layout(
      columns.map((c) => c.header),
      headStyle,
    );
    const headerHeight = Math.max(...header.map((l) => l.length)) * lineHeight + 2 * pad;

    const drawLines = (cells: string[][], from: number, count: number, y: number, style: Style) => {
      cells.forEach((lines, i) => {
        lines.slice(from, from + count).forEach((line, k) => {
          const x = columns[i].align === "right" ? xs[i] + widths[i] - pad - this.width_(style, line) : xs[i] + pad;
          this.line(line, x, y + pad + k * lineHeight, style);
        });
      });
    };
    const frame = (y: number, height: number, fill?: string) => {
      if (fill) this.doc.rect(this.left, y, this.width, height).fill(fill);
      this.doc.lineWidth(0.5).strokeColor(COLOR.rule);
      this.doc.rect(this.left, y, this.width, height).stroke();
      for (const x of xs.slice(1))
        this.doc
          .moveTo(x, y)
          .lineTo(x, y + height)
          .stroke();
      this.touched();
    };
    const drawHeader = () => {
      const y = this.doc.y;
      frame(y, headerHeight, COLOR.header);
      drawLines(header, 0, Infinity, y, headStyle);
      this.doc.y = y + headerHeight;
    };

    const body = rows.map((r) => layout(r, cellStyle));
    const heightOf = (cells: string[][]) => Math.max(1, ...cells.map((l) => l.length)) * lineHeight + 2 * pad;
    const captionHeight =
      this.wrap(caption, this.width, { font: "bold", size: SIZE.small, color: COLOR.muted }).length * lineHeightOf(SIZE.small) + 2;
    const wholeHeight = captionHeight + headerHeight + body.reduce((sum, cells) => sum + heightOf(cells), 0);
    // A short table stays on one page; a long one keeps its caption, header and first row together.
    if (wholeHeight < (this.bottom - MARGIN.top) / 2) this.ensure(wholeHeight);
    else this.ensure(captionHeight + headerHeight + (body.length ? Math.min(heightOf(body[0]), 4 * lineHeight + 2 * pad) : 0));
    this.caption(caption);
    drawHeader();

    for (const cells of body) {
      const rowLines = Math.max(1, ...cells.map((l) => l.length));
      let done = 0;
      while (done < rowLines) {
        let fit = Math.floor((this.bottom - this.doc.y - 2 * pad) / lineHeight);
        const rest = rowLines - done;
        // Move the row to a new page when it would fit there whole, or when not even two lines fit here.
        if (fit < rest && (rest * lineHeight + 2 * pad + headerHeight <= this.bottom - MARGIN.top || fit < 2)) {
          this.newPage();
          drawHeader();
          fit = Math.floor((this.bottom - this.doc.y - 2 * pad) / lineHeight);
        }
        const count = Math.max(1, Math.min(rest, fit));
        const y = this.doc.y;
        const height = count * lineHeight + 2 * pad;
        frame(y, height);
        drawLines(cells, done, count, y, cellStyle);
        this.doc.y = y + height;
        done += count;
      }
    }
    this.gap(8);
  }

  distribution(block: Extract<Block, { kind: "distribution" }>) {
    const rowHeight = 13;
    const style: Style = { font: "body", size: SIZE.table, color: COLOR.text };
    this.ensure(rowHeight * (block.bars.length + 1) + 20);
    this.caption(block.caption);
    const labelWidth = Math.min(170, this.width * 0.36);
    const barWidth = this.width - labelWidth - 90;
    for (const bar of block.bars) {
      const y = this.doc.y;
      this.doc.rect(this.left + labelWidth, y + 2, barWidth, rowHeight - 4).fill(COLOR.barTrack);
      if (bar.share > 0)
        this.doc.rect(this.left + labelWidth, y + 2, Math.max(1, (barWidth * bar.share) / 100), rowHeight - 4).fill(COLOR.bar);
      this.touched();
      this.line(this.wrap(bar.label, labelWidth - 6, style)[0], this.left, y + 2.5, style);
      this.line(`${bar.count} (${bar.share}%)`, this.left + labelWidth + barWidth + 6, y + 2.5, style);
      this.doc.y = y + rowHeight;
    }
    this.gap(8);
  }
}

function render(writer: Writer, block: Block) {
  switch (block.kind) {
    case "title":
      return writer.title(block);
    case "heading":
      return writer.heading(block.level, block.text);
    case "paragraph":
      return writer.paragraph(block);
    case "list":
      return writer.list(block.items);
    case "table":
      return writer.table(block.caption, block.columns, block.rows);
    case "distribution":
      return writer.distribution(block);
    case "quote":
      return writer.quote(block);
    case "pageBreak":
      return writer.pageBreak();
  }
}

/** Header and "Page n of N" on every page, written once the page count is known. */
function decoratePages(doc: Doc, report: ConsultationReport) {
  const range = doc.bufferedPageRange();
  const title = clean(report.consultation.title);
  const left = `${title} · feedback summary`;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing in the margin would otherwise make pdfkit start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const width = doc.page.width - MARGIN.left - MARGIN.right;
    const footerY = doc.page.height - MARGIN.bottom + 14;
    doc
      .lineWidth(0.5)
      .strokeColor(COLOR.rule)
      .moveTo(MARGIN.left, footerY - 5)
      .lineTo(MARGIN.left + width, footerY - 5)
      .stroke();
    doc.font("body").fontSize(SIZE.small).fillColor(COLOR.muted);
    doc.text(left, MARGIN.left, footerY, { width: width - 90, lineBreak: false, ellipsis: true });
    doc.text(`Page ${i + 1} of ${range.count}`, MARGIN.left, footerY, { width, align: "right", lineBreak: false });
    if (report.consultation.isDemo) {
      doc.font("bold").fontSize(SIZE.small).fillColor(COLOR.warningEdge);
      doc.text("DEMO DATA: fictional panel and responses", MARGIN.left, MARGIN.top - 22, { width, align: "right", lineBreak: false });
    }
    doc.page.margins.bottom = bottom;
  }
}

export async function renderPdf(report: ConsultationReport): Promise<Buffer> {
  const f = fonts();
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: false,
    // No built-in Helvetica: our fonts are registered below. (Opening DejaVu here under its own
    // name would also defeat pdfkit's font cache for "body": every switch would re-open it.)
    font: null as unknown as string,
    lang: "en-GB",
    displayTitle: true,
    info: {
      Title: `${clean(report.consultation.title)}: feedback summary`,
      Author: "Roundtable",
      Subject: report.consultation.isDemo ? DEMO_NOTICE : "Feedback summary of a stakeholder consultation",
      CreationDate: report.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  for (const name of Object.keys(FONT_FILES) as FontName[]) doc.registerFont(name, f[name].font as unknown as Buffer);
  doc.addPage();
  doc.font("body");
  const writer = new Writer(doc);
  for (const block of reportDocument(report)) render(writer, block);
  decoratePages(doc, report);
  doc.end();
  return done;
}
