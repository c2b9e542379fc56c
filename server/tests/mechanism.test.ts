import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, mechanismEdits, mechanisms } from "@/db/schema";
import { countRows, expectRefused, setup, type World } from "./helpers";

async function names(w: World, round = 1) {
  const list = await w.facilitator.mechanism.listForRound({ consultationId: w.consultationId, round });
  return list.mechanisms.map((m) => `${m.position}:${m.name}`);
}

const text = { name: "Fostering resilience", description: "Leaders help staff cope with relentless pressure." };

describe("mechanisms in a draft round", () => {
  it("can be added, edited, reordered and removed", async () => {
    const w = await setup({ open: false });
    const cid = w.consultationId;
    const added = await w.facilitator.mechanism.add({ consultationId: cid, round: 1, ...text });
    expect(await names(w)).toEqual(["1:Building trust", "2:Taking a wider view", "3:Working with power", "4:Fostering resilience"]);

    const edit = await w.facilitator.mechanism.update({
      consultationId: cid,
      versionId: added.id,
      name: "Fostering personal resilience",
      description: text.description,
    });
    expect(edit).toEqual({ changed: true });
    // Drafts are edited freely: no reason asked, no edit history.
    expect(countRows(w.db, "mechanism_edit")).toBe(0);
    expect(
      await w.facilitator.mechanism.update({
        consultationId: cid,
        versionId: added.id,
        name: "Fostering personal resilience",
        description: text.description,
      }),
    ).toEqual({ changed: false });

    const [v1, v2, v3] = w.versions;
    await w.facilitator.mechanism.reorder({ consultationId: cid, round: 1, versionIds: [added.id, v3, v1, v2] });
    expect(await names(w)).toEqual([
      "1:Fostering personal resilience",
      "2:Working with power",
      "3:Building trust",
      "4:Taking a wider view",
    ]);

    await w.facilitator.mechanism.remove({ consultationId: cid, versionId: v3 });
    expect(await names(w)).toEqual(["1:Fostering personal resilience", "2:Building trust", "3:Taking a wider view"]);
    // The mechanism had no other version, so it is gone too.
    expect(w.db.select().from(mechanisms).where(eq(mechanisms.consultationId, cid)).all()).toHaveLength(3);

    const detail = await w.facilitator.mechanism.byId({ consultationId: cid, round: 1, mechanismId: added.mechanismId });
    expect(detail.mechanism).toMatchObject({ name: "Fostering personal resilience", position: 1, total: 3 });
    expect(detail.previous).toBeNull();
    expect(detail.next?.name).toBe("Building trust");
  });

  it("refuses a name longer than 120 characters and accepts exactly 120", async () => {
    const w = await setup({ open: false });
    const cid = w.consultationId;
    const error = await expectRefused(
      w.db,
      () => w.facilitator.mechanism.add({ consultationId: cid, round: 1, name: "x".repeat(121), description: text.description }),
      "BAD_REQUEST",
    );
    expect(error.message).toBe("Name: Too long (at most 120 characters)");
    await expectRefused(
      w.db,
      () =>
        w.facilitator.mechanism.update({
          consultationId: cid,
          versionId: w.versions[0],
          name: "y".repeat(121),
          description: text.description,
        }),
      "BAD_REQUEST",
      /^Name: Too long/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.mechanism.add({ consultationId: cid, round: 1, name: "Short", description: "Tiny" }),
      "BAD_REQUEST",
      /^Description: Too short/,
    );
    await w.facilitator.mechanism.add({ consultationId: cid, round: 1, name: "x".repeat(120), description: text.description });
    expect(await names(w)).toHaveLength(4);
  });

  it("refuses a reorder that misses, repeats or borrows a mechanism", async () => {
    const w = await setup({ open: false });
    const cid = w.consultationId;
    const [v1, v2, v3] = w.versions;
    const other = w.other.versions[0];
    for (const versionIds of [
      [v1, v2],
      [v1, v2, v2],
      [v1, v2, other],
      [v1, v2, v3, other],
    ]) {
      await expectRefused(
        w.db,
        () => w.facilitator.mechanism.reorder({ consultationId: cid, round: 1, versionIds }),
        "BAD_REQUEST",
        /each of the round's mechanisms exactly once/,
      );
    }
    expect(await names(w)).toEqual(["1:Building trust", "2:Taking a wider view", "3:Working with power"]);
  });
});

describe("mechanisms in an open round", () => {
  it("cannot be added, removed or reordered", async () => {
    const w = await setup();
    const cid = w.consultationId;
    await expectRefused(w.db, () => w.facilitator.mechanism.add({ consultationId: cid, round: 1, ...text }), "BAD_REQUEST", /is open/);
    await expectRefused(
      w.db,
      () => w.facilitator.mechanism.remove({ consultationId: cid, versionId: w.versions[0] }),
      "BAD_REQUEST",
      /is open/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.mechanism.reorder({ consultationId: cid, round: 1, versionIds: [...w.versions].reverse() }),
      "BAD_REQUEST",
      /is open/,
    );
    // The next round is still a draft and takes new mechanisms.
    await w.facilitator.mechanism.add({ consultationId: cid, round: 2, ...text });
    expect(await names(w, 2)).toEqual(["1:Fostering resilience"]);
  });

  it("needs a reason to edit the text, and records the edit", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const versionId = w.versions[0];
    const change = {
      consultationId: cid,
      versionId,
      name: "Building trust across teams",
      description: "Leaders build trust between partners.",
    };
    await expectRefused(w.db, () => w.facilitator.mechanism.update(change), "BAD_REQUEST", /say why you are changing/);
    await expectRefused(w.db, () => w.facilitator.mechanism.update({ ...change, reason: "x" }), "BAD_REQUEST", /^Reason: Too short/);

    await w.facilitator.mechanism.update({ ...change, reason: "Stakeholders found it too general" });

    const edits = w.db.select().from(mechanismEdits).all();
    expect(edits).toEqual([
      expect.objectContaining({
        versionId,
        editorId: w.facilitatorUser.id,
        reason: "Stakeholders found it too general",
        beforeName: "Building trust",
        beforeDescription: 'What "Building trust" means for leaders of integrated teams.',
        afterName: "Building trust across teams",
        afterDescription: "Leaders build trust between partners.",
      }),
    ]);
    const audit = w.db.select().from(auditLog).where(eq(auditLog.action, "mechanism.edit_published")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      consultationId: cid,
      actorId: w.facilitatorUser.id,
      targetId: versionId,
      details: {
        reason: "Stakeholders found it too general",
        before: { name: "Building trust" },
        after: { name: "Building trust across teams" },
      },
    });

    // The panel sees the new text and the history.
    const mechanismId = (await w.a.caller.mechanism.listForRound({ consultationId: cid, round: 1 })).mechanisms[0].mechanismId;
    const detail = await w.a.caller.mechanism.byId({ consultationId: cid, round: 1, mechanismId });
    expect(detail.mechanism.name).toBe("Building trust across teams");
    expect(detail.edits).toEqual([
      expect.objectContaining({ reason: "Stakeholders found it too general", beforeName: "Building trust", editor: "Fran Facilitator" }),
    ]);
  });

  it("is frozen once the round is closed", async () => {
    const w = await setup();
    const cid = w.consultationId;
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await expectRefused(
      w.db,
      () =>
        w.facilitator.mechanism.update({
          consultationId: cid,
          versionId: w.versions[0],
          name: "Too late",
          description: "Changing a closed round.",
          reason: "Trying anyway",
        }),
      "BAD_REQUEST",
      /is closed/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.mechanism.remove({ consultationId: cid, versionId: w.versions[0] }),
      "BAD_REQUEST",
      /is closed/,
    );
  });
});
