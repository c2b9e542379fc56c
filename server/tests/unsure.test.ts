/**
 * "Unsure: I cannot judge this" (rating 0): an answer that counts for progress and response, and
 * stays out of every figure: distribution, n, median, IQR, consensus shares, Delphi feedback.
 * Also ties and missing ratings in the figures, worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { buildReport } from "@/server/services/report";
import { addStakeholder, setup, withTemporaryOutbox } from "./helpers";

withTemporaryOutbox("all");

describe("an unsure answer", () => {
  it("counts as answered but is left out of the figures", async () => {
    const w = await setup({ mechanisms: ["Building trust", "Working with power"] });
    const { db, consultationId, facilitator, a, b } = w;
    const c = await addStakeholder(db, facilitator, consultationId, {
      name: "Cai Carter",
      email: "cai@example.org",
      perspective: "practitioner",
    });
    const d = await addStakeholder(db, facilitator, consultationId, {
      name: "Dot Dale",
      email: "dot@example.org",
      perspective: "practitioner",
    });
    const [trust, power] = w.versions;

    // Building trust: 4, 4 (a tie), 5 and one unsure. Working with power: only unsure; d never rates it.
    expect(await a.caller.rating.set({ consultationId, versionId: trust, value: 4 })).toMatchObject({ value: 4 });
    await b.caller.rating.set({ consultationId, versionId: trust, value: 4 });
    await c.caller.rating.set({ consultationId, versionId: trust, value: 5 });
    const unsure = await d.caller.rating.set({ consultationId, versionId: trust, value: 0 });
    expect(unsure).toEqual({ value: 0, rated: 1 });
    await c.caller.rating.set({ consultationId, versionId: power, value: 0 });

    // Progress counts the unsure answer; the page shows it as the chosen answer.
    const { mechanisms } = await d.caller.mechanism.listForRound({ consultationId, round: 1 });
    const page = await d.caller.mechanism.byId({ consultationId, round: 1, mechanismId: mechanisms[0].mechanismId });
    expect(page.myRating).toBe(0);
    expect(page.progress).toEqual({ rated: 1, total: 2 });

    // Not a rating outside the scale.
    await expect(a.caller.rating.set({ consultationId, versionId: trust, value: 6 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(a.caller.rating.set({ consultationId, versionId: trust, value: -1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const report = buildReport(db, { consultationId, includeNames: false });
    const [t, p] = report.mechanisms;
    // n and the figures are of 4, 4, 5: median 4, quartiles 4 and 4.5 (R type 7).
    expect(t.stats).toMatchObject({ n: 3, distribution: [0, 0, 0, 2, 1], median: 4, q1: 4, q3: 4.5, iqr: 0.5, unsure: 1 });
    // Without a consensus rule the top band is the top of the scale: one 5 of three ratings.
    expect(t.stats.topPercent).toBe(33.3);
    // Practitioners: Ann 4, Cai 5, Dot unsure.
    expect(t.byPerspective.practitioner).toMatchObject({ n: 2, median: 4.5, unsure: 1 });
    expect(t.byPerspective.service_user).toMatchObject({ n: 1, median: 4, unsure: 0 });
    // Only an unsure answer: no figures at all, but the answer is there.
    expect(p.stats).toMatchObject({ n: 0, median: null, iqr: null, topPercent: null, unsure: 1 });
    expect(report.ratings.filter((r) => r.unsure).map((r) => [r.mechanism, r.rating])).toEqual([
      ["Building trust", null],
      ["Working with power", null],
    ]);
    // Everyone who answered, unsure included, responded in round 1.
    expect(report.participation[0]).toMatchObject({ invited: 4, responded: 4 });

    // The facilitator's live overview leaves it out of the distribution too.
    const overview = await facilitator.overview.responses({ consultationId, round: 1 });
    expect(overview.mechanisms[0]).toMatchObject({ ratingCount: 3, distribution: [0, 0, 0, 2, 1] });
  });
});
