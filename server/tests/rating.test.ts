import { describe, expect, it } from "vitest";
import { ratings } from "@/db/schema";
import { expectRefused, setup, type World } from "./helpers";

async function myRatings(w: World, who: "a" | "b") {
  const list = await w[who].caller.mechanism.listForRound({ consultationId: w.consultationId, round: 1 });
  return list.mechanisms.map((m) => m.myRating);
}

describe("rating.set and rating.clear", () => {
  it("sets, changes and clears a rating while the round is open", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const [v1, v2] = w.versions;
    expect(await w.a.caller.rating.set({ consultationId: cid, versionId: v1, value: 3 })).toEqual({ value: 3, rated: 1 });
    expect(await w.a.caller.rating.set({ consultationId: cid, versionId: v1, value: 5 })).toEqual({ value: 5, rated: 1 });
    expect(await w.a.caller.rating.set({ consultationId: cid, versionId: v2, value: 1 })).toEqual({ value: 1, rated: 2 });
    expect(await myRatings(w, "a")).toEqual([5, 1, null]);
    // One row per person and mechanism: changing does not add a row.
    expect(w.db.select().from(ratings).all()).toHaveLength(2);
    // B's ratings are B's own.
    expect(await myRatings(w, "b")).toEqual([null, null, null]);

    await w.a.caller.rating.clear({ consultationId: cid, versionId: v1 });
    expect(await myRatings(w, "a")).toEqual([null, 1, null]);
    expect((await w.a.caller.round.byNumber({ consultationId: cid, round: 1 })).progress).toEqual({ rated: 1, total: 3 });
    // Clearing what is not rated is harmless.
    await w.a.caller.rating.clear({ consultationId: cid, versionId: v1 });
    expect(w.db.select().from(ratings).all()).toHaveLength(1);
  });

  it('refuses values off a 5-point scale: -1, 6 and 2.5 (0 is "unsure")', async () => {
    const w = await setup();
    const cid = w.consultationId;
    const versionId = w.versions[0];
    await w.a.caller.rating.set({ consultationId: cid, versionId, value: 2 });
    await expectRefused(
      w.db,
      () => w.a.caller.rating.set({ consultationId: cid, versionId, value: -1 }),
      "BAD_REQUEST",
      /Choose a rating on the scale/,
    );
    await expectRefused(
      w.db,
      () => w.a.caller.rating.set({ consultationId: cid, versionId, value: 6 }),
      "BAD_REQUEST",
      'Choose a rating from 1 to 5, or "unsure".',
    );
    await expectRefused(w.db, () => w.a.caller.rating.set({ consultationId: cid, versionId, value: 2.5 }), "BAD_REQUEST", /whole number/);
    expect(await myRatings(w, "a")).toEqual([2, null, null]);
  });

  it("accepts 9 on a 9-point scale", async () => {
    const w = await setup({ scaleMax: 9 });
    const cid = w.consultationId;
    expect(await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 9 })).toEqual({ value: 9, rated: 1 });
    await expectRefused(w.db, () => w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 10 }), "BAD_REQUEST");
  });

  it("is FORBIDDEN for the facilitator", async () => {
    const w = await setup();
    await expectRefused(
      w.db,
      () => w.facilitator.rating.set({ consultationId: w.consultationId, versionId: w.versions[0], value: 4 }),
      "FORBIDDEN",
    );
  });

  it("is refused in a closed round and in a draft round", async () => {
    const w = await setup();
    const cid = w.consultationId;
    await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 4 });
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await expectRefused(
      w.db,
      () => w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 2 }),
      "BAD_REQUEST",
      /closed/,
    );
    await expectRefused(w.db, () => w.a.caller.rating.clear({ consultationId: cid, versionId: w.versions[0] }), "BAD_REQUEST", /closed/);
    // The closed round's ratings stay readable.
    expect(await myRatings(w, "a")).toEqual([4, null, null]);

    const draft = await setup({ open: false });
    // Stakeholders do not see a draft at all; the version is as good as unknown.
    await expectRefused(
      draft.db,
      () => draft.a.caller.rating.set({ consultationId: draft.consultationId, versionId: draft.versions[0], value: 3 }),
      "NOT_FOUND",
    );
  });

  it("counts progress per stakeholder", async () => {
    const w = await setup();
    const cid = w.consultationId;
    for (const versionId of w.versions) await w.b.caller.rating.set({ consultationId: cid, versionId, value: 4 });
    expect((await w.b.caller.round.byNumber({ consultationId: cid, round: 1 })).progress).toEqual({ rated: 3, total: 3 });
    expect((await w.a.caller.round.byNumber({ consultationId: cid, round: 1 })).progress).toEqual({ rated: 0, total: 3 });
    const mechanismId = (await w.b.caller.mechanism.listForRound({ consultationId: cid, round: 1 })).mechanisms[1].mechanismId;
    const detail = await w.b.caller.mechanism.byId({ consultationId: cid, round: 1, mechanismId });
    expect(detail.myRating).toBe(4);
    expect(detail.progress).toEqual({ rated: 3, total: 3 });
  });
});
