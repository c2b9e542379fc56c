import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { comments } from "@/db/schema";
import { addStakeholder, expectRefused, setup } from "./helpers";

describe("overview.responses", () => {
  it("counts ratings per scale point and who has responded", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const [v1, v2, v3] = w.versions;
    await w.facilitator.panel.add({ consultationId: cid, name: "Cara Cole", email: null, perspective: "researcher" });
    const empty = await w.facilitator.overview.responses({ consultationId: cid, round: 1 });
    expect(empty).toMatchObject({ panelSize: 3, respondedCount: 0, scaleMax: 5 });
    expect(empty.mechanisms.map((m) => m.distribution)).toEqual([
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);

    await w.a.caller.rating.set({ consultationId: cid, versionId: v1, value: 4 });
    await w.a.caller.rating.set({ consultationId: cid, versionId: v2, value: 5 });
    await w.b.caller.rating.set({ consultationId: cid, versionId: v1, value: 4 });
    await w.b.caller.rating.set({ consultationId: cid, versionId: v3, value: 1 });
    // The outsider's ratings belong to the other consultation.
    await w.other.stakeholder.caller.rating.set({ consultationId: w.other.consultationId, versionId: w.other.versions[0], value: 2 });

    const overview = await w.facilitator.overview.responses({ consultationId: cid, round: 1 });
    expect(overview.mechanisms.map((m) => [m.name, m.ratingCount, m.distribution])).toEqual([
      ["Building trust", 2, [0, 0, 0, 2, 0]],
      ["Taking a wider view", 1, [0, 0, 0, 0, 1]],
      ["Working with power", 1, [1, 0, 0, 0, 0]],
    ]);
    expect(overview.respondedCount).toBe(2);
    expect(overview.stakeholders.map((s) => [s.pseudonym, s.rated, s.responded])).toEqual([
      ["Stakeholder 1, practitioner", 2, true],
      ["Stakeholder 2, service user", 2, true],
      ["Stakeholder 3, researcher", 0, false],
    ]);
  });

  it("has one bar per point on a 9-point scale, and counts a comment as a response", async () => {
    const w = await setup({ scaleMax: 9 });
    const cid = w.consultationId;
    await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 9 });
    await w.b.caller.comment.add({ consultationId: cid, target: { versionId: w.versions[1] }, body: "Only a comment" });
    const flo = await addStakeholder(w.db, w.facilitator, cid, { name: "Flo Flagger", perspective: "opinion_leader" });
    const overview = await w.facilitator.overview.responses({ consultationId: cid, round: 1 });
    expect(overview.mechanisms[0].distribution).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(overview.scaleLabels).toHaveLength(9);
    expect(overview.respondedCount).toBe(2);
    // Flagging a missing mechanism, and nothing else, is a response too.
    await flo.caller.flag.create({
      consultationId: cid,
      round: 1,
      name: "Use of power",
      covers: "Who holds power",
      whyItMatters: "It shapes everything",
    });
    const after = await w.facilitator.overview.responses({ consultationId: cid, round: 1 });
    expect(after.respondedCount).toBe(3);
    expect(after.stakeholders.find((s) => s.name === "Flo Flagger")).toMatchObject({ flags: 1, responded: true });
  });

  it("shows at most the three latest comments per mechanism, newest first", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const author = i % 2 === 0 ? w.a.caller : w.b.caller;
      ids.push((await author.comment.add({ consultationId: cid, target: { versionId: w.versions[0] }, body: `Comment ${i}` })).id);
    }
    await w.a.caller.comment.add({ consultationId: cid, target: { versionId: w.versions[1] }, body: "On the second" });
    // Spread the times so "latest" is unambiguous.
    ids.forEach((id, i) =>
      w.db
        .update(comments)
        .set({ createdAt: new Date(Date.UTC(2025, 0, 1, 12, i)) })
        .where(eq(comments.id, id))
        .run(),
    );
    await w.facilitator.comment.hide({ consultationId: cid, commentId: ids[3], reason: "Off topic" });
    await w.a.caller.comment.remove({ consultationId: cid, commentId: ids[4] });

    const overview = await w.facilitator.overview.responses({ consultationId: cid, round: 1 });
    const [first, second, third] = overview.mechanisms;
    expect(first.latestComments.map((c) => [c.body, c.hidden, c.author])).toEqual([
      ["Comment 3", true, "Bob Baker (Stakeholder 2, service user)"],
      ["Comment 2", false, "Ann Able (Stakeholder 1, practitioner)"],
      ["Comment 1", false, "Bob Baker (Stakeholder 2, service user)"],
    ]);
    expect(first.latestComments[0].hiddenReason).toBe("Off topic");
    // Deleted comments are not counted; hidden ones are (the facilitator still reads them).
    expect(first.commentCount).toBe(4);
    expect(second.latestComments.map((c) => c.body)).toEqual(["On the second"]);
    expect(third.latestComments).toEqual([]);
  });

  it("is for facilitators only", async () => {
    const w = await setup();
    await expectRefused(w.db, () => w.a.caller.overview.responses({ consultationId: w.consultationId, round: 1 }), "FORBIDDEN");
    await expectRefused(w.db, () => w.other.facilitator.overview.responses({ consultationId: w.consultationId, round: 1 }), "NOT_FOUND");
  });
});
