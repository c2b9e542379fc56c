/**
 * Reading reference files: the sample exports in fixtures/sources (EndNote and Zotero RIS, BibTeX
 * with LaTeX accents, a Windows-1252 CSV, a UTF-16 RIS, a Zotero CSV, a cut-off file) record by
 * record, and the duplicate rules.
 */
import fs from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  decodeBytes,
  detectFormat,
  duplicateKeys,
  duplicateReason,
  familyName,
  foldText,
  ImportFileError,
  normaliseDoi,
  parseSourceFile,
  splitAuthors,
  type ParsedFile,
} from "@/server/services/source-import";

const dir = path.join(__dirname, "fixtures/sources");

function read(name: string): ParsedFile & { encoding: string } {
  const { text, encoding } = decodeBytes(fs.readFileSync(path.join(dir, name)));
  const format = detectFormat(text);
  expect(format, `${name}: format`).not.toBeNull();
  return { ...parseSourceFile(text, format!), encoding };
}

function byRecord(file: ParsedFile, record: number) {
  const r = file.records.find((x) => x.record === record);
  expect(r, `record ${record}`).toBeDefined();
  return r!.source;
}

describe("EndNote RIS with CRLF line endings", () => {
  const file = read("endnote-crlf.ris");

  it("reads repeated AU lines, PY 2014///, T2 as the venue and a DOI written in M3", () => {
    expect(file.format).toBe("ris");
    expect(file.total).toBe(6);
    expect(byRecord(file, 1)).toEqual({
      authors: ["Aitken, K.", "von Treuer, K."],
      year: 2014,
      title: "Organisational and leadership competencies for successful service integration",
      venue: "Leadership in Health Services",
      doi: "10.1108/lhs-08-2012-0028",
      kind: null,
      searchStage: null,
      ref: null,
    });
  });

  it("reads A1 authors, a Y1 date and the publisher of a report as its venue", () => {
    expect(byRecord(file, 2)).toMatchObject({
      authors: ["Shaw, S.", "Levenson, R."],
      year: 2011,
      title: "Towards integrated care in Trafford",
      venue: "The Nuffield Trust",
      doi: null,
    });
  });

  it("joins a title continued on the next line, takes JF as the venue and the DOI out of a doi.org URL", () => {
    expect(byRecord(file, 3)).toMatchObject({
      title: "Change management in integrated care: what helps and hinders middle managers - a case study",
      venue: "Journal of Integrated Care",
      doi: "10.1108/14769011211255285",
    });
  });

  it("imports an undated record without a year", () => {
    expect(byRecord(file, 6)).toMatchObject({ authors: ["Best, A."], year: null, venue: "" });
  });

  it("skips a record without a title and one with an unreadable year, saying which and why", () => {
    expect(file.skipped).toEqual([
      { record: 4, label: "Nobody, A.", reason: "It has no title." },
      { record: 5, label: expect.stringMatching(/^From territoriality/), reason: 'Its year "2O09" could not be read as a year.' },
    ]);
  });
});

describe("Zotero RIS", () => {
  const file = read("zotero.ris");
  it("keeps accented names and lower-cases a DOI given as a link", () => {
    expect(file.skipped).toEqual([]);
    expect(byRecord(file, 1).authors).toEqual(["Grenier, Corinne", "Guérin, Séverine"]);
    expect(byRecord(file, 2)).toMatchObject({
      authors: ["Karam, Marlène", "Brault, Isabelle", "Van Durme, Thérèse"],
      doi: "10.5334/ijic.2520",
      year: 2017,
    });
    expect(byRecord(file, 3)).toMatchObject({ venue: "The Nuffield Trust", doi: null, year: 2019 });
  });
});

describe("BibTeX with LaTeX accents and braces", () => {
  const file = read("accents.bib");

  it("turns LaTeX escapes into Unicode letters (citation-js), including a dotless i under an accent", () => {
    const grenier = byRecord(file, 2);
    expect(grenier.authors).toEqual(["Grenier, Corinne", "Guérin, Séverine", "Müller, Jörg", "García, Ana"]);
    // Composed characters (NFC), so searches and duplicate checks see one letter.
    expect(grenier.authors[3]).toBe("Garc\u00eda, Ana");
    expect(grenier.title).toBe(
      "Structuring an integrated care system: interpreted through the \u00e9nacted diversity of the actors involved \u2013 the case of a French healthcare network",
    );
    expect(grenier.doi).toBe("10.5334/ijic.526");
  });

  it("resolves @string macros, drops protective braces and keeps corporate authors whole", () => {
    expect(byRecord(file, 1)).toMatchObject({ venue: "Journal of Integrated Care", year: 2006, doi: "10.1108/14769018200600023" });
    expect(byRecord(file, 3)).toMatchObject({
      authors: ["Rosen, Rebecca", "Mountford, J.", "The Nuffield Trust"],
      title: "Integration in action: four international case studies",
      venue: "The Nuffield Trust",
    });
    expect(byRecord(file, 5).title).toBe(
      "Tearing down the Berlin Wall: social workers' perspectives on joint working with general practice",
    );
    expect(byRecord(file, 7)).toMatchObject({
      venue: "Journal of Interprofessional Care",
      title: "Leadership in interprofessional collaboration \u2013 the case of childcare in Norway",
    });
  });

  it("reports the record without a title and the one with a year that is not a year", () => {
    expect(file.total).toBe(7);
    expect(file.skipped.map((s) => [s.record, s.label.split(" ")[0], s.reason])).toEqual([
      [4, "@article{NoTitle2013}", "It has no title."],
      [6, "@article{BadYear}", 'Its year "sometime" could not be read as a year.'],
    ]);
  });
});

describe("odd encodings", () => {
  it("reads a Windows-1252 CSV with semicolons, accents and a curly apostrophe", () => {
    const file = read("windows-1252.csv");
    expect(file.encoding).toMatch(/Windows-1252/);
    expect(file.skipped).toEqual([]);
    expect(byRecord(file, 2)).toMatchObject({
      authors: ["Karam, Marlène", "Brault, Isabelle"],
      kind: "empirical",
      searchStage: "Stage 2: empirical search",
      ref: 40,
    });
    expect(byRecord(file, 3)).toMatchObject({
      authors: ["Kharicha, K.", "Lévin, É."],
      title: "Tearing down the Berlin Wall: social workers\u2019 perspectives on joint working with general practice",
      doi: "10.1093/fampra/cmi010",
      kind: "empirical",
    });
    expect(byRecord(file, 1)).toMatchObject({ kind: "grey", searchStage: "Stage 1: key papers", ref: 39, doi: null });
  });

  it("reads a UTF-16 LE RIS file with a byte-order mark", () => {
    const file = read("utf16le-bom.ris");
    expect(file.encoding).toBe("UTF-16 LE");
    expect(file.records.map((r) => r.source.title)).toEqual([
      "Establishing community-based integrated care for elderly patients through interprofessional teamwork: a qualitative analysis",
      "Translating the elements of health governance for integrated care from theory to practice: a case study approach",
    ]);
    expect(byRecord(file, 1).doi).toBe("10.2147/jmdh.s144526");
  });

  it("reads UTF-16 BE and UTF-8 with a byte-order mark too", () => {
    const ris = "TY  - JOUR\r\nAU  - Çelik, Ayşe\r\nPY  - 2020\r\nTI  - Œuvres complètes\r\nER  - \r\n";
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(ris, "utf-16be")]);
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ris, "utf8")]);
    for (const [bytes, encoding] of [
      [be, "UTF-16 BE"],
      [utf8, "UTF-8"],
    ] as const) {
      const decoded = decodeBytes(bytes);
      expect(decoded.encoding).toBe(encoding);
      expect(parseSourceFile(decoded.text, "ris").records[0].source).toMatchObject({ authors: ["Çelik, Ayşe"], title: "Œuvres complètes" });
    }
  });
});

describe("Zotero CSV export", () => {
  const file = read("zotero.csv");
  it("maps Zotero's column names, splits its ; author lists and keeps commas and line breaks inside quotes", () => {
    expect(file.format).toBe("csv");
    expect(file.total).toBe(4);
    expect(byRecord(file, 1)).toEqual({
      authors: ["Rees, Gwyneth", "Huby, Guro", "McDade, Lisa", "McKechnie, Lynn"],
      year: 2004,
      title: "Joint working in community mental health teams: implementation of an integrated care pathway",
      venue: "Health and Social Care in the Community",
      doi: "10.1111/j.1365-2524.2004.00523.x",
      kind: null,
      searchStage: null,
      ref: null,
    });
    // A report has no "Publication Title": its publisher is the venue.
    expect(byRecord(file, 3)).toMatchObject({ venue: "National Foundation for Educational Research", doi: null });
    expect(file.skipped).toEqual([{ record: 4, label: "Carroll, Vicki", reason: "It has no title." }]);
  });

  it("refuses a CSV without a title column, naming the columns it found", () => {
    expect(() => parseSourceFile("Name,Email\nAnn,ann@example.org\n", "csv")).toThrow(ImportFileError);
    expect(() => parseSourceFile("Name,Email\nAnn,ann@example.org\n", "csv")).toThrow(/no title column.*Name, Email/);
  });

  it("names a first row of enormous column names in a message a person can read (the fuzz test found 100,000 characters)", () => {
    const error = (() => {
      try {
        parseSourceFile(`${"x".repeat(100_000)},${"y".repeat(5_000)}\n`, "csv");
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error!.message).toMatch(/no title column.*: x{77}…, y{77}…\.$/);
    expect(error!.message.length).toBeLessThan(400);
  });

  it("reports a row whose quoted cell never closes as cut off, keeping the rows before it", () => {
    const text =
      'Title,Author,Year\n"First, with a comma",Smith,2011\n"Second\nspans lines",Jones,2012\n"Cut off here,Brown,2013\nLost,X,2014\n';
    const file = parseSourceFile(text, "csv");
    expect(file.records.map((r) => r.source.title)).toEqual(["First, with a comma", "Second\nspans lines".replace("\n", " ")]);
    expect(file.skipped).toEqual([expect.objectContaining({ record: 3, reason: expect.stringMatching(/never closes.*cut off/) })]);
  });
});

describe("cut-off files", () => {
  it("BibTeX: reads the complete records and reports the last one as cut off", () => {
    const file = read("truncated.bib");
    expect(file.records.map((r) => r.source.authors[0])).toEqual(["Cramm, Jane Murray"]);
    expect(file.skipped).toEqual([
      { record: 2, label: "@article{Benzer2015}", reason: "The file ends in the middle of this record: it looks cut off." },
    ]);
  });

  it("BibTeX: parentheses in titles, notes between records and @type( ) records are read, not taken for cut-off ones", () => {
    const text = [
      "@article{one, author={Ling, T.}, title={Barriers (and facilitators) to integrating care}, year={2012}}",
      "A note between records, with a stray { brace.",
      "@article(two, author={Carroll, V.}, title={Re-orienting a remote acute care model}, year={2015})",
    ].join("\n");
    const file = parseSourceFile(text, "bibtex");
    expect(file.skipped).toEqual([]);
    expect(file.records.map((r) => r.source.title)).toEqual([
      "Barriers (and facilitators) to integrating care",
      "Re-orienting a remote acute care model",
    ]);
  });

  it("RIS: a last record without its ER line is reported, not imported half-read", () => {
    const full = fs.readFileSync(path.join(dir, "zotero.ris"), "utf8");
    const cut = full.slice(0, full.lastIndexOf("PB  -"));
    const file = parseSourceFile(cut, "ris");
    expect(file.records).toHaveLength(2);
    expect(file.skipped).toEqual([expect.objectContaining({ record: 3, reason: expect.stringMatching(/no closing ER line/) })]);
  });

  it("RIS: a file cut at its start (tags before the first TY line) keeps its whole records", () => {
    const full = fs.readFileSync(path.join(dir, "zotero.ris"), "utf8");
    const second = full.indexOf("TY  -", full.indexOf("TY  -") + 1);
    // Starts in the middle of the first record: its tail lines belong to no record.
    const cut = full.slice(full.lastIndexOf("AU  -", second), full.length);
    const file = parseSourceFile(cut, "ris");
    expect(file.records).toHaveLength(2);
    expect(file.records.every((r) => r.source.title.length > 0)).toBe(true);
  });
});

describe("formats and limits", () => {
  it("detects the format from the content", () => {
    expect(detectFormat("\uFEFFTY  - JOUR\nER  - \n")).toBe("ris");
    expect(detectFormat("% exported\n@Article{key,\n title={x}}")).toBe("bibtex");
    expect(detectFormat("Author,Title,Year\nA,B,2000")).toBe("csv");
    expect(detectFormat("Dear colleagues, here are the papers.")).toBeNull();
  });

  it("refuses a file with more records than the limit before reading them one by one", () => {
    const many = Array.from({ length: 5001 }, (_, i) => `TY  - JOUR\nTI  - Paper ${i}\nER  - \n`).join("");
    expect(() => parseSourceFile(many, "ris")).toThrow(/5001 records.*at most 5000/);
  });

  it("refuses an empty file", () => {
    expect(() => parseSourceFile("  \n", "bibtex")).toThrow("The file is empty.");
  });
});

describe("DOIs and duplicate rules", () => {
  it("normalises DOIs written in any of the usual ways, and refuses what is not one", () => {
    for (const raw of [
      "10.1108/LHS-08-2012-0028",
      " https://doi.org/10.1108/LHS-08-2012-0028 ",
      "http://dx.doi.org/10.1108/lhs-08-2012-0028",
      "doi:10.1108/LHS-08-2012-0028",
      "DOI: 10.1108/LHS-08-2012-0028.",
      "https://doi.org/10.1108%2FLHS-08-2012-0028",
    ]) {
      expect(normaliseDoi(raw), raw).toBe("10.1108/lhs-08-2012-0028");
    }
    expect(normaliseDoi("not a doi")).toBeNull();
    expect(normaliseDoi("11.1108/x")).toBeNull();
    expect(normaliseDoi("10.1/x")).toBeNull();
  });

  it("folds case, accents, punctuation and spaces out of titles and names", () => {
    expect(foldText("Équipes &  Teams: a   Review!")).toBe(foldText("equipes teams - a review"));
    expect(familyName("Müller, Jörg")).toBe("Müller");
    expect(familyName("Jörg Müller")).toBe("Müller");
    expect(familyName("Muller J")).toBe("Muller");
  });

  it("matches on the same DOI, or on first author + year + title, but not on title alone", () => {
    const a = duplicateKeys({ authors: ["Müller, Jörg"], year: 2011, title: "Leadership in Équipes: a review", doi: null });
    const b = duplicateKeys({ authors: ["Muller, J."], year: 2011, title: "leadership in equipes — A Review.", doi: null });
    const c = duplicateKeys({ authors: ["Muller, J."], year: 2012, title: "Leadership in equipes: a review", doi: null });
    const d = duplicateKeys({ authors: ["Someone Else"], year: 1999, title: "Different", doi: "https://doi.org/10.1000/ABC" });
    const e = duplicateKeys({ authors: [], year: null, title: "Other", doi: "doi:10.1000/abc" });
    expect(duplicateReason(a, b)).toBe("work");
    expect(duplicateReason(a, c)).toBeNull();
    expect(duplicateReason(d, e)).toBe("doi");
    expect(duplicateReason(a, e)).toBeNull();
  });

  it("splits author lists the way exports write them", () => {
    expect(splitAuthors("Smith, John; Jones, Kate")).toEqual(["Smith, John", "Jones, Kate"]);
    expect(splitAuthors("Smith J, Jones KL, O'Neil A")).toEqual(["Smith J", "Jones KL", "O'Neil A"]);
    expect(splitAuthors("Smith, John and Jones, Kate")).toEqual(["Smith, John", "Jones, Kate"]);
    expect(splitAuthors("World Health Organization")).toEqual(["World Health Organization"]);
  });
});
