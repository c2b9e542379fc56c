/**
 * The evidence base around the mechanisms: links from a source to a mechanism (the evidence in the
 * facilitators' own words and whether it supports, weakens or refines it), context-mechanism-
 * outcome configurations, the evidence matrix (sources × mechanisms), the published counts, the
 * per-round switch that shows the evidence to the panel, and what the panel then sees.
 *
 * Every page reads a fixed number of queries whatever the number of sources and links: the
 * round's mechanisms, the sources, the links and the configurations, one query each.
 */
import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { fullCitation, shortCitation } from "./citation";
import { z } from "zod";
import type { DB } from "@/db";
import { cmoConfigurations, consultations, evidenceLinks, mechanisms, mechanismVersions, rounds, sources } from "@/db/schema";
import {
  CMO_POLARITY_VALUES,
  EVIDENCE_EFFECT_LABELS,
  EVIDENCE_EFFECT_VALUES,
  LIMITS,
  SOURCE_KIND_VALUES,
  type CmoOutcome,
  type CmoPolarity,
  type EvidenceEffect,
  type SourceKind,
} from "@/shared/domain";
import { text } from "../validation";
import { badRequest, conflict, notFound, recordAudit, type Actor, type Tx } from "./actor";
import { getRound, roundNumber, type Round } from "./round-state";
import { writeTransaction } from "@/db/transaction";

// ---------------------------------------------------------------------------------------------
// Input pieces

export const effect = z.enum(EVIDENCE_EFFECT_VALUES, { error: "Choose whether the source supports, weakens or refines the mechanism" });
export const extract = text(LIMITS.evidenceExtract);
const cmoText = text(LIMITS.cmoText);

export const outcome = z.object({
  sign: z.enum(["+", "-"], { error: "Mark the outcome present (+) or absent (-)" }),
  text: cmoText,
});

export const configurationFields = z.object({
  polarity: z.enum(CMO_POLARITY_VALUES, { error: "Choose whether the mechanism was present or absent" }),
  context: cmoText,
  resource: cmoText,
  reasoning: cmoText,
  outcomes: z
    .array(outcome)
    .min(LIMITS.cmoOutcomes.min, "Give at least one outcome")
    .max(LIMITS.cmoOutcomes.max, `At most ${LIMITS.cmoOutcomes.max} outcomes per configuration`),
  sourceId: z.uuid("Unknown source").nullable(),
});
export type ConfigurationFields = z.infer<typeof configurationFields>;

/** A published count (papers reported, papers included): a whole number, or null for none. */
export const publishedCount = z
  .number("Give a whole number, or clear the box")
  .int("Give a whole number, or clear the box")
  .min(0, "A count cannot be negative")
  .max(100_000, "That count is too large")
  .nullable();

export const matrixFilters = z.object({
  /** The round whose mechanisms are the columns; the latest round when left out. */
  round: roundNumber.optional(),
  kind: z.enum(SOURCE_KIND_VALUES, { error: "Unknown kind of source" }).optional(),
  searchStage: z.string().trim().max(LIMITS.searchStage.max, "Too long").optional(),
  effect: z.enum(EVIDENCE_EFFECT_VALUES, { error: "Unknown effect" }).optional(),
  mechanismId: z.uuid("Unknown mechanism").optional(),
  text: z.string().trim().max(200, "Too long (at most 200 characters)").optional(),
});
export type MatrixFilters = z.infer<typeof matrixFilters>;

export const MATRIX_PAGE = 50;

// ---------------------------------------------------------------------------------------------
// Citations

type SourceRow = typeof sources.$inferSelect;

export type SourceSummary = {
  id: string;
  ref: number | null;
  citation: string;
  short: string;
  title: string;
  /** "Smith, Ann; Jones, Bo" */
  authors: string;
  venue: string;
  year: number | null;
  kind: SourceKind;
  searchStage: string;
  doi: string | null;
};

function summary(s: SourceRow): SourceSummary {
  return {
    id: s.id,
    ref: s.ref,
    citation: fullCitation(s),
    short: shortCitation(s),
    title: s.title,
    authors: s.authors.join("; "),
    venue: s.venue,
    year: s.year,
    kind: s.kind,
    searchStage: s.searchStage,
    doi: s.doi,
  };
}

/** The review's order: its reference numbers first, then by first author and year. */
function bySourceOrder(a: SourceRow, b: SourceRow): number {
  if (a.ref !== null || b.ref !== null) {
    if (a.ref === null) return 1;
    if (b.ref === null) return -1;
    if (a.ref !== b.ref) return a.ref - b.ref;
  }
  const author = (a.authors[0] ?? "").localeCompare(b.authors[0] ?? "", "en", { sensitivity: "base" });
  return author || (a.year ?? 0) - (b.year ?? 0) || a.title.localeCompare(b.title);
}

// ---------------------------------------------------------------------------------------------
// Look-ups inside the actor's consultation (another consultation's rows are "not found")

function ownMechanism(db: DB | Tx, actor: Actor, mechanismId: string) {
  const row = db.select().from(mechanisms).where(eq(mechanisms.id, mechanismId)).get();
  if (!row || row.consultationId !== actor.consultation.id) notFound("This mechanism");
  return row;
}

function ownSource(db: DB | Tx, actor: Actor, sourceId: string) {
  const row = db.select().from(sources).where(eq(sources.id, sourceId)).get();
  if (!row || row.consultationId !== actor.consultation.id) notFound("This source (it is not one of this consultation's sources)");
  return row;
}

function ownLink(db: DB | Tx, actor: Actor, linkId: string) {
  const row = db.select().from(evidenceLinks).where(eq(evidenceLinks.id, linkId)).get();
  if (!row || row.consultationId !== actor.consultation.id) notFound("This evidence link");
  return row;
}

function ownConfiguration(db: DB | Tx, actor: Actor, configurationId: string) {
  const row = db.select().from(cmoConfigurations).where(eq(cmoConfigurations.id, configurationId)).get();
  if (!row || row.consultationId !== actor.consultation.id) notFound("This configuration");
  return row;
}

// ---------------------------------------------------------------------------------------------
// Links

export function addLink(db: DB, actor: Actor, input: { sourceId: string; mechanismId: string; effect: EvidenceEffect; extract: string }) {
  return writeTransaction(db, (tx) => {
    const mechanism = ownMechanism(tx, actor, input.mechanismId);
    const source = ownSource(tx, actor, input.sourceId);
    const existing = tx
      .select({ id: evidenceLinks.id })
      .from(evidenceLinks)
      .where(and(eq(evidenceLinks.sourceId, source.id), eq(evidenceLinks.mechanismId, mechanism.id)))
      .get();
    if (existing) conflict(`${shortCitation(source)} is already linked to this mechanism; edit the existing link instead.`);
    const row = tx
      .insert(evidenceLinks)
      .values({
        consultationId: actor.consultation.id,
        sourceId: source.id,
        mechanismId: mechanism.id,
        effect: input.effect,
        extract: input.extract,
        createdBy: actor.user.id,
      })
      .returning({ id: evidenceLinks.id })
      .get();
    recordAudit(tx, actor, "evidence.link_add", row.id, { sourceId: source.id, mechanismId: mechanism.id, effect: input.effect });
    return { id: row.id };
  });
}

export function updateLink(db: DB, actor: Actor, input: { linkId: string; effect: EvidenceEffect; extract: string }) {
  return writeTransaction(db, (tx) => {
    const link = ownLink(tx, actor, input.linkId);
    if (link.effect === input.effect && link.extract === input.extract) return { id: link.id, changed: false };
    tx.update(evidenceLinks)
      .set({ effect: input.effect, extract: input.extract, updatedAt: new Date() })
      .where(eq(evidenceLinks.id, link.id))
      .run();
    recordAudit(tx, actor, "evidence.link_update", link.id, {
      sourceId: link.sourceId,
      mechanismId: link.mechanismId,
      before: { effect: link.effect, extract: link.extract },
      after: { effect: input.effect },
    });
    return { id: link.id, changed: true };
  });
}

export function removeLink(db: DB, actor: Actor, linkId: string) {
  return writeTransaction(db, (tx) => {
    const link = ownLink(tx, actor, linkId);
    tx.delete(evidenceLinks).where(eq(evidenceLinks.id, link.id)).run();
    recordAudit(tx, actor, "evidence.link_remove", link.id, {
      sourceId: link.sourceId,
      mechanismId: link.mechanismId,
      effect: link.effect,
      extract: link.extract,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Configurations (positions stay 1..n per mechanism, so "configuration 2" is its position)

/** The columns a facilitator writes (what the form sends; also the audit's "before"). */
function configurationColumns(c: ConfigurationFields) {
  return {
    polarity: c.polarity,
    context: c.context,
    resource: c.resource,
    reasoning: c.reasoning,
    outcomes: c.outcomes,
    sourceId: c.sourceId,
  };
}

export function addConfiguration(db: DB, actor: Actor, input: ConfigurationFields & { mechanismId: string }) {
  return writeTransaction(db, (tx) => {
    const mechanism = ownMechanism(tx, actor, input.mechanismId);
    if (input.sourceId) ownSource(tx, actor, input.sourceId);
    const last = tx
      .select({ position: cmoConfigurations.position })
      .from(cmoConfigurations)
      .where(eq(cmoConfigurations.mechanismId, mechanism.id))
      .orderBy(desc(cmoConfigurations.position))
      .get();
    const row = tx
      .insert(cmoConfigurations)
      .values({
        consultationId: actor.consultation.id,
        mechanismId: mechanism.id,
        position: (last?.position ?? 0) + 1,
        ...configurationColumns(input),
      })
      .returning({ id: cmoConfigurations.id, position: cmoConfigurations.position })
      .get();
    recordAudit(tx, actor, "evidence.configuration_add", row.id, { mechanismId: mechanism.id, number: row.position });
    return row;
  });
}

export function updateConfiguration(db: DB, actor: Actor, input: ConfigurationFields & { configurationId: string }) {
  return writeTransaction(db, (tx) => {
    const row = ownConfiguration(tx, actor, input.configurationId);
    if (input.sourceId) ownSource(tx, actor, input.sourceId);
    tx.update(cmoConfigurations)
      .set({ ...configurationColumns(input), updatedAt: new Date() })
      .where(eq(cmoConfigurations.id, row.id))
      .run();
    recordAudit(tx, actor, "evidence.configuration_update", row.id, {
      mechanismId: row.mechanismId,
      number: row.position,
      before: configurationColumns(row),
    });
  });
}

export function removeConfiguration(db: DB, actor: Actor, configurationId: string) {
  return writeTransaction(db, (tx) => {
    const row = ownConfiguration(tx, actor, configurationId);
    tx.delete(cmoConfigurations).where(eq(cmoConfigurations.id, row.id)).run();
    // Close the gap so the numbers the panel sees stay 1..n.
    tx.update(cmoConfigurations)
      .set({ position: sql`${cmoConfigurations.position} - 1` })
      .where(and(eq(cmoConfigurations.mechanismId, row.mechanismId), gt(cmoConfigurations.position, row.position)))
      .run();
    recordAudit(tx, actor, "evidence.configuration_remove", row.id, {
      mechanismId: row.mechanismId,
      number: row.position,
      context: row.context,
      resource: row.resource,
      reasoning: row.reasoning,
      outcomes: row.outcomes,
    });
  });
}

/** Moves a configuration one place up or down among its mechanism's configurations. */
export function moveConfiguration(db: DB, actor: Actor, input: { configurationId: string; direction: "up" | "down" }) {
  return writeTransaction(db, (tx) => {
    const row = ownConfiguration(tx, actor, input.configurationId);
    const target = row.position + (input.direction === "up" ? -1 : 1);
    const other = tx
      .select()
      .from(cmoConfigurations)
      .where(and(eq(cmoConfigurations.mechanismId, row.mechanismId), eq(cmoConfigurations.position, target)))
      .get();
    if (!other)
      badRequest(input.direction === "up" ? "This configuration is already the first." : "This configuration is already the last.");
    tx.update(cmoConfigurations).set({ position: row.position }).where(eq(cmoConfigurations.id, other.id)).run();
    tx.update(cmoConfigurations).set({ position: target }).where(eq(cmoConfigurations.id, row.id)).run();
    recordAudit(tx, actor, "evidence.configuration_move", row.id, { mechanismId: row.mechanismId, from: row.position, to: target });
    return { position: target };
  });
}

// ---------------------------------------------------------------------------------------------
// Published counts and the round's switch

export function setReportedCount(db: DB, actor: Actor, input: { mechanismId: string; count: number | null }) {
  return writeTransaction(db, (tx) => {
    const mechanism = ownMechanism(tx, actor, input.mechanismId);
    if (mechanism.reportedSourceCount === input.count) return;
    tx.update(mechanisms).set({ reportedSourceCount: input.count }).where(eq(mechanisms.id, mechanism.id)).run();
    recordAudit(tx, actor, "evidence.reported_count", mechanism.id, { before: mechanism.reportedSourceCount, after: input.count });
  });
}

export function setIncludedCount(db: DB, actor: Actor, input: { count: number | null }) {
  return writeTransaction(db, (tx) => {
    const current = tx
      .select({ n: consultations.includedSourceCount })
      .from(consultations)
      .where(eq(consultations.id, actor.consultation.id))
      .get();
    if (current?.n === input.count) return;
    tx.update(consultations).set({ includedSourceCount: input.count }).where(eq(consultations.id, actor.consultation.id)).run();
    recordAudit(tx, actor, "evidence.included_count", actor.consultation.id, { before: current?.n ?? null, after: input.count });
  });
}

export function setRoundVisibility(db: DB, actor: Actor, input: { round: number; visible: boolean }) {
  return writeTransaction(db, (tx) => {
    const round = getRound(tx, actor, { number: input.round });
    if (round.status === "closed") {
      badRequest(`Round ${round.number} is closed: what its panel saw is part of the record and can no longer change.`);
    }
    if (round.evidenceVisible === input.visible) return { visible: input.visible };
    tx.update(rounds).set({ evidenceVisible: input.visible }).where(eq(rounds.id, round.id)).run();
    recordAudit(tx, actor, "round.evidence_visibility", round.id, { number: round.number, visible: input.visible });
    return { visible: input.visible };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

export type EffectCounts = Record<EvidenceEffect, number> & { total: number };

function emptyCounts(): EffectCounts {
  return { total: 0, supports: 0, weakens: 0, refines: 0 };
}

export type ConfigurationView = {
  id: string;
  number: number;
  polarity: CmoPolarity;
  context: string;
  resource: string;
  reasoning: string;
  outcomes: CmoOutcome[];
  source: { id: string; citation: string } | null;
};

/** The configurations of some mechanisms, in order, with their sources: one query. */
function configurationsOf(db: DB | Tx, mechanismIds: string[]): Map<string, ConfigurationView[]> {
  const byMechanism = new Map<string, ConfigurationView[]>();
  if (mechanismIds.length === 0) return byMechanism;
  const rows = db
    .select({ c: cmoConfigurations, s: sources })
    .from(cmoConfigurations)
    .leftJoin(sources, eq(sources.id, cmoConfigurations.sourceId))
    .where(inArray(cmoConfigurations.mechanismId, mechanismIds))
    .orderBy(asc(cmoConfigurations.mechanismId), asc(cmoConfigurations.position))
    .all();
  for (const { c, s } of rows) {
    const list = byMechanism.get(c.mechanismId) ?? [];
    list.push({
      id: c.id,
      number: c.position,
      polarity: c.polarity,
      context: c.context,
      resource: c.resource,
      reasoning: c.reasoning,
      outcomes: c.outcomes,
      source: s ? { id: s.id, citation: fullCitation(s) } : null,
    });
    byMechanism.set(c.mechanismId, list);
  }
  return byMechanism;
}

export type LinkView = { id: string; effect: EvidenceEffect; extract: string; source: SourceSummary; updatedAt: Date };

function linksOf(db: DB | Tx, mechanismId: string): LinkView[] {
  return db
    .select({ link: evidenceLinks, source: sources })
    .from(evidenceLinks)
    .innerJoin(sources, eq(sources.id, evidenceLinks.sourceId))
    .where(eq(evidenceLinks.mechanismId, mechanismId))
    .all()
    .sort((a, b) => bySourceOrder(a.source, b.source))
    .map(({ link, source }) => ({
      id: link.id,
      effect: link.effect,
      extract: link.extract,
      source: summary(source),
      updatedAt: link.updatedAt,
    }));
}

function countsOf(links: { effect: EvidenceEffect }[]): EffectCounts {
  const counts = emptyCounts();
  for (const l of links) {
    counts[l.effect]++;
    counts.total++;
  }
  return counts;
}

/** A facilitator's page for one mechanism: its links, configurations and the sources to pick from. */
export function mechanismEvidence(db: DB, actor: Actor, mechanismId: string) {
  const mechanism = ownMechanism(db, actor, mechanismId);
  const versions = db
    .select({ round: rounds.number, name: mechanismVersions.name, description: mechanismVersions.description })
    .from(mechanismVersions)
    .innerJoin(rounds, eq(rounds.id, mechanismVersions.roundId))
    .where(eq(mechanismVersions.mechanismId, mechanism.id))
    .orderBy(desc(rounds.number))
    .all();
  const latest = versions[0];
  const links = linksOf(db, mechanism.id);
  const allSources = db.select().from(sources).where(eq(sources.consultationId, actor.consultation.id)).all().sort(bySourceOrder);
  return {
    mechanism: {
      id: mechanism.id,
      name: latest?.name ?? "A mechanism no longer in any round",
      description: latest?.description ?? "",
      rounds: versions.map((v) => v.round).sort((a, b) => a - b),
      reportedSourceCount: mechanism.reportedSourceCount,
    },
    includedSourceCount: actor.consultation.includedSourceCount,
    counts: countsOf(links),
    links,
    configurations: configurationsOf(db, [mechanism.id]).get(mechanism.id) ?? [],
    sources: allSources.map((s) => ({ id: s.id, citation: fullCitation(s), linked: links.some((l) => l.source.id === s.id) })),
  };
}

function matches(s: SourceRow, needle: string): boolean {
  const hay = `${s.title}\n${s.authors.join("; ")}\n${s.venue}\n${s.year ?? ""}\n${s.doi ?? ""}\n${s.ref ?? ""}`.toLowerCase();
  return hay.includes(needle);
}

export type MatrixColumn = {
  mechanismId: string;
  name: string;
  position: number;
  counts: EffectCounts;
  reportedSourceCount: number | null;
};

export type MatrixRow = { source: SourceSummary; cells: Record<string, { linkId: string; effect: EvidenceEffect; extract: string }> };

/**
 * Sources (rows) against the mechanisms of one round (columns), filtered; counts per mechanism
 * are over every row the filters keep, not only the page shown. Four queries whatever the size.
 */
export function matrix(db: DB, actor: Actor, filters: MatrixFilters, page: number | null = 1) {
  const allRounds = db
    .select({ id: rounds.id, number: rounds.number, status: rounds.status, title: rounds.title, evidenceVisible: rounds.evidenceVisible })
    .from(rounds)
    .where(eq(rounds.consultationId, actor.consultation.id))
    .orderBy(asc(rounds.number))
    .all();
  // The latest round with mechanisms, when none is chosen (a fresh draft round 3 with nothing in it is no help).
  const versions = db
    .select({
      mechanismId: mechanismVersions.mechanismId,
      name: mechanismVersions.name,
      position: mechanismVersions.position,
      roundId: mechanismVersions.roundId,
      reported: mechanisms.reportedSourceCount,
    })
    .from(mechanismVersions)
    .innerJoin(mechanisms, eq(mechanisms.id, mechanismVersions.mechanismId))
    .where(eq(mechanisms.consultationId, actor.consultation.id))
    .orderBy(asc(mechanismVersions.position))
    .all();
  const withMechanisms = allRounds.filter((r) => versions.some((v) => v.roundId === r.id));
  const round: (typeof allRounds)[number] | undefined =
    filters.round !== undefined ? allRounds.find((r) => r.number === filters.round) : (withMechanisms.at(-1) ?? allRounds.at(-1));
  if (filters.round !== undefined && !round) notFound("This round");
  let columns: MatrixColumn[] = versions
    .filter((v) => v.roundId === round?.id)
    .map((v) => ({
      mechanismId: v.mechanismId,
      name: v.name,
      position: v.position,
      counts: emptyCounts(),
      reportedSourceCount: v.reported,
    }));
  if (filters.mechanismId) columns = columns.filter((c) => c.mechanismId === filters.mechanismId);
  const columnIds = new Set(columns.map((c) => c.mechanismId));
  const inRound = new Set(versions.filter((v) => v.roundId === round?.id).map((v) => v.mechanismId));

  const allSources = db.select().from(sources).where(eq(sources.consultationId, actor.consultation.id)).all();
  const links = db
    .select({
      id: evidenceLinks.id,
      sourceId: evidenceLinks.sourceId,
      mechanismId: evidenceLinks.mechanismId,
      effect: evidenceLinks.effect,
      extract: evidenceLinks.extract,
    })
    .from(evidenceLinks)
    .where(eq(evidenceLinks.consultationId, actor.consultation.id))
    .all();
  // Mechanisms with evidence but no version in this round (dropped, or not yet added): said so.
  const outside = new Set(links.filter((l) => !inRound.has(l.mechanismId)).map((l) => l.mechanismId));

  const cellsBySource = new Map<string, MatrixRow["cells"]>();
  for (const l of links) {
    if (!columnIds.has(l.mechanismId)) continue;
    if (filters.effect && l.effect !== filters.effect) continue;
    const cells = cellsBySource.get(l.sourceId) ?? {};
    cells[l.mechanismId] = { linkId: l.id, effect: l.effect, extract: l.extract };
    cellsBySource.set(l.sourceId, cells);
  }
  const needle = filters.text?.toLowerCase() ?? "";
  const stage = filters.searchStage ?? "";
  // With an effect or a mechanism chosen, only the sources that have such a link are rows.
  const needsLink = Boolean(filters.effect || filters.mechanismId);
  const kept = allSources
    .filter(
      (s) =>
        (!filters.kind || s.kind === filters.kind) &&
        (!stage || s.searchStage === stage) &&
        (!needle || matches(s, needle)) &&
        (!needsLink || cellsBySource.has(s.id)),
    )
    .sort(bySourceOrder);
  const byId = new Map(columns.map((c) => [c.mechanismId, c]));
  for (const s of kept) {
    for (const [mechanismId, cell] of Object.entries(cellsBySource.get(s.id) ?? {})) {
      const counts = byId.get(mechanismId)!.counts;
      counts[cell.effect]++;
      counts.total++;
    }
  }
  const pages = Math.max(1, Math.ceil(kept.length / MATRIX_PAGE));
  const current = page === null ? null : Math.min(Math.max(1, page), pages);
  const shown = current === null ? kept : kept.slice((current - 1) * MATRIX_PAGE, current * MATRIX_PAGE);
  return {
    rounds: allRounds.map((r) => ({ number: r.number, title: r.title, status: r.status, evidenceVisible: r.evidenceVisible })),
    round: round ? { number: round.number, title: round.title, status: round.status, evidenceVisible: round.evidenceVisible } : null,
    columns,
    rows: shown.map((s) => ({ source: summary(s), cells: cellsBySource.get(s.id) ?? {} })),
    totalRows: kept.length,
    totalSources: allSources.length,
    page: current ?? 1,
    pages: current === null ? 1 : pages,
    searchStages: [...new Set(allSources.map((s) => s.searchStage).filter(Boolean))].sort(),
    mechanismsOutsideRound: outside.size,
    includedSourceCount: actor.consultation.includedSourceCount,
    /** Every mechanism of the round for the mechanism filter, whatever the filter chose. */
    roundMechanisms: versions
      .filter((v) => v.roundId === round?.id)
      .map((v) => ({ mechanismId: v.mechanismId, name: v.name, position: v.position })),
  };
}
export type Matrix = ReturnType<typeof matrix>;

// ---------------------------------------------------------------------------------------------
// What the panel sees

export type PanelEvidence =
  | { visible: false; round: number }
  | {
      visible: true;
      round: number;
      counts: EffectCounts;
      reportedSourceCount: number | null;
      includedSourceCount: number | null;
      links: { id: string; effect: EvidenceEffect; effectLabel: string; extract: string; citation: string; doi: string | null }[];
      configurations: ConfigurationView[];
      /** Whether a panel member can comment on a configuration now. */
      canComment: boolean;
    };

/**
 * A mechanism's evidence as the panel sees it on its page in a round, or `visible: false` when
 * the round does not show it (then nothing else is sent, to anyone).
 */
export function forPanel(db: DB, actor: Actor, input: { round: number; mechanismId: string }): PanelEvidence {
  const round = getRound(db, actor, { number: input.round }); // drafts are "not found" to the panel
  const version = db
    .select({ id: mechanismVersions.id, mechanismId: mechanismVersions.mechanismId, reported: mechanisms.reportedSourceCount })
    .from(mechanismVersions)
    .innerJoin(mechanisms, eq(mechanisms.id, mechanismVersions.mechanismId))
    .where(and(eq(mechanismVersions.roundId, round.id), eq(mechanismVersions.mechanismId, input.mechanismId)))
    .get();
  if (!version) notFound("This mechanism");
  if (!round.evidenceVisible) return { visible: false, round: round.number };
  const links = linksOf(db, version.mechanismId);
  return {
    visible: true,
    round: round.number,
    counts: countsOf(links),
    reportedSourceCount: version.reported,
    includedSourceCount: actor.consultation.includedSourceCount,
    links: links.map((l) => ({
      id: l.id,
      effect: l.effect,
      effectLabel: EVIDENCE_EFFECT_LABELS[l.effect],
      extract: l.extract,
      citation: l.source.citation,
      doi: l.source.doi,
    })),
    configurations: configurationsOf(db, [version.mechanismId]).get(version.mechanismId) ?? [],
    canComment: round.status === "open",
  };
}

// ---------------------------------------------------------------------------------------------
// Comments on a configuration (server/services/comments.ts)

/**
 * Refuses a comment on a configuration unless the configuration is one of this mechanism's, in
 * this consultation, and the round shows the evidence to the panel (the round being open is
 * checked by the comment itself).
 */
export function requireCommentableConfiguration(
  db: DB | Tx,
  actor: Actor,
  round: Round,
  mechanismId: string,
  configurationId: string,
): void {
  const row = db.select().from(cmoConfigurations).where(eq(cmoConfigurations.id, configurationId)).get();
  if (!row || row.consultationId !== actor.consultation.id || row.mechanismId !== mechanismId) {
    notFound("This configuration (it is not one of this mechanism's)");
  }
  if (!round.evidenceVisible)
    badRequest(`The evidence is not shown to the panel in round ${round.number}, so its configurations cannot be commented on.`);
}

/** "Configuration 2" and the start of its context, for the comments on configurations: one query. */
export function configurationLabels(db: DB | Tx, ids: string[]): Map<string, { number: number; context: string }> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ id: cmoConfigurations.id, number: cmoConfigurations.position, context: cmoConfigurations.context })
    .from(cmoConfigurations)
    .where(inArray(cmoConfigurations.id, [...new Set(ids)]))
    .all();
  return new Map(
    rows.map((r) => [r.id, { number: r.number, context: r.context.length > 120 ? `${r.context.slice(0, 120).trimEnd()}…` : r.context }]),
  );
}
