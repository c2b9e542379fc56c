/**
 * The figures of a mechanism: summary, shares at both ends of the scale and the consensus
 * verdict, overall and by perspective, with a small perspective's figures withheld when asked.
 */
import { meetsConsensus, PERSPECTIVE_VALUES, tooFewAnswers, UNSURE, type ConsensusRule, type PerspectiveValue } from "@/shared/domain";
import type { MechanismStats } from "../report-types";
import { distributionOf, summarise } from "@/shared/stats";
import type { RatingCount } from "./ratings";

export type Band = { from: number; to: number };

/**
 * The ratings counted as "top" and "bottom" of the scale. A rule without a bottom condition still
 * gets a bottom share, over the mirror of its top band, so reports always show both ends.
 */
export function consensusBands(rule: ConsensusRule | null, scaleMax: number): { top: Band; bottom: Band } {
  if (!rule) return { top: { from: scaleMax, to: scaleMax }, bottom: { from: 1, to: 1 } };
  const bottomTo = rule.bottomTo ?? Math.max(1, Math.min(rule.topFrom - 1, scaleMax + 1 - rule.topFrom));
  return { top: { from: rule.topFrom, to: scaleMax }, bottom: { from: 1, to: bottomTo } };
}

/** A share as a report prints it: 0-100 with one decimal. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** Summary, shares at both ends and the consensus verdict of one distribution. */
export function mechanismStats(distribution: number[], rule: ConsensusRule | null, bands: { top: Band; bottom: Band }): MechanismStats {
  const summary = summarise(distribution);
  const within = (b: Band) => distribution.slice(b.from - 1, b.to).reduce((a, c) => a + c, 0);
  return {
    ...summary,
    topPercent: percent(within(bands.top), summary.n),
    bottomPercent: percent(within(bands.bottom), summary.n),
    consensus: rule ? meetsConsensus(rule, distribution) : null,
  };
}

/**
 * A perspective's figures as a file for a wider audience carries them when the group is below the
 * consultation's minimum group size: none, only the label (figures and no consensus verdict).
 */
export function withheldStats(scaleMax: number, minGroupSize: number): MechanismStats {
  return {
    n: 0,
    distribution: Array.from({ length: scaleMax }, () => 0),
    median: null,
    q1: null,
    q3: null,
    iqr: null,
    topPercent: null,
    bottomPercent: null,
    consensus: null,
    unsure: 0,
    withheld: tooFewAnswers(minGroupSize),
  };
}

export type Statistics = ReturnType<typeof statisticsOf>;

/**
 * The figures of any version, overall or for one perspective, from the rating counts. Cached:
 * a decision citing ratings and a mechanism's change since the round before ask again for figures
 * already worked out for another mechanism.
 */
export function statisticsOf(
  countsByVersion: Map<string, Map<string, RatingCount>>,
  settings: {
    scaleMax: number;
    rule: ConsensusRule | null;
    bands: { top: Band; bottom: Band };
    minGroupSize: number;
    withholdSmallGroups: boolean;
  },
) {
  const { scaleMax, rule, bands, minGroupSize, withholdSmallGroups } = settings;
  const statsCache = new Map<string, MechanismStats>();
  const statsOf = (versionId: string, perspective?: PerspectiveValue): MechanismStats => {
    const key = `${versionId}:${perspective ?? ""}`;
    const cached = statsCache.get(key);
    if (cached) return cached;
    const rows = [...(countsByVersion.get(versionId)?.values() ?? [])].filter((r) => !perspective || r.perspective === perspective);
    const unsure = rows.reduce((n, r) => (r.value === UNSURE ? n + r.n : n), 0);
    const s = { ...mechanismStats(distributionOf(rows, scaleMax), rule, bands), unsure };
    statsCache.set(key, s);
    return s;
  };
  /** A perspective's figures, or none below the minimum group size when those are withheld. */
  const perspectiveStats = (versionId: string, perspective: PerspectiveValue): MechanismStats => {
    const s = statsOf(versionId, perspective);
    return withholdSmallGroups && s.n < minGroupSize ? withheldStats(scaleMax, minGroupSize) : s;
  };
  const byPerspective = (versionId: string) =>
    Object.fromEntries(PERSPECTIVE_VALUES.map((p) => [p, perspectiveStats(versionId, p)])) as Record<PerspectiveValue, MechanismStats>;
  return { statsOf, byPerspective };
}
