/**
 * What changed between rounds: word diffs, the round's "You said, we did", origins of new
 * mechanisms, merges and splits, and the feedback decisions cite, as each viewer may see it.
 */
import { describe, expect, it } from "vitest";
import { excerpt, wordDiff } from "@/server/services/changes";
import { expectRefused } from "./helpers";
import { betweenRounds, HIDDEN_TEXT } from "./history-fixture";

describe("word diff", () => {
  it("shows a replaced word as removed then added, the rest unchanged", () => {
    expect(wordDiff("Leaders build trust in teams.", "Leaders build trust in services.")).toEqual([
      { kind: "same", text: "Leaders build trust in " },
      { kind: "removed", text: "teams" },
      { kind: "added", text: "services" },
      { kind: "same", text: "." },
    ]);
  });

  it("shows an added word on its own", () => {
    expect(wordDiff("Leaders build trust.", "Leaders build deep trust.")).toEqual([
      { kind: "same", text: "Leaders build " },
      { kind: "added", text: "deep " },
      { kind: "same", text: "trust." },
    ]);
  });

  it("returns unchanged text as one segment, and nothing for two empty texts", () => {
    expect(wordDiff("Taking a wider view", "Taking a wider view")).toEqual([{ kind: "same", text: "Taking a wider view" }]);
    expect(wordDiff("", "")).toEqual([]);
  });

  it("keeps every character of both texts: the old text from same+removed, the new from same+added", () => {
    const before = "Leaders understand the pressures on partner organisations,\nand think long term.";
    const after = "Leaders understand partners' pressures, connect strategically\nand think long term about the system.";
    const segments = wordDiff(before, after);
    expect(
      segments
        .filter((s) => s.kind !== "added")
        .map((s) => s.text)
        .join(""),
    ).toBe(before);
    expect(
      segments
        .filter((s) => s.kind !== "removed")
        .map((s) => s.text)
        .join(""),
    ).toBe(after);
    // A rewritten phrase reads as one removal and one addition.
    expect(segments).toContainEqual({ kind: "removed", text: " on partner organisations," });
    expect(segments).toContainEqual({ kind: "added", text: ", connect strategically" });
  });

  it("cuts long comment excerpts at a word", () => {
    const long = `${"word ".repeat(100)}end`;
    const cut = excerpt(long);
    expect(cut.truncated).toBe(true);
    expect(cut.text.length).toBeLessThanOrEqual(281);
    expect(cut.text.endsWith("word…")).toBe(true);
    expect(excerpt("Short one.")).toEqual({ text: "Short one.", truncated: false });
  });
});

describe("what changed on a mechanism's page", () => {
  it("gives a revised mechanism its diff, decision and the feedback behind it", async () => {
    const w = await betweenRounds();
    w.openRound2();
    const { changes } = await w.b.caller.history.forMechanismPage({
      consultationId: w.consultationId,
      round: 2,
      mechanismId: w.round1.trust.mechanismId,
    });
    expect(changes).toMatchObject({
      previousRound: 1,
      carried: true,
      draft: false,
      before: { name: "Building trust" },
      decision: { kind: "revise", label: "Revised", rationale: "Made specific to integrated teams, as the panel asked." },
      origin: null,
    });
    expect(changes!.diff!.nameChanged).toBe(true);
    expect(changes!.diff!.name).toEqual([
      { kind: "same", text: "Building trust" },
      { kind: "added", text: " across services" },
    ]);
    const [comment] = changes!.decision!.sources;
    expect(comment).toMatchObject({
      kind: "comment",
      state: "visible",
      author: "Stakeholder 1, practitioner",
      on: "Building trust",
      roundNumber: 1,
    });
    expect(comment.kind === "comment" && comment.excerpt).toMatch(/^Trust is too general/);
  });

  it("cites a hidden comment as hidden without its text, and a deleted one as deleted", async () => {
    const w = await betweenRounds();
    w.openRound2();
    const input = { consultationId: w.consultationId, round: 2, mechanismId: w.round1.trust.mechanismId };
    const forA = await w.a.caller.history.forMechanismPage(input);
    const sources = forA.changes!.decision!.sources;
    expect(sources.map((s) => s.kind === "comment" && s.state)).toEqual(["visible", "hidden", "deleted", false]);
    expect(sources[1]).toMatchObject({ state: "hidden", excerpt: null, author: "Stakeholder 2, service user" });
    expect(sources[2]).toMatchObject({ state: "deleted", excerpt: null });
    expect(JSON.stringify(forA)).not.toContain(HIDDEN_TEXT);
    expect(JSON.stringify(await w.a.caller.history.roundChanges({ consultationId: w.consultationId, round: 2 }))).not.toContain(
      HIDDEN_TEXT,
    );
    // Its author and the facilitators could read it in the thread already; a deleted text is gone for everyone.
    const forB = await w.b.caller.history.forMechanismPage(input);
    expect(forB.changes!.decision!.sources[1]).toMatchObject({
      state: "hidden",
      excerpt: HIDDEN_TEXT,
      author: "You (Stakeholder 2, service user)",
    });
    const forF = await w.facilitator.history.forMechanismPage(input);
    expect(forF.changes!.decision!.sources[1]).toMatchObject({
      state: "hidden",
      excerpt: HIDDEN_TEXT,
      author: "Bob Baker (Stakeholder 2, service user)",
    });
    expect(forF.changes!.decision!.sources[2]).toMatchObject({ state: "deleted", excerpt: null });
    expect(JSON.stringify(forF)).not.toContain("never mind");
  });

  it("shows a kept mechanism's status note, unchanged text, and the mechanisms and flags merged into it", async () => {
    const w = await betweenRounds();
    w.openRound2();
    const { changes } = await w.a.caller.history.forMechanismPage({
      consultationId: w.consultationId,
      round: 2,
      mechanismId: w.round1.wider.mechanismId,
    });
    expect(changes!.decision).toMatchObject({
      kind: "keep_with_note",
      statusNote: "No empirical evidence found yet; kept at the panel's request.",
    });
    expect(changes!.diff!.changed).toBe(false);
    expect(changes!.mergedIn).toEqual([
      expect.objectContaining({
        mechanismId: w.round1.planning.mechanismId,
        name: "Planning and coordinating",
        decision: expect.objectContaining({ kind: "merge", rationale: "It overlapped with taking a wider view." }),
      }),
    ]);
    expect(changes!.mergedIn[0].decision.sources).toEqual([
      { kind: "flag", id: w.flagIds.coordination, name: "Joint rotas", author: "Stakeholder 4, service user", roundNumber: 1 },
    ]);
    expect(changes!.mergedFlags).toEqual([
      expect.objectContaining({ name: "Joint rotas", triage: "merged", reason: "Covered by taking a wider view." }),
    ]);
  });

  it("says where new mechanisms came from: a flag (with its proposer), a split, the facilitators", async () => {
    const w = await betweenRounds();
    w.openRound2();
    const page = (mechanismId: string) => w.a.caller.history.forMechanismPage({ consultationId: w.consultationId, round: 2, mechanismId });

    const fromFlag = await page(w.added.withPower.id);
    expect(fromFlag.delphi).toBeNull();
    expect(fromFlag.changes).toMatchObject({ carried: false, diff: null, decision: null });
    expect(fromFlag.changes!.origin).toEqual({
      kind: "flag",
      roundNumber: 2,
      flag: {
        id: w.flagIds.power,
        name: "Use of power",
        covers: "How leaders hold, share and hand over power between professions.",
        whyItMatters: "Social care staff feel unheard next to doctors.",
        author: "Stakeholder 2, service user",
        roundNumber: 1,
      },
    });

    const split = await page(w.added.budgets.id);
    expect(split.changes!.origin).toMatchObject({
      kind: "split",
      from: { mechanismId: w.round1.balancing.mechanismId, name: "Balancing needs" },
      decision: { kind: "split", rationale: "Two different ideas were mixed together.", sources: [{ kind: "meeting_note" }] },
    });

    const added = await page(w.added.resilience.id);
    expect(added.changes!.origin).toEqual({ kind: "added", roundNumber: 2, note: "Found in the wider literature search." });
  });

  it("names the proposer as the consultation's anonymity says", async () => {
    const w = await betweenRounds({ anonymity: "named" });
    w.openRound2();
    const { changes } = await w.a.caller.history.forMechanismPage({
      consultationId: w.consultationId,
      round: 2,
      mechanismId: w.added.withPower.id,
    });
    expect(changes!.origin).toMatchObject({ kind: "flag", flag: { author: "Bob Baker, service user" } });
  });

  it("has nothing to compare in round 1", async () => {
    const w = await betweenRounds();
    expect(
      await w.a.caller.history.forMechanismPage({ consultationId: w.consultationId, round: 1, mechanismId: w.round1.trust.mechanismId }),
    ).toEqual({ changes: null, delphi: null });
  });
});

describe("the round's “You said, we did”", () => {
  it("lists every decision by kind, every new mechanism and every flag, with counts", async () => {
    const w = await betweenRounds();
    w.openRound2();
    const r = await w.a.caller.history.roundChanges({ consultationId: w.consultationId, round: 2 });
    expect(r.draft).toBe(false);
    expect(r.previous).toMatchObject({ number: 1 });
    expect(r.summary).toEqual({
      keep: 0,
      revise: 1,
      merge: 1,
      split: 1,
      drop: 1,
      keep_with_note: 1,
      added: 4,
      undecided: 0,
      flags: { accepted: 1, merged: 1, declined: 1, untriaged: 0 },
    });
    // Most change first.
    expect(r.decisions.map((d) => [d.decision.kind, d.before.name])).toEqual([
      ["revise", "Building trust"],
      ["merge", "Planning and coordinating"],
      ["split", "Balancing needs"],
      ["drop", "Advocacy"],
      ["keep_with_note", "Taking a wider view"],
    ]);
    const [revised, merged, split, dropped, kept] = r.decisions;
    expect(revised.after!.name).toBe("Building trust across services");
    expect(revised.diff!.description.some((s) => s.kind === "added")).toBe(true);
    expect(merged).toMatchObject({
      after: null,
      diff: null,
      mergeInto: { mechanismId: w.round1.wider.mechanismId, name: "Taking a wider view" },
    });
    expect(split.splitInto.map((l) => l.name)).toEqual(["Balancing professional perspectives", "Balancing budgets"]);
    expect(dropped).toMatchObject({ after: null, decision: { rationale: "Nobody found it relevant." } });
    expect(kept.mergedFrom).toEqual([{ mechanismId: w.round1.planning.mechanismId, name: "Planning and coordinating" }]);

    expect(r.added.map((a) => [a.name, a.origin.kind])).toEqual([
      ["Balancing professional perspectives", "split"],
      ["Balancing budgets", "split"],
      ["Working with power", "flag"],
      ["Fostering resilience", "added"],
    ]);
    expect(r.flags.map((f) => [f.name, f.triage, f.reason, f.mechanism?.name ?? null])).toEqual([
      ["Use of power", "accepted", "", "Working with power"],
      ["Time to reflect", "declined", "Outside the review's question.", null],
      ["Joint rotas", "merged", "Covered by taking a wider view.", "Taking a wider view"],
    ]);
    expect(r.flags[1].author).toBe("You (Stakeholder 1, practitioner)");
  });

  it("is the facilitators' draft until the round is published: the panel cannot see it", async () => {
    const w = await betweenRounds();
    const input = { consultationId: w.consultationId, round: 2 };
    await expectRefused(w.db, () => w.a.caller.history.roundChanges(input), "NOT_FOUND");
    await expectRefused(
      w.db,
      () => w.a.caller.history.forMechanismPage({ ...input, mechanismId: w.round1.trust.mechanismId }),
      "NOT_FOUND",
    );
    const draft = await w.facilitator.history.roundChanges(input);
    expect(draft.draft).toBe(true);
    expect(draft.decisions[0].decision.draft).toBe(true);
  });

  it("lists mechanisms still waiting for a decision and flags not triaged, for the facilitators", async () => {
    const w = await betweenRounds();
    w.db.$client.prepare("delete from decision where id = ?").run(w.decisionIds.split);
    w.db.$client.prepare("update flag set triage = null, triage_reason = null where id = ?").run(w.flagIds.reflect);
    const r = await w.facilitator.history.roundChanges({ consultationId: w.consultationId, round: 2 });
    expect(r.undecided).toEqual([{ mechanismId: w.round1.balancing.mechanismId, name: "Balancing needs" }]);
    expect(r.summary).toMatchObject({ undecided: 1, flags: { untriaged: 1, declined: 0 } });
    expect(r.flags.find((f) => f.name === "Time to reflect")).toMatchObject({ triage: null, triageLabel: "Not decided yet" });
  });

  it("refuses round 1, which has nothing before it, and another consultation's round", async () => {
    const w = await betweenRounds();
    await expectRefused(
      w.db,
      () => w.a.caller.history.roundChanges({ consultationId: w.consultationId, round: 1 }),
      "BAD_REQUEST",
      /first round/,
    );
    await expectRefused(
      w.db,
      () => w.other.stakeholder.caller.history.roundChanges({ consultationId: w.consultationId, round: 2 }),
      "NOT_FOUND",
    );
    await expectRefused(w.db, () => w.facilitator.history.roundChanges({ consultationId: w.consultationId, round: 9 }), "NOT_FOUND");
  });
});
