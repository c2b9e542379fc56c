import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
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
    expect(c).toMatchObject({ slug: "integrated-care-leadership", role: "facilitator", openRound: 1, rounds: 3 });
    const page = await facilitator.consultation.bySlug({ slug: "integrated-care-leadership" });
    expect(page.researchQuestion).toMatch(/^What aspects of leadership of integrated teams and systems/);

    const panel = await facilitator.panel.list({ consultationId: c.id });
    const stakeholders = panel.members.filter((m) => m.role === "stakeholder");
    expect(stakeholders).toHaveLength(19);
    expect(new Set(stakeholders.map((s) => s.perspective))).toEqual(
      new Set(["practitioner", "service_user", "opinion_leader", "researcher"]),
    );
    expect(stakeholders.map((s) => s.pseudonym?.split(",")[0])).toEqual(
      Array.from({ length: 19 }, (_, i) => `Stakeholder ${i + 1}`),
    );

    const rounds = await facilitator.round.list({ consultationId: c.id });
    expect(rounds.map((r) => [r.number, r.status, r.mechanismCount])).toEqual([
      [1, "open", 10],
      [2, "draft", 0],
      [3, "draft", 0],
    ]);
    const round1 = await facilitator.mechanism.listForRound({ consultationId: c.id, round: 1 });
    expect(round1.mechanisms.map((m) => m.name)).toEqual(ROUND_1);

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
    const priya = db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.email, "priya.raman@example.org")).get()!;
    const caller = callerFor(db, priya);
    const [c] = (await caller.consultation.mine()).consultations;
    expect(c.role).toBe("stakeholder");
    const round = await caller.round.byNumber({ consultationId: c.id, round: 1 });
    expect(round.progress).toEqual({ rated: 10, total: 10 });
    await expect(caller.round.byNumber({ consultationId: c.id, round: 2 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
