import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { addMechanisms, expectRefused, setup, withTemporaryOutbox } from "./helpers";

// Publishing emails the panel: into a throwaway outbox.
withTemporaryOutbox("all");

describe("publishing and closing rounds", () => {
  it("needs at least one mechanism to publish", async () => {
    const w = await setup({ open: false, mechanisms: [] });
    const cid = w.consultationId;
    await expectRefused(
      w.db,
      () => w.facilitator.round.publish({ consultationId: cid, round: 1 }),
      "BAD_REQUEST",
      "Add at least one mechanism before publishing the round.",
    );
    await addMechanisms(w.facilitator, cid, 1, ["Only one"]);
    await w.facilitator.round.publish({ consultationId: cid, round: 1 });
    const round = await w.facilitator.round.byNumber({ consultationId: cid, round: 1 });
    expect(round.status).toBe("open");
    expect(round.openedAt).toBeInstanceOf(Date);
    const audit = w.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "round.publish"), eq(auditLog.consultationId, cid)))
      .all();
    expect(audit.map((a) => a.details)).toEqual([{ number: 1, mechanisms: 1 }]);
  });

  it("runs rounds in order: not round 2 while round 1 is a draft or open", async () => {
    const w = await setup({ open: false });
    const cid = w.consultationId;
    await addMechanisms(w.facilitator, cid, 2, ["Round two mechanism"]);
    await expectRefused(
      w.db,
      () => w.facilitator.round.publish({ consultationId: cid, round: 2 }),
      "CONFLICT",
      "Round 1 has to run before round 2.",
    );
    await w.facilitator.round.publish({ consultationId: cid, round: 1 });
    await expectRefused(
      w.db,
      () => w.facilitator.round.publish({ consultationId: cid, round: 2 }),
      "CONFLICT",
      "Close round 1 before publishing round 2.",
    );
    await expectRefused(w.db, () => w.facilitator.round.publish({ consultationId: cid, round: 1 }), "CONFLICT", /already open/);

    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await expectRefused(w.db, () => w.facilitator.round.publish({ consultationId: cid, round: 1 }), "CONFLICT", /already closed/);
    // Round 2 goes out once each round-1 mechanism has a decision.
    await expectRefused(
      w.db,
      () => w.facilitator.round.publish({ consultationId: cid, round: 2 }),
      "CONFLICT",
      /^Round 2 cannot be published yet\. /,
    );
    await w.facilitator.decision.prepare({ consultationId: cid, round: 2 });
    const { mechanisms } = await w.facilitator.mechanism.listForRound({ consultationId: cid, round: 1 });
    for (const m of mechanisms) {
      await w.facilitator.decision.set({
        consultationId: cid,
        round: 2,
        mechanismId: m.mechanismId,
        kind: "keep",
        rationale: "Rated as relevant.",
        expectedUpdatedAt: null,
      });
    }
    expect(await w.facilitator.round.publish({ consultationId: cid, round: 2 })).toMatchObject({ failed: 0, withoutEmail: [] });
    const statuses = (await w.facilitator.round.list({ consultationId: cid })).map((r) => r.status);
    expect(statuses).toEqual(["closed", "open", "draft"]);
  });

  it("closes only an open round", async () => {
    const w = await setup({ open: false });
    const cid = w.consultationId;
    await expectRefused(w.db, () => w.facilitator.round.close({ consultationId: cid, round: 1 }), "CONFLICT", /round 1 is draft/);
    await w.facilitator.round.publish({ consultationId: cid, round: 1 });
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    const round = await w.facilitator.round.byNumber({ consultationId: cid, round: 1 });
    expect(round.status).toBe("closed");
    expect(round.closedAt).toBeInstanceOf(Date);
    await expectRefused(w.db, () => w.facilitator.round.close({ consultationId: cid, round: 1 }), "CONFLICT", /round 1 is closed/);
    await expectRefused(w.db, () => w.facilitator.round.close({ consultationId: cid, round: 4 }), "NOT_FOUND");
  });

  it("lets the facilitator rename a round until it closes, recording changes to an open one", async () => {
    const w = await setup();
    const cid = w.consultationId;
    await w.facilitator.round.update({ consultationId: cid, round: 2, title: "Revised mechanisms", instructions: "Read and rate." });
    expect(w.db.select().from(auditLog).where(eq(auditLog.action, "round.update")).all()).toHaveLength(0);
    await w.facilitator.round.update({ consultationId: cid, round: 1, title: "Preliminary mechanisms", instructions: "Rate each one." });
    expect(w.db.select().from(auditLog).where(eq(auditLog.action, "round.update")).all()).toHaveLength(1);
    expect((await w.a.caller.round.byNumber({ consultationId: cid, round: 1 })).title).toBe("Preliminary mechanisms");
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await expectRefused(
      w.db,
      () => w.facilitator.round.update({ consultationId: cid, round: 1, title: "Too late", instructions: "" }),
      "BAD_REQUEST",
      /closed/,
    );
  });
});

describe("what the panel sees", () => {
  it("hides draft rounds and their mechanisms from stakeholders", async () => {
    const w = await setup({ open: false });
    const cid = w.consultationId;
    const mechanismId = (await w.facilitator.mechanism.listForRound({ consultationId: cid, round: 1 })).mechanisms[0].mechanismId;
    await expectRefused(w.db, () => w.a.caller.round.byNumber({ consultationId: cid, round: 1 }), "NOT_FOUND", /not open to the panel yet/);
    await expectRefused(w.db, () => w.a.caller.mechanism.listForRound({ consultationId: cid, round: 1 }), "NOT_FOUND");
    await expectRefused(w.db, () => w.a.caller.mechanism.byId({ consultationId: cid, round: 1, mechanismId }), "NOT_FOUND");
    await expectRefused(w.db, () => w.a.caller.flag.list({ consultationId: cid, round: 1 }), "NOT_FOUND");
    await expectRefused(w.db, () => w.a.caller.comment.list({ consultationId: cid, target: { versionId: w.versions[0] } }), "NOT_FOUND");
    // Round lists do not reveal drafts to the panel either.
    expect(await w.a.caller.round.list({ consultationId: cid })).toEqual([]);
    // The facilitator sees the draft.
    expect((await w.facilitator.mechanism.listForRound({ consultationId: cid, round: 1 })).mechanisms).toHaveLength(3);

    await w.facilitator.round.publish({ consultationId: cid, round: 1 });
    expect((await w.a.caller.mechanism.listForRound({ consultationId: cid, round: 1 })).mechanisms.map((m) => m.name)).toEqual([
      "Building trust",
      "Taking a wider view",
      "Working with power",
    ]);
    await expectRefused(w.db, () => w.a.caller.round.byNumber({ consultationId: cid, round: 2 }), "NOT_FOUND");
  });

  it("gives a stakeholder their progress in the round, and the facilitator none", async () => {
    const w = await setup();
    const cid = w.consultationId;
    expect((await w.a.caller.round.byNumber({ consultationId: cid, round: 1 })).progress).toEqual({ rated: 0, total: 3 });
    await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 4 });
    await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[2], value: 2 });
    await w.b.caller.rating.set({ consultationId: cid, versionId: w.versions[1], value: 5 });
    expect((await w.a.caller.round.byNumber({ consultationId: cid, round: 1 })).progress).toEqual({ rated: 2, total: 3 });
    expect((await w.b.caller.round.byNumber({ consultationId: cid, round: 1 })).progress).toEqual({ rated: 1, total: 3 });
    const facilitatorView = await w.facilitator.round.byNumber({ consultationId: cid, round: 1 });
    expect(facilitatorView.progress).toBeNull();
    expect(facilitatorView.mechanismCount).toBe(3);
  });
});
