/**
 * The feedback report (server/services/report.ts) against a small consultation whose figures can
 * be worked out by hand, the demo seed's report, the summary procedures, and the consensus rule's
 * validation and lock.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, comments, consultations, decisionSources, decisions, flags, mechanismVersions, mechanisms, rounds } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { demoFacilitator, demoPanel } from "@/db/seed/demo-content";
import type { ConsensusRule } from "@/shared/domain";
import { buildReport, COMMENT_PREVIEW, groupComments, summaryReport } from "@/server/services/report";
import type { ConsultationReport, ReportMechanism } from "@/server/services/report-types";
import { addStakeholder, callerFor, consultationInput, createUser, expectRefused, freshDb, setup, withTemporaryOutbox } from "./helpers";

withTemporaryOutbox("all");

const RULE: ConsensusRule = { topFrom: 4, topMinPercent: 70, bottomTo: 2, bottomMaxPercent: 15 };
const HIDDEN_TEXT = "John Smith at the council is useless.";
const NAMES = ["Ann Able", "Bob Baker", "Cai Carter", "Dot Dale", "Eve Evans", "Fay Fox", "Fran Facilitator"];

/**
 * Round 1 (closed) with six stakeholders, three mechanisms, comments (one hidden, one on a
 * passage, one reply), two flags; round 2 prepared as the between-rounds workspace would (keep,
 * revise, drop, a flag accepted, a mechanism added) and open with some ratings; round 3 a draft
 * with a version and a decision that must stay out of the report.
 */
async function consultation() {
  const w = await setup({ mechanisms: ["Building trust", "Taking a wider view", "Working with power"] });
  const { db, consultationId, facilitator, a, b } = w;
  // Written straight in: the rule's own procedure is tested below, and round 1 is already open.
  db.update(consultations).set({ consensusRule: RULE }).where(eq(consultations.id, consultationId)).run();
  const add = (name: string, perspective: "practitioner" | "service_user" | "researcher" | "opinion_leader") =>
    addStakeholder(db, facilitator, consultationId, { name, email: `${name.split(" ")[0].toLowerCase()}@example.org`, perspective });
  const c = await add("Cai Carter", "practitioner");
  const d = await add("Dot Dale", "service_user");
  const e = await add("Eve Evans", "researcher");
  const f = await add("Fay Fox", "opinion_leader");
  const [trust, wider, power] = w.versions;
  const rate = (who: typeof a, versionId: string, value: number) => who.caller.rating.set({ consultationId, versionId, value });
  // Building trust: 5 4 4 5 2. Taking a wider view: 4 5 5 4. Working with power: 3 2.
  await rate(a, trust, 5);
  await rate(b, trust, 4);
  await rate(c, trust, 4);
  await rate(d, trust, 5);
  await rate(e, trust, 2);
  await rate(a, wider, 4);
  await rate(b, wider, 5);
  await rate(c, wider, 5);
  await rate(d, wider, 4);
  await rate(a, power, 3);
  await rate(b, power, 2);

  const first = await a.caller.comment.add({ consultationId, target: { versionId: trust }, body: "Trust comes first in our team." });
  await b.caller.comment.add({
    consultationId,
    target: { versionId: trust },
    parentId: first.id,
    body: "Agreed, and across services too.",
  });
  const description = `What "Building trust" means for leaders of integrated teams.`;
  const quote = "leaders of integrated teams";
  const start = description.indexOf(quote);
  await d.caller.comment.add({
    consultationId,
    target: { versionId: trust },
    body: "Which leaders?",
    anchor: { start, end: start + quote.length, quote },
  });
  const hidden = await c.caller.comment.add({ consultationId, target: { versionId: wider }, body: HIDDEN_TEXT });
  await facilitator.comment.hide({ consultationId, commentId: hidden.id, reason: "Names a person" });
  const byEve = await e.caller.comment.add({ consultationId, target: { versionId: power }, body: "Power matters most." });
  const usePower = await b.caller.flag.create({
    consultationId,
    round: 1,
    name: "Use of power",
    covers: "How leaders share power.",
    whyItMatters: "Social care staff feel unheard.",
  });
  await a.caller.flag.endorse({ consultationId, flagId: usePower.id });
  await a.caller.comment.add({ consultationId, target: { flagId: usePower.id }, body: "Yes, and budgets are power too." });
  await c.caller.flag.endorse({ consultationId, flagId: usePower.id });
  const rotas = await d.caller.flag.create({
    consultationId,
    round: 1,
    name: "Joint rotas",
    covers: "Planning shifts together.",
    whyItMatters: "Nobody knows who is on.",
  });
  await facilitator.round.close({ consultationId, round: 1 });

  // Round 2, prepared straight in the tables (the workspace's own rules are tested elsewhere).
  const roundRows = db.select().from(rounds).where(eq(rounds.consultationId, consultationId)).all();
  const round2 = roundRows.find((r) => r.number === 2)!;
  const round3 = roundRows.find((r) => r.number === 3)!;
  const mechanismOf = (versionId: string) =>
    db.select().from(mechanismVersions).where(eq(mechanismVersions.id, versionId)).get()!.mechanismId;
  const [trustM, widerM, powerM] = [trust, wider, power].map(mechanismOf);
  const version = (roundId: string, mechanismId: string, name: string, position: number) =>
    db
      .insert(mechanismVersions)
      .values({ mechanismId, roundId, name, description: `What "${name}" means for leaders of integrated teams.`, position })
      .returning()
      .get().id;
  const sharing = db.insert(mechanisms).values({ consultationId, originKind: "flag", originFlagId: usePower.id }).returning().get().id;
  const resilience = db
    .insert(mechanisms)
    .values({ consultationId, originKind: "added", originNote: "From the wider search." })
    .returning()
    .get().id;
  const trust2 = version(round2.id, trustM, "Building trust", 1);
  const wider2 = version(round2.id, widerM, "Taking a wider system view", 2);
  const sharing2 = version(round2.id, sharing, "Sharing power", 3);
  version(round2.id, resilience, "Fostering resilience", 4);
  const decide = (roundId: string, mechanismId: string, kind: "keep" | "revise" | "drop", rationale: string) =>
    db.insert(decisions).values({ roundId, mechanismId, kind, rationale }).returning().get().id;
  const keep = decide(round2.id, trustM, "keep", "Rated highly.");
  const revise = decide(round2.id, widerM, "revise", "Widened to the whole system.");
  const drop = decide(round2.id, powerM, "drop", "Few found it relevant.");
  db.insert(decisionSources)
    .values([
      { decisionId: keep, kind: "ratings", versionId: trust },
      { decisionId: revise, kind: "comment", commentId: first.id },
      { decisionId: revise, kind: "comment", commentId: hidden.id },
      { decisionId: drop, kind: "comment", commentId: byEve.id },
      { decisionId: drop, kind: "meeting_note" },
    ])
    .run();
  db.update(flags)
    .set({ triage: "accepted", triageReason: "Endorsed by two.", triageMechanismId: sharing })
    .where(eq(flags.id, usePower.id))
    .run();
  db.update(flags).set({ triage: "declined", triageReason: "Outside the question." }).where(eq(flags.id, rotas.id)).run();
  db.update(rounds).set({ status: "open", openedAt: new Date() }).where(eq(rounds.id, round2.id)).run();
  // Round 2: A, B, D and F respond (C and E do not). Building trust 5 5 4 4; wider 3 2; sharing 4 4 5.
  await rate(a, trust2, 5);
  await rate(b, trust2, 5);
  await rate(d, trust2, 4);
  await rate(f, trust2, 4);
  await rate(b, wider2, 3);
  await rate(d, wider2, 2);
  await rate(a, sharing2, 4);
  await rate(b, sharing2, 4);
  await rate(d, sharing2, 5);

  // Round 3: a draft with a decision being written. Neither may reach the report.
  version(round3.id, trustM, "Building trust between services", 1);
  decide(round3.id, trustM, "revise", "Draft thinking.");

  return { ...w, c, d, e, f, trustM, widerM, sharing, hiddenId: hidden.id, firstId: first.id };
}

const mechanism = (r: ConsultationReport, round: number, name: string): ReportMechanism => {
  const m = r.mechanisms.find((x) => x.round === round && x.name === name);
  if (!m) throw new Error(`No ${name} in round ${round}`);
  return m;
};

describe("the report of a hand-built consultation", () => {
  it("has the figures worked out by hand, under pseudonyms only", async () => {
    const w = await consultation();
    const r = buildReport(w.db, { consultationId: w.consultationId, includeNames: false });

    expect(r.consultation.consensusRuleText).toBe("At least 70% rate 4-5 and at most 15% rate 1-2");
    expect(r.consultation.topBand).toEqual({ from: 4, to: 5 });
    expect(r.consultation.bottomBand).toEqual({ from: 1, to: 2 });
    expect(r.rounds.map((x) => [x.number, x.status, x.mechanismCount])).toEqual([
      [1, "closed", 3],
      [2, "open", 4],
      [3, "draft", 1],
    ]);

    // Building trust, round 1: 2 4 4 5 5 → median 4, quartiles 4 and 5 (R type 7); 80% at 4-5 but
    // 20% at 1-2, more than the 15% the rule allows: no consensus.
    const trust = mechanism(r, 1, "Building trust");
    expect(trust.stats).toEqual({
      n: 5,
      distribution: [0, 1, 0, 2, 2],
      median: 4,
      q1: 4,
      q3: 5,
      iqr: 1,
      topPercent: 80,
      bottomPercent: 20,
      unsure: 0,
      consensus: false,
    });
    // Taking a wider view: 4 4 5 5 → median 4.5, IQR 1, everyone at 4-5: consensus.
    expect(mechanism(r, 1, "Taking a wider view").stats).toMatchObject({
      n: 4,
      median: 4.5,
      q1: 4,
      q3: 5,
      iqr: 1,
      topPercent: 100,
      consensus: true,
    });
    // Working with power: 2 3 → median 2.5, quartiles 2.25 and 2.75.
    expect(mechanism(r, 1, "Working with power").stats).toMatchObject({
      n: 2,
      median: 2.5,
      q1: 2.25,
      q3: 2.75,
      iqr: 0.5,
      topPercent: 0,
      bottomPercent: 50,
      consensus: false,
    });

    // By perspective: practitioners 5 4, service users 4 5, the one researcher 2, no opinion leader.
    expect(trust.byPerspective.practitioner).toMatchObject({ n: 2, median: 4.5, consensus: true });
    expect(trust.byPerspective.service_user).toMatchObject({ n: 2, median: 4.5, consensus: true });
    expect(trust.byPerspective.researcher).toMatchObject({ n: 1, median: 2, q1: 2, q3: 2, iqr: 0, bottomPercent: 100, consensus: false });
    expect(trust.byPerspective.opinion_leader).toMatchObject({ n: 0, median: null, iqr: null, topPercent: null, consensus: null });

    // Change since round 1: Building trust 4 4 5 5 (median 4.5, IQR 1); wider 2 3 under its new name.
    expect(mechanism(r, 2, "Building trust").change).toEqual({ previousName: "Building trust", medianDelta: 0.5, iqrDelta: 0 });
    expect(mechanism(r, 2, "Taking a wider system view").change).toEqual({
      previousName: "Taking a wider view",
      medianDelta: -2,
      iqrDelta: -0.5,
    });
    expect(mechanism(r, 2, "Sharing power").change).toBeNull();
    expect(mechanism(r, 2, "Sharing power").origin).toBe(
      "Proposed by Stakeholder 2, service user, as “Use of power”, in round 1; added in round 2",
    );
    expect(mechanism(r, 2, "Fostering resilience").origin).toBe("Added by the facilitators in round 2: From the wider search.");
    expect(trust.origin).toBeNull();
    expect(trust.decisionForNextRound).toMatchObject({
      kind: "keep",
      label: "Kept as it was",
      sources: ["Ratings of round 1 for “Building trust”: n 5, median 4, IQR 1"],
    });
    // Round 3 is a draft: nothing of it, not even the decision being written for it.
    expect(r.mechanisms.some((m) => m.round === 3)).toBe(false);
    expect(mechanism(r, 2, "Building trust").decisionForNextRound).toBeNull();

    // Participation: six on the panel; round 1 five responded (all but F); round 2 A, B, D and F,
    // so three of round 1's five came back: 40% attrition.
    expect(
      r.participation.map((p) => [p.round, p.invited, p.responded, p.responseRate, p.retainedFromPrevious, p.attritionPercent]),
    ).toEqual([
      [1, 6, 5, 83.3, null, null],
      [2, 6, 4, 66.7, 3, 40],
    ]);
    expect(r.participation[0].byPerspective).toEqual({
      practitioner: { invited: 2, responded: 2 },
      service_user: { invited: 2, responded: 2 },
      opinion_leader: { invited: 1, responded: 0 },
      researcher: { invited: 1, responded: 1 },
    });
    expect(r.panel).toEqual({ practitioner: 2, service_user: 2, opinion_leader: 1, researcher: 1 });
    expect(r.participants.map((p) => [p.label, p.roundsResponded])).toEqual([
      ["Stakeholder 1, practitioner", [1, 2]],
      ["Stakeholder 2, service user", [1, 2]],
      ["Stakeholder 3, practitioner", [1]],
      ["Stakeholder 4, service user", [1, 2]],
      ["Stakeholder 5, researcher", [1]],
      ["Stakeholder 6, opinion leader", [2]],
    ]);

    // Ratings in long format: 11 in round 1, 9 in round 2.
    expect(r.ratings).toHaveLength(20);
    expect(r.ratings[0]).toEqual({
      round: 1,
      mechanism: "Building trust",
      mechanismId: w.trustM,
      stakeholder: { label: "Stakeholder 1, practitioner", pseudonymNumber: 1, perspective: "practitioner" },
      rating: 5,
      unsure: false,
      inMeeting: false,
    });

    // Comments: the reply points to its thread, the passage is quoted, the hidden one says why only.
    const reply = r.comments.find((x) => x.body === "Agreed, and across services too.")!;
    expect(reply).toMatchObject({
      replyTo: w.firstId,
      author: { label: "Stakeholder 2, service user" },
      mechanism: "Building trust",
      round: 1,
    });
    expect(r.comments.find((x) => x.body === "Which leaders?")!.passage).toBe("leaders of integrated teams");
    expect(r.comments.find((x) => x.id === w.hiddenId)).toMatchObject({ hidden: true, body: "Hidden by the facilitators: Names a person" });
    expect(r.comments.find((x) => x.flag)).toMatchObject({
      flag: "Use of power",
      mechanism: null,
      mechanismId: null,
      author: { label: "Stakeholder 1, practitioner" },
    });

    // Flags with their endorsements and triage.
    expect(r.flags.map((f) => [f.name, f.proposer.label, f.endorsements, f.triageLabel, f.triageReason, f.mechanism])).toEqual([
      ["Use of power", "Stakeholder 2, service user", 2, "Accepted as a new mechanism", "Endorsed by two.", "Sharing power"],
      ["Joint rotas", "Stakeholder 4, service user", 0, "Declined", "Outside the question.", null],
    ]);

    // What changed for round 2, in round 1's order, then what is new.
    expect(r.changes.map((c) => [c.round, c.mechanism, c.becomes, c.decision.kind, c.decision.label])).toEqual([
      [2, "Building trust", null, "keep", "Kept as it was"],
      [2, "Taking a wider view", "Taking a wider system view", "revise", "Revised"],
      [2, "Working with power", null, "drop", "Dropped"],
      [2, "Sharing power", null, "add", "Added from a missing-mechanism flag"],
      [2, "Fostering resilience", null, "add", "Added by the facilitators"],
    ]);
    expect(r.changes[1].decision.sources).toEqual([
      "Comment by Stakeholder 1, practitioner, on “Building trust”: “Trust comes first in our team.”",
      "Comment by Stakeholder 3, practitioner, on “Taking a wider view”, hidden by the facilitators: Names a person",
    ]);
    expect(r.changes[2].decision.sources).toEqual([
      "Comment by Stakeholder 5, researcher, on “Working with power”: “Power matters most.”",
      "Notes of the panel's meeting",
    ]);
    expect(r.changes[3].decision).toMatchObject({
      rationale: "Endorsed by two.",
      sources: ["Missing-mechanism flag by Stakeholder 2, service user: “Use of power” (endorsed by 2)"],
    });

    // Nothing anywhere names a person or leaks the hidden text.
    const json = JSON.stringify(r);
    for (const name of NAMES) expect(json).not.toContain(name);
    expect(json).not.toContain("@example.org");
    expect(json).not.toContain(HIDDEN_TEXT);
  });

  it("judges consensus without a bottom condition on the top band alone, and shows the mirrored bottom share", async () => {
    const w = await consultation();
    w.db
      .update(consultations)
      .set({ consensusRule: { topFrom: 4, topMinPercent: 70, bottomTo: null, bottomMaxPercent: null } })
      .where(eq(consultations.id, w.consultationId))
      .run();
    const r = buildReport(w.db, { consultationId: w.consultationId, includeNames: false });
    expect(r.consultation.consensusRuleText).toBe("At least 70% rate 4-5");
    expect(r.consultation.bottomBand).toEqual({ from: 1, to: 2 });
    // 80% at 4-5 is enough once the 20% at 1-2 no longer counts against it.
    expect(mechanism(r, 1, "Building trust").stats).toMatchObject({ topPercent: 80, bottomPercent: 20, consensus: true });
    expect(mechanism(r, 1, "Working with power").stats.consensus).toBe(false);

    // Without any rule: the extreme points, and no verdict.
    w.db.update(consultations).set({ consensusRule: null }).where(eq(consultations.id, w.consultationId)).run();
    const none = buildReport(w.db, { consultationId: w.consultationId, includeNames: false });
    expect(none.consultation.consensusRuleText).toBe("No consensus rule set");
    expect(mechanism(none, 1, "Building trust").stats).toMatchObject({ topPercent: 40, bottomPercent: 0, consensus: null });
  });

  it("labels an erased stakeholder as a withdrawn participant and keeps what they contributed", async () => {
    const w = await consultation();
    await w.facilitator.panel.erase({ consultationId: w.consultationId, membershipId: w.e.membershipId });
    const r = buildReport(w.db, { consultationId: w.consultationId, includeNames: true });
    const withdrawn = { label: "Withdrawn participant", pseudonymNumber: null, perspective: "researcher" };
    expect(r.comments.find((c) => c.body === "Power matters most.")!.author).toEqual(withdrawn);
    expect(r.ratings.filter((x) => x.stakeholder.label === "Withdrawn participant")).toEqual([
      { round: 1, mechanism: "Building trust", mechanismId: w.trustM, stakeholder: withdrawn, rating: 2, unsure: false, inMeeting: false },
    ]);
    // Their rating still counts in the figures…
    expect(mechanism(r, 1, "Building trust").stats.n).toBe(5);
    expect(r.participants.at(-1)).toEqual({ ...withdrawn, roundsResponded: [1] });
    // …but not in who is on the panel: five invited, round 1's four respondents of the current
    // panel, of whom three came back in round 2.
    expect(
      r.participation.map((p) => [
        p.invited,
        p.responded,
        p.responseRate,
        p.retainedFromPrevious,
        p.attritionPercent,
        p.withdrawnResponded,
      ]),
    ).toEqual([
      [5, 4, 80, null, null, 1],
      [5, 4, 80, 3, 25, 0],
    ]);
    expect(r.panel.researcher).toBe(0);
    expect(JSON.stringify(r)).not.toContain("Eve Evans");
  });

  it("names people only when names were chosen", async () => {
    const w = await consultation();
    const r = buildReport(w.db, { consultationId: w.consultationId, includeNames: true });
    expect(r.namesIncluded).toBe(true);
    expect(r.participants[0]).toMatchObject({ label: "Stakeholder 1, practitioner", name: "Ann Able" });
    expect(r.ratings[0].stakeholder.name).toBe("Ann Able");
    expect(r.changes[1].decision.sources[0]).toBe(
      "Comment by Stakeholder 1, practitioner (Ann Able), on “Building trust”: “Trust comes first in our team.”",
    );
    // Even then, a hidden text stays out.
    expect(JSON.stringify(r)).not.toContain(HIDDEN_TEXT);
    const anonymous = buildReport(w.db, { consultationId: w.consultationId, includeNames: false });
    expect(anonymous.namesIncluded).toBe(false);
    expect(anonymous.participants.every((p) => !("name" in p))).toBe(true);
  });

  it("scoped to one round: that round's results and changes, the whole panel", async () => {
    const w = await consultation();
    const one = buildReport(w.db, { consultationId: w.consultationId, round: 1, includeNames: false });
    expect(one.round).toBe(1);
    expect(one.mechanisms.map((m) => m.name)).toEqual(["Building trust", "Taking a wider view", "Working with power"]);
    expect(one.ratings).toHaveLength(11);
    expect(new Set(one.comments.map((c) => c.round))).toEqual(new Set([1]));
    expect(one.flags).toHaveLength(2);
    expect(one.participation.map((p) => p.round)).toEqual([1]);
    expect(one.changes).toEqual([]);
    expect(one.rounds).toHaveLength(3);
    expect(one.participants).toHaveLength(6);

    const two = buildReport(w.db, { consultationId: w.consultationId, round: 2, includeNames: false });
    expect(two.mechanisms.map((m) => m.name)).toEqual([
      "Building trust",
      "Taking a wider system view",
      "Sharing power",
      "Fostering resilience",
    ]);
    expect(two.ratings).toHaveLength(9);
    expect(two.comments).toEqual([]);
    expect(two.flags).toEqual([]);
    expect(two.participation).toMatchObject([{ round: 2, retainedFromPrevious: 3, attritionPercent: 40 }]);
    expect(two.changes).toHaveLength(5);
    // The change since round 1 needs round 1's figures even though its mechanisms are not listed.
    expect(two.mechanisms[0].change).toEqual({ previousName: "Building trust", medianDelta: 0.5, iqrDelta: 0 });

    // A draft round is listed but has no results.
    const three = buildReport(w.db, { consultationId: w.consultationId, round: 3, includeNames: false });
    expect([three.mechanisms, three.ratings, three.comments, three.changes, three.participation]).toEqual([[], [], [], [], []]);
    expect(three.rounds[2]).toMatchObject({ number: 3, status: "draft" });

    expect(() => buildReport(w.db, { consultationId: w.consultationId, round: 7, includeNames: false })).toThrow("Round 7 was not found.");
  });

  it("counts a consultation with no ratings yet without dividing by zero", async () => {
    const w = await setup({ open: false });
    const r = buildReport(w.db, { consultationId: w.consultationId, includeNames: false });
    expect(r.mechanisms).toEqual([]);
    expect(r.participation).toEqual([]);
    expect(r.rounds.map((x) => x.status)).toEqual(["draft", "draft", "draft"]);
    expect(r.panel).toMatchObject({ practitioner: 1, service_user: 1 });

    const open = await setup();
    const empty = buildReport(open.db, { consultationId: open.consultationId, includeNames: false });
    expect(empty.mechanisms[0].stats).toMatchObject({ n: 0, median: null, topPercent: null, consensus: null });
    expect(empty.participation).toEqual([
      expect.objectContaining({ round: 1, invited: 2, responded: 0, responseRate: 0, retainedFromPrevious: null }),
    ]);
  });
});

describe("the demo consultation's report", () => {
  it("tells round 1's story: Use of power accepted, Communication dropped, merges into their new homes", () => {
    const db = freshDb();
    seedDemo(db);
    const { id } = db.select({ id: consultations.id }).from(consultations).get()!;
    const r = buildReport(db, { consultationId: id, round: 2, includeNames: false });
    const change = (name: string) => r.changes.find((c) => c.mechanism === name);
    expect(change("Communication")?.decision).toMatchObject({ kind: "drop", label: "Dropped" });
    expect(change("Working with power")?.decision).toMatchObject({ kind: "add", label: "Added from a missing-mechanism flag" });
    expect(change("Working with power")?.decision.sources[0]).toMatch(
      /^Missing-mechanism flag by Stakeholder \d+, [a-z ]+: “Use of power” \(endorsed by 5\)$/,
    );
    expect(change("Supportive relationships and trust")?.decision).toMatchObject({
      kind: "merge",
      mergedInto: "Inspiring intent to work together",
    });
    expect(change("Providing clarity")).toMatchObject({ becomes: "Clarifying complexity", decision: { kind: "revise" } });
    expect(r.mechanisms.map((m) => m.name)).toContain("Working with power");
    expect(r.participation[0]).toMatchObject({ round: 2, invited: 19 });

    const whole = buildReport(db, { consultationId: id, includeNames: false });
    expect(whole.flags.find((f) => f.name === "Use of power")).toMatchObject({
      triage: "accepted",
      endorsements: 5,
      mechanism: "Working with power",
    });
    expect(whole.rounds.map((x) => x.status)).toEqual(["closed", "closed", "open"]);
    // Every mechanism of every round has a verdict under the demo's rule, and the figures add up.
    for (const m of whole.mechanisms) {
      expect(m.stats.n).toBe(m.stats.distribution.reduce((a, b) => a + b, 0));
      expect(m.stats.consensus).not.toBeNull();
    }
    const json = JSON.stringify(whole);
    for (const p of demoPanel) expect(json).not.toContain(p.name);
    expect(json).not.toContain(demoFacilitator.name);
  });
});

describe("the summary procedures", () => {
  it("give facilitators the report without names, with a preview of each group of comments", async () => {
    const w = await consultation();
    // Seven more comments on Building trust by one practitioner: the preview keeps five of theirs.
    const round1 = w.db
      .select()
      .from(rounds)
      .where(eq(rounds.consultationId, w.consultationId))
      .all()
      .find((r) => r.number === 1)!;
    for (let i = 1; i <= 7; i++) {
      w.db
        .insert(comments)
        .values({ roundId: round1.id, versionId: w.versions[0], membershipId: w.c.membershipId, body: `Extra thought ${i}` })
        .run();
    }
    const r = await w.facilitator.summary.report({ consultationId: w.consultationId });
    expect("ratings" in r).toBe(false);
    expect(r.mechanisms).toHaveLength(7);
    const group = r.commentGroups.find((g) => g.round === 1 && g.mechanismId === w.trustM)!;
    expect(group).toMatchObject({
      total: 10,
      byPerspective: { practitioner: 8, service_user: 2, researcher: 0, opinion_leader: 0, none: 0 },
    });
    const shown = r.comments.filter((c) => c.round === 1 && c.mechanismId === w.trustM);
    expect(shown.filter((c) => c.author.perspective === "practitioner")).toHaveLength(COMMENT_PREVIEW);
    expect(shown.filter((c) => c.author.perspective === "service_user")).toHaveLength(2);
    const json = JSON.stringify(r);
    for (const name of NAMES) expect(json).not.toContain(name);

    // "Show all": every comment of the group, in order.
    const all = await w.facilitator.summary.comments({ consultationId: w.consultationId, round: 1, mechanismId: w.trustM });
    expect(all).toHaveLength(10);
    expect(all.at(-1)!.body).toBe("Extra thought 7");
    expect(all).toEqual(groupComments(w.db, w.consultationId, 1, w.trustM));

    // A round focus and the refusals.
    const focused = await w.facilitator.summary.report({ consultationId: w.consultationId, round: 2 });
    expect(focused.round).toBe(2);
    await expectRefused(w.db, () => w.a.caller.summary.report({ consultationId: w.consultationId }), "FORBIDDEN");
    await expectRefused(w.db, () => w.other.facilitator.summary.report({ consultationId: w.consultationId }), "NOT_FOUND");
    await expectRefused(
      w.db,
      () => w.facilitator.summary.report({ consultationId: w.consultationId, round: 9 }),
      "NOT_FOUND",
      "Round 9 was not found.",
    );
    await expectRefused(
      w.db,
      () => w.facilitator.summary.comments({ consultationId: w.consultationId, round: 1, mechanismId: w.other.versions[0] }),
      "NOT_FOUND",
    );
    expect(summaryReport(w.db, w.consultationId).comments.every((c) => c.body !== HIDDEN_TEXT)).toBe(true);
    const wider = await w.facilitator.summary.comments({ consultationId: w.consultationId, round: 1, mechanismId: w.widerM });
    expect(wider.map((c) => [c.author.label, c.hidden, c.body])).toEqual([
      ["Stakeholder 3, practitioner", true, "Hidden by the facilitators: Names a person"],
    ]);
    // Comments on the round's flags, and a draft round, which has none to show.
    const onFlags = await w.facilitator.summary.comments({ consultationId: w.consultationId, round: 1, mechanismId: null });
    expect(onFlags.map((c) => [c.flag, c.mechanism, c.body])).toEqual([["Use of power", null, "Yes, and budgets are power too."]]);
    expect(r.commentGroups.find((g) => g.round === 1 && g.mechanismId === null)).toMatchObject({
      total: 1,
      byPerspective: { practitioner: 1 },
    });
    expect(await w.facilitator.summary.comments({ consultationId: w.consultationId, round: 3, mechanismId: null })).toEqual([]);
  });
});

describe("the consensus rule", () => {
  const settings = (consultationId: string, extra: Record<string, unknown> = {}) => ({ consultationId, ...consultationInput(), ...extra });

  it("is set with the consultation and shown with it", async () => {
    const db = freshDb();
    const user = createUser(db, "Fran Facilitator", { canCreate: true });
    const caller = callerFor(db, user);
    const { id, slug } = await caller.consultation.create({ ...consultationInput(), consensusRule: RULE });
    expect((await caller.consultation.bySlug({ slug })).consensusRule).toEqual(RULE);
    const entry = db.select().from(auditLog).where(eq(auditLog.consultationId, id)).get()!;
    expect(entry.details).toMatchObject({ consensusRule: "At least 70% rate 4-5 and at most 15% rate 1-2" });
  });

  it("refuses rules that do not make sense, saying why", async () => {
    const w = await setup({ open: false });
    const refused = (rule: unknown, message: string) =>
      expectRefused(
        w.db,
        () => w.facilitator.consultation.update(settings(w.consultationId, { consensusRule: rule }) as never),
        "BAD_REQUEST",
        message,
      );
    await refused(
      { ...RULE, topFrom: 6, bottomTo: null, bottomMaxPercent: null },
      "Consensus rule: The top band must start within the rating scale",
    );
    await refused({ ...RULE, topFrom: 1, bottomTo: null, bottomMaxPercent: null }, "a rule over every rating would always be met");
    await refused({ ...RULE, topMinPercent: 0 }, "The share rating at the top must be from 1 to 100%");
    await refused({ ...RULE, topMinPercent: 101 }, "from 1 to 100%");
    await refused({ ...RULE, bottomMaxPercent: 120 }, "The share rating at the bottom must be from 1 to 100%");
    await refused({ ...RULE, bottomMaxPercent: null }, "Give both the share and the rating of the bottom condition, or leave both empty");
    await refused({ ...RULE, bottomTo: null }, "or leave both empty");
    await refused({ ...RULE, bottomTo: 4 }, "The bottom band (4 or lower) must end below the top band (4 or higher)");
    await refused({ ...RULE, topMinPercent: 70.5 }, "Give a whole percentage");
    // 9-point scale: 7-9 is within it.
    await w.facilitator.consultation.update(
      settings(w.consultationId, { scaleMax: 9, consensusRule: { topFrom: 7, topMinPercent: 70, bottomTo: 3, bottomMaxPercent: 15 } }),
    );
    // Back to 5 points while keeping a rule that starts at 7: refused, nothing changes.
    await expectRefused(
      w.db,
      () => w.facilitator.consultation.update(settings(w.consultationId, { scaleMax: 5 })),
      "BAD_REQUEST",
      "does not fit a scale of 1 to 5",
    );
  });

  it("changes before round 1 opens, in the audit log in words; then it is fixed", async () => {
    const w = await setup({ open: false });
    await w.facilitator.consultation.update(settings(w.consultationId, { consensusRule: RULE }));
    const rows = () =>
      w.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.consultationId, w.consultationId))
        .all()
        .filter((e) => e.action === "consultation.consensus_rule");
    expect(rows().map((e) => e.details)).toEqual([
      { before: "No consensus rule set", after: "At least 70% rate 4-5 and at most 15% rate 1-2" },
    ]);
    // Saving the form again without changing the rule records no rule change.
    await w.facilitator.consultation.update(settings(w.consultationId, { consensusRule: RULE, title: "Renamed review" }));
    expect(rows()).toHaveLength(1);

    await w.facilitator.round.publish({ consultationId: w.consultationId, round: 1 });
    const lock = "The consensus rule cannot change once round 1 has opened";
    await expectRefused(
      w.db,
      () => w.facilitator.consultation.update(settings(w.consultationId, { consensusRule: { ...RULE, topMinPercent: 60 } })),
      "BAD_REQUEST",
      lock,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.consultation.update(settings(w.consultationId, { consensusRule: null })),
      "BAD_REQUEST",
      lock,
    );
    // Other settings still save, with the rule sent unchanged or left out.
    await w.facilitator.consultation.update(settings(w.consultationId, { consensusRule: RULE, title: "Renamed again" }));
    await w.facilitator.consultation.update(settings(w.consultationId, { title: "And again" }));
    const c = w.db.select().from(consultations).where(eq(consultations.id, w.consultationId)).get()!;
    expect([c.title, c.consensusRule]).toEqual(["And again", RULE]);
    expect(rows()).toHaveLength(1);
  });
});
