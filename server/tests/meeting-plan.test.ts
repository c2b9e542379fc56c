import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { consultations, memberships } from "@/db/schema";
import { createMeeting, normaliseShortCode, randomShortCode, SHORT_CODE_ALPHABET } from "../services/meeting-plan";
import { countRows, expectRefused, setup } from "./helpers";

const plan = (w: Awaited<ReturnType<typeof setup>>, extra: Record<string, unknown> = {}) =>
  w.facilitator.meetingPlan.create({
    consultationId: w.consultationId,
    round: 1,
    title: "Round 1 panel meeting",
    format: "hybrid",
    ...extra,
  });

describe("planning a meeting", () => {
  it("starts the agenda with the round's mechanisms in order, 5 minutes each, and is audited", async () => {
    const w = await setup();
    const { id, shortCode } = await plan(w, { scheduledAt: new Date("2026-05-12T13:00:00Z") });
    expect(shortCode).toMatch(new RegExp(`^[${SHORT_CODE_ALPHABET}]{6,8}$`));
    const detail = await w.facilitator.meetingPlan.byId({ consultationId: w.consultationId, meetingId: id });
    expect(detail.items.map((i) => [i.title, i.plannedMinutes])).toEqual([
      ["Building trust", 5],
      ["Taking a wider view", 5],
      ["Working with power", 5],
    ]);
    expect(detail.plannedMinutes).toBe(15);
    expect(detail.meeting.scheduledAt?.toISOString()).toBe("2026-05-12T13:00:00.000Z");
    const { entries } = await w.facilitator.audit.list({ consultationId: w.consultationId });
    expect(entries[0]).toMatchObject({ action: "meeting.plan", label: "Planned a meeting" });
    const list = await w.facilitator.meetingPlan.list({ consultationId: w.consultationId });
    expect(list.meetings).toMatchObject([{ id, status: "planned", itemCount: 3, plannedMinutes: 15, round: { number: 1 } }]);
  });

  it("refuses a closed round, and validates the agenda's limits", async () => {
    const w = await setup();
    const cid = w.consultationId;
    await expectRefused(w.db, () => plan(w, { title: "No" }), "BAD_REQUEST", /Too short/);
    await expectRefused(w.db, () => plan(w, { agenda: [{ kind: "free", title: "Tea", minutes: 0 }] }), "BAD_REQUEST", /At least 1 minute/);
    await expectRefused(w.db, () => plan(w, { agenda: [{ kind: "free", title: "Tea", minutes: 241 }] }), "BAD_REQUEST", /At most 240/);
    const many = Array.from({ length: 61 }, (_, i) => ({ kind: "free", title: `Item ${i}`, minutes: 1 }));
    await expectRefused(w.db, () => plan(w, { agenda: many }), "BAD_REQUEST", /at most 60 items/);
    await expectRefused(
      w.db,
      () => plan(w, { agenda: [{ kind: "mechanism", versionId: w.other.versions[0], minutes: 5 }] }),
      "BAD_REQUEST",
      /not in this meeting's round/,
    );
    await expectRefused(
      w.db,
      () => plan(w, { agenda: [0, 0].map(() => ({ kind: "mechanism", versionId: w.versions[0], minutes: 5 })) }),
      "BAD_REQUEST",
      /only once/,
    );
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await expectRefused(w.db, () => plan(w), "BAD_REQUEST", /Round 1 is closed/);
  });

  it("reorders, retimes and adds items keeping existing ones (and their notes)", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const { id } = await plan(w);
    const before = await w.facilitator.meetingPlan.byId({ consultationId: cid, meetingId: id });
    const [a, b, c] = before.items;
    const { items } = await w.facilitator.meetingPlan.setAgenda({
      consultationId: cid,
      meetingId: id,
      items: [
        { kind: "free", title: "Welcome and introductions", minutes: 10 },
        { kind: "mechanism", id: c.id, versionId: c.versionId!, minutes: 20 },
        { kind: "mechanism", id: a.id, versionId: a.versionId!, minutes: 5 },
      ],
    });
    expect(items.map((i) => [i.title, i.plannedMinutes])).toEqual([
      ["Welcome and introductions", 10],
      ["Working with power", 20],
      ["Building trust", 5],
    ]);
    expect(items[1].id).toBe(c.id);
    expect(items.some((i) => i.id === b.id)).toBe(false);
    // An id from elsewhere is refused without a half-written agenda.
    await expectRefused(
      w.db,
      () =>
        w.facilitator.meetingPlan.setAgenda({
          consultationId: cid,
          meetingId: id,
          items: [{ kind: "mechanism", id: b.id, versionId: b.versionId!, minutes: 5 }],
        }),
      "BAD_REQUEST",
      /changed since you opened it/,
    );
  });

  it("while live, only free items can come and go; an ended meeting's agenda is frozen", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const { id } = await plan(w);
    const { items } = await w.facilitator.meetingPlan.byId({ consultationId: cid, meetingId: id });
    w.db.$client.prepare("update meeting set status = 'live', current_item_id = ? where id = ?").run(items[0].id, id);
    const keep = items.map((i) => ({ kind: "mechanism" as const, id: i.id, versionId: i.versionId!, minutes: 7 }));
    await expectRefused(
      w.db,
      () => w.facilitator.meetingPlan.setAgenda({ consultationId: cid, meetingId: id, items: keep.slice(1) }),
      "BAD_REQUEST",
      /only free items/,
    );
    const r = await w.facilitator.meetingPlan.setAgenda({
      consultationId: cid,
      meetingId: id,
      items: [...keep, { kind: "free", title: "Any other business", minutes: 5 }],
    });
    expect(r.items).toHaveLength(4);
    w.db.$client.prepare("update meeting set status = 'ended' where id = ?").run(id);
    await expectRefused(
      w.db,
      () => w.facilitator.meetingPlan.setAgenda({ consultationId: cid, meetingId: id, items: keep }),
      "BAD_REQUEST",
      /ended/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.meetingPlan.remove({ consultationId: cid, meetingId: id }),
      "CONFLICT",
      /stays on the record/,
    );
  });

  it("removes a planned meeting with its agenda; another consultation's meeting is not found", async () => {
    const w = await setup();
    const { id } = await plan(w);
    await expectRefused(
      w.db,
      () => w.other.facilitator.meetingPlan.remove({ consultationId: w.other.consultationId, meetingId: id }),
      "NOT_FOUND",
    );
    await w.facilitator.meetingPlan.remove({ consultationId: w.consultationId, meetingId: id });
    expect(countRows(w.db, "meeting")).toBe(0);
    expect(countRows(w.db, "meeting_item")).toBe(0);
  });
});

describe("short codes", () => {
  it("use only unambiguous characters", () => {
    for (let i = 0; i < 200; i++) expect(randomShortCode()).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(SHORT_CODE_ALPHABET).not.toMatch(/[01OIL]/);
    expect(normaliseShortCode(" abc-23k ")).toBe("ABC23K");
  });

  it("are retried when one is already taken", async () => {
    const w = await setup();
    const { shortCode } = await plan(w);
    // The generator hands out the taken code twice, then a free one.
    const tries: string[] = [];
    const codes = (attempt: number) => {
      const code = attempt < 2 ? shortCode : "XYZ234";
      tries.push(code);
      return code;
    };
    const m = createMeeting(w.db, facilitatorActor(w), { round: 1, title: "Second meeting", format: "online" }, codes);
    expect(m.shortCode).toBe("XYZ234");
    expect(tries).toEqual([shortCode, shortCode, "XYZ234"]);
    expect(countRows(w.db, "meeting")).toBe(2);
  });
});

/** The actor facilitatorProcedure would build for the facilitator. */
function facilitatorActor(w: Awaited<ReturnType<typeof setup>>) {
  const consultation = w.db.select().from(consultations).where(eq(consultations.id, w.consultationId)).get()!;
  const membership = w.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.consultationId, w.consultationId), eq(memberships.role, "facilitator")))
    .get()!;
  return { user: w.facilitatorUser, consultation, membership };
}
