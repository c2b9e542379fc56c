import { describe, expect, it } from "vitest";
import { distributionOf, formatFigure, quantile, summarise } from "@/shared/stats";

describe("rating summaries", () => {
  it("match R's default quantiles", () => {
    // quantile(c(1,2,3,4), c(.25,.5,.75)) in R: 1.75 2.5 3.25
    expect([0.25, 0.5, 0.75].map((p) => quantile([1, 2, 3, 4], p))).toEqual([1.75, 2.5, 3.25]);
    // quantile(c(2,4,4,5,5), ...): 4 4 5
    expect([0.25, 0.5, 0.75].map((p) => quantile([2, 4, 4, 5, 5], p))).toEqual([4, 4, 5]);
  });

  it("summarise a distribution, and say nothing about no ratings", () => {
    expect(summarise([0, 1, 0, 2, 2])).toEqual({ n: 5, distribution: [0, 1, 0, 2, 2], median: 4, q1: 4, q3: 5, iqr: 1 });
    expect(summarise([0, 0, 0])).toMatchObject({ n: 0, median: null, iqr: null });
  });

  it("build distributions from grouped rows and print figures", () => {
    expect(
      distributionOf(
        [
          { value: 5, n: 3 },
          { value: 1, n: 1 },
          { value: 7, n: 9 },
        ],
        5,
      ),
    ).toEqual([1, 0, 0, 0, 3]);
    expect([formatFigure(4), formatFigure(3.25), formatFigure(2.5), formatFigure(null)]).toEqual(["4", "3.25", "2.5", "–"]);
  });
});
