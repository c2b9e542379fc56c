/**
 * The review's sources (facilitators only): a paginated, filterable list, adding and editing by
 * hand, deleting, importing a reference file in two steps (check, then confirm), finding
 * possible duplicates and merging two sources into one.
 *
 * The import is stateless between its two steps: the confirmation sends the same file again with
 * the facilitator's choices and the fingerprint of the preview they saw. The server parses it
 * again and refuses when anything the choices depend on changed, then writes everything in one
 * transaction, so an import is never half done.
 */
import { createHash } from "node:crypto";
import { shortCitation } from "./citation";
import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import type { DB } from "@/db";
import { cmoConfigurations, evidenceLinks, sourceDistinctPairs, sources } from "@/db/schema";
import { EVIDENCE_EFFECT_LABELS, LIMITS, SOURCE_KIND_LABELS, SOURCE_KIND_VALUES, type SourceKind } from "@/shared/domain";
import { text } from "../validation";
import { badRequest, conflict, notFound, recordAudit, type Actor, type Tx } from "./actor";
import {
  decodeBytes,
  detectFormat,
  duplicateKeys,
  duplicateReason,
  IMPORT_FORMAT_LABELS,
  IMPORT_FORMAT_VALUES,
  ImportFileError,
  normaliseDoi,
  parseSourceFile,
  type DuplicateKeys,
  type ImportFormat,
  type ParsedRecord,
  type SkippedRecord,
} from "./source-import";
import { writeTransaction } from "@/db/transaction";

export type SourceRow = typeof sources.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Input schemas

const thisYear = () => new Date().getFullYear();

export const sourceId = z.uuid("Unknown source");

export const sourceFields = z.object({
  authors: z.array(text(LIMITS.sourceAuthor)).max(LIMITS.sourceAuthors.max, `At most ${LIMITS.sourceAuthors.max} authors`).default([]),
  year: z
    .int("Write the year as four digits, e.g. 2014")
    .min(1500, "Write the year as four digits, e.g. 2014")
    .max(2999, "That year is in the future")
    .refine((y) => y <= thisYear() + 1, "That year is in the future")
    .nullable()
    .default(null),
  title: text(LIMITS.sourceTitle),
  venue: text(LIMITS.sourceVenue).default(""),
  doi: z
    .string()
    .trim()
    .max(LIMITS.sourceDoi.max + 40, "Too long for a DOI")
    .nullish()
    .transform((d, ctx) => {
      if (!d) return null;
      const doi = normaliseDoi(d);
      if (!doi) {
        ctx.addIssue({ code: "custom", message: "A DOI looks like 10.1108/14769011211255285 (a doi.org link works too)" });
        return z.NEVER;
      }
      return doi;
    }),
  kind: z.enum(SOURCE_KIND_VALUES, "Choose the kind of source"),
  searchStage: text(LIMITS.searchStage).default(""),
  ref: z
    .int("The reference number is a whole number")
    .min(1, "The reference number is 1 or more")
    .max(99_999, "That reference number is too large")
    .nullable()
    .default(null),
});
export type SourceFields = z.infer<typeof sourceFields>;

export const SOURCE_PAGE = 50;
export const SOURCE_SORT_VALUES = ["ref", "author", "year", "title", "added"] as const;

export const listInput = z.object({
  q: z.string().trim().max(200, "Search for at most 200 characters").default(""),
  kind: z.enum(SOURCE_KIND_VALUES).nullish(),
  stage: z.string().trim().max(LIMITS.searchStage.max).nullish(),
  year: z.int().min(0).max(9999).nullish(),
  sort: z.enum(SOURCE_SORT_VALUES).default("ref"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  page: z.int().min(1).max(10_000).default(1),
});
export type ListInput = z.input<typeof listInput>;

// A 5 MB file is about 6.7 MB in base64; the exact byte limit is checked after decoding.
const MAX_FILE_CHARS = Math.ceil(LIMITS.importBytes.max / 3) * 4 + 4;
const tooBig = `The file is larger than ${LIMITS.importBytes.max / 1024 / 1024} MB, the most Roundtable reads at once. Split it into smaller files (for example one per search stage).`;

export const importInput = z.object({
  fileName: z.string().trim().max(255).default(""),
  /** The file's bytes in base64 (so its encoding can be detected), or pasted text. */
  file: z.string().min(1, "Choose a file or paste some references").max(MAX_FILE_CHARS, tooBig),
  fileEncoding: z.enum(["base64", "text"]),
  format: z.enum(["auto", ...IMPORT_FORMAT_VALUES]).default("auto"),
  kind: z.enum(SOURCE_KIND_VALUES, "Choose the kind of sources this file holds"),
  searchStage: text(LIMITS.searchStage).default(""),
});
export type ImportInput = z.input<typeof importInput>;

export const IMPORT_ACTION_VALUES = ["skip", "merge", "import"] as const;
export type ImportAction = (typeof IMPORT_ACTION_VALUES)[number];

export const commitInput = importInput.extend({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "Check the file again before importing it"),
  choices: z
    .array(z.object({ record: z.int().min(1).max(LIMITS.importRecords.max), action: z.enum(IMPORT_ACTION_VALUES) }))
    .max(LIMITS.importRecords.max)
    .default([]),
});
export type CommitInput = z.input<typeof commitInput>;

// ---------------------------------------------------------------------------------------------
// Reading

function usage(db: DB | Tx, ids: string[]) {
  const links = new Map<string, number>();
  const configurations = new Map<string, number>();
  if (ids.length) {
    for (const r of db
      .select({ id: evidenceLinks.sourceId, n: count() })
      .from(evidenceLinks)
      .where(inArray(evidenceLinks.sourceId, ids))
      .groupBy(evidenceLinks.sourceId)
      .all())
      links.set(r.id, r.n);
    for (const r of db
      .select({ id: cmoConfigurations.sourceId, n: count() })
      .from(cmoConfigurations)
      .where(inArray(cmoConfigurations.sourceId, ids))
      .groupBy(cmoConfigurations.sourceId)
      .all())
      if (r.id) configurations.set(r.id, r.n);
  }
  return { links, configurations };
}

function present(s: SourceRow, use: ReturnType<typeof usage>) {
  return {
    id: s.id,
    ref: s.ref,
    authors: s.authors,
    year: s.year,
    title: s.title,
    venue: s.venue,
    doi: s.doi,
    kind: s.kind,
    kindLabel: SOURCE_KIND_LABELS[s.kind],
    searchStage: s.searchStage,
    citation: shortCitation(s),
    links: use.links.get(s.id) ?? 0,
    configurations: use.configurations.get(s.id) ?? 0,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
export type SourceView = ReturnType<typeof present>;

export function list(db: DB, actor: Actor, input: z.output<typeof listInput>) {
  const cid = actor.consultation.id;
  const where: (SQL | undefined)[] = [eq(sources.consultationId, cid)];
  if (input.kind) where.push(eq(sources.kind, input.kind));
  if (input.stage !== undefined && input.stage !== null) where.push(eq(sources.searchStage, input.stage));
  if (input.year !== undefined && input.year !== null)
    where.push(input.year === 0 ? sql`${sources.year} is null` : eq(sources.year, input.year));
  if (input.q) {
    // LIKE with the wildcard characters of the search escaped, so "50%" means "50%".
    const pattern = `%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const m = (col: SQL | AnySQLiteColumn) => sql`${col} like ${pattern} escape '\\'`;
    where.push(
      or(m(sources.title), m(sql`${sources.authors}`), m(sources.venue), m(sql`coalesce(${sources.doi}, '')`), m(sources.searchStage)),
    );
  }
  const condition = and(...where);
  const firstAuthor = sql`lower(json_extract(${sources.authors}, '$[0]'))`;
  const by = {
    ref: [sql`${sources.ref} is null`, sources.ref, sources.year],
    author: [sql`${sources.authors} = '[]'`, firstAuthor, sources.year],
    year: [sql`${sources.year} is null`, sources.year, firstAuthor],
    title: [sql`lower(${sources.title})`],
    added: [sources.createdAt],
  }[input.sort];
  const order = input.dir === "desc" ? desc : asc;
  // "Nulls last" terms keep their direction; the rest follow the chosen one.
  const orderBy = by.map((term, i) => (i === 0 && input.sort !== "title" && input.sort !== "added" ? asc(term) : order(term)));
  const total = db.select({ n: count() }).from(sources).where(condition).get()!.n;
  const pageCount = Math.max(1, Math.ceil(total / SOURCE_PAGE));
  const page = Math.min(input.page, pageCount);
  const rows = db
    .select()
    .from(sources)
    .where(condition)
    .orderBy(...orderBy, asc(sources.createdAt), asc(sources.id))
    .limit(SOURCE_PAGE)
    .offset((page - 1) * SOURCE_PAGE)
    .all();
  const use = usage(
    db,
    rows.map((r) => r.id),
  );
  // The filter choices come from the whole list, not the current page.
  const stages = db
    .selectDistinct({ stage: sources.searchStage })
    .from(sources)
    .where(eq(sources.consultationId, cid))
    .orderBy(sources.searchStage)
    .all()
    .map((r) => r.stage);
  const years = db
    .selectDistinct({ year: sources.year })
    .from(sources)
    .where(eq(sources.consultationId, cid))
    .orderBy(desc(sources.year))
    .all()
    .map((r) => r.year);
  const all = db.select({ n: count() }).from(sources).where(eq(sources.consultationId, cid)).get()!.n;
  return { sources: rows.map((r) => present(r, use)), total, all, page, pageCount, pageSize: SOURCE_PAGE, stages, years };
}

function getSource(db: DB | Tx, actor: Actor, id: string): SourceRow {
  const row = db
    .select()
    .from(sources)
    .where(and(eq(sources.id, id), eq(sources.consultationId, actor.consultation.id)))
    .get();
  // Another consultation's source reads exactly like one that does not exist.
  return row ?? notFound("This source");
}

export function byId(db: DB, actor: Actor, id: string) {
  const row = getSource(db, actor, id);
  return present(row, usage(db, [row.id]));
}

// ---------------------------------------------------------------------------------------------
// Adding, editing, deleting

export function create(db: DB, actor: Actor, fields: SourceFields) {
  return writeTransaction(db, (tx) => {
    const { id } = tx
      .insert(sources)
      .values({ ...fields, consultationId: actor.consultation.id })
      .returning({ id: sources.id })
      .get();
    recordAudit(tx, actor, "source.create", id, { title: fields.title });
    return { id };
  });
}

export function update(db: DB, actor: Actor, id: string, fields: SourceFields) {
  return writeTransaction(db, (tx) => {
    const before = getSource(tx, actor, id);
    tx.update(sources)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(sources.id, before.id))
      .run();
    recordAudit(tx, actor, "source.update", id, { title: fields.title });
    return { id };
  });
}

/** Deleting a source deletes its evidence links; its configurations stay, without a source. */
export function remove(db: DB, actor: Actor, id: string) {
  return writeTransaction(db, (tx) => {
    const row = getSource(tx, actor, id);
    const use = usage(tx, [id]);
    tx.delete(sources).where(eq(sources.id, row.id)).run();
    const links = use.links.get(id) ?? 0;
    const configurations = use.configurations.get(id) ?? 0;
    recordAudit(tx, actor, "source.delete", id, { title: row.title, links, configurations });
    return { links, configurations };
  });
}

// ---------------------------------------------------------------------------------------------
// Import

type ExistingSource = Pick<SourceRow, "id" | "authors" | "year" | "title" | "venue" | "doi" | "ref" | "searchStage">;

type Target = { kind: "existing"; sourceId: string; label: string } | { kind: "file"; record: number; label: string };

type Candidate = ParsedRecord & {
  kind: SourceKind;
  searchStage: string;
  duplicate: null | { of: Target; reason: "doi" | "work"; proposed: ImportAction; fills: string[] };
};

/** Which of `to`'s empty fields `from` would fill (what a merge brings). */
function fillsOf(to: Omit<ExistingSource, "id">, from: Omit<ExistingSource, "id">): string[] {
  const fills: string[] = [];
  if (!to.doi && from.doi) fills.push("DOI");
  if (!to.venue && from.venue) fills.push("venue");
  if (to.year === null && from.year !== null) fills.push("year");
  if (to.authors.length === 0 && from.authors.length) fills.push("authors");
  if (to.ref === null && from.ref !== null) fills.push("reference number");
  if (!to.searchStage && from.searchStage) fills.push("search stage");
  return fills;
}

function filled<T extends Omit<ExistingSource, "id">>(to: T, from: Omit<ExistingSource, "id">): T {
  return {
    ...to,
    doi: to.doi ?? from.doi,
    venue: to.venue || from.venue,
    year: to.year ?? from.year,
    authors: to.authors.length ? to.authors : from.authors,
    ref: to.ref ?? from.ref,
    searchStage: to.searchStage || from.searchStage,
  };
}

function label(s: { authors: string[]; year: number | null; title: string }): string {
  const title = s.title.length > 90 ? `${s.title.slice(0, 87)}…` : s.title;
  return `${shortCitation(s)} ${title}`;
}

/** Decodes, detects and parses the file, and matches every record against the consultation's sources. */
function analyse(db: DB | Tx, actor: Actor, input: z.output<typeof importInput>) {
  let bytes: Buffer;
  if (input.fileEncoding === "base64") {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.file)) badRequest("The file could not be read. Choose it again.");
    bytes = Buffer.from(input.file, "base64");
  } else {
    bytes = Buffer.from(input.file, "utf8");
  }
  if (bytes.byteLength > LIMITS.importBytes.max) {
    const mb = (bytes.byteLength / 1024 / 1024).toFixed(1);
    badRequest(`The file is ${mb} MB: ${tooBig.replace("The file is larger", "larger")}`);
  }
  const { text: content, encoding } = decodeBytes(bytes);
  const detected = detectFormat(content);
  const format: ImportFormat | null = input.format === "auto" ? detected : input.format;
  if (!format) {
    badRequest(
      'Roundtable could not tell what kind of file this is. RIS files have lines starting "TY  -", BibTeX records start with "@article{" and CSV files start with a row of column names. Choose the format if you know it.',
    );
  }
  let parsed;
  try {
    parsed = parseSourceFile(content, format);
  } catch (e) {
    if (e instanceof ImportFileError) badRequest(e.message);
    // A parser failing on a file it was not made for is the file's problem, not ours: say so.
    console.error("source import: parser failed", e);
    badRequest(
      `This file could not be read as ${IMPORT_FORMAT_LABELS[format].split(" (")[0]}. Check the format, or export the file again from your reference manager.`,
    );
  }
  if (parsed.total === 0) {
    badRequest(
      `No ${format === "csv" ? "rows" : "records"} were found in this file as ${IMPORT_FORMAT_LABELS[format].split(" (")[0]}. Check the format, or that the file is the export you meant.`,
    );
  }

  const existing: ExistingSource[] = db
    .select({
      id: sources.id,
      authors: sources.authors,
      year: sources.year,
      title: sources.title,
      venue: sources.venue,
      doi: sources.doi,
      ref: sources.ref,
      searchStage: sources.searchStage,
    })
    .from(sources)
    .where(eq(sources.consultationId, actor.consultation.id))
    .all();
  const byDoi = new Map<string, Target & { row: Omit<ExistingSource, "id"> }>();
  const byWork = new Map<string, Target & { row: Omit<ExistingSource, "id"> }>();
  const remember = (keys: DuplicateKeys, t: Target & { row: Omit<ExistingSource, "id"> }) => {
    if (keys.doi && !byDoi.has(keys.doi)) byDoi.set(keys.doi, t);
    if (keys.work && !byWork.has(keys.work)) byWork.set(keys.work, t);
  };
  for (const s of existing) remember(duplicateKeys(s), { kind: "existing", sourceId: s.id, label: label(s), row: s });

  const candidates: Candidate[] = parsed.records.map((r) => {
    const row = {
      ...r.source,
      kind: r.source.kind ?? input.kind,
      searchStage: r.source.searchStage ?? input.searchStage,
    };
    const keys = duplicateKeys(row);
    // Sources already in the consultation first, then earlier records of the same file.
    const hit = (keys.doi ? byDoi.get(keys.doi) : undefined) ?? (keys.work ? byWork.get(keys.work) : undefined);
    const candidate: Candidate = { ...r, kind: row.kind, searchStage: row.searchStage, duplicate: null };
    if (hit) {
      const fills = fillsOf(hit.row, row);
      candidate.duplicate = {
        of:
          hit.kind === "existing"
            ? { kind: "existing", sourceId: hit.sourceId, label: hit.label }
            : { kind: "file", record: hit.record, label: hit.label },
        reason: keys.doi && keys.doi === duplicateKeys(hit.row).doi ? "doi" : "work",
        // Merging only helps when the record brings something the other lacks.
        proposed: fills.length ? "merge" : "skip",
        fills,
      };
    } else {
      remember(keys, { kind: "file", record: r.record, label: label(row), row });
    }
    return candidate;
  });

  // What the confirmation must find unchanged: the file as read, the choices it offers, and
  // what each duplicate matches (a source deleted or added meanwhile changes this).
  const fingerprint = createHash("sha256")
    .update(
      JSON.stringify([
        format,
        input.kind,
        input.searchStage,
        content,
        candidates.map((c) => [c.record, c.duplicate?.of ?? null, c.duplicate?.fills ?? null]),
      ]),
    )
    .digest("hex");
  return { format, detected: input.format === "auto", encoding, total: parsed.total, candidates, skipped: parsed.skipped, fingerprint };
}

export function importPreview(db: DB, actor: Actor, input: z.output<typeof importInput>) {
  const a = analyse(db, actor, input);
  return {
    fingerprint: a.fingerprint,
    fileName: input.fileName,
    format: a.format,
    formatLabel: IMPORT_FORMAT_LABELS[a.format],
    formatDetected: a.detected,
    encoding: a.encoding,
    total: a.total,
    ready: a.candidates.filter((c) => !c.duplicate).length,
    records: a.candidates.map((c) => ({
      record: c.record,
      authors: c.source.authors,
      year: c.source.year,
      title: c.source.title,
      venue: c.source.venue,
      doi: c.source.doi,
      kind: c.kind,
      searchStage: c.searchStage,
      ref: c.source.ref,
      citation: shortCitation(c.source),
      notes: c.notes,
      duplicate: c.duplicate,
    })),
    skipped: a.skipped,
  };
}

export function importCommit(db: DB, actor: Actor, input: z.output<typeof commitInput>) {
  const choices = new Map(input.choices.map((c) => [c.record, c.action]));
  return writeTransaction(db, (tx) => {
    const a = analyse(tx, actor, input);
    if (a.fingerprint !== input.fingerprint) {
      conflict("The file or the consultation's sources changed since you checked this file. Check it again and confirm the new preview.");
    }
    // Each kept record becomes a row to insert, or fills the gaps of a source already there.
    type Pending = Omit<ExistingSource, "id"> & { kind: SourceKind };
    const inserts = new Map<number, Pending>();
    const updates = new Map<string, Pending>();
    const existingRows = new Map(
      tx
        .select()
        .from(sources)
        .where(eq(sources.consultationId, actor.consultation.id))
        .all()
        .map((s) => [s.id, s as Pending]),
    );
    const skipped: SkippedRecord[] = [...a.skipped];
    const merged: { record: number; into: string; fills: string[] }[] = [];
    for (const c of a.candidates) {
      const row: Pending = {
        authors: c.source.authors,
        year: c.source.year,
        title: c.source.title,
        venue: c.source.venue,
        doi: c.source.doi,
        ref: c.source.ref,
        kind: c.kind,
        searchStage: c.searchStage,
      };
      if (!c.duplicate) {
        inserts.set(c.record, row);
        continue;
      }
      const action = choices.get(c.record) ?? c.duplicate.proposed;
      if (action === "import") {
        inserts.set(c.record, row);
      } else if (action === "skip") {
        skipped.push({ record: c.record, label: c.source.title, reason: `You chose to skip it: it duplicates ${c.duplicate.of.label}.` });
      } else {
        const of = c.duplicate.of;
        if (of.kind === "existing") {
          const target = updates.get(of.sourceId) ?? existingRows.get(of.sourceId)!;
          const next = filled(target, row);
          updates.set(of.sourceId, next);
          merged.push({ record: c.record, into: of.label, fills: fillsOf(target, row) });
        } else if (inserts.has(of.record)) {
          const target = inserts.get(of.record)!;
          inserts.set(of.record, filled(target, row));
          merged.push({ record: c.record, into: `record ${of.record} of this file`, fills: fillsOf(target, row) });
        } else {
          skipped.push({ record: c.record, label: c.source.title, reason: `It duplicates record ${of.record}, which was not imported.` });
        }
      }
    }
    const rows = [...inserts.values()].map((r) => ({ ...r, consultationId: actor.consultation.id }));
    // In slices: SQLite limits the number of values in one statement.
    for (let i = 0; i < rows.length; i += 500)
      tx.insert(sources)
        .values(rows.slice(i, i + 500))
        .run();
    const now = new Date();
    for (const [id, r] of updates) {
      tx.update(sources)
        .set({ doi: r.doi, venue: r.venue, year: r.year, authors: r.authors, ref: r.ref, searchStage: r.searchStage, updatedAt: now })
        .where(eq(sources.id, id))
        .run();
    }
    skipped.sort((x, y) => x.record - y.record);
    recordAudit(tx, actor, "source.import", null, {
      fileName: input.fileName,
      format: a.format,
      count: rows.length,
      merged: merged.length,
      skipped: skipped.length,
    });
    return { imported: rows.length, merged, skipped, total: a.total, format: a.format };
  });
}

// ---------------------------------------------------------------------------------------------
// Duplicates and merging

/** At most this many pairs are listed (and counted); merging or dismissing some shows the rest. */
export const DUPLICATE_PAIRS_SHOWN = 200;
const DUPLICATE_PAIRS_COUNTED = 2_000;

const pairKey = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);

/**
 * Pairs of the consultation's sources that the duplicate rules say may be one work, leaving out
 * the pairs a facilitator has said are different works (listed separately, so that can be undone).
 * Every two sources sharing a DOI or a work key are a pair, so dismissing one pair of three
 * copies still lists the other two.
 */
export function duplicates(db: DB, actor: Actor) {
  const rows = db
    .select()
    .from(sources)
    .where(eq(sources.consultationId, actor.consultation.id))
    .orderBy(asc(sources.createdAt), asc(sources.id))
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const distinct = db
    .select({ firstId: sourceDistinctPairs.firstId, secondId: sourceDistinctPairs.secondId, createdAt: sourceDistinctPairs.createdAt })
    .from(sourceDistinctPairs)
    .where(eq(sourceDistinctPairs.consultationId, actor.consultation.id))
    .orderBy(desc(sourceDistinctPairs.createdAt), desc(sql`rowid`))
    .all();
  const dismissed = new Set(distinct.map((d) => pairKey(d.firstId, d.secondId)));

  const groups = new Map<string, SourceRow[]>();
  const keysOf = new Map<string, DuplicateKeys>();
  for (const s of rows) {
    const keys = duplicateKeys(s);
    keysOf.set(s.id, keys);
    for (const key of [keys.doi ? `doi:${keys.doi}` : null, keys.work ? `work:${keys.work}` : null]) {
      if (!key) continue;
      const group = groups.get(key);
      if (group) group.push(s);
      else groups.set(key, [s]);
    }
  }
  const pairs: { a: SourceRow; b: SourceRow; reason: "doi" | "work" }[] = [];
  const seen = new Set<string>();
  let capped = false;
  outer: for (const group of groups.values()) {
    for (let j = 1; j < group.length; j++) {
      for (let i = 0; i < j; i++) {
        const k = pairKey(group[i].id, group[j].id);
        if (seen.has(k) || dismissed.has(k)) continue;
        if (pairs.length >= DUPLICATE_PAIRS_COUNTED) {
          capped = true;
          break outer;
        }
        seen.add(k);
        pairs.push({ a: group[i], b: group[j], reason: duplicateReason(keysOf.get(group[i].id)!, keysOf.get(group[j].id)!) ?? "work" });
      }
    }
  }
  // Oldest first, as the sources were added.
  const order = new Map(rows.map((r, i) => [r.id, i]));
  pairs.sort((p, q) => order.get(p.a.id)! - order.get(q.a.id)! || order.get(p.b.id)! - order.get(q.b.id)!);
  const shown = pairs.slice(0, DUPLICATE_PAIRS_SHOWN);
  const distinctShown = distinct.slice(0, DUPLICATE_PAIRS_SHOWN).filter((d) => byId.has(d.firstId) && byId.has(d.secondId));
  const use = usage(db, [
    ...new Set([...shown.flatMap((p) => [p.a.id, p.b.id]), ...distinctShown.flatMap((d) => [d.firstId, d.secondId])]),
  ]);
  return {
    pairs: shown.map((p) => ({ a: present(p.a, use), b: present(p.b, use), reason: p.reason })),
    total: pairs.length,
    /** True when there are more pairs than were counted. */
    capped,
    distinct: distinctShown.map((d) => ({
      a: present(byId.get(d.firstId)!, use),
      b: present(byId.get(d.secondId)!, use),
      markedAt: d.createdAt,
    })),
    distinctTotal: distinct.length,
  };
}

export const distinctInput = z.object({ firstId: sourceId, secondId: sourceId });

/** "These are different works": the pair is no longer listed as possible duplicates. */
export function markDistinct(db: DB, actor: Actor, firstId: string, secondId: string) {
  if (firstId === secondId) badRequest("Choose two different sources.");
  writeTransaction(db, (tx) => {
    const a = getSource(tx, actor, firstId);
    const b = getSource(tx, actor, secondId);
    if (!duplicateReason(duplicateKeys(a), duplicateKeys(b)))
      badRequest(
        "These two sources do not look like duplicates (their DOIs, or first author, year and title, differ), so there is nothing to dismiss.",
      );
    const [x, y] = a.id < b.id ? [a, b] : [b, a];
    tx.insert(sourceDistinctPairs)
      .values({ consultationId: actor.consultation.id, firstId: x.id, secondId: y.id })
      .onConflictDoNothing()
      .run();
    recordAudit(tx, actor, "source.not_duplicate", x.id, { title: x.title, other: y.title, otherId: y.id });
  });
}

/** Undoes markDistinct: the pair is listed as possible duplicates again (if the rules still match). */
export function unmarkDistinct(db: DB, actor: Actor, firstId: string, secondId: string) {
  writeTransaction(db, (tx) => {
    const a = getSource(tx, actor, firstId);
    const b = getSource(tx, actor, secondId);
    const [x, y] = a.id < b.id ? [a, b] : [b, a];
    const removed = tx
      .delete(sourceDistinctPairs)
      .where(and(eq(sourceDistinctPairs.firstId, x.id), eq(sourceDistinctPairs.secondId, y.id)))
      .run().changes;
    if (!removed) notFound("This pair of different works");
    recordAudit(tx, actor, "source.maybe_duplicate", x.id, { title: x.title, other: y.title, otherId: y.id });
  });
}

export const mergeInput = z.object({ keepId: sourceId, removeId: sourceId });

/**
 * Merges `removeId` into `keepId`: its evidence links and configurations move to the kept source,
 * the kept source's empty fields (DOI, venue, year, authors, reference number, search stage) are
 * filled from it, and it is deleted. When both sources are linked to the same mechanism, the kept
 * link stays (with its effect) and the other link's extract is appended to it, so no words the
 * facilitators wrote are lost; a differing effect is noted in the appended paragraph.
 */
export function merge(db: DB, actor: Actor, keepId: string, removeId: string) {
  if (keepId === removeId) badRequest("Choose two different sources to merge.");
  return writeTransaction(db, (tx) => {
    const keep = getSource(tx, actor, keepId);
    const gone = getSource(tx, actor, removeId);
    const links = tx
      .select()
      .from(evidenceLinks)
      .where(inArray(evidenceLinks.sourceId, [keep.id, gone.id]))
      .all();
    const keptByMechanism = new Map(links.filter((l) => l.sourceId === keep.id).map((l) => [l.mechanismId, l]));
    const now = new Date();
    let moved = 0;
    let combined = 0;
    for (const l of links.filter((x) => x.sourceId === gone.id)) {
      const kept = keptByMechanism.get(l.mechanismId);
      if (!kept) {
        tx.update(evidenceLinks).set({ sourceId: keep.id, updatedAt: now }).where(eq(evidenceLinks.id, l.id)).run();
        moved++;
        continue;
      }
      if (!kept.extract.includes(l.extract.trim())) {
        const note = l.effect === kept.effect ? "" : ` (the merged duplicate marked this "${EVIDENCE_EFFECT_LABELS[l.effect]}")`;
        tx.update(evidenceLinks)
          .set({ extract: `${kept.extract}\n\nFrom the merged duplicate${note}: ${l.extract}`, updatedAt: now })
          .where(eq(evidenceLinks.id, kept.id))
          .run();
      }
      tx.delete(evidenceLinks).where(eq(evidenceLinks.id, l.id)).run();
      combined++;
    }
    const configurations = tx
      .update(cmoConfigurations)
      .set({ sourceId: keep.id, updatedAt: now })
      .where(eq(cmoConfigurations.sourceId, gone.id))
      .run().changes;
    const fills = fillsOf(keep, gone);
    const next = filled(keep, gone);
    tx.update(sources)
      .set({
        doi: next.doi,
        venue: next.venue,
        year: next.year,
        authors: next.authors,
        ref: next.ref,
        searchStage: next.searchStage,
        updatedAt: now,
      })
      .where(eq(sources.id, keep.id))
      .run();
    tx.delete(sources).where(eq(sources.id, gone.id)).run();
    recordAudit(tx, actor, "source.merge", keep.id, {
      title: keep.title,
      removed: gone.title,
      removedId: gone.id,
      links: moved + combined,
      configurations,
      filled: fills,
    });
    return { keptId: keep.id, movedLinks: moved, combinedLinks: combined, movedConfigurations: configurations, filled: fills };
  });
}
