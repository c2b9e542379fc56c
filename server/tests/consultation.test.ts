import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { DB } from "@/db";
import { auditLog, consultations, memberships, rounds } from "@/db/schema";
import { SCALE_PRESETS } from "@/shared/domain";
import { addMechanisms, callerFor, consultationInput, countRows, createUser, expectRefused, freshDb, type Caller } from "./helpers";

let db: DB;
let fran: Caller;
let franId: string;

beforeEach(() => {
  db = freshDb();
  const user = createUser(db, "Fran Facilitator", { canCreate: true });
  franId = user.id;
  fran = callerFor(db, user);
});

describe("consultation.create", () => {
  it("creates three draft rounds with the creator as facilitator", async () => {
    const created = await fran.consultation.create(consultationInput({ title: "Leading Integrated Teams: Ré-view!" }));
    expect(created.slug).toBe("leading-integrated-teams-re-view");

    const page = await fran.consultation.bySlug({ slug: created.slug });
    expect(page).toMatchObject({
      id: created.id,
      title: "Leading Integrated Teams: Ré-view!",
      scaleMax: 5,
      scaleLabels: SCALE_PRESETS[5],
      anonymity: "pseudonymous",
      me: { role: "facilitator", displayName: "Fran Facilitator" },
    });
    const roundList = await fran.round.list({ consultationId: created.id });
    expect(roundList.map((r) => [r.number, r.status, r.title])).toEqual([
      [1, "draft", "Round 1"],
      [2, "draft", "Round 2"],
      [3, "draft", "Round 3"],
    ]);
    const mine = await fran.consultation.mine();
    expect(mine.canCreate).toBe(true);
    expect(mine.consultations).toEqual([
      { id: created.id, slug: created.slug, title: "Leading Integrated Teams: Ré-view!", role: "facilitator", openRound: null, rounds: 3 },
    ]);
    const audit = db.select().from(auditLog).where(eq(auditLog.consultationId, created.id)).all();
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([["consultation.create", franId]]);
  });

  it("gives a second consultation with the same title a different slug", async () => {
    const first = await fran.consultation.create(consultationInput({ title: "Same title" }));
    const second = await fran.consultation.create(consultationInput({ title: "Same title" }));
    expect(first.slug).toBe("same-title");
    expect(second.slug).toMatch(/^same-title-[0-9a-f]{6}$/);
    expect((await fran.consultation.bySlug({ slug: second.slug })).id).toBe(second.id);
  });

  it("keeps custom labels for a 9-point scale", async () => {
    const labels = ["1", "2", "3", "4", "5", "6", "7", "8", "Critical"];
    const { slug } = await fran.consultation.create(consultationInput({ scaleMax: 9, scaleLabels: labels }));
    expect((await fran.consultation.bySlug({ slug })).scaleLabels).toEqual(labels);
  });

  it("is FORBIDDEN for a user who may not create consultations", async () => {
    const stan = callerFor(db, createUser(db, "Stan Stakeholder"));
    await expectRefused(db, () => stan.consultation.create(consultationInput()), "FORBIDDEN", /cannot create consultations/);
    expect((await stan.consultation.mine()).canCreate).toBe(false);
  });

  it("refuses an empty title with a readable BAD_REQUEST and writes nothing", async () => {
    const error = await expectRefused(db, () => fran.consultation.create(consultationInput({ title: "   " })), "BAD_REQUEST");
    expect(error.message).toBe("Title: Too short (at least 3 characters)");
    expect(countRows(db, "consultation")).toBe(0);
  });

  it("refuses a 9-point scale with 5 labels", async () => {
    const error = await expectRefused(
      db,
      () => fran.consultation.create(consultationInput({ scaleMax: 9, scaleLabels: SCALE_PRESETS[5] })),
      "BAD_REQUEST",
    );
    expect(error.message).toBe("Scale labels: Give one label for each point of the scale");
    await expectRefused(
      db,
      () => fran.consultation.create(consultationInput({ scaleMax: 7 as 5 })),
      "BAD_REQUEST",
      /1 to 5 or from 1 to 9/,
    );
    expect(countRows(db, "consultation")).toBe(0);
    expect(countRows(db, "round")).toBe(0);
  });
});

describe("consultation.update", () => {
  it("changes the settings and records the change", async () => {
    const { id, slug } = await fran.consultation.create(consultationInput());
    await fran.consultation.update({
      consultationId: id,
      ...consultationInput({ title: "A better title", anonymity: "named", scaleMax: 9 }),
    });
    const page = await fran.consultation.bySlug({ slug });
    expect(page).toMatchObject({ title: "A better title", anonymity: "named", scaleMax: 9, scaleLabels: SCALE_PRESETS[9] });
    // The slug stays, so links keep working.
    expect(page.slug).toBe(slug);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "consultation.update")).get()!;
    expect(audit.details).toMatchObject({
      before: { title: "Leading integrated teams", scaleMax: 5 },
      after: { title: "A better title", scaleMax: 9 },
    });
  });

  it("refuses a bad update and keeps the old settings", async () => {
    const { id } = await fran.consultation.create(consultationInput());
    await expectRefused(
      db,
      () => fran.consultation.update({ consultationId: id, ...consultationInput({ researchQuestion: "Why?" }) }),
      "BAD_REQUEST",
      /^Research question: Too short/,
    );
  });

  it("refuses a scale change once a round has been published, but allows other changes", async () => {
    const { id } = await fran.consultation.create(consultationInput());
    await addMechanisms(fran, id, 1, ["Trust"]);
    await fran.round.publish({ consultationId: id, round: 1 });
    await expectRefused(
      db,
      () => fran.consultation.update({ consultationId: id, ...consultationInput({ scaleMax: 9 }) }),
      "BAD_REQUEST",
      "The rating scale cannot change once a round has been published.",
    );
    await fran.consultation.update({ consultationId: id, ...consultationInput({ title: "Still five points" }) });
    const row = db.select().from(consultations).where(eq(consultations.id, id)).get()!;
    expect(row).toMatchObject({ title: "Still five points", scaleMax: 5, scaleLabels: SCALE_PRESETS[5] });
    // Closing the round does not make the scale changeable again.
    await fran.round.close({ consultationId: id, round: 1 });
    await expectRefused(db, () => fran.consultation.update({ consultationId: id, ...consultationInput({ scaleMax: 9 }) }), "BAD_REQUEST");
    expect(db.select().from(rounds).where(eq(rounds.consultationId, id)).all()).toHaveLength(3);
    expect(db.select().from(memberships).where(eq(memberships.consultationId, id)).all()).toHaveLength(1);
  });
});

describe("consultation.update: anonymity once the panel has spoken", () => {
  /** A consultation of the given anonymity whose round 1 is open (or, with close, closed). */
  async function started(anonymity: "named" | "pseudonymous", close = false) {
    const { id, slug } = await fran.consultation.create(consultationInput({ anonymity }));
    await addMechanisms(fran, id, 1, ["Trust"]);
    await fran.round.publish({ consultationId: id, round: 1 });
    if (close) await fran.round.close({ consultationId: id, round: 1 });
    return { id, slug };
  }
  const audit = async (consultationId: string) => (await fran.audit.list({ consultationId })).entries;

  it("refuses to show a pseudonymous panel by name once round 1 has opened, and after it closed", async () => {
    for (const close of [false, true]) {
      const { id, slug } = await started("pseudonymous", close);
      await expectRefused(
        db,
        () => fran.consultation.update({ consultationId: id, ...consultationInput({ anonymity: "named" }) }),
        "BAD_REQUEST",
        /^Panel members cannot be shown by name once a round has been published/,
      );
      expect((await fran.consultation.bySlug({ slug })).anonymity).toBe("pseudonymous");
      // Other changes still go through, and the panel stays pseudonymous.
      await fran.consultation.update({ consultationId: id, ...consultationInput({ title: "Still under pseudonyms" }) });
      expect(await fran.consultation.bySlug({ slug })).toMatchObject({ title: "Still under pseudonyms", anonymity: "pseudonymous" });
      expect((await audit(id)).map((e) => e.action)).not.toContain("consultation.anonymity_named");
    }
  });

  it("lets a named panel become pseudonymous after round 1 opened, and says so in the audit log", async () => {
    const { id, slug } = await started("named");
    await fran.consultation.update({ consultationId: id, ...consultationInput({ anonymity: "pseudonymous" }) });
    expect((await fran.consultation.bySlug({ slug })).anonymity).toBe("pseudonymous");
    const entry = (await audit(id)).find((e) => e.action === "consultation.anonymity_pseudonymous");
    expect(entry?.label).toBe("Panel members now appear under pseudonyms");
    expect(entry?.details).toEqual({ before: "By name and perspective", after: "By pseudonym" });
    // And there is no way back.
    await expectRefused(
      db,
      () => fran.consultation.update({ consultationId: id, ...consultationInput({ anonymity: "named" }) }),
      "BAD_REQUEST",
      /^Panel members cannot be shown by name once a round has been published/,
    );
  });

  it("before any round is published, names may still be chosen, recorded in words; an unchanged choice records nothing", async () => {
    const { id } = await fran.consultation.create(consultationInput({ anonymity: "pseudonymous" }));
    await fran.consultation.update({ consultationId: id, ...consultationInput({ anonymity: "pseudonymous", title: "Same anonymity" }) });
    expect((await audit(id)).filter((e) => e.action.startsWith("consultation.anonymity"))).toEqual([]);
    await fran.consultation.update({ consultationId: id, ...consultationInput({ anonymity: "named" }) });
    const entries = (await audit(id)).filter((e) => e.action.startsWith("consultation.anonymity"));
    expect(entries.map((e) => e.label)).toEqual(["Panel members now appear under their names"]);
    expect(entries[0].details).toEqual({ before: "By pseudonym", after: "By name and perspective" });
  });
});

describe("consultation: minimum group size for figures by perspective", () => {
  it("is 3 unless chosen, kept when an update leaves it out, and changed (and recorded) when given", async () => {
    const { id, slug } = await fran.consultation.create(consultationInput());
    expect((await fran.consultation.bySlug({ slug })).minGroupSize).toBe(3);
    await fran.consultation.update({ consultationId: id, ...consultationInput({ minGroupSize: 5 }) });
    expect((await fran.consultation.bySlug({ slug })).minGroupSize).toBe(5);
    await fran.consultation.update({ consultationId: id, ...consultationInput({ title: "Group size kept" }) });
    expect((await fran.consultation.bySlug({ slug })).minGroupSize).toBe(5);
    const updates = db.select().from(auditLog).where(eq(auditLog.action, "consultation.update")).all();
    expect(updates[0].details).toMatchObject({ before: { minGroupSize: 3 }, after: { minGroupSize: 5 } });
    const other = await fran.consultation.create(consultationInput({ title: "Pairs are shown", minGroupSize: 2 }));
    expect((await fran.consultation.bySlug({ slug: other.slug })).minGroupSize).toBe(2);
  });

  it("refuses a size outside 2 to 20, or not a whole number, with a sentence, and changes nothing", async () => {
    const { id } = await fran.consultation.create(consultationInput());
    const cases: [number, RegExp][] = [
      [1, /^Min group size: The smallest group shown must be at least 2 answers/],
      [21, /^Min group size: The smallest group shown can be at most 20 answers/],
      [2.5, /^Min group size: Give the smallest group as a whole number/],
    ];
    for (const [minGroupSize, message] of cases) {
      await expectRefused(
        db,
        () => fran.consultation.update({ consultationId: id, ...consultationInput({ minGroupSize }) }),
        "BAD_REQUEST",
        message,
      );
    }
    await expectRefused(db, () => fran.consultation.create(consultationInput({ minGroupSize: 1 })), "BAD_REQUEST", /at least 2 answers/);
  });
});
