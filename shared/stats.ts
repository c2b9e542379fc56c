/**
 * Rating summaries: distribution, median and interquartile range of one mechanism version's
 * ratings. Quartiles use the same method as R's default (type 7, linear interpolation), so the
 * figures match what a research team gets when it re-runs the numbers from an export.
 */
export type RatingSummary = {
  n: number;
  /** Counts for each point of the scale, index 0 = rating 1. */
  distribution: number[];
  median: number | null;
  q1: number | null;
  q3: number | null;
  /** q3 - q1. */
  iqr: number | null;
};

/** Quantile of sorted values, R type 7. */
export function quantile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Summary from a distribution (counts per scale point). */
export function summarise(distribution: number[]): RatingSummary {
  const values: number[] = [];
  distribution.forEach((count, i) => {
    for (let k = 0; k < count; k++) values.push(i + 1);
  });
  const q1 = quantile(values, 0.25);
  const q3 = quantile(values, 0.75);
  return {
    n: values.length,
    distribution: [...distribution],
    median: quantile(values, 0.5),
    q1,
    q3,
    iqr: q1 === null || q3 === null ? null : q3 - q1,
  };
}

/** Counts per scale point from (value, count) rows, ignoring values outside 1..scaleMax. */
export function distributionOf(rows: { value: number; n: number }[], scaleMax: number): number[] {
  const distribution = Array.from({ length: scaleMax }, () => 0);
  for (const r of rows) if (r.value >= 1 && r.value <= scaleMax) distribution[r.value - 1] += r.n;
  return distribution;
}

/** "3.5" or "4": figures as a report prints them. */
export function formatFigure(x: number | null): string {
  if (x === null) return "–";
  return Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0$/, "");
}
