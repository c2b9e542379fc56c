/**
 * Reading reference files (RIS, BibTeX, CSV) into the review's source fields, and the duplicate
 * rules shared by the import and the "Possible duplicates" page. Pure functions: no database.
 *
 * The format parsers are maintained libraries (citation-js for RIS and BibTeX, csv-parse for
 * CSV); this module decides encodings, maps their output onto our fields and says, record by
 * record, what was skipped and why.
 */
import { plugins } from "@citation-js/core";
import "@citation-js/plugin-bibtex";
import "@citation-js/plugin-ris";
import { detect as detectEncoding } from "chardet";
import { parse as parseCsv } from "csv-parse/sync";
import iconv from "iconv-lite";
import { LIMITS, SOURCE_KIND_LABELS, SOURCE_KIND_VALUES, type SourceKind } from "@/shared/domain";

export const IMPORT_FORMAT_VALUES = ["ris", "bibtex", "csv"] as const;
export type ImportFormat = (typeof IMPORT_FORMAT_VALUES)[number];
export const IMPORT_FORMAT_LABELS: Record<ImportFormat, string> = {
  ris: "RIS (EndNote, Zotero, Mendeley, databases)",
  bibtex: "BibTeX",
  csv: "CSV (a spreadsheet with a header row)",
};

/** One record's fields as read from a file; kind, stage and ref only when the file names them. */
export type SourceRecord = {
  authors: string[];
  year: number | null;
  title: string;
  venue: string;
  doi: string | null;
  kind: SourceKind | null;
  searchStage: string | null;
  ref: number | null;
};

/** `record` is the record's number in the file, counting from 1, as the report shows it. */
export type ParsedRecord = { record: number; source: SourceRecord; notes: string[] };
export type SkippedRecord = { record: number; label: string; reason: string };
export type ParsedFile = { format: ImportFormat; total: number; records: ParsedRecord[]; skipped: SkippedRecord[] };

/** A refusal of the whole file (too big, unreadable, no title column...), in words a person can act on. */
export class ImportFileError extends Error {}

// ---------------------------------------------------------------------------------------------
// Encodings

/**
 * Decodes a file's bytes: a byte-order mark decides (UTF-8, UTF-16 LE/BE); otherwise valid UTF-8
 * is UTF-8, and anything else is read as the detector suggests, Windows-1252 by default (what
 * older Windows exports and Excel's "CSV" write; it also covers Latin-1's letters).
 */
export function decodeBytes(bytes: Uint8Array): { text: string; encoding: string } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString("utf8"), encoding: "UTF-8" };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), "utf-16le"), encoding: "UTF-16 LE" };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), "utf-16be"), encoding: "UTF-16 BE" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(buf), encoding: "UTF-8" };
  } catch {
    // Not UTF-8: fall through to detection.
  }
  const guess = (detectEncoding(buf) ?? "").toLowerCase();
  if (guess.startsWith("utf-16")) {
    const name = guess === "utf-16be" ? "utf-16be" : "utf-16le";
    return { text: iconv.decode(buf, name), encoding: name === "utf-16be" ? "UTF-16 BE" : "UTF-16 LE" };
  }
  // Latin-1 and Windows-1252 agree on letters; 1252 also has curly quotes and dashes in 0x80-0x9f.
  const known = guess && guess !== "iso-8859-1" && iconv.encodingExists(guess) && !guess.startsWith("utf") ? guess : "windows-1252";
  return { text: iconv.decode(buf, known), encoding: known === "windows-1252" ? "Windows-1252 (Latin-1)" : known.toUpperCase() };
}

// ---------------------------------------------------------------------------------------------
// Formats

/** The format a file's content looks like, or null when it is none of the three. */
export function detectFormat(text: string): ImportFormat | null {
  const head = text.slice(0, 20_000);
  if (/^\s*TY {2}-/m.test(head)) return "ris";
  if (/^\s*@\s*[A-Za-z]+\s*[{(]/m.test(head)) return "bibtex";
  const firstLine = head.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  if (/[,;\t]/.test(firstLine) && csvColumns(splitHeader(firstLine)).title !== undefined) return "csv";
  return null;
}

export function parseSourceFile(text: string, format: ImportFormat): ParsedFile {
  const clean = text.replace(/^\uFEFF/, "");
  if (clean.trim() === "") throw new ImportFileError("The file is empty.");
  if (format === "ris") return parseRis(clean);
  if (format === "bibtex") return parseBibtex(clean);
  return parseCsvFile(clean);
}

function tooMany(total: number): never {
  throw new ImportFileError(
    `The file holds ${total} records; Roundtable imports at most ${LIMITS.importRecords.max} at a time. Split it into smaller files (for example one per search stage).`,
  );
}

// RIS ------------------------------------------------------------------------------------------

type RisRecord = Record<string, string | string[] | undefined>;

function risAll(r: RisRecord, ...tags: string[]): string[] {
  return tags.flatMap((t) => {
    const v = r[t];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  });
}

function risFirst(r: RisRecord, ...tags: string[]): string | undefined {
  return risAll(r, ...tags).find((v) => v.trim() !== "");
}

function parseRis(text: string): ParsedFile {
  // citation-js's RIS reader gives each record's tags (repeated tags as lists, CRLF or LF);
  // mapping them ourselves keeps the tags exporters really use (T2/JF/JO for the journal, a DOI
  // in UR or M3) that its type-by-type mapping would drop for some record types.
  // Lines before the first record (a file cut at its start, an exporter's banner) belong to no
  // record: the reader would fail on them, so they are left out.
  const first = /^[ \t]*TY {2}-/m.exec(text);
  if (!first) throw new ImportFileError('No RIS records were found: a record starts with a line "TY  - ".');
  let entries: RisRecord[];
  try {
    entries = plugins.input.data(text.slice(first.index), "@ris/file") as RisRecord[];
  } catch {
    throw new ImportFileError(
      'This RIS file could not be read: check that every line looks like "XX  - value" and that it is the export you meant.',
    );
  }
  if (entries.length > LIMITS.importRecords.max) tooMany(entries.length);
  // A file cut short: its last record has no closing "ER  -" line.
  const starts = [...text.matchAll(/^[ \t]*TY {2}-/gm)];
  const lastStart = starts.length ? starts[starts.length - 1].index : -1;
  const truncated = lastStart >= 0 && !/^[ \t]*ER {2}-/m.test(text.slice(lastStart));
  const records: ParsedRecord[] = [];
  const skipped: SkippedRecord[] = [];
  entries.forEach((r, i) => {
    const record = i + 1;
    const label = risFirst(r, "TI", "T1", "CT") ?? risFirst(r, "AU", "A1") ?? "";
    if (truncated && i === entries.length - 1) {
      skipped.push({
        record,
        label: shortLabel(label),
        reason: "The file ends in the middle of this record (no closing ER line): it looks cut off.",
      });
      return;
    }
    const type = (risFirst(r, "TY") ?? "").toUpperCase();
    const title = risFirst(r, "TI", "T1", "CT") ?? (type === "BOOK" ? risFirst(r, "BT") : undefined) ?? "";
    const venue =
      risFirst(r, "JF", "T2", "JO", "JA", "J2", "J1") ??
      (type === "BOOK" ? undefined : risFirst(r, "BT")) ??
      (["RPRT", "GOVDOC", "THES", "BOOK", "ELEC", "WEB"].includes(type) ? risFirst(r, "PB", "PP") : undefined) ??
      "";
    const yearText = risFirst(r, "PY", "Y1", "DA", "Y2");
    const doiText = risFirst(r, "DO") ?? risAll(r, "UR", "L3", "M3", "L2", "N1").map(findDoi).find(Boolean) ?? null;
    const result = finishRecord(record, {
      authors: risAll(r, "AU", "A1").map(cleanText).filter(Boolean),
      title,
      venue,
      yearText,
      doiText,
    });
    if ("reason" in result) skipped.push({ record, label: shortLabel(label), reason: result.reason });
    else records.push(result);
  });
  return { format: "ris", total: entries.length, records, skipped };
}

// BibTeX ---------------------------------------------------------------------------------------

type CslName = {
  family?: string;
  given?: string;
  literal?: string;
  "non-dropping-particle"?: string;
  "dropping-particle"?: string;
  suffix?: string;
};
type Csl = {
  title?: string;
  author?: CslName[];
  editor?: CslName[];
  issued?: { "date-parts"?: (number | string)[][]; literal?: string; raw?: string };
  "container-title"?: string;
  publisher?: string;
  DOI?: string;
  URL?: string;
  type?: string;
};

/**
 * Splits a BibTeX file into its top-level "@type{...}" chunks, so that one broken or cut-off
 * record is reported on its own instead of failing the whole file (citation-js stops at the
 * first syntax error).
 */
export function splitBibtex(text: string): { kind: string; body: string }[] {
  const chunks: { kind: string; body: string }[] = [];
  const start = /(^|\n)[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]/g;
  const starts: { index: number; kind: string }[] = [];
  for (let m = start.exec(text); m; m = start.exec(text)) starts.push({ index: m.index + m[1].length, kind: m[2].toLowerCase() });
  starts.forEach((s, i) =>
    chunks.push({ kind: s.kind, body: text.slice(s.index, i + 1 < starts.length ? starts[i + 1].index : undefined) }),
  );
  return chunks;
}

/**
 * Where a chunk's record ends: the brace (or parenthesis) closing its "@type{", or -1 when the
 * record never closes (a cut-off file). Text after the record, such as notes between records,
 * is not part of it.
 */
function recordEnd(body: string): number {
  const open = body.search(/[{(]/);
  if (open < 0) return -1;
  const closer = body[open] === "(" ? ")" : "}";
  let depth = 0;
  for (let i = open + 1; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") {
      i++;
    } else if (c === "{") {
      depth++;
    } else if (c === "}") {
      if (depth === 0 && closer === "}") return i;
      depth--;
    } else if (c === ")" && closer === ")" && depth === 0) {
      return i;
    }
  }
  return -1;
}

/** @string macros by lower-cased name (BibTeX names are case-insensitive), each with its text. */
function macroTable(bodies: string[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const body of bodies) {
    const name = /^@\s*string\s*[{(]\s*([^\s=#{}(),"]+)\s*=/i.exec(body)?.[1];
    if (name) table.set(name.toLowerCase(), body);
  }
  return table;
}

/**
 * Only the macros a record (or a macro it uses) names: a file with a large list of journal
 * abbreviations would otherwise have all of them parsed again for every record.
 */
function macrosUsedBy(body: string, table: Map<string, string>): string {
  if (table.size === 0) return "";
  const used = new Set<string>();
  const pending = [body];
  while (pending.length) {
    for (const word of pending.pop()!.match(/[A-Za-z][^\s=#{}(),"]*/g) ?? []) {
      const name = word.toLowerCase();
      const macro = table.get(name);
      if (macro && !used.has(name)) {
        used.add(name);
        pending.push(macro);
      }
    }
  }
  return [...used].map((name) => table.get(name)).join("\n");
}

function parseBibtex(text: string): ParsedFile {
  const chunks = splitBibtex(text);
  // @string macros are shared by the whole file; @comment and @preamble are not records.
  const macros = macroTable(chunks.filter((c) => c.kind === "string").map((c) => c.body));
  const entries = chunks.filter((c) => !["string", "comment", "preamble"].includes(c.kind));
  if (entries.length > LIMITS.importRecords.max) tooMany(entries.length);
  const records: ParsedRecord[] = [];
  const skipped: SkippedRecord[] = [];
  entries.forEach((chunk, i) => {
    const record = i + 1;
    const key = /^@\s*\w+\s*[{(]\s*([^,\s]*)/.exec(chunk.body)?.[1] ?? "";
    const label = key ? `@${chunk.kind}{${key}}` : `@${chunk.kind}`;
    const end = recordEnd(chunk.body);
    if (end < 0) {
      const last = i === entries.length - 1;
      skipped.push({
        record,
        label,
        reason: last
          ? "The file ends in the middle of this record: it looks cut off."
          : "Its braces do not close, so it could not be read.",
      });
      return;
    }
    let csl: Csl | undefined;
    try {
      const body = chunk.body.slice(0, end + 1);
      const parsed = plugins.input.data(`${macrosUsedBy(body, macros)}\n${body}`, "@biblatex/text");
      csl = (plugins.input.data(parsed, "@biblatex/entries+list") as Csl[])[0];
    } catch (e) {
      const detail = e instanceof Error ? e.message.split("\n")[0] : "";
      skipped.push({ record, label, reason: `It could not be read as BibTeX (${detail.slice(0, 120)}).` });
      return;
    }
    if (!csl) {
      skipped.push({ record, label, reason: "It could not be read as BibTeX." });
      return;
    }
    const yearPart = csl.issued?.["date-parts"]?.[0]?.[0];
    const result = finishRecord(record, {
      authors: (csl.author ?? csl.editor ?? []).map(cslName).filter(Boolean),
      title: csl.title ?? "",
      venue: csl["container-title"] ?? (csl.type === "article-journal" ? "" : (csl.publisher ?? "")),
      yearText: yearPart !== undefined ? String(yearPart) : (csl.issued?.literal ?? csl.issued?.raw),
      doiText: csl.DOI ?? (csl.URL ? findDoi(csl.URL) : null),
    });
    if ("reason" in result)
      skipped.push({ record, label: label + (csl.title ? ` ${shortLabel(cleanText(csl.title))}` : ""), reason: result.reason });
    else records.push(result);
  });
  return { format: "bibtex", total: entries.length, records, skipped };
}

function cslName(n: CslName): string {
  if (n.literal) return cleanText(n.literal);
  const family = [n["non-dropping-particle"], n.family].filter(Boolean).join(" ");
  const given = [n.given, n["dropping-particle"]].filter(Boolean).join(" ");
  const name = family && given ? `${family}, ${given}` : family || given;
  return cleanText(n.suffix ? `${name}, ${n.suffix}` : name);
}

// CSV ------------------------------------------------------------------------------------------

type Field = "authors" | "year" | "title" | "venue" | "doi" | "kind" | "stage" | "ref" | "url";

/** Header names people and reference managers use (Zotero, EndNote, Scopus, Web of Science...). */
const HEADER_NAMES: Record<Field, string[]> = {
  authors: ["author", "authors", "creator", "creators", "au", "firstauthor", "authorfullnames"],
  year: ["year", "publicationyear", "pubyear", "py", "yearpublished", "date", "publicationdate"],
  title: ["title", "articletitle", "documenttitle", "ti", "papertitle"],
  venue: [
    "venue",
    "journal",
    "journaltitle",
    "publicationtitle",
    "sourcetitle",
    "source",
    "so",
    "jo",
    "containertitle",
    "publication",
    "publisher",
  ],
  doi: ["doi", "di"],
  kind: ["kind", "sourcekind", "evidencekind", "kindofsource"],
  stage: ["stage", "searchstage"],
  ref: ["ref", "refno", "reference", "referencenumber", "reviewref"],
  url: ["url", "link"],
};

function headerKey(h: string): string {
  return h
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\(s\)/g, "s")
    .replace(/[^a-z0-9]/g, "");
}

/**
 * Which columns may hold each of our fields, best first: a row's value is the first of them that
 * is not empty (Zotero leaves "Publication Title" empty for reports and names the "Publisher").
 */
function csvColumns(header: string[]): Partial<Record<Field, number[]>> {
  const found: Partial<Record<Field, number[]>> = {};
  const keys = header.map(headerKey);
  for (const field of Object.keys(HEADER_NAMES) as Field[]) {
    const at = HEADER_NAMES[field].flatMap((name) => keys.flatMap((k, i) => (k === name ? [i] : [])));
    if (at.length) found[field] = at;
  }
  return found;
}

function delimiterOf(line: string): string {
  const counts = [",", ";", "\t"].map((d) => [d, line.split(d).length - 1] as const);
  return counts.sort((a, b) => b[1] - a[1])[0][0];
}

function splitHeader(line: string): string[] {
  return line.split(delimiterOf(line)).map((c) => c.trim().replace(/^"|"$/g, ""));
}

/** "Smith, John; Jones, Kate", "Smith J, Jones K" or "John Smith and Kate Jones" as a list. */
export function splitAuthors(value: string): string[] {
  const v = value.trim();
  if (!v) return [];
  if (v.includes(";")) return v.split(";").map(cleanText).filter(Boolean);
  if (/\s+and\s+/i.test(v))
    return v
      .split(/\s+and\s+/i)
      .map(cleanText)
      .filter(Boolean);
  const parts = v.split(",").map((p) => p.trim());
  // Vancouver style: every part is "Surname INITIALS".
  if (parts.length > 1 && parts.every((p) => /^[\p{L}'’ -]+ [A-Z]{1,3}$/u.test(p))) return parts.map(cleanText);
  return [cleanText(v)];
}

function parseKind(value: string): SourceKind | null | "unknown" {
  const key = headerKey(value);
  if (!key) return null;
  for (const kind of SOURCE_KIND_VALUES) {
    if (headerKey(kind) === key || headerKey(SOURCE_KIND_LABELS[kind]) === key) return kind;
  }
  if (key === "grey" || key === "greyliterature" || key === "graylitterature" || key === "gray") return "grey";
  if (key === "otherfield" || key === "anotherfield") return "other_field";
  return "unknown";
}

function parseCsvFile(text: string): ParsedFile {
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  const delimiter = delimiterOf(firstLine);
  const failures = new Map<number, string>();
  let rows: string[][];
  try {
    rows = parseCsv(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        // The record number the failing row would have had (after the header).
        if (err) failures.set(Number(err.records), err.code === "CSV_QUOTE_NOT_CLOSED" ? "quote" : err.message);
        return undefined;
      },
    }) as string[][];
  } catch (e) {
    throw new ImportFileError(`The file could not be read as CSV: ${e instanceof Error ? e.message : "unknown error"}.`);
  }
  const [header, ...body] = rows;
  if (!header) throw new ImportFileError("The file has no header row.");
  const cols = csvColumns(header);
  if (cols.title === undefined) {
    throw new ImportFileError(
      `The CSV file has no title column. Its first row should name the columns, e.g. Author, Year, Title, Journal, DOI; this file's first row has: ${header.slice(0, 12).map(shortLabel).join(", ")}.`,
    );
  }
  const total = body.length + failures.size;
  if (total > LIMITS.importRecords.max) tooMany(total);
  const records: ParsedRecord[] = [];
  const skipped: SkippedRecord[] = [];
  for (const [at, why] of failures) {
    skipped.push({
      record: at,
      label: "",
      reason:
        why === "quote"
          ? "A quoted cell never closes: the file ends inside it and looks cut off (the rest of the file is lost)."
          : `This row could not be read (${why}).`,
    });
  }
  // Record numbers count rows as a spreadsheet shows them after the header, skipping blank rows.
  let number = 0;
  for (const row of body) {
    number++;
    while (failures.has(number)) number++;
    const cell = (f: Field) => (cols[f] ?? []).map((i) => (row[i] ?? "").trim()).find(Boolean) ?? "";
    const label = shortLabel(cleanText(cell("title")) || cell("authors"));
    const kindValue = parseKind(cell("kind"));
    const refText = cell("ref");
    const ref = /^\d{1,5}$/.test(refText) ? Number(refText) : null;
    const result = finishRecord(number, {
      authors: splitAuthors(cell("authors")),
      title: cell("title"),
      venue: cell("venue"),
      yearText: cell("year") || undefined,
      doiText: cell("doi") || findDoi(cell("url")),
      kind: kindValue === "unknown" ? null : kindValue,
      searchStage: cell("stage") || null,
      ref,
    });
    if ("reason" in result) {
      skipped.push({ record: number, label, reason: result.reason });
      continue;
    }
    if (kindValue === "unknown")
      result.notes.push(`Kind "${cell("kind")}" is not one Roundtable knows; the kind chosen for the file was used.`);
    if (refText && ref === null) result.notes.push(`Reference number "${refText}" is not a number and was left out.`);
    records.push(result);
  }
  skipped.sort((a, b) => a.record - b.record);
  return { format: "csv", total, records, skipped };
}

// Shared record checks ---------------------------------------------------------------------------

/** Text from a parser: LaTeX-derived markup removed, Unicode composed, spaces collapsed. */
export function cleanText(value: string): string {
  return value
    .replace(/<\/?(i|b|sc|sup|sub|span)\b[^>]*>/gi, "")
    .replace(/\u0131(?=[\u0300-\u036f])/g, "i") // a dotless i under an accent ({\'\i}) is an ordinary í
    .replace(/\u0237(?=[\u0300-\u036f])/g, "j")
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .trim();
}

function shortLabel(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}…` : value;
}

const NO_YEAR = /^(n\.?\s?d\.?|no date|undated|in press|forthcoming|\?+)$/i;

function finishRecord(
  record: number,
  raw: {
    authors: string[];
    title: string;
    venue: string;
    yearText: string | undefined;
    doiText: string | null;
    kind?: SourceKind | null;
    searchStage?: string | null;
    ref?: number | null;
  },
): ParsedRecord | { reason: string } {
  const notes: string[] = [];
  const title = cleanText(raw.title);
  if (!title) return { reason: "It has no title." };
  if (title.length < LIMITS.sourceTitle.min) return { reason: `Its title "${title}" is too short to be a title.` };
  if (title.length > LIMITS.sourceTitle.max) return { reason: `Its title is longer than ${LIMITS.sourceTitle.max} characters.` };

  let year: number | null = null;
  const yearText = raw.yearText ? cleanText(raw.yearText) : "";
  if (yearText && !NO_YEAR.test(yearText)) {
    // "2011", "2011///", "2012a", "2015/03/01", "2014-05": the year comes first.
    const m = /^(\d{4})(?!\d)/.exec(yearText) ?? /(?:^|\D)(\d{4})(?!\d)/.exec(yearText);
    const y = m ? Number(m[1]) : NaN;
    if (!(y >= 1500 && y <= new Date().getFullYear() + 1))
      return { reason: `Its year "${shortLabel(yearText)}" could not be read as a year.` };
    year = y;
  }

  let authors = raw.authors.map(cleanText).filter(Boolean);
  const longName = authors.find((a) => a.length > LIMITS.sourceAuthor.max);
  if (longName) return { reason: `An author's name is longer than ${LIMITS.sourceAuthor.max} characters ("${shortLabel(longName)}").` };
  if (authors.length > LIMITS.sourceAuthors.max) {
    notes.push(`Only the first ${LIMITS.sourceAuthors.max} of its ${authors.length} authors were kept.`);
    authors = authors.slice(0, LIMITS.sourceAuthors.max);
  }

  let venue = cleanText(raw.venue);
  if (venue.length > LIMITS.sourceVenue.max) {
    notes.push(`Its venue was shortened to ${LIMITS.sourceVenue.max} characters.`);
    venue = venue.slice(0, LIMITS.sourceVenue.max);
  }

  let doi: string | null = null;
  if (raw.doiText && raw.doiText.trim()) {
    doi = normaliseDoi(raw.doiText);
    if (!doi) notes.push(`"${shortLabel(raw.doiText.trim())}" does not look like a DOI and was left out.`);
  }

  let searchStage = raw.searchStage ? cleanText(raw.searchStage) : null;
  if (searchStage && searchStage.length > LIMITS.searchStage.max) {
    notes.push(`Its search stage was shortened to ${LIMITS.searchStage.max} characters.`);
    searchStage = searchStage.slice(0, LIMITS.searchStage.max);
  }
  return {
    record,
    source: { authors, year, title, venue, doi, kind: raw.kind ?? null, searchStage: searchStage || null, ref: raw.ref ?? null },
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// DOIs and duplicates

const DOI_SHAPE = /^10\.\d{4,9}\/\S+$/;

/**
 * A DOI as stored: without "https://doi.org/", "doi:" or similar, trimmed, lower case (DOIs are
 * case-insensitive). Null when what is left does not look like "10.<registrant>/<suffix>".
 */
export function normaliseDoi(raw: string): string | null {
  let d = raw.trim();
  try {
    d = decodeURIComponent(d);
  } catch {
    // A stray "%" is left as written.
  }
  d = d
    .replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i, "")
    .replace(/^doi\s*:?\s*/i, "")
    .trim()
    .replace(/[.,;]+$/, "")
    .toLowerCase();
  return DOI_SHAPE.test(d) && d.length <= LIMITS.sourceDoi.max ? d : null;
}

/** The first DOI inside a longer text, e.g. a URL. */
export function findDoi(value: string): string | null {
  const m = /10\.\d{4,9}\/[^\s"<>]+/.exec(value);
  return m ? normaliseDoi(m[0]) : null;
}

/** Lower case, accents removed, and nothing but letters and digits: "Équipes & teams!" → "equipesteams". */
export function foldText(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** The family name of an author written "Family, Given", "Given Family" or "Family AB". */
export function familyName(author: string): string {
  const a = author.trim();
  if (a.includes(",")) return a.split(",")[0];
  const words = a.split(/\s+/);
  if (words.length > 1 && /^[A-Z]{1,3}\.?$|^([A-Z]\.)+$/.test(words[words.length - 1])) return words.slice(0, -1).join(" ");
  return words[words.length - 1] ?? "";
}

export type DuplicateKeys = { doi: string | null; work: string | null };

/** The two duplicate rules: the same DOI, or the same first author's family name, year and title. */
export function duplicateKeys(s: { authors: string[]; year: number | null; title: string; doi: string | null }): DuplicateKeys {
  const family = s.authors[0] ? foldText(familyName(s.authors[0])) : "";
  const title = foldText(s.title);
  return {
    doi: s.doi ? normaliseDoi(s.doi) : null,
    work: family && s.year !== null && title ? `${family}|${s.year}|${title}` : null,
  };
}

export function duplicateReason(a: DuplicateKeys, b: DuplicateKeys): "doi" | "work" | null {
  if (a.doi && a.doi === b.doi) return "doi";
  if (a.work && a.work === b.work) return "work";
  return null;
}
