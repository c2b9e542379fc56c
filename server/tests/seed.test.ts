import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { consultations, decisionSources, decisions, flags as flagTable, mechanisms, users } from "@/db/schema";
import { isEmpty, seedDemo } from "@/db/seed";
import { callerFor, freshDb } from "./helpers";

/** The ten preliminary mechanisms of round 1, as DOMAIN.md lists them. */
const ROUND_1 = [
  "Supportive relationships and trust",
  "Team working / collaborative working",
  "Shared mission / vision / approach / purpose",
  "Shared responsibility / ownership",
  "Learning, development and innovation",
  "Communication",
  "Providing clarity",
  "Balancing needs",
  "Advocacy",
  "External liaison / consensus building",
];

/** Round 2 (DOMAIN.md), with Working with power from the panel's flag. */
const ROUND_2 = [
  "Inspiring intent to work together",
  "Taking a wider view",
  "Creating the conditions to work together",
  "Clarifying complexity",
  "Planning and coordinating",
  "Balancing multiple perspectives",
  "Working with power",
  "Commitment to learning and development",
  "Fostering resilience",
  "Adaptability of leadership style",
];

/** Round 3: the seven supported by evidence, and Fostering resilience kept at the panel's request. */
const ROUND_3 = ROUND_2.filter((n) => n !== "Planning and coordinating" && n !== "Adaptability of leadership style");

describe("seedDemo", () => {
  it("builds the worked example on a fresh database", async () => {
    const db = freshDb();
    expect(isEmpty(db)).toBe(true);
    const { facilitatorEmail } = seedDemo(db);
    expect(isEmpty(db)).toBe(false);

    const user = db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(and(eq(users.email, facilitatorEmail), eq(users.canCreateConsultations, true)))
      .get()!;
    const facilitator = callerFor(db, user);

    const mine = await facilitator.consultation.mine();
    expect(mine.consultations).toHaveLength(1);
    const [c] = mine.consultations;
    expect(c).toMatchObject({ slug: "integrated-care-leadership", role: "facilitator", openRound: 3, rounds: 3 });
    const page = await facilitator.consultation.bySlug({ slug: "integrated-care-leadership" });
    expect(page.researchQuestion).toMatch(/^What aspects of leadership of integrated teams and systems/);

    const panel = await facilitator.panel.list({ consultationId: c.id });
    const stakeholders = panel.members.filter((m) => m.role === "stakeholder");
    expect(stakeholders).toHaveLength(19);
    expect(new Set(stakeholders.map((s) => s.perspective))).toEqual(
      new Set(["practitioner", "service_user", "opinion_leader", "researcher"]),
    );
    expect(stakeholders.map((s) => s.pseudonym?.split(",")[0])).toEqual(Array.from({ length: 19 }, (_, i) => `Stakeholder ${i + 1}`));

    const rounds = await facilitator.round.list({ consultationId: c.id });
    expect(rounds.map((r) => [r.number, r.status, r.mechanismCount])).toEqual([
      [1, "closed", 10],
      [2, "closed", 10],
      [3, "open", 8],
    ]);
    const round1 = await facilitator.mechanism.listForRound({ consultationId: c.id, round: 1 });
    expect(round1.mechanisms.map((m) => m.name)).toEqual(ROUND_1);
    const round2 = await facilitator.mechanism.listForRound({ consultationId: c.id, round: 2 });
    expect(round2.mechanisms.map((m) => m.name)).toEqual(ROUND_2);
    const round3 = await facilitator.mechanism.listForRound({ consultationId: c.id, round: 3 });
    expect(round3.mechanisms.map((m) => m.name)).toEqual(ROUND_3);

    // Every round-1 and round-2 mechanism has a decision with a rationale and cited feedback.
    const decided = db.select().from(decisions).all();
    expect(decided).toHaveLength(20);
    expect(decided.every((d) => d.rationale.length > 20)).toBe(true);
    const cited = new Set(
      db
        .select({ id: decisionSources.decisionId })
        .from(decisionSources)
        .all()
        .map((s) => s.id),
    );
    expect(decided.every((d) => cited.has(d.id))).toBe(true);
    // Working with power began as the round-1 flag "Use of power".
    const power = db.select().from(mechanisms).where(eq(mechanisms.originKind, "flag")).get()!;
    const flag = db.select().from(flagTable).where(eq(flagTable.id, power.originFlagId!)).get()!;
    expect(flag).toMatchObject({ name: "Use of power", triage: "accepted", triageMechanismId: power.id });
    expect(round2.mechanisms.find((m) => m.mechanismId === power.id)?.name).toBe("Working with power");
    // Planning and coordinating and Adaptability were merged into the others; Fostering resilience kept with a note.
    const byName = new Map(round2.mechanisms.map((m) => [m.name, m.mechanismId]));
    const round3Decisions = new Map(decided.filter((d) => d.roundId === rounds[2].id).map((d) => [d.mechanismId, d]));
    expect(round3Decisions.get(byName.get("Planning and coordinating")!)?.kind).toBe("merge");
    expect(round3Decisions.get(byName.get("Adaptability of leadership style")!)?.kind).toBe("merge");
    expect(round3Decisions.get(byName.get("Fostering resilience")!)).toMatchObject({
      kind: "keep_with_note",
      statusNote: expect.stringMatching(/no empirical evidence/i),
    });
    expect(db.select().from(consultations).get()!.isDemo).toBe(true);

    const overview = await facilitator.overview.responses({ consultationId: c.id, round: 1 });
    expect(overview.panelSize).toBe(19);
    expect(overview.mechanisms).toHaveLength(10);
    expect(overview.respondedCount).toBeGreaterThan(0);
    expect(overview.mechanisms.every((m) => m.distribution.length === 5)).toBe(true);
    expect(overview.mechanisms.some((m) => m.latestComments.length > 0)).toBe(true);

    const flags = await facilitator.flag.list({ consultationId: c.id, round: 1 });
    expect(flags.flags.map((f) => f.name)).toContain("Use of power");
  });

  it("gives a demo stakeholder a working view of round 1", async () => {
    const db = freshDb();
    seedDemo(db);
    const priya = db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(eq(users.email, "priya.raman@example.org"))
      .get()!;
    const caller = callerFor(db, priya);
    const [c] = (await caller.consultation.mine()).consultations;
    expect(c.role).toBe("stakeholder");
    const round = await caller.round.byNumber({ consultationId: c.id, round: 1 });
    expect(round.progress).toEqual({ rated: 10, total: 10 });
    const open = await caller.round.byNumber({ consultationId: c.id, round: 3 });
    expect(open.status).toBe("open");
    expect(open.progress?.total).toBe(8);
  });
});
