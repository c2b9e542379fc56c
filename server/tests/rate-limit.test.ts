import { describe, expect, it } from "vitest";
import { RateLimit } from "../rate-limit";

describe("RateLimit", () => {
  it("lets the limit through, refuses the next, and opens again after the window", () => {
    const limit = new RateLimit(3, 1000);
    expect([1, 2, 3].map(() => limit.hit("a", 0))).toEqual([true, true, true]);
    expect(limit.hit("a", 10)).toBe(false);
    expect(limit.blocked("a", 10)).toBe(true);
    expect(limit.hit("b", 10)).toBe(true); // keys are independent
    expect(limit.blocked("a", 1000)).toBe(false);
    expect(limit.hit("a", 1000)).toBe(true);
  });

  it("says how long to wait, in whole minutes", () => {
    const limit = new RateLimit(1, 15 * 60_000);
    limit.hit("x", 0);
    expect(limit.minutesLeft("x", 60_000)).toBe(14);
    expect(limit.minutesLeft("x", 15 * 60_000 - 1)).toBe(1);
  });
});
