/**
 * The evidence base: each mechanism's linked sources and CMO configurations (the same in every
 * round it appears in), and the sources and links of the mechanisms in scope, once each.
 */
import { EVIDENCE_EFFECT_VALUES, type EvidenceEffect } from "@/shared/domain";
import { referencedCitation } from "../citation";
import type { ReportConfiguration, ReportEvidenceLink, ReportMechanism, ReportMechanismEvidence, ReportSource } from "../report-types";
import type { ReportData } from "./load";

export type Evidence = ReturnType<typeof indexEvidence>;

export function indexEvidence(
  data: Pick<ReportData, "sourceRows" | "linkRows" | "configurationRows" | "reportedSourceCounts" | "consultation">,
) {
  const { sourceRows, linkRows, configurationRows } = data;
  const sourceById = new Map(sourceRows.map((r) => [r.id, r]));
  const citeSourceId = (id: string | null) => {
    const src = id ? sourceById.get(id) : undefined;
    return src ? referencedCitation(src) : null;
  };
  const configurationsOf = new Map<string, ReportConfiguration[]>();
  const configurationPositionById = new Map<string, number>();
  for (const c of configurationRows) {
    const list = configurationsOf.get(c.mechanismId) ?? [];
    // Positions are shown as 1, 2… in the mechanism's order, whatever gaps deletions left.
    const position = list.length + 1;
    configurationPositionById.set(c.id, position);
    list.push({
      id: c.id,
      position,
      polarity: c.polarity,
      context: c.context,
      resource: c.resource,
      reasoning: c.reasoning,
      outcomes: c.outcomes,
      source: citeSourceId(c.sourceId),
      sourceId: c.sourceId,
    });
    configurationsOf.set(c.mechanismId, list);
  }
  const configurationPosition = (id: string) => configurationPositionById.get(id) ?? null;
  const linksOf = new Map<string, typeof linkRows>();
  for (const l of linkRows) {
    const list = linksOf.get(l.mechanismId) ?? [];
    list.push(l);
    linksOf.set(l.mechanismId, list);
  }
  const reportedCounts = new Map(data.reportedSourceCounts.map((m) => [m.id, m.reported]));
  const evidenceOf = (mechanismId: string): ReportMechanismEvidence => {
    const links = linksOf.get(mechanismId) ?? [];
    const byEffect = Object.fromEntries(EVIDENCE_EFFECT_VALUES.map((e) => [e, 0])) as Record<EvidenceEffect, number>;
    for (const l of links) byEffect[l.effect] += 1;
    return {
      linkedSources: links.length,
      byEffect,
      reportedSources: reportedCounts.get(mechanismId) ?? null,
      includedSources: data.consultation.includedSourceCount,
      configurations: configurationsOf.get(mechanismId) ?? [],
    };
  };
  return { sourceRows, citeSourceId, configurationsOf, configurationPosition, linksOf, evidenceOf };
}

/**
 * The links and cited sources of the mechanisms in the report, under each mechanism's name in the
 * latest round of the report that has it, so a mechanism renamed between rounds is listed once.
 */
export function evidenceInScope(
  reportMechanisms: ReportMechanism[],
  evidence: Evidence,
): { sources: ReportSource[]; links: ReportEvidenceLink[] } {
  const { sourceRows, citeSourceId, configurationsOf, linksOf } = evidence;
  const latestName = new Map<string, string>();
  for (const m of reportMechanisms) latestName.set(m.mechanismId, m.name);
  const links: ReportEvidenceLink[] = [];
  const citedSourceIds = new Set<string>();
  for (const [mechanismId, mechanismName] of latestName) {
    for (const l of linksOf.get(mechanismId) ?? []) {
      citedSourceIds.add(l.sourceId);
      links.push({
        mechanismId,
        mechanism: mechanismName,
        sourceId: l.sourceId,
        source: citeSourceId(l.sourceId) ?? "",
        effect: l.effect,
        extract: l.extract,
      });
    }
    for (const c of configurationsOf.get(mechanismId) ?? []) if (c.sourceId) citedSourceIds.add(c.sourceId);
  }
  const sourceOrder = new Map(sourceRows.map((r, i) => [r.id, i]));
  links.sort((a, b) => a.mechanism.localeCompare(b.mechanism) || (sourceOrder.get(a.sourceId) ?? 0) - (sourceOrder.get(b.sourceId) ?? 0));
  const sources: ReportSource[] = sourceRows
    .filter((r) => citedSourceIds.has(r.id))
    .map((r) => ({
      id: r.id,
      ref: r.ref,
      citation: referencedCitation(r),
      authors: r.authors,
      year: r.year,
      title: r.title,
      venue: r.venue,
      doi: r.doi,
      kind: r.kind,
      searchStage: r.searchStage,
    }));
  return { sources, links };
}
