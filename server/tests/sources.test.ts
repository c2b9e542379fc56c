/**
 * The review's sources through the router: adding and editing by hand, the list's filters and
 * pages, the two-step import (report, choices, all or nothing), duplicates and merging.
 */
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { cmoConfigurations, evidenceLinks, mechanisms, sources } from "@/db/schema";
import { countRows, expectRefused, setup, snapshot, type World } from "./helpers";

let w: World;
let cid: string;
beforeEach(async () => {
  w = await setup();
  cid = w.consultationId;
});

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "fixtures/sources", name)).toString("base64");

function fileInput(name: string, extra: Record<string, unknown> = {}) {
  return {
    consultationId: cid,
    fileName: name,
    file: fixture(name),
    fileEncoding: "base64" as const,
    kind: "empirical" as const,
    searchStage: "Stage 2: empirical search",
    ...extra,
  };
}

const aitken = {
  authors: ["Aitken, K.", "von Treuer, K."],
  year: 2014,
  title: "Organisational and leadership competencies for successful service integration",
  venue: "Leadership in Health Services",
  doi: "https://doi.org/10.1108/LHS-08-2012-0028",
  kind: "empirical" as const,
  searchStage: "Stage 1: key papers",
  ref: 24,
};

function mechanismIds(consultationId = cid) {
  return w.db
    .select({ id: mechanisms.id })
    .from(mechanisms)
    .where(eq(mechanisms.consultationId, consultationId))
    .all()
    .map((m) => m.id);
}

/** Evidence links and configurations are the evidence engineer's; the rows are written directly here. */
function link(sourceId: string, mechanismId: string, extract: string, effect: "supports" | "weakens" | "refines" = "supports") {
  w.db.insert(evidenceLinks).values({ consultationId: cid, sourceId, mechanismId, effect, extract }).run();
}
function configuration(sourceId: string, mechanismId: string) {
  w.db
    .insert(cmoConfigurations)
    .values({
      consultationId: cid,
      mechanismId,
      position: 1,
      context: "A merged team",
      resource: "A shared vision",
      reasoning: "Staff feel part of one team",
      outcomes: [{ sign: "+", text: "Better joint working" }],
      sourceId,
    })
    .run();
}

describe("adding and editing by hand", () => {
  it("stores a source with its DOI normalised, and lists it with its citation and kind", async () => {
    const { id } = await w.facilitator.source.create({ consultationId: cid, ...aitken });
    const list = await w.facilitator.source.list({ consultationId: cid });
    expect(list.total).toBe(1);
    expect(list.sources[0]).toMatchObject({
      id,
      doi: "10.1108/lhs-08-2012-0028",
      citation: "Aitken and von Treuer (2014)",
      kindLabel: "Empirical study",
      searchStage: "Stage 1: key papers",
      ref: 24,
      links: 0,
      configurations: 0,
    });
    await w.facilitator.source.update({
      consultationId: cid,
      sourceId: id,
      ...aitken,
      venue: "Leadership in Health Services (journal)",
      doi: null,
    });
    expect(await w.facilitator.source.byId({ consultationId: cid, sourceId: id })).toMatchObject({
      venue: "Leadership in Health Services (journal)",
      doi: null,
    });
    const audit = await w.facilitator.audit.list({ consultationId: cid });
    expect(audit.entries.slice(0, 2).map((e) => e.label)).toEqual(["Edited a source", "Added a source"]);
  });

  it("says what is wrong with a DOI, a year or a missing title, and saves nothing", async () => {
    await expectRefused(
      w.db,
      () => w.facilitator.source.create({ consultationId: cid, ...aitken, doi: "LHS-08-2012" }),
      "BAD_REQUEST",
      /Doi: A DOI looks like 10\.1108/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.source.create({ consultationId: cid, ...aitken, year: 14 }),
      "BAD_REQUEST",
      /Year: Write the year as four digits/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.source.create({ consultationId: cid, ...aitken, title: " " }),
      "BAD_REQUEST",
      /Title: Too short/,
    );
  });

  it("is for facilitators only; another consultation's source is not found", async () => {
    const { id } = await w.facilitator.source.create({ consultationId: cid, ...aitken });
    await expectRefused(w.db, () => w.a.caller.source.list({ consultationId: cid }), "FORBIDDEN");
    await expectRefused(w.db, () => w.a.caller.source.create({ consultationId: cid, ...aitken }), "FORBIDDEN");
    const other = w.other.facilitator;
    const theirs = { consultationId: w.other.consultationId, sourceId: id };
    await expectRefused(w.db, () => other.source.byId(theirs), "NOT_FOUND");
    await expectRefused(w.db, () => other.source.update({ ...theirs, ...aitken }), "NOT_FOUND");
    await expectRefused(w.db, () => other.source.delete(theirs), "NOT_FOUND");
  });

  it("deleting says how many evidence links went with it; its configurations stay without a source", async () => {
    const { id } = await w.facilitator.source.create({ consultationId: cid, ...aitken });
    const [m1, m2] = mechanismIds();
    link(id, m1, "Shared values helped.");
    link(id, m2, "Leaders modelled joint work.");
    configuration(id, m1);
    expect((await w.facilitator.source.byId({ consultationId: cid, sourceId: id })).links).toBe(2);
    expect(await w.facilitator.source.delete({ consultationId: cid, sourceId: id })).toEqual({ links: 2, configurations: 1 });
    expect(countRows(w.db, "source")).toBe(0);
    expect(countRows(w.db, "evidence_link")).toBe(0);
    expect(
      w.db
        .select()
        .from(cmoConfigurations)
        .all()
        .map((c) => c.sourceId),
    ).toEqual([null]);
  });
});

describe("the list", () => {
  beforeEach(() => {
    // 120 sources: enough for three pages.
    const rows = Array.from({ length: 120 }, (_, i) => ({
      consultationId: cid,
      authors: [`Author${String(i).padStart(3, "0")}, A.`],
      year: 2000 + (i % 10),
      title: i === 7 ? "Trust across the 50% boundary" : `Paper ${i}`,
      venue: i % 2 ? "Journal of Integrated Care" : "",
      kind: (["empirical", "grey", "other_field"] as const)[i % 3],
      searchStage: i < 60 ? "Stage 1: key papers" : "Stage 2: empirical search",
      ref: i + 1,
    }));
    w.db.insert(sources).values(rows).run();
  });

  it("pages by 50, sorts by reference number, year or first author, either way", async () => {
    const first = await w.facilitator.source.list({ consultationId: cid });
    expect([first.total, first.pageCount, first.sources.length, first.sources[0].ref]).toEqual([120, 3, 50, 1]);
    const last = await w.facilitator.source.list({ consultationId: cid, page: 3 });
    expect(last.sources.map((s) => s.ref)).toEqual(Array.from({ length: 20 }, (_, i) => 101 + i));
    const byAuthorDesc = await w.facilitator.source.list({ consultationId: cid, sort: "author", dir: "desc" });
    expect(byAuthorDesc.sources[0].authors).toEqual(["Author119, A."]);
    const byYear = await w.facilitator.source.list({ consultationId: cid, sort: "year", dir: "desc" });
    expect(byYear.sources.slice(0, 12).every((s) => s.year === 2009)).toBe(true);
  });

  it("filters by kind, stage, year and text (the search's % is a character, not a wildcard)", async () => {
    const grey = await w.facilitator.source.list({ consultationId: cid, kind: "grey", stage: "Stage 2: empirical search", year: 2001 });
    expect(grey.sources.every((s) => s.kind === "grey" && s.year === 2001 && s.searchStage.startsWith("Stage 2"))).toBe(true);
    expect(grey.total).toBe(2);
    const found = await w.facilitator.source.list({ consultationId: cid, q: "50%" });
    expect(found.sources.map((s) => s.title)).toEqual(["Trust across the 50% boundary"]);
    const byAuthor = await w.facilitator.source.list({ consultationId: cid, q: "author011" });
    expect(byAuthor.sources.map((s) => s.ref)).toEqual([12]);
    expect(found.stages).toEqual(["Stage 1: key papers", "Stage 2: empirical search"]);
    expect(found.all).toBe(120);
  });
});

describe("importing a file", () => {
  it("previews without writing anything, then imports what it said it would", async () => {
    const before = snapshot(w.db);
    const preview = await w.facilitator.source.importPreview(fileInput("endnote-crlf.ris"));
    expect(snapshot(w.db)).toEqual(before);
    expect(preview).toMatchObject({ format: "ris", formatDetected: true, encoding: "UTF-8", total: 6, ready: 4 });
    expect(preview.skipped.map((s) => [s.record, s.reason])).toEqual([
      [4, "It has no title."],
      [5, 'Its year "2O09" could not be read as a year.'],
    ]);
    const result = await w.facilitator.source.importCommit({ ...fileInput("endnote-crlf.ris"), fingerprint: preview.fingerprint });
    expect(result).toMatchObject({ imported: 4, merged: [], total: 6 });
    expect(result.skipped.map((s) => s.record)).toEqual([4, 5]);
    const list = await w.facilitator.source.list({ consultationId: cid });
    expect(list.sources.map((s) => [s.citation, s.kind, s.searchStage])).toContainEqual([
      "Aitken and von Treuer (2014)",
      "empirical",
      "Stage 2: empirical search",
    ]);
    const audit = await w.facilitator.audit.list({ consultationId: cid });
    expect(audit.entries[0]).toMatchObject({
      label: "Imported sources from a file",
      details: { fileName: "endnote-crlf.ris", count: 4, skipped: 2 },
    });
  });

  it("finds duplicates of existing sources (a DOI written differently) and within the file, and follows the choices", async () => {
    // Already there: Grenier 2011 without a DOI (same author, year and title, other case and accents).
    const { id: grenier } = await w.facilitator.source.create({
      consultationId: cid,
      ...aitken,
      authors: ["GRENIER, C."],
      year: 2011,
      title:
        "Structuring an Integrated Care System: Interpreted through the Enacted Diversity of the Actors Involved - The Case of a French Healthcare Network",
      venue: "",
      doi: null,
      ref: 48,
    });
    await w.facilitator.source.create({
      consultationId: cid,
      ...aitken,
      doi: "doi:10.5334/IJIC.2520",
      title: "Karam et al, as typed by hand",
      authors: ["Karam, M."],
      year: 2017,
      ref: 40,
    });
    // The same RIS twice in one paste: its second half duplicates its first.
    const ris = Buffer.from(fixture("zotero.ris"), "base64").toString("utf8");
    const input = {
      consultationId: cid,
      fileName: "",
      file: `${ris}\n${ris}`,
      fileEncoding: "text" as const,
      kind: "grey" as const,
      searchStage: "",
    };
    const preview = await w.facilitator.source.importPreview(input);
    expect(preview.total).toBe(6);
    const dups = preview.records
      .filter((r) => r.duplicate)
      .map((r) => ({
        record: r.record,
        of: r.duplicate!.of,
        reason: r.duplicate!.reason,
        proposed: r.duplicate!.proposed,
        fills: r.duplicate!.fills,
      }));
    expect(dups).toEqual([
      {
        record: 1,
        of: expect.objectContaining({ kind: "existing", sourceId: grenier }),
        reason: "work",
        proposed: "merge",
        fills: ["DOI", "venue"],
      },
      { record: 2, of: expect.objectContaining({ kind: "existing" }), reason: "doi", proposed: "skip", fills: [] },
      {
        record: 4,
        of: expect.objectContaining({ kind: "existing", sourceId: grenier }),
        reason: "work",
        proposed: "merge",
        fills: ["DOI", "venue"],
      },
      { record: 5, of: expect.objectContaining({ kind: "existing" }), reason: "doi", proposed: "skip", fills: [] },
      { record: 6, of: expect.objectContaining({ kind: "file", record: 3 }), reason: "work", proposed: "skip", fills: [] },
    ]);
    expect(preview.ready).toBe(1);
    // Record 2: import anyway; record 4: skip (record 1 already merges the same); the rest as proposed.
    const result = await w.facilitator.source.importCommit({
      ...input,
      fingerprint: preview.fingerprint,
      choices: [
        { record: 2, action: "import" },
        { record: 4, action: "skip" },
      ],
    });
    expect(result.imported).toBe(2);
    expect(result.merged).toEqual([expect.objectContaining({ record: 1, fills: ["DOI", "venue"] })]);
    expect(result.skipped.map((s) => s.record)).toEqual([4, 5, 6]);
    const merged = await w.facilitator.source.byId({ consultationId: cid, sourceId: grenier });
    expect(merged).toMatchObject({
      doi: "10.5334/ijic.526",
      venue: "International Journal of Integrated Care",
      ref: 48,
      kind: "empirical",
    });
    expect(countRows(w.db, "source")).toBe(4);
  });

  it("refuses a confirmation when the sources changed since the preview", async () => {
    const preview = await w.facilitator.source.importPreview(fileInput("zotero.ris"));
    await w.facilitator.source.create({ consultationId: cid, ...aitken, doi: "10.5334/ijic.526", title: "Now a duplicate" });
    await expectRefused(
      w.db,
      () => w.facilitator.source.importCommit({ ...fileInput("zotero.ris"), fingerprint: preview.fingerprint }),
      "CONFLICT",
      /changed since you checked/,
    );
  });

  it("writes all or nothing: a failure on the last row leaves the database as it was", async () => {
    const preview = await w.facilitator.source.importPreview(fileInput("utf16le-bom.ris"));
    // A database-level failure on the second record's insert (the same as a disk or constraint error).
    w.db.$client.exec(
      `create trigger refuse_nicholson before insert on source when new.title like 'Translating the elements%' begin select raise(abort, 'refused for the test'); end`,
    );
    const before = snapshot(w.db);
    await expect(
      w.facilitator.source.importCommit({ ...fileInput("utf16le-bom.ris"), fingerprint: preview.fingerprint }),
    ).rejects.toThrow();
    expect(snapshot(w.db)).toEqual(before);
    expect(countRows(w.db, "source")).toBe(0);
  });

  it("refuses a file over 5 MB before reading it, and one with too many records", async () => {
    const huge = Buffer.alloc(LIMIT_BYTES + 1, "TY  - JOUR\n").toString("base64");
    await expectRefused(
      w.db,
      () => w.facilitator.source.importPreview({ ...fileInput("zotero.ris"), file: huge }),
      "BAD_REQUEST",
      /larger than 5 MB/,
    );
    const bigText = "x".repeat(LIMIT_BYTES + 10);
    await expectRefused(
      w.db,
      () => w.facilitator.source.importPreview({ ...fileInput("zotero.ris"), file: bigText, fileEncoding: "text" }),
      "BAD_REQUEST",
      /The file is 5\.0 MB: larger than 5 MB/,
    );
    const many = Array.from({ length: 5001 }, (_, i) => `@misc{k${i}, title={Paper ${i}}}`).join("\n");
    await expectRefused(
      w.db,
      () => w.facilitator.source.importPreview({ ...fileInput("zotero.ris"), file: many, fileEncoding: "text" }),
      "BAD_REQUEST",
      /5001 records; Roundtable imports at most 5000/,
    );
  });

  it("asks for the format when it cannot tell, and reads it when told", async () => {
    const text = "\n\nnot quite anything";
    await expectRefused(
      w.db,
      () => w.facilitator.source.importPreview({ ...fileInput("zotero.ris"), file: text, fileEncoding: "text" }),
      "BAD_REQUEST",
      /could not tell what kind of file/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.source.importPreview({ ...fileInput("zotero.ris"), format: "csv", file: text, fileEncoding: "text" }),
      "BAD_REQUEST",
      /no title column/,
    );
    const csv = await w.facilitator.source.importPreview({ ...fileInput("windows-1252.csv"), format: "csv" });
    expect(csv.records.map((r) => r.kind)).toEqual(["grey", "empirical", "empirical"]);
  });

  it("is for facilitators only", async () => {
    await expectRefused(w.db, () => w.a.caller.source.importPreview(fileInput("zotero.ris")), "FORBIDDEN");
  });
});

const LIMIT_BYTES = 5 * 1024 * 1024;

describe("duplicates and merging", () => {
  async function twoCopies() {
    const { id: keep } = await w.facilitator.source.create({ consultationId: cid, ...aitken, doi: null, venue: "", ref: null });
    const { id: gone } = await w.facilitator.source.create({
      consultationId: cid,
      ...aitken,
      authors: ["AITKEN, Kate"],
      title: "Organisational and Leadership Competencies for Successful Service Integration.",
    });
    return { keep, gone };
  }

  it("lists pairs found by the same rules", async () => {
    const { keep, gone } = await twoCopies();
    await w.facilitator.source.create({ consultationId: cid, ...aitken, title: "Something else", doi: null, year: 2015 });
    const d = await w.facilitator.source.duplicates({ consultationId: cid });
    expect(d.total).toBe(1);
    // Which of the two is listed first depends on creation time (the same millisecond here) and id.
    expect(d.pairs.map((p) => [[p.a.id, p.b.id].sort(), p.reason])).toEqual([[[keep, gone].sort(), "work"]]);
  });

  it("moves links and configurations to the kept source, combines links to the same mechanism and fills empty fields", async () => {
    const { keep, gone } = await twoCopies();
    const [m1, m2, m3] = mechanismIds();
    link(keep, m1, "Leaders shared a vision.");
    link(gone, m1, "Staff trusted leaders who listened.", "refines");
    link(gone, m2, "Pooled budgets came later.");
    link(gone, m3, "Leaders shared a vision.");
    link(keep, m3, "Leaders shared a vision.");
    configuration(gone, m2);
    const result = await w.facilitator.source.merge({ consultationId: cid, keepId: keep, removeId: gone });
    expect(result).toEqual({
      keptId: keep,
      movedLinks: 1,
      combinedLinks: 2,
      movedConfigurations: 1,
      filled: ["DOI", "venue", "reference number"],
    });
    const links = w.db.select().from(evidenceLinks).all();
    expect(links.every((l) => l.sourceId === keep)).toBe(true);
    expect(links.find((l) => l.mechanismId === m1)).toMatchObject({
      effect: "supports",
      extract:
        'Leaders shared a vision.\n\nFrom the merged duplicate (the merged duplicate marked this "Refines"): Staff trusted leaders who listened.',
    });
    // The same words twice are not repeated.
    expect(links.find((l) => l.mechanismId === m3)!.extract).toBe("Leaders shared a vision.");
    expect(
      w.db
        .select()
        .from(cmoConfigurations)
        .all()
        .map((c) => c.sourceId),
    ).toEqual([keep]);
    expect(await w.facilitator.source.byId({ consultationId: cid, sourceId: keep })).toMatchObject({
      doi: "10.1108/lhs-08-2012-0028",
      venue: "Leadership in Health Services",
      ref: 24,
      links: 3,
      configurations: 1,
    });
    expect(countRows(w.db, "source")).toBe(1);
    const audit = await w.facilitator.audit.list({ consultationId: cid });
    expect(audit.entries[0]).toMatchObject({ label: "Merged two duplicate sources", targetId: keep });
  });

  it("a pair said to be different works leaves the list (the third copy still pairs with both), and can be listed again", async () => {
    const { keep, gone } = await twoCopies();
    const { id: third } = await w.facilitator.source.create({
      consultationId: cid,
      ...aitken,
      doi: null,
      venue: "Preprint server",
      ref: null,
    });
    const before = await w.facilitator.source.duplicates({ consultationId: cid });
    expect(before.total).toBe(3);

    await w.facilitator.source.markDistinct({ consultationId: cid, firstId: gone, secondId: keep });
    const after = await w.facilitator.source.duplicates({ consultationId: cid });
    expect(after.total).toBe(2);
    const ids = (pairs: { a: { id: string }; b: { id: string } }[]) => pairs.map((p) => [p.a.id, p.b.id].sort().join("|")).sort();
    expect(ids(after.pairs)).toEqual(
      ids([
        { a: { id: keep }, b: { id: third } },
        { a: { id: gone }, b: { id: third } },
      ]),
    );
    expect(after.distinct.map((d) => [d.a.id, d.b.id].sort())).toEqual([[keep, gone].sort()]);
    expect(after.distinctTotal).toBe(1);
    // Saying it twice changes nothing.
    await w.facilitator.source.markDistinct({ consultationId: cid, firstId: keep, secondId: gone });
    expect(countRows(w.db, "source_distinct_pair")).toBe(1);
    const audit = await w.facilitator.audit.list({ consultationId: cid });
    expect(audit.entries[0]).toMatchObject({ label: "Said two look-alike sources are different works" });

    await w.facilitator.source.unmarkDistinct({ consultationId: cid, firstId: keep, secondId: gone });
    expect((await w.facilitator.source.duplicates({ consultationId: cid })).total).toBe(3);
    await expectRefused(
      w.db,
      () => w.facilitator.source.unmarkDistinct({ consultationId: cid, firstId: keep, secondId: gone }),
      "NOT_FOUND",
      /pair of different works/,
    );

    // Deleting one of a dismissed pair takes the dismissal with it.
    await w.facilitator.source.markDistinct({ consultationId: cid, firstId: keep, secondId: third });
    await w.facilitator.source.delete({ consultationId: cid, sourceId: third });
    expect(countRows(w.db, "source_distinct_pair")).toBe(0);
  });

  it("refuses dismissing sources that do not look alike, another consultation's source, or a source with itself", async () => {
    const { keep } = await twoCopies();
    const { id: unlike } = await w.facilitator.source.create({
      consultationId: cid,
      ...aitken,
      title: "Something else",
      doi: null,
      year: 2015,
    });
    await expectRefused(
      w.db,
      () => w.facilitator.source.markDistinct({ consultationId: cid, firstId: keep, secondId: unlike }),
      "BAD_REQUEST",
      /do not look like duplicates/,
    );
    const { id: theirs } = await w.other.facilitator.source.create({ consultationId: w.other.consultationId, ...aitken });
    await expectRefused(
      w.db,
      () => w.facilitator.source.markDistinct({ consultationId: cid, firstId: keep, secondId: theirs }),
      "NOT_FOUND",
      "This source was not found.",
    );
    await expectRefused(
      w.db,
      () => w.facilitator.source.markDistinct({ consultationId: cid, firstId: keep, secondId: keep }),
      "BAD_REQUEST",
      /two different sources/,
    );
    await expectRefused(w.db, () => w.a.caller.source.markDistinct({ consultationId: cid, firstId: keep, secondId: unlike }), "FORBIDDEN");
  });

  it("refuses merging a source of another consultation (NOT_FOUND) or a source with itself", async () => {
    const { keep } = await twoCopies();
    const { id: theirs } = await w.other.facilitator.source.create({ consultationId: w.other.consultationId, ...aitken });
    await expectRefused(
      w.db,
      () => w.facilitator.source.merge({ consultationId: cid, keepId: keep, removeId: theirs }),
      "NOT_FOUND",
      "This source was not found.",
    );
    await expectRefused(w.db, () => w.facilitator.source.merge({ consultationId: cid, keepId: theirs, removeId: keep }), "NOT_FOUND");
    await expectRefused(
      w.db,
      () => w.other.facilitator.source.merge({ consultationId: w.other.consultationId, keepId: theirs, removeId: keep }),
      "NOT_FOUND",
    );
    await expectRefused(
      w.db,
      () => w.facilitator.source.merge({ consultationId: cid, keepId: keep, removeId: keep }),
      "BAD_REQUEST",
      /two different sources/,
    );
    await expectRefused(w.db, () => w.a.caller.source.duplicates({ consultationId: cid }), "FORBIDDEN");
  });
});
