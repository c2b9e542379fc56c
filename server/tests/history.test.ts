/**
 * Delphi feedback (the previous round's results under each round's setting, the viewer's own
 * previous rating) and a mechanism's history across rounds, from a stakeholder's and a
 * facilitator's point of view.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { comments, rounds } from "@/db/schema";
import { addStakeholder, expectRefused, setupWithContent, withTemporaryOutbox } from "./helpers";
import { betweenRounds, type BetweenRounds } from "./history-fixture";

// Publishing round 2 (last test) emails the panel: into a throwaway outbox.
withTemporaryOutbox("all");

// Round 1 ratings of "Taking a wider view": A (practitioner) 4, C (practitioner) 5,
// B (service user) 2, D (service user) 1.
const EVERYONE = { n: 4, distribution: [1, 1, 0, 1, 1], median: 3, q1: 1.75, q3: 4.25, iqr: 2.5 };
const PRACTITIONERS = { n: 2, distribution: [0, 0, 0, 1, 1], median: 4.5 };
const SERVICE_USERS = { n: 2, distribution: [1, 1, 0, 0, 0], median: 1.5 };

function delphi(w: BetweenRounds, who: "a" | "b" | "facilitator") {
  const caller = who === "facilitator" ? w.facilitator : w[who].caller;
  return caller.history
    .forMechanismPage({ consultationId: w.consultationId, round: 2, mechanismId: w.round1.wider.mechanismId })
    .then((r) => r.delphi!);
}

/** A practitioner who rated "Taking a wider view" 3 in round 1 (written straight in: round 1 is closed). */
async function thirdPractitioner(w: BetweenRounds) {
  const e = await addStakeholder(w.db, w.facilitator, w.consultationId, { name: "Eve Evans", perspective: "practitioner" });
  w.db.$client
    .prepare("insert into rating (id, version_id, membership_id, value, created_at, updated_at) values (?, ?, ?, 3, 0, 0)")
    .run(crypto.randomUUID(), w.round1.wider.versionId, e.membershipId);
  return e;
}

describe("minimum group size of the figures by perspective", () => {
  it("a stakeholder's feedback by perspective withholds a group of two, everywhere the panel reads it", async () => {
    const w = await betweenRounds();
    w.openRound2("perspective");
    const a = await delphi(w, "a");
    expect(a.results).toEqual({
      group: "perspective",
      groupLabel: "practitioners and managers",
      perspective: "practitioner",
      reason: null,
      summary: null,
      tooFew: "fewer than 3 answers",
    });
    // Their own rating stays: it is theirs.
    expect(a.myRating).toBe(4);
    // Nor through the ratings a decision cites, the mechanism's history or the round's changes.
    const page = await w.a.caller.history.forMechanismPage({
      consultationId: w.consultationId,
      round: 2,
      mechanismId: w.round1.wider.mechanismId,
    });
    expect(page.changes!.decision!.sources).toEqual([
      expect.objectContaining({ kind: "ratings", results: expect.objectContaining({ summary: null, tooFew: "fewer than 3 answers" }) }),
    ]);
    const history = await w.a.caller.history.mechanism({ consultationId: w.consultationId, mechanismId: w.round1.wider.mechanismId });
    expect(history.versions[0].results).toMatchObject({ group: "perspective", summary: null, tooFew: "fewer than 3 answers" });
    const changes = await w.a.caller.history.roundChanges({ consultationId: w.consultationId, round: 2 });
    for (const read of [page, history, changes]) expect(JSON.stringify(read)).not.toContain('"median"');
    // The facilitators still see every figure, and the whole panel's are unaffected.
    expect((await delphi(w, "facilitator")).results).toMatchObject({ group: "all", summary: EVERYONE, tooFew: null });
    w.db.update(rounds).set({ feedbackVisibility: "all" }).where(eq(rounds.id, w.round2.id)).run();
    expect((await delphi(w, "a")).results).toMatchObject({ group: "all", summary: EVERYONE, tooFew: null });
  });

  it("shows a group of three, while a group of two beside it stays withheld", async () => {
    const w = await betweenRounds();
    await thirdPractitioner(w);
    w.openRound2("perspective");
    expect((await delphi(w, "a")).results).toMatchObject({
      group: "perspective",
      perspective: "practitioner",
      tooFew: null,
      summary: { n: 3, distribution: [0, 0, 1, 1, 1], median: 4 },
    });
    expect((await delphi(w, "b")).results).toMatchObject({ perspective: "service_user", summary: null, tooFew: "fewer than 3 answers" });
  });

  it("follows the consultation's setting: raised to 4, a group of three is withheld too", async () => {
    const w = await betweenRounds({ minGroupSize: 4 });
    await thirdPractitioner(w);
    w.openRound2("perspective");
    expect((await delphi(w, "a")).results).toMatchObject({ summary: null, tooFew: "fewer than 4 answers" });
  });
});

describe("Delphi feedback on the mechanism page", () => {
  it("all: everyone's distribution, median and IQR, with the viewer's own previous rating", async () => {
    const w = await betweenRounds();
    w.openRound2("all");
    const a = await delphi(w, "a");
    expect(a).toMatchObject({ roundNumber: 1, roundOpen: false, setting: "all", myRating: 4 });
    expect(a.results).toMatchObject({ group: "all", groupLabel: "everyone on the panel", summary: EVERYONE });
    expect(a.scaleLabels).toHaveLength(5);
    const b = await delphi(w, "b");
    expect(b).toMatchObject({ myRating: 2, results: { group: "all", summary: EVERYONE } });
  });

  it("perspective: each stakeholder sees only their own perspective's ratings, and is told so", async () => {
    // Groups of two, shown because this consultation allows groups down to two.
    const w = await betweenRounds({ minGroupSize: 2 });
    w.openRound2("perspective");
    const a = await delphi(w, "a");
    expect(a.results).toMatchObject({
      group: "perspective",
      perspective: "practitioner",
      groupLabel: "practitioners and managers",
      summary: PRACTITIONERS,
    });
    expect(a.myRating).toBe(4);
    const b = await delphi(w, "b");
    expect(b.results).toMatchObject({ group: "perspective", perspective: "service_user", summary: SERVICE_USERS });
    expect(b.myRating).toBe(2);
  });

  it("none: no group results at all, only the stakeholder's own previous rating", async () => {
    const w = await betweenRounds();
    w.openRound2("none");
    const a = await delphi(w, "a");
    expect(a.results).toEqual({ group: "none", groupLabel: "", perspective: null, reason: "setting", summary: null, tooFew: null });
    expect(a.myRating).toBe(4);
    // Nor through the ratings a decision cites.
    const page = await w.a.caller.history.forMechanismPage({
      consultationId: w.consultationId,
      round: 2,
      mechanismId: w.round1.wider.mechanismId,
    });
    expect(page.changes!.decision!.sources).toEqual([
      expect.objectContaining({ kind: "ratings", results: expect.objectContaining({ group: "none", summary: null }) }),
    ]);
    const changes = await w.a.caller.history.roundChanges({ consultationId: w.consultationId, round: 2 });
    expect(JSON.stringify(changes)).not.toContain('"median"');
  });

  it("facilitators always see everyone's results, with the panel's setting stated", async () => {
    for (const setting of ["all", "perspective", "none"] as const) {
      const w = await betweenRounds();
      w.openRound2(setting);
      const f = await delphi(w, "facilitator");
      expect(f.results, setting).toMatchObject({ group: "all", summary: EVERYONE });
      expect(f.setting).toBe(setting);
      expect(f.settingLabel).toMatch(/results/i);
      expect(f.myRating).toBeNull();
    }
  });

  it("a stakeholder who did not rate it sees that, and one without a perspective sees no perspective results", async () => {
    const w = await betweenRounds();
    w.openRound2("perspective");
    const late = await addStakeholder(w.db, w.facilitator, w.consultationId, { name: "Lee Late", perspective: "researcher" });
    const mine = await late.caller.history.forMechanismPage({
      consultationId: w.consultationId,
      round: 2,
      mechanismId: w.round1.wider.mechanismId,
    });
    expect(mine.delphi).toMatchObject({
      myRating: null,
      results: { group: "perspective", perspective: "researcher", summary: null, tooFew: "fewer than 3 answers" },
    });
    w.db.$client.prepare("update membership set perspective = null where id = ?").run(late.membershipId);
    const none = await late.caller.history.forMechanismPage({
      consultationId: w.consultationId,
      round: 2,
      mechanismId: w.round1.wider.mechanismId,
    });
    expect(none.delphi!.results).toMatchObject({ group: "none", reason: "no_perspective", summary: null });
  });

  it("the facilitators preparing round 2 see round 1's results on the draft", async () => {
    const w = await betweenRounds();
    const f = await delphi(w, "facilitator");
    expect(f.results.summary).toMatchObject(EVERYONE);
  });

  it("reads the page in the same number of queries however many ratings and comments there are", async () => {
    const w = await betweenRounds();
    w.openRound2("perspective");
    // Every statement run on the connection counts, whether built per call or prepared once and
    // reused (a statement prepared earlier would escape the count: the page is read once first).
    const sqlite = w.db.$client;
    const prepare = sqlite.prepare.bind(sqlite);
    let statements = 0;
    sqlite.prepare = ((source: string) => {
      const s = prepare(source);
      for (const method of ["run", "get", "all", "iterate"] as const) {
        const original = s[method].bind(s) as (...args: unknown[]) => unknown;
        (s as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          statements++;
          return original(...args);
        };
      }
      return s;
    }) as typeof sqlite.prepare;
    const read = () =>
      w.a.caller.history.forMechanismPage({ consultationId: w.consultationId, round: 2, mechanismId: w.round1.trust.mechanismId });
    const count = async () => {
      statements = 0;
      await read();
      return statements;
    };
    try {
      const before = await count();
      // Many more ratings and cited comments on round 1's version.
      const round1 = w.db
        .select()
        .from(rounds)
        .all()
        .find((r) => r.number === 1 && r.consultationId === w.consultationId)!;
      for (let i = 0; i < 12; i++) {
        const p = await addStakeholder(w.db, w.facilitator, w.consultationId, {
          name: `Extra ${i}`,
          perspective: i % 2 ? "practitioner" : "service_user",
        });
        w.db.$client
          .prepare("insert into rating (id, version_id, membership_id, value, created_at, updated_at) values (?, ?, ?, ?, 0, 0)")
          .run(crypto.randomUUID(), w.round1.trust.versionId, p.membershipId, (i % 5) + 1);
        const c = w.db
          .insert(comments)
          .values({ roundId: round1.id, versionId: w.round1.trust.versionId, membershipId: p.membershipId, body: `Comment ${i}` })
          .returning()
          .get();
        w.db.$client
          .prepare("insert into decision_source (id, decision_id, kind, comment_id) values (?, ?, 'comment', ?)")
          .run(crypto.randomUUID(), w.decisionIds.trust, c.id);
      }
      const after = await count();
      expect(after).toBe(before);
      expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThanOrEqual(12);
      const page = await read();
      expect(page.changes!.decision!.sources.filter((s) => s.kind === "comment")).toHaveLength(15);
    } finally {
      sqlite.prepare = prepare;
    }
  });
});

describe("a mechanism's history", () => {
  it("lists every version with its diff, each round's results, the decisions and the own rating", async () => {
    const w = await betweenRounds();
    w.openRound2("all");
    const h = await w.a.caller.history.mechanism({ consultationId: w.consultationId, mechanismId: w.round1.trust.mechanismId });
    expect(h.name).toBe("Building trust across services");
    expect(h.origin).toEqual({ kind: "initial" });
    expect(h.fate).toBeNull();
    expect(h.versions.map((v) => [v.roundNumber, v.name, v.draft])).toEqual([
      [1, "Building trust", false],
      [2, "Building trust across services", false],
    ]);
    const [r1, r2] = h.versions;
    expect(r1.diff).toBeNull();
    expect(r1.results).toMatchObject({ group: "all", roundOpen: false, summary: { n: 2, median: 3 } });
    expect(r1.myRating).toBe(3);
    expect(r1.decision).toMatchObject({ kind: "revise", roundNumber: 2, mergeInto: null, splitInto: [] });
    expect(r1.decision!.sources.map((s) => s.kind)).toEqual(["comment", "comment", "comment", "ratings"]);
    expect(r2.diff!.changed).toBe(true);
    // Round 2 is still open: its results are not the panel's to see yet.
    expect(r2.results).toMatchObject({ group: "none", reason: "not_yet", summary: null, roundOpen: true });
    expect(r2.decision).toBeNull();
  });

  it("shows where a merged, split or dropped mechanism went", async () => {
    const w = await betweenRounds();
    w.openRound2();
    const history = (mechanismId: string) => w.b.caller.history.mechanism({ consultationId: w.consultationId, mechanismId });
    const merged = await history(w.round1.planning.mechanismId);
    expect(merged.versions).toHaveLength(1);
    expect(merged.fate).toMatchObject({
      kind: "merge",
      mergeInto: { mechanismId: w.round1.wider.mechanismId, name: "Taking a wider view" },
    });
    const split = await history(w.round1.balancing.mechanismId);
    expect(split.fate!.splitInto.map((l) => l.name).sort()).toEqual(["Balancing budgets", "Balancing professional perspectives"]);
    const dropped = await history(w.round1.advocacy.mechanismId);
    expect(dropped.fate).toMatchObject({ kind: "drop", rationale: "Nobody found it relevant." });
    // And, on the mechanism it went into, what was merged into it.
    const wider = await history(w.round1.wider.mechanismId);
    expect(wider.versions[1].mergedIn).toEqual([
      expect.objectContaining({ name: "Planning and coordinating", decision: expect.objectContaining({ kind: "merge" }) }),
    ]);
    expect(wider.versions[1].mergedFlags.map((f) => f.name)).toEqual(["Joint rotas"]);
    expect(wider.versions[0].decision).toMatchObject({
      kind: "keep_with_note",
      statusNote: expect.stringMatching(/No empirical evidence/),
    });
  });

  it("says a mechanism began as a stakeholder's flag, naming the proposer by pseudonym", async () => {
    const w = await betweenRounds();
    w.openRound2();
    const h = await w.a.caller.history.mechanism({ consultationId: w.consultationId, mechanismId: w.added.withPower.id });
    expect(h.origin).toMatchObject({
      kind: "flag",
      roundNumber: 2,
      flag: {
        name: "Use of power",
        covers: expect.stringMatching(/hand over power/),
        author: "Stakeholder 2, service user",
        roundNumber: 1,
      },
    });
    const split = await w.a.caller.history.mechanism({ consultationId: w.consultationId, mechanismId: w.added.perspectives.id });
    expect(split.origin).toMatchObject({
      kind: "split",
      from: { name: "Balancing needs" },
      decision: { rationale: "Two different ideas were mixed together." },
    });
  });

  it("results of round 1 follow round 2's setting: perspective only, or none with the own rating", async () => {
    const w = await betweenRounds({ minGroupSize: 2 });
    w.openRound2("perspective");
    const forB = await w.b.caller.history.mechanism({ consultationId: w.consultationId, mechanismId: w.round1.wider.mechanismId });
    expect(forB.versions[0].results).toMatchObject({ group: "perspective", summary: SERVICE_USERS });
    w.db.update(rounds).set({ feedbackVisibility: "none" }).where(eq(rounds.id, w.round2.id)).run();
    const none = await w.b.caller.history.mechanism({ consultationId: w.consultationId, mechanismId: w.round1.wider.mechanismId });
    expect(none.versions[0]).toMatchObject({ myRating: 2, results: { group: "none", summary: null } });
    const f = await w.facilitator.history.mechanism({ consultationId: w.consultationId, mechanismId: w.round1.wider.mechanismId });
    expect(f.versions[0].results).toMatchObject({ group: "all", summary: EVERYONE });
  });

  it("keeps drafts from the panel: no draft versions, decisions or results; facilitators see them marked", async () => {
    const w = await betweenRounds(); // round 2 prepared but still a draft
    const forA = await w.a.caller.history.mechanism({ consultationId: w.consultationId, mechanismId: w.round1.trust.mechanismId });
    expect(forA.versions.map((v) => v.roundNumber)).toEqual([1]);
    expect(forA.versions[0].decision).toBeNull();
    expect(forA.versions[0].results).toMatchObject({ group: "none", reason: "not_yet" });
    expect(JSON.stringify(forA)).not.toContain("across services");
    const merged = await w.a.caller.history.mechanism({ consultationId: w.consultationId, mechanismId: w.round1.planning.mechanismId });
    expect(merged.fate).toBeNull();
    // A mechanism that exists only in the draft is not there at all.
    await expectRefused(
      w.db,
      () => w.a.caller.history.mechanism({ consultationId: w.consultationId, mechanismId: w.added.withPower.id }),
      "NOT_FOUND",
    );

    const forF = await w.facilitator.history.mechanism({ consultationId: w.consultationId, mechanismId: w.round1.trust.mechanismId });
    expect(forF.versions.map((v) => [v.roundNumber, v.draft])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(forF.versions[0].decision).toMatchObject({ kind: "revise", draft: true });
    expect(forF.versions[1].results).toBeNull();
  });

  it("is not found for another consultation's members", async () => {
    const w = await betweenRounds();
    await expectRefused(
      w.db,
      () => w.other.stakeholder.caller.history.mechanism({ consultationId: w.consultationId, mechanismId: w.round1.trust.mechanismId }),
      "NOT_FOUND",
    );
    await expectRefused(
      w.db,
      () => w.other.facilitator.history.mechanism({ consultationId: w.other.consultationId, mechanismId: w.round1.trust.mechanismId }),
      "NOT_FOUND",
    );
  });
});

describe("with round 2 prepared through the between-rounds procedures", () => {
  it("shows the facilitators' decisions, triage and origins to the panel once round 2 is published", async () => {
    const w = await setupWithContent();
    const cid = w.consultationId;
    const [trust, wider, power] = w.mechanismIds;
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await w.facilitator.decision.prepare({ consultationId: cid, round: 2 });
    const base = { consultationId: cid, round: 2, rationale: "What the panel told us.", expectedUpdatedAt: null };
    await w.facilitator.decision.set({
      ...base,
      mechanismId: trust,
      kind: "revise",
      revisedName: "Building trust across services",
      revisedDescription: "Leaders build trust between health and social care staff.",
      sources: [
        { kind: "comment", commentId: w.commentId },
        { kind: "ratings", versionId: w.versions[0] },
      ],
    });
    await w.facilitator.decision.set({ ...base, mechanismId: wider, kind: "keep" });
    await w.facilitator.decision.set({ ...base, mechanismId: power, kind: "merge", mergeIntoMechanismId: wider });
    await w.facilitator.decision.triageFlag({
      consultationId: cid,
      round: 2,
      flagId: w.flagId,
      triage: "accepted",
      newMechanism: { name: "Using power well", description: "Leaders share power where others know better." },
    });
    const draft = await w.facilitator.history.roundChanges({ consultationId: cid, round: 2 });
    expect(draft).toMatchObject({ draft: true, summary: { revise: 1, keep: 1, merge: 1, added: 1, undecided: 0 } });
    await w.facilitator.round.publish({ consultationId: cid, round: 2 });

    const changes = await w.a.caller.history.roundChanges({ consultationId: cid, round: 2 });
    expect(changes.draft).toBe(false);
    expect(changes.decisions.map((d) => [d.decision.kind, d.before.name, d.after?.name ?? null])).toEqual([
      ["revise", "Building trust", "Building trust across services"],
      ["merge", "Working with power", null],
      ["keep", "Taking a wider view", "Taking a wider view"],
    ]);
    expect(changes.decisions[0].decision.sources[0]).toMatchObject({
      kind: "comment",
      excerpt: "Trust comes first in our team.",
      author: "You (Stakeholder 1, practitioner)",
    });
    expect(changes.decisions[1].mergeInto).toEqual({ mechanismId: wider, name: "Taking a wider view" });
    const [accepted] = changes.added;
    expect(accepted).toMatchObject({
      name: "Using power well",
      origin: { kind: "flag", flag: { name: "Use of power", author: "Stakeholder 2, service user" } },
    });
    expect(changes.flags).toEqual([
      expect.objectContaining({
        name: "Use of power",
        triage: "accepted",
        mechanism: { mechanismId: accepted.mechanismId, name: "Using power well" },
      }),
    ]);

    const page = await w.a.caller.history.forMechanismPage({ consultationId: cid, round: 2, mechanismId: trust });
    expect(page.changes!.diff!.name).toEqual([
      { kind: "same", text: "Building trust" },
      { kind: "added", text: " across services" },
    ]);
    expect(page.delphi).toMatchObject({ myRating: 4, results: { group: "all", summary: { n: 1, median: 4 } } });
    const history = await w.b.caller.history.mechanism({ consultationId: cid, mechanismId: power });
    expect(history.fate).toMatchObject({ kind: "merge", mergeInto: { mechanismId: wider } });
  });
});
