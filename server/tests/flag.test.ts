import { describe, expect, it } from "vitest";
import { expectRefused, setup, type Caller, type World, INVISIBLE_TEXTS } from "./helpers";

const powerFlag = {
  round: 1,
  name: "Use of power",
  covers: "How leaders use, share or hand over power.",
  whyItMatters: "Power imbalances between professions shape integrated care.",
};

async function flagsSeenBy(w: World, caller: Caller) {
  return (await caller.flag.list({ consultationId: w.consultationId, round: 1 })).flags;
}

describe("missing-mechanism flags", () => {
  it("are raised by a stakeholder in an open round and seen by everyone", async () => {
    const w = await setup();
    const { id } = await w.a.caller.flag.create({ consultationId: w.consultationId, ...powerFlag });
    const [mine] = await flagsSeenBy(w, w.a.caller);
    expect(mine).toMatchObject({ id, name: "Use of power", mine: true, endorsementCount: 0, endorsedByMe: false, commentCount: 0 });
    const [theirs] = await flagsSeenBy(w, w.b.caller);
    expect(theirs).toMatchObject({ id, mine: false, author: { label: "Stakeholder 1, practitioner" }, endorsers: null });
    const [facilitatorView] = await flagsSeenBy(w, w.facilitator);
    expect(facilitatorView).toMatchObject({ author: { label: "Ann Able (Stakeholder 1, practitioner)" }, endorsers: [] });
    // Another consultation's panel sees nothing of it.
    expect((await w.other.stakeholder.caller.flag.list({ consultationId: w.other.consultationId, round: 1 })).flags).toEqual([]);
  });

  it("are refused with bad text, in a closed round and in a draft round", async () => {
    const w = await setup();
    const cid = w.consultationId;
    await expectRefused(
      w.db,
      () => w.a.caller.flag.create({ consultationId: cid, ...powerFlag, name: "P" }),
      "BAD_REQUEST",
      /^Name: Too short/,
    );
    for (const invisible of INVISIBLE_TEXTS) {
      await expectRefused(
        w.db,
        () => w.a.caller.flag.create({ consultationId: cid, ...powerFlag, name: invisible }),
        "BAD_REQUEST",
        /^Name: Too short/,
      );
      await expectRefused(
        w.db,
        () => w.a.caller.flag.create({ consultationId: cid, ...powerFlag, whyItMatters: invisible }),
        "BAD_REQUEST",
        /^Why it matters: Too short/,
      );
    }
    await expectRefused(w.db, () => w.a.caller.flag.create({ consultationId: cid, ...powerFlag, round: 2 }), "NOT_FOUND");
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await expectRefused(w.db, () => w.a.caller.flag.create({ consultationId: cid, ...powerFlag }), "BAD_REQUEST", /closed/);
  });

  it("are endorsed by others, once each, and endorsements can be withdrawn", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const { id: flagId } = await w.a.caller.flag.create({ consultationId: cid, ...powerFlag });

    await w.b.caller.flag.endorse({ consultationId: cid, flagId });
    expect((await flagsSeenBy(w, w.b.caller))[0]).toMatchObject({ endorsementCount: 1, endorsedByMe: true, endorsers: null });
    expect((await flagsSeenBy(w, w.a.caller))[0]).toMatchObject({ endorsementCount: 1, endorsedByMe: false, endorsers: null });
    expect((await flagsSeenBy(w, w.facilitator))[0].endorsers).toEqual(["Bob Baker (Stakeholder 2, service user)"]);

    await expectRefused(w.db, () => w.a.caller.flag.endorse({ consultationId: cid, flagId }), "BAD_REQUEST", /You raised this flag/);
    await expectRefused(w.db, () => w.b.caller.flag.endorse({ consultationId: cid, flagId }), "CONFLICT", /already endorsed/);

    await w.b.caller.flag.withdrawEndorsement({ consultationId: cid, flagId });
    expect((await flagsSeenBy(w, w.b.caller))[0]).toMatchObject({ endorsementCount: 0, endorsedByMe: false });
    expect((await flagsSeenBy(w, w.facilitator))[0].endorsers).toEqual([]);
    // Endorsing again after withdrawing works.
    await w.b.caller.flag.endorse({ consultationId: cid, flagId });
    expect((await flagsSeenBy(w, w.b.caller))[0].endorsementCount).toBe(1);

    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await expectRefused(w.db, () => w.b.caller.flag.withdrawEndorsement({ consultationId: cid, flagId }), "BAD_REQUEST", /closed/);
  });

  it("take comments through comment.add with a flagId", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const { id: flagId } = await w.a.caller.flag.create({ consultationId: cid, ...powerFlag });
    const { id: commentId } = await w.b.caller.comment.add({ consultationId: cid, target: { flagId }, body: "Yes, this is missing." });
    await w.a.caller.comment.add({ consultationId: cid, target: { flagId }, parentId: commentId, body: "Thank you." });

    const { threads } = await w.facilitator.comment.list({ consultationId: cid, target: { flagId } });
    expect(threads.map((t) => [t.body, t.replies.map((r) => r.body)])).toEqual([["Yes, this is missing.", ["Thank you."]]]);
    expect((await flagsSeenBy(w, w.b.caller))[0].commentCount).toBe(2);
    // They are not comments on any mechanism.
    const mechanismsList = await w.b.caller.mechanism.listForRound({ consultationId: cid, round: 1 });
    expect(mechanismsList.mechanisms.map((m) => m.commentCount)).toEqual([0, 0, 0]);
    // A reply must be on the same flag.
    await expectRefused(
      w.db,
      () => w.a.caller.comment.add({ consultationId: cid, target: { versionId: w.versions[0] }, parentId: commentId, body: "Misplaced" }),
      "NOT_FOUND",
    );
    await expectRefused(
      w.db,
      () => w.a.caller.comment.add({ consultationId: cid, target: { flagId: "00000000-0000-4000-8000-000000000000" }, body: "Nowhere" }),
      "NOT_FOUND",
    );
  });
});
