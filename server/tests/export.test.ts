/**
 * Exports: each format opened back and read (DOCX and XLSX unzipped or re-opened with their
 * library, the PDF's text extracted, CSV and JSON parsed), checked for the right numbers, for
 * spreadsheet formulas neutralised, and for names only when asked; then the download route's
 * refusals and audit entries, and the command line against a database seeded with the demo.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "@/db";
import { seedDemo } from "@/db/seed";
import { auditLog, consultations, memberships, sessions, users } from "@/db/schema";
import { REPORT_COMMENT_LIMIT } from "@/server/export/document";
import { exportResponse } from "@/server/export/http";
import { EXPORT_FORMATS, renderExport, renderJson, type ExportFormat } from "@/server/export";
import { renderMarkdown } from "@/server/export/markdown";
import { neutralise } from "@/server/export/tables";
import { buildReport } from "@/server/services/report";
import type { ConsultationReport } from "@/server/services/report-types";
import { buildExport } from "@/server/export/run";
import { PERSPECTIVE_VALUES } from "@/shared/domain";
import { INJECTIONS, PEOPLE, fixtureReport } from "./export-fixture";
import { addStakeholder, callerFor, freshDb, setup, setupWithContent, snapshot } from "./helpers";

// ---------------------------------------------------------------------------------------------
// Reading the files back

async function unzip(bytes: Buffer | Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const files = new Map<string, string>();
  for (const name of Object.keys(zip.files)) files.set(name, await zip.files[name].async("string"));
  return files;
}

/** The text of a Word document's XML: runs joined, paragraphs on their own lines. */
function docxText(xml: string): string {
  return xml
    .replace(/<\/w:p>/g, "\n")
    .replace(/<w:br\/>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** RFC 4180 CSV into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/**
 * The text of each page of a PDF made by pdfkit: content streams inflated, glyph codes of the
 * embedded (subset, Identity-H) fonts mapped back to Unicode through each font's ToUnicode CMap.
 * Each text object (one line or fragment) on its own line.
 */
function pdfPages(bytes: Buffer | Uint8Array): string[] {
  const pdf = Buffer.from(bytes).toString("latin1");
  const objects = new Map<number, string>();
  for (const m of pdf.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) objects.set(Number(m[1]), m[2]);
  const stream = (n: number): string => {
    const body = objects.get(n)!;
    // Exactly /Length bytes: the data's last byte may itself be a line end.
    const keyword = /\bstream\r?\n/.exec(body)!;
    const start = keyword.index + keyword[0].length;
    const raw = Buffer.from(body.slice(start, start + Number(/\/Length (\d+)/.exec(body)![1])), "latin1");
    return (body.includes("/FlateDecode") ? zlib.inflateSync(raw) : raw).toString("latin1");
  };
  const hexToText = (hex: string) => Buffer.from(hex, "hex").swap16().toString("utf16le");
  const cmaps = new Map<number, Map<string, string>>();
  const cmapOf = (fontObject: number) => {
    let map = cmaps.get(fontObject);
    if (map) return map;
    map = new Map();
    const ref = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontObject)!)![1];
    const cmap = stream(Number(ref));
    for (const m of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> \[([^\]]*)\]/gi)) {
      const start = parseInt(m[1], 16);
      // An entry may hold several code units ("<0066 006c>" for the fl ligature).
      [...m[3].matchAll(/<([0-9a-f ]+)>/gi)].forEach((u, i) =>
        map!.set((start + i).toString(16).padStart(4, "0"), hexToText(u[1].replace(/ /g, ""))),
      );
    }
    for (const m of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]+)>\s*$/gim)) map.set(m[1].toLowerCase(), hexToText(m[2]));
    cmaps.set(fontObject, map);
    return map;
  };
  const kids = /\/Type \/Pages[\s\S]*?\/Kids \[([^\]]*)\]/.exec(pdf)![1];
  return [...kids.matchAll(/(\d+) 0 R/g)].map(([, page]) => {
    const dict = objects.get(Number(page))!;
    const resources = objects.get(Number(/\/Resources (\d+) 0 R/.exec(dict)![1]))!;
    const fonts = new Map([...resources.matchAll(/\/(F\d+) (\d+) 0 R/g)].map((m) => [m[1], Number(m[2])]));
    const content = stream(Number(/\/Contents (\d+) 0 R/.exec(dict)![1]));
    const lines: string[] = [];
    let font = 0;
    for (const m of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ|(ET)/g)) {
      if (m[1]) font = fonts.get(m[1])!;
      else if (m[2] !== undefined) {
        const map = cmapOf(font);
        const text = [...m[2].matchAll(/<([0-9a-f]+)>/gi)]
          .map((h) =>
            h[1]
              .match(/.{4}/g)!
              .map((code) => map.get(code.toLowerCase()) ?? "?")
              .join(""),
          )
          .join("");
        lines.push(text);
      }
    }
    return lines.join("\n");
  });
}

function dateRevived(json: string): unknown {
  return JSON.parse(json, (key, value) =>
    typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(value) ? new Date(value) : value,
  );
}

const NAMES = PEOPLE.map((p) => p.name);

// ---------------------------------------------------------------------------------------------

describe("the report formats (hand-made report)", () => {
  it("Markdown: the report as text, GFM tables with the figures, panel text escaped", () => {
    const md = renderMarkdown(fixtureReport({ demo: true }));
    expect(md).toMatch(/^# Leading integrated teams$/m);
    expect(md).toContain("> **Demo data: this consultation illustrates how Roundtable works.");
    expect(md).toMatch(/^## Participation$/m);
    expect(md).toMatch(/^## Round 1: First round$/m);
    expect(md).toMatch(/^### 2\. Working with power$/m);
    expect(md).toMatch(/^## Methods appendix$/m);
    expect(md).toMatch(/^## Mechanisms of round 2$/m);
    // Round 1, "Working with power": ratings 2, 3, 4, 1 → median 2.5, Q1 1.75, Q3 3.25 (R type 7).
    expect(md).toContain("| Whole panel | 4 | 2.5 | 1.75–3.25 | 1.5 | 25% | 50% | No |");
    expect(md).toContain("| 2 | 5 | 4 | 80% | 4 | 20% |");
    // A comment cannot become a heading, bold HTML or a link.
    expect(md).toContain("\\# Not a heading \\| and \\<b\\>not bold\\</b\\> \\[link\\](http://x)");
    expect(md).not.toContain("<b>");
    expect(md).toContain("> > **Stakeholder 2, service user** (reply):");
    for (const name of NAMES) expect(md).not.toContain(name);
    const named = renderMarkdown(fixtureReport({ names: true }));
    expect(named).toContain("Zoë Ødegård (Stakeholder 1, practitioner)");
    expect(named).toContain("This report includes stakeholders' names.");
  });

  it("DOCX: headings, the chart and table of each distribution, the mechanisms table for a paper", { timeout: 30_000 }, async () => {
    const file = await renderExport(fixtureReport({ demo: true }), "docx");
    expect(file.filename).toBe("leading-teams-all-rounds-summary.docx");
    const parts = await unzip(file.bytes);
    const xml = parts.get("word/document.xml")!;
    const text = docxText(xml);
    for (const heading of [
      "The consultation",
      "Participation",
      "Round 1: First round",
      "Missing mechanisms flagged by the panel",
      "Methods appendix",
    ]) {
      expect(xml).toMatch(new RegExp(`<w:pStyle w:val="Heading1"/>(?:(?!</w:p>).)*${heading}`));
    }
    expect(text).toContain("1. Building trust");
    expect(text).toContain("Mechanisms of round 2");
    // The two-column table for a paper: name and description side by side, in one row.
    expect(xml).toMatch(
      /Building trust across teams<\/w:t>(?:(?!<\/w:tr>).)*Leaders build trust between health and social care staff \| so that people share work\./,
    );
    // One bar chart per mechanism (a PNG image), described in words for screen readers.
    const charts = [...parts.keys()].filter((k) => /^word\/media\/.+\.png$/.test(k));
    expect(charts).toHaveLength(4);
    const png = await (await JSZip.loadAsync(file.bytes)).file(charts[0])!.async("nodebuffer");
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(720); // IHDR width
    expect(xml).toContain("Bar chart of Ratings of “Working with power” in round 1 (n = 4): 1 Not relevant: 1 (25%)");
    expect(parts.get("word/header1.xml")).toContain("DEMO DATA");
    expect(text).toContain("Stakeholder 3, opinion leader");
    expect(text).toContain('=HYPERLINK("http://x","y")'); // in a report it is just text
    for (const name of NAMES) expect(text).not.toContain(name);
    const named = docxText((await unzip((await renderExport(fixtureReport({ names: true }), "docx")).bytes)).get("word/document.xml")!);
    expect(named).toContain("Дмитрий Иванов (Stakeholder 2, service user)");
  });

  it("PDF: A4 pages numbered n of N, the report's text in any script, names only when asked", { timeout: 30_000 }, async () => {
    const file = await renderExport(fixtureReport({ demo: true }), "pdf");
    const bytes = Buffer.from(file.bytes);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.toString("latin1")).toContain("/MediaBox [0 0 595.28 841.89]");
    const pages = pdfPages(bytes);
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(page).toContain("DEMO DATA");
    });
    const all = pages.join("\n");
    expect(pages[0]).toContain("Leading integrated teams");
    expect(all).toContain("Methods appendix");
    expect(all).toContain("Stakeholder 3, opinion leader");
    expect(all).toContain("1.75–3.25");
    for (const name of NAMES) expect(all).not.toContain(name);
    // The page the appendix starts on begins with it (sections start on a new page).
    expect(
      pages
        .find((p) => p.includes("Methods appendix"))!
        .split("\n")
        .slice(0, 3)
        .join(" "),
    ).toContain("Methods appendix");

    const named = pdfPages((await renderExport(fixtureReport({ names: true }), "pdf")).bytes).join("\n");
    for (const name of NAMES) expect(named).toContain(name);
  });

  it("XLSX: the long-format ratings and the statistics as numbers, formulas neutralised", { timeout: 30_000 }, async () => {
    const report = fixtureReport();
    const file = await renderExport(report, "xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.bytes) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      "about",
      "ratings",
      "statistics",
      "comments",
      "flags",
      "participants",
      "mechanisms",
      "participation",
      "sources",
      "evidence",
      "configurations",
      "meetings",
      "meeting_notes",
    ]);
    const rows = (name: string) => {
      const sheet = workbook.getWorksheet(name)!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
      const out: Record<string, unknown>[] = [];
      sheet.eachRow((row, n) => {
        if (n > 1) out.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
      });
      return { header, rows: out };
    };
    const ratings = rows("ratings");
    expect(ratings.header).toEqual(["stakeholder", "perspective", "round", "mechanism_id", "mechanism", "rating", "answer", "in_meeting"]);
    expect(ratings.rows).toHaveLength(report.ratings.length);
    expect(ratings.rows[0]).toMatchObject({
      stakeholder: "Stakeholder 1",
      perspective: "practitioner",
      round: 1,
      mechanism: "Building trust",
      rating: 5,
    });
    const stats = rows("statistics").rows.find((r) => r.round === 1 && r.mechanism === "Working with power" && r.group === "all")!;
    expect(stats).toMatchObject({
      n: 4,
      median: 2.5,
      q1: 1.75,
      q3: 3.25,
      iqr: 1.5,
      pct_top: 25,
      pct_bottom: 50,
      consensus: false,
      n_rating_1: 1,
      n_rating_5: 0,
    });
    const change = rows("statistics").rows.find((r) => r.round === 2 && r.mechanism === "Working with power" && r.group === "all")!;
    expect(change).toMatchObject({ median_change: 1.5, iqr_change: -1 }); // negative numbers stay numbers
    const bodies = rows("comments").rows.map((r) => r.body);
    expect(bodies).toEqual(
      expect.arrayContaining(["'" + INJECTIONS[0], "'@SUM(1)", "'+44 20 7946 0000", "'-2+3", "'\tindented", "Trust comes first."]),
    );
    expect(rows("comments").rows[0].created_at).toBe("2025-01-07T09:00:00Z");
    expect(rows("flags").rows[0].why_it_matters).toBe("'=1+1 social care staff feel unheard.");
    expect(rows("about").rows.find((r) => r.field === "demo_data")!.value).toBe("no");
    for (const sheet of workbook.worksheets) expect((sheet.getRow(1).values as unknown[]).includes("name")).toBe(false);

    const named = new ExcelJS.Workbook();
    await named.xlsx.load(Buffer.from((await renderExport(fixtureReport({ names: true }), "xlsx")).bytes) as unknown as ArrayBuffer);
    const namedRatings = named.getWorksheet("ratings")!;
    expect((namedRatings.getRow(1).values as unknown[]).slice(1)).toContain("name");
    expect(namedRatings.getRow(2).getCell(9).value).toBe("Zoë Ødegård");
  });

  it("CSV: a zip of UTF-8 files for R, one value per cell, ISO dates, NA for a missing number", async () => {
    const report = fixtureReport({ demo: true, names: true });
    const files = await unzip((await renderExport(report, "csv")).bytes);
    expect([...files.keys()].sort()).toEqual(
      [
        "README.txt",
        "about.csv",
        "comments.csv",
        "flags.csv",
        "mechanisms.csv",
        "participants.csv",
        "participation.csv",
        "ratings.csv",
        "statistics.csv",
        "sources.csv",
        "evidence.csv",
        "configurations.csv",
        "meetings.csv",
        "meeting_notes.csv",
      ].sort(),
    );
    expect(files.get("README.txt")).toContain("Demo data");
    const ratings = csvObjects(files.get("ratings.csv")!);
    expect(ratings).toHaveLength(report.ratings.length);
    expect(ratings[1]).toEqual({
      stakeholder: "Stakeholder 2",
      perspective: "service user",
      round: "1",
      mechanism_id: "11111111-1111-4111-8111-111111111111",
      mechanism: "Building trust",
      rating: "4",
      answer: "rating",
      in_meeting: "FALSE",
      name: "Дмитрий Иванов",
    });
    const stats = csvObjects(files.get("statistics.csv")!);
    const opinion = stats.find((r) => r.round === "1" && r.mechanism === "Working with power" && r.group === "opinion leader")!;
    expect(opinion).toMatchObject({ n: "0", median: "NA", iqr: "NA", consensus: "NA" });
    expect(stats.find((r) => r.round === "2" && r.mechanism === "Working with power" && r.group === "all")).toMatchObject({
      iqr_change: "-1",
      consensus: "TRUE",
    });
    const comments = csvObjects(files.get("comments.csv")!);
    expect(comments.map((c) => c.body)).toEqual(expect.arrayContaining(["'" + INJECTIONS[0], "'@SUM(1)", "'-2+3"]));
    expect(comments[0]).toMatchObject({ created_at: "2025-01-07T09:00:00Z", hidden: "FALSE", passage: "", name: "Zoë Ødegård" });
    expect(comments.find((c) => c.comment_id === "c10")!.passage).toBe("share work");
    const participants = csvObjects(files.get("participants.csv")!);
    expect(participants[4]).toMatchObject({ stakeholder: "Stakeholder 5", responded_round_1: "TRUE", responded_round_2: "FALSE" });
    // Without names, no file has a name column or a name.
    const plain = await unzip((await renderExport(fixtureReport(), "csv")).bytes);
    for (const [name, text] of plain) {
      if (name.endsWith(".csv")) expect(parseCsv(text)[0]).not.toContain("name");
      for (const person of NAMES) expect(text).not.toContain(person);
    }
  });

  it("JSON: the whole report, versioned, and it reads back as the same report", async () => {
    const report = fixtureReport({ round: 2 });
    const file = await renderExport(report, "json");
    const text = Buffer.from(file.bytes).toString("utf8");
    expect(JSON.parse(text).formatVersion).toBe(2);
    expect(text.indexOf('"formatVersion"')).toBeLessThan(text.indexOf('"consultation"'));
    expect(dateRevived(text)).toEqual(report);
    expect(file.filename).toBe("leading-teams-round-2-summary.json");
    expect(renderJson(fixtureReport())).not.toMatch(new RegExp(NAMES.join("|")));
  });

  it("neutralises only text a spreadsheet would run", () => {
    expect(INJECTIONS.map(neutralise)).toEqual(INJECTIONS.map((s) => `'${s}`));
    expect(neutralise("\rcarriage")).toBe("'\rcarriage");
    expect(neutralise("A normal comment = fine")).toBe("A normal comment = fine");
    expect(neutralise("")).toBe("");
  });

  it("characters XML forbids do not break Word or Excel files", { timeout: 30_000 }, async () => {
    const report = fixtureReport();
    report.comments[0].body = "Before\u0001after\u000b\uFFFF.";
    const xml = (await unzip((await renderExport(report, "docx")).bytes)).get("word/document.xml")!;
    expect(docxText(xml)).toContain("Beforeafter.");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from((await renderExport(report, "xlsx")).bytes) as unknown as ArrayBuffer);
    expect(workbook.getWorksheet("comments")!.getRow(2).getCell(12).value).toBe("Beforeafter.");
  });

  it("a report with more comments than a report can hold counts them and points to the data exports", () => {
    const report = fixtureReport();
    const first = report.comments[0];
    report.comments = Array.from({ length: REPORT_COMMENT_LIMIT + 1 }, (_, i) => ({ ...first, id: `x${i}`, body: `Comment number ${i}` }));
    const md = renderMarkdown(report);
    expect(md).toContain(`The panel wrote ${(REPORT_COMMENT_LIMIT + 1).toLocaleString("en-GB")} comments: too many to quote in a report`);
    expect(md).toContain(`#### Comments (${REPORT_COMMENT_LIMIT + 1})`);
    expect(md).not.toContain("Comment number 7");
  });
});

// ---------------------------------------------------------------------------------------------

describe("exports of the demo consultation (real report)", () => {
  it("every format renders; the figures are the builder's; no stakeholder's name appears", { timeout: 60_000 }, async () => {
    const db = freshDb();
    seedDemo(db);
    const c = db.select().from(consultations).get()!;
    const names = db
      .select({ name: memberships.displayName })
      .from(memberships)
      .where(eq(memberships.role, "stakeholder"))
      .all()
      .map((m) => m.name);
    expect(names.length).toBeGreaterThan(10);
    const report = buildReport(db, { consultationId: c.id, includeNames: false });
    expect(report.consultation.isDemo).toBe(true);
    const outputs = new Map<ExportFormat, Buffer>();
    for (const format of EXPORT_FORMATS) outputs.set(format, Buffer.from((await renderExport(report, format)).bytes));

    const md = outputs.get("md")!.toString("utf8");
    const csv = await unzip(outputs.get("csv")!);
    const stats = csvObjects(csv.get("statistics.csv")!);
    for (const m of report.mechanisms) {
      const row = stats.find((r) => r.round === String(m.round) && r.mechanism_id === m.mechanismId && r.group === "all")!;
      expect(row.n).toBe(String(m.stats.n));
      expect(row.median).toBe(m.stats.median === null ? "NA" : String(m.stats.median));
    }
    expect(csvObjects(csv.get("ratings.csv")!)).toHaveLength(report.ratings.length);
    // Demo data is marked in every format.
    expect(md).toContain("Demo data");
    expect(csv.get("about.csv")).toContain("demo_data,yes");
    expect(outputs.get("json")!.toString("utf8")).toContain('"isDemo": true');
    expect(docxText((await unzip(outputs.get("docx")!)).get("word/header1.xml")!)).toContain("DEMO DATA");
    expect(pdfPages(outputs.get("pdf")!)[0]).toContain("DEMO DATA");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(outputs.get("xlsx")! as unknown as ArrayBuffer);
    expect(workbook.getWorksheet("about")!.getRow(2).getCell(1).value).toBe("consultation");
    expect(JSON.stringify(workbook.getWorksheet("about")!.getSheetValues())).toContain("demo_data");

    const everything = [
      md,
      ...csv.values(),
      outputs.get("json")!.toString("utf8"),
      docxText((await unzip(outputs.get("docx")!)).get("word/document.xml")!),
      pdfPages(outputs.get("pdf")!).join("\n"),
    ].join("\n");
    for (const name of names) expect(everything, name).not.toContain(name);
  });
});

// ---------------------------------------------------------------------------------------------

function signIn(db: DB, userId: string): string {
  const token = `test-session-${userId}`;
  db.insert(sessions)
    .values({ sessionToken: token, userId, expires: new Date(Date.now() + 3600_000) })
    .onConflictDoNothing()
    .run();
  return token;
}

function request(slug: string, query: string, token?: string, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost:3000/c/${slug}/export?${query}`, {
    headers: { ...(token ? { cookie: `authjs.session-token=${token}` } : {}), "sec-fetch-site": "same-origin", ...headers },
  });
}

describe("the download route", () => {
  it("refuses with 401, 403, 404 and 400 as a sentence, and records nothing", async () => {
    const w = await setupWithContent();
    const fac = signIn(w.db, w.facilitatorUser.id);
    const stakeholder = signIn(w.db, w.a.user.id);
    const outsider = signIn(w.db, w.other.facilitatorUser.id);
    const cases: Array<
      [slug: string, query: string, token: string | undefined, status: number, message: RegExp, headers?: Record<string, string>]
    > = [
      [w.slug, "format=md", undefined, 401, /Please sign in first/],
      [w.slug, "format=md", stakeholder, 403, /Only the consultation's facilitators can export/],
      [w.slug, "format=md", outsider, 404, /This consultation was not found/],
      ["no-such-consultation", "format=md", fac, 404, /This consultation was not found/],
      [w.slug, "format=exe", fac, 400, /^Format: Choose one of docx, pdf, md, xlsx, csv, json/],
      [w.slug, "", fac, 400, /^Format: Choose one of/],
      [w.slug, "format=md&round=two", fac, 400, /Round: Give a round number/],
      [w.slug, "format=md&round=0", fac, 400, /Round: Give a round number from 1/],
      [w.slug, "format=md&names=yes", fac, 400, /Names: Use names=1/],
      [w.slug, "format=md&round=9", fac, 404, /Round 9 was not found/],
      [w.slug, "format=md", fac, 403, /another site/, { "sec-fetch-site": "cross-site" }],
    ];
    const before = snapshot(w.db);
    for (const [slug, query, token, status, message, headers] of cases) {
      const res = await exportResponse(w.db, request(slug, query, token, headers), slug);
      expect(res.status, `${slug}?${query}`).toBe(status);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await res.text()).toMatch(message);
    }
    expect(snapshot(w.db)).toEqual(before);
  });

  it("gives the facilitator the file as an uncached attachment, pseudonymised, and audits it", async () => {
    const w = await setupWithContent();
    const fac = signIn(w.db, w.facilitatorUser.id);
    const res = await exportResponse(w.db, request(w.slug, "format=md&round=1", fac), w.slug);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="${w.slug}-round-1-summary.md"; filename*=UTF-8''${w.slug}-round-1-summary.md`,
    );
    expect(res.headers.get("cache-control")).toContain("no-store");
    const md = await res.text();
    expect(md).toContain("Trust comes first in our team.");
    expect(md).toContain("Stakeholder 1, practitioner");
    for (const name of ["Ann Able", "Bob Baker", "Cara Clean"]) expect(md).not.toContain(name);

    const { entries } = await w.facilitator.audit.list({ consultationId: w.consultationId });
    expect(entries[0]).toMatchObject({
      action: "report.export",
      label: "Exported the feedback report or data",
      actor: "Fran Facilitator",
      details: { format: "md", round: 1, names: false },
    });
  });

  it("includes names only with names=1, and the audit log says so", async () => {
    const w = await setupWithContent();
    const fac = signIn(w.db, w.facilitatorUser.id);
    const res = await exportResponse(w.db, request(w.slug, "format=csv&names=1", fac), w.slug);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`${w.slug}-all-rounds-summary-with-names.csv.zip`);
    const files = await unzip(Buffer.from(await res.arrayBuffer()));
    expect(csvObjects(files.get("ratings.csv")!)[0]).toMatchObject({ stakeholder: "Stakeholder 1", name: "Ann Able" });
    const { entries } = await w.facilitator.audit.list({ consultationId: w.consultationId });
    expect(entries[0]).toMatchObject({
      action: "report.export_names",
      label: "Exported with stakeholders' names",
      details: { format: "csv", round: null, names: true },
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe("small perspective groups in exports", () => {
  /** Round 1's "Building trust": practitioners A 4, Cai 5, Dee 3 (a group of three); service user B 2 alone. */
  async function smallGroups() {
    const w = await setup({ mechanisms: ["Building trust"] });
    const cai = await addStakeholder(w.db, w.facilitator, w.consultationId, { name: "Cai Carter", perspective: "practitioner" });
    const dee = await addStakeholder(w.db, w.facilitator, w.consultationId, { name: "Dee Dale", perspective: "practitioner" });
    const rate = (who: { caller: typeof w.facilitator }, value: number) =>
      who.caller.rating.set({ consultationId: w.consultationId, versionId: w.versions[0], value });
    await rate(w.a, 4);
    await rate(cai, 5);
    await rate(dee, 3);
    await rate(w.b, 2);
    return w;
  }
  const LABEL = "fewer than 3 answers";

  it(
    "a pseudonymised export withholds a group below the minimum in all six formats; the whole panel and larger groups keep their figures",
    { timeout: 60_000 },
    async () => {
      const w = await smallGroups();
      const file = async (format: ExportFormat) => Buffer.from((await buildExport(w.db, w.consultationId, { format, names: false })).bytes);

      const json = JSON.parse((await file("json")).toString("utf8")) as ConsultationReport;
      expect(json.smallGroupsWithheld).toBe(true);
      expect(json.consultation.minGroupSize).toBe(3);
      const trust = json.mechanisms[0];
      expect(trust.stats).toMatchObject({ n: 4, median: 3.5 });
      expect(trust.stats.withheld).toBeUndefined();
      expect(trust.byPerspective.practitioner).toMatchObject({ n: 3, median: 4 });
      expect(trust.byPerspective.service_user).toEqual({
        n: 0,
        distribution: [0, 0, 0, 0, 0],
        median: null,
        q1: null,
        q3: null,
        iqr: null,
        topPercent: null,
        bottomPercent: null,
        consensus: null,
        unsure: 0,
        withheld: LABEL,
      });

      const md = (await file("md")).toString("utf8");
      const rows = (label: string) => md.split("\n").filter((l) => l.startsWith(`| ${label} |`));
      expect(rows("Patient, service user or carer")).toContain(
        "| Patient, service user or carer | fewer than 3 answers | – | – | – | – | – | – |",
      );
      // The lone service user's figures (n 1, median 2) are nowhere.
      expect(rows("Patient, service user or carer").filter((l) => /^\| [^|]+ \| 1 \| 2 \|/.test(l))).toEqual([]);
      expect(rows("Practitioner or manager").some((l) => /^\| Practitioner or manager \| 3 \| 4 \|/.test(l))).toBe(true);
      expect(md).toContain("is shown as “fewer than 3 answers”, without figures");

      const csv = csvObjects((await unzip(await file("csv"))).get("statistics.csv")!);
      expect(csv.find((r) => r.group === "service user")).toMatchObject({
        n: "NA",
        n_rating_2: "NA",
        median: "NA",
        consensus: "NA",
        withheld: LABEL,
      });
      expect(csv.find((r) => r.group === "practitioner")).toMatchObject({ n: "3", median: "4", withheld: "" });
      expect(csv.find((r) => r.group === "all")).toMatchObject({ n: "4", median: "3.5", withheld: "" });

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await file("xlsx")) as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet("statistics")!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const values = (sheet.getRow(1 + 1 + PERSPECTIVE_VALUES.indexOf("service_user") + 1).values as unknown[]).slice(1);
      expect(values[header.indexOf("group")]).toBe("service user");
      expect(values[header.indexOf("n")] ?? null).toBeNull();
      expect(values[header.indexOf("withheld")]).toBe(LABEL);

      const docx = docxText((await unzip(await file("docx"))).get("word/document.xml")!);
      expect(docx).toContain(LABEL);
      const pdf = pdfPages(await file("pdf")).join("\n");
      expect(pdf).toContain(LABEL);
    },
  );

  it("with names (kept within the team) and on the facilitators' summary, every group's figures are shown", async () => {
    const w = await smallGroups();
    const named = JSON.parse(
      Buffer.from((await buildExport(w.db, w.consultationId, { format: "json", names: true })).bytes).toString("utf8"),
    ) as ConsultationReport;
    expect(named.smallGroupsWithheld).toBe(false);
    expect(named.mechanisms[0].byPerspective.service_user).toMatchObject({ n: 1, median: 2 });
    const summary = await w.facilitator.summary.report({ consultationId: w.consultationId });
    expect(summary.mechanisms[0].byPerspective.service_user).toMatchObject({ n: 1, median: 2, distribution: [0, 1, 0, 0, 0] });
    expect(summary.mechanisms[0].byPerspective.service_user.withheld).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------

describe("npm run cli -- export", () => {
  const root = process.cwd();
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "roundtable-cli-export-"));
  const cli = (...args: string[]) =>
    spawnSync(tsx, [path.join(root, "scripts", "cli.ts"), ...args], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, DATA_DIR: dataDir },
    });
  beforeAll(() => {
    expect(cli("seed-demo").status).toBe(0);
  }, 60_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("writes the file, pseudonymised, and records an entry made by the command line", { timeout: 120_000 }, async () => {
    const out = path.join(dataDir, "exports", "report.md");
    const done = cli("export", "--consultation", "integrated-care-leadership", "--round", "2", "--format", "md", "--out", out);
    expect(done.stderr).toBe("");
    expect(done.status).toBe(0);
    expect(done.stdout).toContain(`Wrote ${out}`);
    const md = fs.readFileSync(out, "utf8");
    expect(md).toContain("Feedback summary: round 2");
    expect(md).toContain("Demo data");

    // A folder gets the file under its usual name.
    const folder = cli(
      "export",
      "--consultation",
      "integrated-care-leadership",
      "--format",
      "xlsx",
      "--out",
      path.join(dataDir, "exports") + "/",
      "--names",
    );
    expect(folder.status).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "exports", "integrated-care-leadership-all-rounds-summary-with-names.xlsx"))).toBe(true);

    const db = openDatabase(path.join(dataDir, "roundtable.db"));
    try {
      const names = db.select({ name: memberships.displayName }).from(memberships).where(eq(memberships.role, "stakeholder")).all();
      for (const { name } of names) expect(md).not.toContain(name);
      const rows = db.select().from(auditLog).where(eq(auditLog.action, "report.export")).all();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actorId: null, details: { format: "md", round: 2, names: false, via: "command line" } });
      const facilitator = db.select().from(users).where(eq(users.email, "facilitator@roundtable.test")).get()!;
      const c = db.select().from(consultations).get()!;
      const { entries } = await callerFor(db, facilitator).audit.list({ consultationId: c.id });
      expect(entries.slice(0, 2).map((e) => [e.label, e.actor])).toEqual([
        ["Exported with stakeholders' names", "Command line (operator)"],
        ["Exported the feedback report or data", "Command line (operator)"],
      ]);
    } finally {
      db.$client.close();
    }
  });

  it("explains a command it cannot run, with exit code 2 for usage and 1 for what it cannot find", { timeout: 120_000 }, () => {
    const usage = cli("export", "--consultation", "integrated-care-leadership", "--format", "odt", "--out", path.join(dataDir, "x.odt"));
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("Format: Choose one of docx, pdf, md, xlsx, csv, json");
    expect(usage.stderr).toContain("Usage: npm run cli");
    const missing = cli("export", "--consultation", "integrated-care-leadership", "--format", "md");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("Give the file to write: --out <path>");
    const unknown = cli("export", "--consultation", "nope", "--format", "md", "--out", path.join(dataDir, "x.md"));
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("No consultation has the address nope.");
    const round = cli(
      "export",
      "--consultation",
      "integrated-care-leadership",
      "--round",
      "9",
      "--format",
      "md",
      "--out",
      path.join(dataDir, "x.md"),
    );
    expect(round.status).toBe(1);
    expect(round.stderr).toContain("Round 9 was not found.");
    expect(fs.existsSync(path.join(dataDir, "x.md"))).toBe(false);
  });
});
