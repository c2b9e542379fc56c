/**
 * Between rounds: preparing round 2 from round 1, decisions on each mechanism and what they do to
 * the round 2 draft, the feedback they cite, flag triage, what blocks publishing, and the guards
 * that keep two facilitators (or a facilitator and the mechanism list) from undoing each other.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, comments, decisions, decisionSources, mechanismVersions, mechanisms, ratings } from "@/db/schema";
import type { DecisionKind } from "@/shared/domain";
import { publishBlockers } from "@/server/services/decisions";
import { addMechanisms, countRows, expectRefused, setupWithContent, withTemporaryOutbox, INVISIBLE_TEXTS } from "./helpers";

// Publishing emails the panel: into a throwaway outbox.
withTemporaryOutbox("all");

type W = Awaited<ReturnType<typeof between>>;

/** Round 1 with feedback (setupWithContent plus a little more), closed; round 2 prepared. */
async function between(opts: { prepare?: boolean } = {}) {
  const w = await setupWithContent();
  const cid = w.consultationId;
  const [trust, wider, power] = w.mechanismIds;
  await w.b.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 2 });
  await w.cara.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 5 });
  await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[1], value: 5 });
  const { id: widerComment } = await w.a.caller.comment.add({
    consultationId: cid,
    target: { versionId: w.versions[1] },
    body: "Too general: every leader should do this.",
  });
  await w.a.caller.flag.endorse({ consultationId: cid, flagId: w.flagId });
  await w.facilitator.round.close({ consultationId: cid, round: 1 });
  if (opts.prepare !== false) await w.facilitator.decision.prepare({ consultationId: cid, round: 2 });
  return { ...w, cid, trust, wider, power, widerComment };
}

/** The decision's updatedAt as the workspace would have shown it (null: none yet). */
function stamp(w: W, mechanismId: string): Date | null {
  const round2 = w.db.$client.prepare("select id from round where consultation_id = ? and number = 2").get(w.cid) as { id: string };
  return (
    w.db
      .select({ updatedAt: decisions.updatedAt })
      .from(decisions)
      .where(and(eq(decisions.roundId, round2.id), eq(decisions.mechanismId, mechanismId)))
      .get()?.updatedAt ?? null
  );
}

type Extra = Partial<Parameters<W["facilitator"]["decision"]["set"]>[0]>;

function decide(w: W, mechanismId: string, kind: DecisionKind, extra: Extra = {}) {
  return w.facilitator.decision.set({
    consultationId: w.cid,
    round: 2,
    mechanismId,
    kind,
    rationale: "The panel's ratings and comments.",
    expectedUpdatedAt: stamp(w, mechanismId),
    ...extra,
  });
}

async function round2(w: W) {
  const list = await w.facilitator.mechanism.listForRound({ consultationId: w.cid, round: 2 });
  return list.mechanisms.map((m) => `${m.position}:${m.name}`);
}

const workspace = (w: W) => w.facilitator.decision.workspace({ consultationId: w.cid, round: 2 });

function blockers(w: W, round = 2): string[] {
  const row = w.db.$client.prepare("select id from round where consultation_id = ? and number = ?").get(w.cid, round) as { id: string };
  return w.db.transaction((tx) => publishBlockers(tx, row.id));
}

describe("preparing round 2", () => {
  it("copies round 1's mechanisms after those already added, once", async () => {
    const w = await between({ prepare: false });
    const cid = w.cid;
    await w.facilitator.mechanism.add({
      consultationId: cid,
      round: 2,
      name: "Fostering resilience",
      description: "Leaders help staff cope with relentless pressure.",
      originNote: "Raised at the meeting.",
    });
    const added = w.db.select().from(mechanisms).where(eq(mechanisms.originKind, "added")).all();
    expect(added.map((m) => m.originNote)).toEqual(["Raised at the meeting."]);

    const before = await workspace(w);
    expect(before.round.preparedAt).toBeNull();
    expect(before.mechanisms.every((m) => m.draft === null)).toBe(true);

    const result = await w.facilitator.decision.prepare({ consultationId: cid, round: 2 });
    expect(result.copied).toBe(3);
    expect(await round2(w)).toEqual(["1:Fostering resilience", "2:Building trust", "3:Taking a wider view", "4:Working with power"]);
    const after = await workspace(w);
    expect(after.round.preparedAt).toBeInstanceOf(Date);
    expect(after.mechanisms.map((m) => m.draft?.name)).toEqual(["Building trust", "Taking a wider view", "Working with power"]);
    expect(after.roundMechanisms.map((m) => m.origin)).toEqual([
      "Added by the facilitators: Raised at the meeting.",
      "Continues from round 1",
      "Continues from round 1",
      "Continues from round 1",
    ]);
    expect(w.db.select().from(auditLog).where(eq(auditLog.action, "round.prepare")).all()).toHaveLength(1);

    await expectRefused(w.db, () => w.facilitator.decision.prepare({ consultationId: cid, round: 2 }), "CONFLICT", /already been prepared/);
  });

  it("needs a later round whose previous round is closed", async () => {
    const w = await setupWithContent();
    const cid = w.consultationId;
    await expectRefused(w.db, () => w.facilitator.decision.prepare({ consultationId: cid, round: 1 }), "BAD_REQUEST", /first round/);
    await expectRefused(
      w.db,
      () => w.facilitator.decision.prepare({ consultationId: cid, round: 2 }),
      "BAD_REQUEST",
      /Round 1 is open: close it/,
    );
    await expectRefused(w.db, () => w.facilitator.decision.prepare({ consultationId: cid, round: 3 }), "BAD_REQUEST", /Round 2 is draft/);
    await expectRefused(w.db, () => w.facilitator.decision.workspace({ consultationId: cid, round: 1 }), "BAD_REQUEST");
    // Decisions wait for the round to be prepared.
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await expectRefused(
      w.db,
      () =>
        w.facilitator.decision.set({
          consultationId: cid,
          round: 2,
          mechanismId: w.mechanismIds[0],
          kind: "keep",
          rationale: "Rated highly.",
          expectedUpdatedAt: null,
        }),
      "BAD_REQUEST",
      /Prepare round 2 from round 1 first/,
    );
  });
});

describe("the workspace", () => {
  it("gives each round 1 mechanism its ratings, comments and draft, and the flags with their support", async () => {
    const w = await between();
    const ws = await workspace(w);
    expect(ws.previous).toMatchObject({ number: 1, status: "closed" });
    const trust = ws.mechanisms[0];
    expect(trust.previous.name).toBe("Building trust");
    // A rated 4, B 2, Cara 5.
    expect(trust.ratings).toMatchObject({ n: 3, distribution: [0, 1, 0, 1, 1], median: 4, q1: 3, q3: 4.5, iqr: 1.5 });
    expect(trust.commentCount).toBe(2); // A's comment and B's reply
    expect(ws.mechanisms[1].commentCount).toBe(1);
    expect(ws.mechanisms[2].ratings.n).toBe(0);
    expect(trust.decision).toBeNull();
    expect(ws.flags).toEqual([
      expect.objectContaining({ name: "Use of power", proposer: "Stakeholder 2, service user", endorsementCount: 1, triage: null }),
    ]);
    // Credit is a pseudonym: the proposer's name is not in the flag data.
    expect(JSON.stringify(ws.flags)).not.toContain("Bob Baker");
    expect(ws.progress).toEqual({ decided: 0, total: 3, triaged: 0, flags: 1 });
  });
});

describe("decisions", () => {
  it("keep leaves the draft as it was and counts as decided", async () => {
    const w = await between();
    const result = await decide(w, w.trust, "keep", { sources: [{ kind: "ratings", versionId: w.versions[0] }] });
    expect(result.updatedAt).toBeInstanceOf(Date);
    const ws = await workspace(w);
    expect(ws.mechanisms[0].decision).toMatchObject({
      kind: "keep",
      label: "Kept as it was",
      rationale: "The panel's ratings and comments.",
      decidedBy: "Fran Facilitator",
      sources: [{ kind: "ratings", versionId: w.versions[0], label: "Ratings in round 1" }],
    });
    expect(ws.mechanisms[0].draft?.name).toBe("Building trust");
    expect(ws.progress.decided).toBe(1);
    const audit = w.db.select().from(auditLog).where(eq(auditLog.action, "decision.set")).all();
    expect(audit[0].details).toMatchObject({ mechanism: "Building trust", decision: "Kept as it was", previousDecision: null });
  });

  it("keep_with_note needs the note; the rationale is always needed", async () => {
    const w = await between();
    const noNote = await expectRefused(
      w.db,
      () => decide(w, w.power, "keep_with_note"),
      "BAD_REQUEST",
      /^Status note: Write the status note/,
    );
    expect(noNote.message).toMatch(/at least 3 characters/);
    await expectRefused(w.db, () => decide(w, w.power, "keep", { rationale: " " }), "BAD_REQUEST", /^Rationale: Too short/);
    for (const invisible of INVISIBLE_TEXTS) {
      await expectRefused(w.db, () => decide(w, w.power, "keep", { rationale: invisible }), "BAD_REQUEST", /^Rationale: Too short/);
      await expectRefused(
        w.db,
        () => decide(w, w.power, "keep_with_note", { statusNote: invisible }),
        "BAD_REQUEST",
        /^Status note: Write the status note/,
      );
    }
    await decide(w, w.power, "keep_with_note", { statusNote: "No empirical evidence found; kept at the panel's request." });
    expect((await workspace(w)).mechanisms[2].decision).toMatchObject({
      kind: "keep_with_note",
      statusNote: "No empirical evidence found; kept at the panel's request.",
    });
  });

  it("revise writes the new text to the draft; going back to keep restores round 1's text", async () => {
    const w = await between();
    await expectRefused(
      w.db,
      () =>
        decide(w, w.wider, "revise", {
          revisedName: "Taking a wider view",
          revisedDescription: 'What "Taking a wider view" means for leaders of integrated teams.',
        }),
      "BAD_REQUEST",
      /same as in round 1/,
    );
    await expectRefused(
      w.db,
      () => decide(w, w.wider, "revise", { revisedName: "Taking a wider view" }),
      "BAD_REQUEST",
      /Revised description/,
    );
    await decide(w, w.wider, "revise", {
      revisedName: "Taking a wider view across the system",
      revisedDescription: "Leaders understand the pressures on partner organisations and think long term.",
      sources: [{ kind: "comment", commentId: w.widerComment }],
    });
    expect(await round2(w)).toEqual(["1:Building trust", "2:Taking a wider view across the system", "3:Working with power"]);
    // Round 1 is untouched.
    const r1 = await w.facilitator.mechanism.listForRound({ consultationId: w.cid, round: 1 });
    expect(r1.mechanisms[1].name).toBe("Taking a wider view");

    await decide(w, w.wider, "keep");
    expect(await round2(w)).toEqual(["1:Building trust", "2:Taking a wider view", "3:Working with power"]);
    const audit = w.db.select().from(auditLog).where(eq(auditLog.action, "decision.set")).all();
    expect(audit.at(-1)!.details).toMatchObject({
      previousDecision: "Revised",
      revertedRevision: { name: "Taking a wider view across the system" },
    });
  });

  it("refuses keep when the draft was edited, and does not throw the edit away", async () => {
    const w = await between();
    const ws = await workspace(w);
    const draft = ws.mechanisms[0].draft!;
    await w.facilitator.mechanism.update({
      consultationId: w.cid,
      versionId: draft.versionId,
      name: "Building trust between services",
      description: draft.description,
      expectedUpdatedAt: draft.updatedAt,
    });
    await expectRefused(
      w.db,
      () => decide(w, w.trust, "keep"),
      "BAD_REQUEST",
      /was edited.*Choose "Revised" to keep the edits, or undo the edit/,
    );
    await expectRefused(w.db, () => decide(w, w.trust, "keep_with_note", { statusNote: "A note." }), "BAD_REQUEST", /was edited/);
    expect((await round2(w))[0]).toBe("1:Building trust between services");
    // Revise with the edited text (as the form prefills it) is accepted.
    await decide(w, w.trust, "revise", { revisedName: "Building trust between services", revisedDescription: draft.description });
  });

  it("merge removes the draft but keeps the old version with its ratings and comments", async () => {
    const w = await between();
    const oldVersion = w.versions[0];
    const ratingsBefore = w.db.select().from(ratings).where(eq(ratings.versionId, oldVersion)).all().length;
    const commentsBefore = w.db.select().from(comments).where(eq(comments.versionId, oldVersion)).all().length;

    await expectRefused(w.db, () => decide(w, w.trust, "merge"), "BAD_REQUEST", /^Merge into mechanism id: Choose the mechanism/);
    await expectRefused(w.db, () => decide(w, w.trust, "merge", { mergeIntoMechanismId: w.trust }), "BAD_REQUEST", /into itself/);
    await expectRefused(
      w.db,
      () => decide(w, w.trust, "merge", { mergeIntoMechanismId: w.other.versions[0] }),
      "BAD_REQUEST",
      /in the round 2 draft to merge into/,
    );
    await decide(w, w.trust, "merge", { mergeIntoMechanismId: w.power, sources: [{ kind: "flag", flagId: w.flagId }] });
    expect(await round2(w)).toEqual(["1:Taking a wider view", "2:Working with power"]);
    expect(w.db.select().from(mechanismVersions).where(eq(mechanismVersions.id, oldVersion)).get()?.name).toBe("Building trust");
    expect(w.db.select().from(ratings).where(eq(ratings.versionId, oldVersion)).all()).toHaveLength(ratingsBefore);
    expect(w.db.select().from(comments).where(eq(comments.versionId, oldVersion)).all()).toHaveLength(commentsBefore);
    const ws = await workspace(w);
    expect(ws.mechanisms[0].decision?.mergeInto).toEqual({ mechanismId: w.power, name: "Working with power" });

    // Nothing can be merged into the merged one, and its target cannot go while it takes it in.
    await expectRefused(w.db, () => decide(w, w.wider, "merge", { mergeIntoMechanismId: w.trust }), "BAD_REQUEST", /in the round 2 draft/);
    await expectRefused(
      w.db,
      () => decide(w, w.power, "drop"),
      "BAD_REQUEST",
      /"Building trust" is merged into "Working with power", so it cannot be dropped/,
    );

    // Un-merging (keep) brings the draft back with round 1's text, at the end.
    await decide(w, w.trust, "keep");
    expect(await round2(w)).toEqual(["1:Taking a wider view", "2:Working with power", "3:Building trust"]);
  });

  it("drop removes the draft; keep afterwards re-creates it from round 1", async () => {
    const w = await between();
    await decide(w, w.wider, "drop");
    expect(await round2(w)).toEqual(["1:Building trust", "2:Working with power"]);
    expect(w.db.select().from(mechanismVersions).where(eq(mechanismVersions.id, w.versions[1])).get()).toBeDefined();
    expect(w.db.select().from(comments).where(eq(comments.id, w.widerComment)).get()).toBeDefined();
    await decide(w, w.wider, "revise", {
      revisedName: "Seeing the whole system",
      revisedDescription: "Leaders understand partners' pressures.",
    });
    expect(await round2(w)).toEqual(["1:Building trust", "2:Working with power", "3:Seeing the whole system"]);
  });

  it("split creates the parts with their origin; changing the decision removes them", async () => {
    const w = await between();
    await expectRefused(
      w.db,
      () =>
        decide(w, w.power, "split", {
          splitInto: [{ name: "Sharing power", description: "Leaders hand over authority when others know best." }],
        }),
      "BAD_REQUEST",
      /^Split into: A split makes at least 2/,
    );
    const parts = [
      { name: "Sharing power", description: "Leaders hand over authority when others know best." },
      { name: "Power dynamics", description: "Leaders notice who holds power between professions." },
    ];
    await decide(w, w.power, "split", { splitInto: parts });
    expect(await round2(w)).toEqual(["1:Building trust", "2:Taking a wider view", "3:Sharing power", "4:Power dynamics"]);
    const created = w.db.select().from(mechanisms).where(eq(mechanisms.originKind, "split")).all();
    expect(created.map((m) => m.originMechanismId)).toEqual([w.power, w.power]);
    const ws = await workspace(w);
    expect(ws.mechanisms[2].decision?.splitInto.map((p) => p.name)).toEqual(["Sharing power", "Power dynamics"]);
    expect(ws.roundMechanisms.map((m) => m.origin).slice(2)).toEqual([
      "Split from “Working with power”",
      "Split from “Working with power”",
    ]);

    // Splitting again keeps the first part (same mechanism), renames the second, adds a third.
    const firstId = created[0].id;
    await decide(w, w.power, "split", {
      splitInto: [
        parts[0],
        { name: "Noticing power", description: parts[1].description },
        { name: "Referent power", description: "Leaders earn influence." },
      ],
    });
    expect(await round2(w)).toEqual([
      "1:Building trust",
      "2:Taking a wider view",
      "3:Sharing power",
      "4:Noticing power",
      "5:Referent power",
    ]);
    expect(w.db.select().from(mechanisms).where(eq(mechanisms.id, firstId)).get()).toBeDefined();

    // A part that takes in a merged mechanism cannot be removed by changing the split.
    await decide(w, w.trust, "merge", { mergeIntoMechanismId: firstId });
    await expectRefused(w.db, () => decide(w, w.power, "keep"), "BAD_REQUEST", /"Building trust" is merged into "Sharing power"/);
    await decide(w, w.trust, "keep");

    await decide(w, w.power, "keep");
    expect(await round2(w)).toEqual(["1:Taking a wider view", "2:Building trust", "3:Working with power"]);
    expect(w.db.select().from(mechanisms).where(eq(mechanisms.originKind, "split")).all()).toHaveLength(0);
    // The old version and its place in round 1 never moved.
    expect((await w.facilitator.mechanism.listForRound({ consultationId: w.cid, round: 1 })).mechanisms.map((m) => m.name)).toEqual([
      "Building trust",
      "Taking a wider view",
      "Working with power",
    ]);
  });

  it("checks every cited piece of feedback and writes nothing when one is wrong", async () => {
    const w = await between();
    // A comment on another mechanism, on another consultation's mechanism, a flag elsewhere, other ratings.
    const outsiderComment = (
      await w.other.stakeholder.caller.comment.add({
        consultationId: w.other.consultationId,
        target: { versionId: w.other.versions[0] },
        body: "Elsewhere.",
      })
    ).id;
    const outsiderFlag = (
      await w.other.stakeholder.caller.flag.create({
        consultationId: w.other.consultationId,
        round: 1,
        name: "Another flag",
        covers: "Something else.",
        whyItMatters: "Because.",
      })
    ).id;
    const bad: [unknown, RegExp][] = [
      [{ kind: "comment", commentId: w.widerComment }, /not one of the comments on "Building trust" in round 1/],
      [{ kind: "comment", commentId: outsiderComment }, /not one of the comments on "Building trust" in round 1/],
      [{ kind: "flag", flagId: outsiderFlag }, /not one of the missing-mechanism flags of round 1/],
      [{ kind: "ratings", versionId: w.versions[1] }, /ratings must be those of "Building trust"/],
    ];
    for (const [s, message] of bad) {
      await expectRefused(
        w.db,
        () => decide(w, w.trust, "keep", { sources: [{ kind: "ratings", versionId: w.versions[0] }, s as never] }),
        "BAD_REQUEST",
        message,
      );
    }
    expect(countRows(w.db, "decision")).toBe(0);

    // Hidden comments are not citable.
    await w.facilitator.comment.hide({ consultationId: w.cid, commentId: w.replyId, reason: "Off topic" });
    await expectRefused(
      w.db,
      () => decide(w, w.trust, "keep", { sources: [{ kind: "comment", commentId: w.replyId }] }),
      "BAD_REQUEST",
      /hidden/,
    );

    // The right ones are saved (duplicates once) and shown with an excerpt and the author.
    await decide(w, w.trust, "keep", {
      sources: [
        { kind: "comment", commentId: w.commentId },
        { kind: "comment", commentId: w.commentId },
        { kind: "flag", flagId: w.flagId },
        { kind: "ratings", versionId: w.versions[0] },
      ],
    });
    expect(countRows(w.db, "decision_source")).toBe(3);
    const labels = (await workspace(w)).mechanisms[0].decision!.sources.map((s) => s.label);
    expect(labels).toEqual([
      "Ann Able (Stakeholder 1, practitioner): “Trust comes first in our team.”",
      "Flag “Use of power”",
      "Ratings in round 1",
    ]);
    // Changing the decision replaces its sources.
    await decide(w, w.trust, "keep", { sources: [] });
    expect(w.db.select().from(decisionSources).all()).toHaveLength(0);
  });

  it("detects a decision changed by another facilitator since the form was loaded", async () => {
    const w = await between();
    const loaded = stamp(w, w.trust); // null: no decision yet
    await decide(w, w.trust, "keep");
    await expectRefused(
      w.db,
      () => decide(w, w.trust, "drop", { expectedUpdatedAt: loaded }),
      "CONFLICT",
      /Another facilitator changed the decision on "Building trust" \(now: Kept as it was\).*Reload/,
    );
    const seen = stamp(w, w.trust);
    await decide(w, w.trust, "drop", { expectedUpdatedAt: seen });
    await expectRefused(w.db, () => decide(w, w.trust, "keep", { expectedUpdatedAt: seen }), "CONFLICT", /Another facilitator/);
  });

  it("only takes mechanisms of round 1 of this consultation", async () => {
    const w = await between();
    const [added] = await addMechanisms(w.facilitator, w.cid, 2, ["Fostering resilience"]);
    const addedMechanism = w.db.select().from(mechanismVersions).where(eq(mechanismVersions.id, added)).get()!.mechanismId;
    await expectRefused(w.db, () => decide(w, addedMechanism, "keep"), "NOT_FOUND", /This mechanism of round 1 was not found/);
    const foreign = w.db.select().from(mechanismVersions).where(eq(mechanismVersions.id, w.other.versions[0])).get()!.mechanismId;
    await expectRefused(w.db, () => decide(w, foreign, "keep"), "NOT_FOUND");
    // A round 2 addition is a fine merge target.
    await decide(w, w.trust, "merge", { mergeIntoMechanismId: addedMechanism });
    await expectRefused(
      w.db,
      () => w.facilitator.mechanism.remove({ consultationId: w.cid, versionId: added }),
      "BAD_REQUEST",
      /merged into "Fostering resilience"/,
    );
  });

  it("is refused once round 2 is published", async () => {
    const w = await between();
    await decide(w, w.trust, "keep");
    await decide(w, w.wider, "keep");
    await decide(w, w.power, "keep");
    await w.facilitator.decision.triageFlag({
      consultationId: w.cid,
      round: 2,
      flagId: w.flagId,
      triage: "declined",
      reason: "Covered by Working with power.",
    });
    expect(blockers(w)).toEqual([]);
    await w.facilitator.round.publish({ consultationId: w.cid, round: 2 });
    await expectRefused(
      w.db,
      () => decide(w, w.trust, "drop"),
      "BAD_REQUEST",
      /Round 2 is open: recording a decision is only possible while it is a draft/,
    );
    await expectRefused(
      w.db,
      () =>
        w.facilitator.decision.triageFlag({
          consultationId: w.cid,
          round: 2,
          flagId: w.flagId,
          triage: "declined",
          reason: "Changed our mind.",
        }),
      "BAD_REQUEST",
      /Round 2 is open/,
    );
    await expectRefused(w.db, () => w.facilitator.decision.prepare({ consultationId: w.cid, round: 2 }), "BAD_REQUEST", /Round 2 is open/);
    // The workspace stays readable, as the record of what was decided.
    expect((await workspace(w)).progress).toEqual({ decided: 3, total: 3, triaged: 1, flags: 1 });
  });
});

describe("flag triage", () => {
  const triage = (w: W, input: Record<string, unknown>) =>
    w.facilitator.decision.triageFlag({ consultationId: w.cid, round: 2, flagId: w.flagId, ...(input as { triage: "declined" }) });

  it("accepts a flag as a new mechanism at the end of round 2, crediting its origin", async () => {
    const w = await between();
    await expectRefused(w.db, () => triage(w, { triage: "accepted" }), "BAD_REQUEST", /^New mechanism: Give the new mechanism/);
    const { mechanismId } = await triage(w, {
      triage: "accepted",
      newMechanism: { name: "Working with power dynamics", description: "Leaders notice and share power across professions." },
      expectedTriagedAt: null,
    });
    expect(await round2(w)).toEqual(["1:Building trust", "2:Taking a wider view", "3:Working with power", "4:Working with power dynamics"]);
    const m = w.db.select().from(mechanisms).where(eq(mechanisms.id, mechanismId!)).get()!;
    expect(m).toMatchObject({ originKind: "flag", originFlagId: w.flagId });
    const ws = await workspace(w);
    expect(ws.flags[0]).toMatchObject({
      triage: "accepted",
      triageMechanism: { mechanismId, name: "Working with power dynamics" },
      triagedBy: "Fran Facilitator",
    });
    expect(ws.roundMechanisms[3].origin).toBe("Accepted from the flag “Use of power” (Stakeholder 2, service user)");
    expect(ws.progress.triaged).toBe(1);

    // Accepting again edits the same mechanism rather than adding another.
    await triage(w, {
      triage: "accepted",
      newMechanism: { name: "Working with power", description: "Leaders share authority when others are better placed." },
    });
    expect(
      w.db
        .select()
        .from(mechanisms)
        .where(eq(mechanisms.originKind, "flag"))
        .all()
        .map((x) => x.id),
    ).toEqual([mechanismId]);
    expect((await round2(w))[3]).toBe("4:Working with power");

    // The mechanism list cannot remove it behind the workspace's back.
    const version = w.db.select().from(mechanismVersions).where(eq(mechanismVersions.mechanismId, mechanismId!)).get()!;
    await expectRefused(
      w.db,
      () => w.facilitator.mechanism.remove({ consultationId: w.cid, versionId: version.id }),
      "BAD_REQUEST",
      /triage the flag again/,
    );

    // Declining afterwards removes what the acceptance created.
    await triage(w, { triage: "declined", reason: "On reflection, covered by Working with power." });
    expect(await round2(w)).toEqual(["1:Building trust", "2:Taking a wider view", "3:Working with power"]);
    expect(w.db.select().from(mechanisms).where(eq(mechanisms.id, mechanismId!)).get()).toBeUndefined();
    const audit = w.db.select().from(auditLog).where(eq(auditLog.action, "flag.triage")).all();
    expect(audit.map((a) => (a.details as { triage: string }).triage)).toEqual([
      "Accepted as a new mechanism",
      "Accepted as a new mechanism",
      "Declined",
    ]);
    expect(audit.at(-1)!.details).toMatchObject({ removedMechanism: { name: "Working with power" } });
  });

  it("merges into a round 2 mechanism, and declines only with a reason", async () => {
    const w = await between();
    await expectRefused(w.db, () => triage(w, { triage: "merged" }), "BAD_REQUEST", /^Mechanism id: Choose the mechanism/);
    await expectRefused(
      w.db,
      () => triage(w, { triage: "merged", mechanismId: w.other.versions[0] }),
      "BAD_REQUEST",
      /in the round 2 draft/,
    );
    await triage(w, { triage: "merged", mechanismId: w.power });
    expect((await workspace(w)).flags[0]).toMatchObject({
      triage: "merged",
      triageMechanism: { mechanismId: w.power, name: "Working with power" },
    });
    // The mechanism it was merged into cannot then be dropped.
    await expectRefused(
      w.db,
      () => decide(w, w.power, "drop"),
      "BAD_REQUEST",
      /the flag "Use of power" is merged into "Working with power"/,
    );

    await expectRefused(w.db, () => triage(w, { triage: "declined" }), "BAD_REQUEST", /^Reason: Say why it is declined/);
    for (const invisible of INVISIBLE_TEXTS) {
      await expectRefused(
        w.db,
        () => triage(w, { triage: "declined", reason: invisible }),
        "BAD_REQUEST",
        /^Reason: Say why it is declined/,
      );
    }
    await expectRefused(w.db, () => triage(w, { triage: "declined", reason: "no" }), "BAD_REQUEST", /^Reason/);
    await triage(w, { triage: "declined", reason: "Already part of Working with power." });
    expect((await workspace(w)).flags[0]).toMatchObject({
      triage: "declined",
      triageReason: "Already part of Working with power.",
      triageMechanism: null,
    });
  });

  it("refuses a flag of another round or consultation, and a stale form", async () => {
    const w = await between();
    const outsiderFlag = (
      await w.other.stakeholder.caller.flag.create({
        consultationId: w.other.consultationId,
        round: 1,
        name: "Another flag",
        covers: "Something else.",
        whyItMatters: "Because.",
      })
    ).id;
    await expectRefused(
      w.db,
      () =>
        w.facilitator.decision.triageFlag({
          consultationId: w.cid,
          round: 2,
          flagId: outsiderFlag,
          triage: "declined",
          reason: "Not ours.",
        }),
      "NOT_FOUND",
    );
    const first = await triage(w, { triage: "declined", reason: "Covered already.", expectedTriagedAt: null });
    await expectRefused(
      w.db,
      () => triage(w, { triage: "merged", mechanismId: w.power, expectedTriagedAt: null }),
      "CONFLICT",
      /Another facilitator triaged the flag "Use of power" meanwhile \(now: Declined\)/,
    );
    await triage(w, { triage: "merged", mechanismId: w.power, expectedTriagedAt: first.triagedAt });
  });
});

describe("what blocks publishing round 2", () => {
  it("names the mechanisms without a decision and the flags without triage", async () => {
    const w = await between({ prepare: false });
    expect(blockers(w, 1)).toEqual([]);
    expect(blockers(w)).toEqual([
      "Round 2 has not been prepared from round 1 yet: do that in its workspace.",
      "3 mechanisms of round 1 have no decision yet: Building trust, Taking a wider view and Working with power.",
      '1 missing-mechanism flag of round 1 has not been triaged yet: "Use of power".',
    ]);
    await w.facilitator.decision.prepare({ consultationId: w.cid, round: 2 });
    await decide(w, w.trust, "keep");
    await decide(w, w.wider, "drop");
    expect(blockers(w)).toEqual([
      "1 mechanism of round 1 has no decision yet: Working with power.",
      '1 missing-mechanism flag of round 1 has not been triaged yet: "Use of power".',
    ]);
    await decide(w, w.power, "keep");
    await w.facilitator.decision.triageFlag({ consultationId: w.cid, round: 2, flagId: w.flagId, triage: "merged", mechanismId: w.power });
    expect(blockers(w)).toEqual([]);
  });

  it("stops round.publish while decisions are missing", async () => {
    const w = await between();
    await decide(w, w.trust, "keep");
    await expectRefused(
      w.db,
      () => w.facilitator.round.publish({ consultationId: w.cid, round: 2 }),
      "CONFLICT",
      /2 mechanisms of round 1 have no decision yet: Taking a wider view and Working with power\. 1 missing-mechanism flag/,
    );
  });
});

describe("the round 2 draft list beside the workspace", () => {
  it("detects a draft saved by someone else since the editor loaded it", async () => {
    const w = await between();
    const list = await w.facilitator.mechanism.listForRound({ consultationId: w.cid, round: 2 });
    const draft = list.mechanisms[1];
    const second = await addMechanisms(w.facilitator, w.cid, 2, ["Fostering resilience"]);
    const fresh = (await w.facilitator.mechanism.listForRound({ consultationId: w.cid, round: 2 })).mechanisms.find(
      (m) => m.id === second[0],
    )!;
    await w.facilitator.mechanism.update({
      consultationId: w.cid,
      versionId: fresh.id,
      name: "Fostering personal resilience",
      description: fresh.description,
      expectedUpdatedAt: fresh.updatedAt,
    });
    await expectRefused(
      w.db,
      () =>
        w.facilitator.mechanism.update({
          consultationId: w.cid,
          versionId: fresh.id,
          name: "Fostering team resilience",
          description: fresh.description,
          expectedUpdatedAt: fresh.updatedAt,
        }),
      "CONFLICT",
      /Someone else saved this draft meanwhile/,
    );
    // A continuing mechanism's draft cannot be removed from the list, only dropped in the workspace.
    await expectRefused(
      w.db,
      () => w.facilitator.mechanism.remove({ consultationId: w.cid, versionId: draft.id }),
      "BAD_REQUEST",
      /"Taking a wider view" continues from round 1.*workspace \(drop, merge or split\)/,
    );
    // Kept unchanged: its text is changed by revising it in the workspace.
    await decide(w, w.wider, "keep");
    await expectRefused(
      w.db,
      () =>
        w.facilitator.mechanism.update({ consultationId: w.cid, versionId: draft.id, name: "Wider view", description: draft.description }),
      "BAD_REQUEST",
      /recorded as "Kept as it was".*record it as "Revised"/,
    );
    // Facilitators' own additions are theirs to remove.
    await w.facilitator.mechanism.remove({ consultationId: w.cid, versionId: fresh.id });
  });
});
