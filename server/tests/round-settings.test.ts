/**
 * Round settings (meeting mode, dates, Delphi feedback), rounds closing themselves at their closing
 * time, the emails sent when a round is published, and reminders to those who have not responded.
 */
import { and, eq, inArray } from "drizzle-orm";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { auditLog, invitations, rounds } from "@/db/schema";
import { publishBlockers } from "@/server/services/decisions";
import { check } from "@/server/services/invitations";
import { closeDueRounds } from "@/server/services/round-schedule";
import { addMechanisms, addStakeholder, expectRefused, setup, setupWithContent, withTemporaryOutbox, type World } from "./helpers";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const outboxDir = withTemporaryOutbox("each");

type Sent = { to: string; subject: string; text: string; html: string; file: string };

/** Every message in the test's outbox, oldest first. */
function outbox(): Sent[] {
  const dir = path.join(outboxDir(), "outbox");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .map((file) => ({ ...(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Omit<Sent, "file">), file }));
}

/** Messages that arrived while `fn` ran. */
async function mailDuring(fn: () => Promise<unknown>): Promise<Sent[]> {
  const before = new Set(outbox().map((m) => m.file));
  await fn();
  return outbox().filter((m) => !before.has(m.file));
}

/** The consultation's audit entries for one action, oldest first. */
function auditOf(w: { db: World["db"]; consultationId: string }, action: string) {
  return w.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.consultationId, w.consultationId), eq(auditLog.action, action)))
    .orderBy(auditLog.createdAt)
    .all();
}

/** Moves the clock (Date only; timers and I/O run as usual). */
function setNow(ms: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(ms);
}

afterEach(() => {
  vi.useRealTimers();
  delete process.env.SMTP_URL;
});

describe("round settings", () => {
  it("saves meeting mode, dates and feedback visibility, which the panel reads", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const opensAt = new Date(Date.now() + 2 * HOUR);
    const closesAt = new Date(Date.now() + 7 * 24 * HOUR);
    await w.facilitator.round.update({
      consultationId: cid,
      round: 2,
      title: "Revised mechanisms",
      instructions: "Read the revised drafts before the meeting.",
      meetingMode: "drafts_before_meeting",
      feedbackVisibility: "perspective",
      opensAt,
      closesAt,
    });
    const round2 = await w.facilitator.round.byNumber({ consultationId: cid, round: 2 });
    expect(round2).toMatchObject({ meetingMode: "drafts_before_meeting", feedbackVisibility: "perspective", opensAt, closesAt });
    // Leaving a setting out keeps it; null clears a date.
    await w.facilitator.round.update({ consultationId: cid, round: 2, title: "Revised mechanisms", instructions: "", opensAt: null });
    expect(await w.facilitator.round.byNumber({ consultationId: cid, round: 2 })).toMatchObject({
      meetingMode: "drafts_before_meeting",
      feedbackVisibility: "perspective",
      opensAt: null,
      closesAt,
    });

    await w.facilitator.round.update({
      consultationId: cid,
      round: 1,
      title: "First round",
      instructions: "",
      meetingMode: "in_person",
      closesAt,
    });
    const seen = await w.a.caller.round.byNumber({ consultationId: cid, round: 1 });
    expect(seen).toMatchObject({ meetingMode: "in_person", closesAt, status: "open" });
    expect((await w.a.caller.round.list({ consultationId: cid }))[0]).toMatchObject({ meetingMode: "in_person", closesAt });
  });

  it("refuses impossible dates with a sentence, and changes nothing", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const base = { consultationId: cid, round: 2, title: "Second round", instructions: "" };
    setNow(Date.parse("2026-03-02T12:00:00Z"));
    await expectRefused(
      w.db,
      () => w.facilitator.round.update({ ...base, opensAt: new Date("2026-03-10T09:00:00Z"), closesAt: new Date("2026-03-03T17:00:00Z") }),
      "BAD_REQUEST",
      "The round has to close after it opens: it opens at 09:00 on Tuesday 10 March (UK time) but closes at 17:00 on Tuesday 3 March (UK time).",
    );
    await expectRefused(
      w.db,
      () => w.facilitator.round.update({ ...base, closesAt: new Date("2026-03-01T17:00:00Z") }),
      "BAD_REQUEST",
      "The closing time, 17:00 on Sunday 1 March (UK time), has already passed: choose a later one, or clear it.",
    );
    // The open round too; and in summer the UK is an hour ahead of UTC.
    setNow(Date.parse("2026-07-02T12:00:00Z"));
    await expectRefused(
      w.db,
      () => w.facilitator.round.update({ ...base, round: 1, closesAt: new Date("2026-07-01T16:00:00Z") }),
      "BAD_REQUEST",
      /17:00 on Wednesday 1 July \(UK time\), has already passed/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.round.update({ ...base, closesAt: new Date(NaN) }),
      "BAD_REQUEST",
      "Closes at: Give a valid date and time",
    );
    await expectRefused(
      w.db,
      () => w.facilitator.round.update({ ...base, opensAt: new Date(0) }),
      "BAD_REQUEST",
      "Opens at: Give a date in this century",
    );
    await expectRefused(
      w.db,
      // @ts-expect-error: not a meeting mode
      () => w.facilitator.round.update({ ...base, meetingMode: "carrier_pigeon" }),
      "BAD_REQUEST",
      "Meeting mode: Choose how the round's meeting runs",
    );
    await expectRefused(
      w.db,
      () => w.facilitator.round.update({ ...base, round: 1, opensAt: new Date("2026-08-01T09:00:00Z") }),
      "BAD_REQUEST",
      "Round 1 is already open, so its opening time can no longer change.",
    );
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await expectRefused(
      w.db,
      () => w.facilitator.round.update({ ...base, round: 1, meetingMode: "online" }),
      "BAD_REQUEST",
      "Round 1 is closed and can no longer be changed.",
    );
  });

  it("records what changed in an open round, before and after; drafts and no-op saves are not logged", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const closesAt = new Date(Date.now() + 3 * 24 * HOUR);
    await w.facilitator.round.update({ consultationId: cid, round: 2, title: "Second", instructions: "", meetingMode: "online", closesAt });
    expect(auditOf(w, "round.update")).toHaveLength(0);

    const same = { consultationId: cid, round: 1, title: "Round 1", instructions: "" };
    const current = await w.facilitator.round.byNumber({ consultationId: cid, round: 1 });
    expect(await w.facilitator.round.update({ ...same, title: current.title, instructions: current.instructions })).toEqual({
      changed: false,
    });
    expect(auditOf(w, "round.update")).toHaveLength(0);

    await w.facilitator.round.update({
      consultationId: cid,
      round: 1,
      title: current.title,
      instructions: current.instructions,
      meetingMode: "in_person",
      feedbackVisibility: "none",
      closesAt,
    });
    const [entry] = auditOf(w, "round.update");
    expect(entry.details).toEqual({
      number: 1,
      before: { meetingMode: "none", feedbackVisibility: "all", closesAt: null },
      after: { meetingMode: "in_person", feedbackVisibility: "none", closesAt: closesAt.toISOString() },
    });
    expect(entry.actorId).toBe(w.facilitatorUser.id);
  });
});

describe("a round closes itself at its closing time", () => {
  it("refuses every response from the closing time on, before the schedule has run", async () => {
    const w = await setupWithContent();
    const cid = w.consultationId;
    setNow(Date.parse("2026-03-02T12:00:00Z"));
    const closesAt = new Date("2026-03-03T17:00:00Z");
    await w.facilitator.round.update({ consultationId: cid, round: 1, title: "Round 1", instructions: "", closesAt });
    await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[1], value: 2 });

    setNow(closesAt.getTime());
    const message = "Round 1 closed at 17:00 on 3 March; responses can no longer be changed.";
    await expectRefused(
      w.db,
      () => w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[1], value: 5 }),
      "BAD_REQUEST",
      message,
    );
    await expectRefused(w.db, () => w.a.caller.rating.clear({ consultationId: cid, versionId: w.versions[1] }), "BAD_REQUEST", message);
    await expectRefused(
      w.db,
      () => w.b.caller.comment.add({ consultationId: cid, target: { versionId: w.versions[0] }, body: "Just in time?" }),
      "BAD_REQUEST",
      message,
    );
    await expectRefused(
      w.db,
      () => w.a.caller.comment.edit({ consultationId: cid, commentId: w.commentId, body: "Changed" }),
      "BAD_REQUEST",
      message,
    );
    await expectRefused(
      w.db,
      () =>
        w.cara.caller.flag.create({
          consultationId: cid,
          round: 1,
          name: "Late idea",
          covers: "Something late.",
          whyItMatters: "It came late.",
        }),
      "BAD_REQUEST",
      message,
    );
    await expectRefused(w.db, () => w.cara.caller.flag.endorse({ consultationId: cid, flagId: w.flagId }), "BAD_REQUEST", message);
    await expectRefused(
      w.db,
      () =>
        w.facilitator.mechanism.update({
          consultationId: cid,
          versionId: w.versions[0],
          name: "Building trust",
          description: "A late change to the text.",
          reason: "Too late",
        }),
      "BAD_REQUEST",
      /closed/,
    );

    // Every page shows it closed, at its closing time, though the database still says open.
    expect(
      w.db
        .select()
        .from(rounds)
        .where(eq(rounds.consultationId, cid))
        .all()
        .find((r) => r.number === 1)?.status,
    ).toBe("open");
    for (const caller of [w.a.caller, w.facilitator]) {
      expect(await caller.round.byNumber({ consultationId: cid, round: 1 })).toMatchObject({ status: "closed", closedAt: closesAt });
      expect((await caller.round.list({ consultationId: cid }))[0]).toMatchObject({ status: "closed", closedAt: closesAt });
      expect((await caller.mechanism.byId({ consultationId: cid, round: 1, mechanismId: w.mechanismIds[0] })).round.status).toBe("closed");
    }

    // A minute before, it was still open.
    setNow(closesAt.getTime() - MINUTE);
    await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[1], value: 5 });
  });

  it("closeDueRounds closes only open rounds past their closing time, once, as Roundtable", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const start = Date.parse("2026-03-02T12:00:00Z");
    setNow(start);
    await w.facilitator.round.update({
      consultationId: cid,
      round: 1,
      title: "Round 1",
      instructions: "",
      closesAt: new Date(start + HOUR),
    });
    // A draft with a closing time and another consultation's open round closing later.
    await w.facilitator.round.update({
      consultationId: cid,
      round: 2,
      title: "Round 2",
      instructions: "",
      closesAt: new Date(start + HOUR),
    });
    await w.other.facilitator.round.update({
      consultationId: w.other.consultationId,
      round: 1,
      title: "Round 1",
      instructions: "",
      closesAt: new Date(start + 2 * HOUR),
    });

    expect(closeDueRounds(w.db, new Date(start + HOUR - 1))).toBe(0);
    expect(closeDueRounds(w.db, new Date(start + HOUR))).toBe(1);
    expect(closeDueRounds(w.db, new Date(start + HOUR + MINUTE))).toBe(0);

    const byNumber = (consultationId: string, n: number) =>
      w.db
        .select()
        .from(rounds)
        .where(and(eq(rounds.consultationId, consultationId), eq(rounds.number, n)))
        .get()!;
    expect(byNumber(cid, 1)).toMatchObject({ status: "closed", closedAt: new Date(start + HOUR) });
    expect(byNumber(cid, 2).status).toBe("draft");
    expect(byNumber(w.other.consultationId, 1).status).toBe("open");

    const entries = auditOf(w, "round.close_automatic");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: null, details: { number: 1, closesAt: new Date(start + HOUR).toISOString() } });
    const log = await w.facilitator.audit.list({ consultationId: cid });
    expect(log.entries.find((e) => e.action === "round.close_automatic")).toMatchObject({
      actor: "Roundtable (automatic)",
      label: "Closed a round automatically at its closing time",
    });

    expect(closeDueRounds(w.db, new Date(start + 3 * HOUR))).toBe(1); // the other consultation's
    expect(byNumber(w.other.consultationId, 1).status).toBe("closed");
  });

  it("leaves a round the facilitator closed by hand as it was", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const start = Date.parse("2026-03-02T12:00:00Z");
    setNow(start);
    await w.facilitator.round.update({
      consultationId: cid,
      round: 1,
      title: "Round 1",
      instructions: "",
      closesAt: new Date(start + HOUR),
    });
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    expect(closeDueRounds(w.db, new Date(start + 2 * HOUR))).toBe(0);
    expect((await w.facilitator.round.byNumber({ consultationId: cid, round: 1 })).closedAt).toEqual(new Date(start));
    expect(auditOf(w, "round.close_automatic")).toHaveLength(0);
  });
});

describe("publishing", () => {
  it("emails each stakeholder with an address their personal link and the round's details; none for the others", async () => {
    const w = await setup({ open: false });
    const cid = w.consultationId;
    const dee = await addStakeholder(w.db, w.facilitator, cid, { name: "Dee Day", email: null, perspective: "researcher" });
    // Ann already has an unused invitation: it must keep working.
    const earlier = await w.facilitator.panel.createLink({ consultationId: cid, membershipId: w.a.membershipId });
    setNow(Date.parse("2026-03-02T12:00:00Z"));
    await w.facilitator.round.update({
      consultationId: cid,
      round: 1,
      title: "Preliminary mechanisms",
      instructions: "Rate how relevant each mechanism is to your work.\n\nThen tell us what is missing.",
      meetingMode: "in_person",
      closesAt: new Date("2026-03-03T17:00:00Z"),
    });

    let result: unknown;
    const mail = await mailDuring(async () => {
      result = await w.facilitator.round.publish({ consultationId: cid, round: 1 });
    });
    expect(result).toEqual({ emailed: 2, failed: 0, withoutEmail: ["Dee Day"] });
    expect(mail.map((m) => m.to).sort()).toEqual(["ann@example.org", "bob@example.org"]);
    const ann = mail.find((m) => m.to === "ann@example.org")!;
    expect(ann.subject).toBe("Round 1 is open: Leading integrated teams");
    expect(ann.text).toContain("Hello Ann Able, round 1");
    expect(ann.text).toContain("What we ask of you: Rate how relevant each mechanism is to your work.");
    expect(ann.text).not.toContain("Then tell us what is missing.");
    expect(ann.text).toContain("This round includes a meeting in person");
    expect(ann.text).toContain("The round closes at 17:00 on Tuesday 3 March (UK time).");
    const link = /https:\/\/roundtable\.example\.org\/invite\/([\w-]+)/.exec(ann.text)?.[1];
    expect(link && check(w.db, link).state).toBe("valid");
    expect(check(w.db, earlier.path.slice("/invite/".length)).state).toBe("valid");
    // Dee has no invitation made for her by the publish.
    expect(w.db.select().from(invitations).where(eq(invitations.membershipId, dee.membershipId)).all()).toHaveLength(0);
    expect(auditOf(w, "round.announce").map((a) => a.details)).toEqual([{ number: 1, emailed: 2, failed: 0, withoutEmail: 1 }]);
  });

  it("stays published when the email cannot be sent, and counts the failures", async () => {
    const w = await setup({ open: false });
    const cid = w.consultationId;
    process.env.SMTP_URL = "smtp://127.0.0.1:9"; // nothing listens there: every send fails
    vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await w.facilitator.round.publish({ consultationId: cid, round: 1 });
    expect(result).toEqual({ emailed: 0, failed: 2, withoutEmail: [] });
    expect((await w.facilitator.round.byNumber({ consultationId: cid, round: 1 })).status).toBe("open");
    // The links nobody received are gone again.
    expect(
      w.db
        .select()
        .from(invitations)
        .where(inArray(invitations.membershipId, [w.a.membershipId, w.b.membershipId]))
        .all(),
    ).toHaveLength(0);
  });

  it("refuses a round whose closing time has passed", async () => {
    const w = await setup({ open: false });
    const cid = w.consultationId;
    setNow(Date.parse("2026-03-02T12:00:00Z"));
    await w.facilitator.round.update({
      consultationId: cid,
      round: 1,
      title: "Round 1",
      instructions: "",
      closesAt: new Date("2026-03-03T17:00:00Z"),
    });
    setNow(Date.parse("2026-03-04T09:00:00Z"));
    await expectRefused(
      w.db,
      () => w.facilitator.round.publish({ consultationId: cid, round: 1 }),
      "BAD_REQUEST",
      "Round 1's closing time, 17:00 on Tuesday 3 March (UK time), has already passed: change or clear it in the round's settings before publishing.",
    );
  });

  it("writes down the closing of a previous round past its closing time, then publishes the next", async () => {
    const w = await setup();
    const cid = w.consultationId;
    setNow(Date.parse("2026-03-02T12:00:00Z"));
    await w.facilitator.round.update({
      consultationId: cid,
      round: 1,
      title: "Round 1",
      instructions: "",
      closesAt: new Date("2026-03-03T17:00:00Z"),
    });
    await addMechanisms(w.facilitator, cid, 2, ["Sharing power"]);
    setNow(Date.parse("2026-03-04T09:00:00Z"));
    const round2 = w.db
      .select()
      .from(rounds)
      .where(and(eq(rounds.consultationId, cid), eq(rounds.number, 2)))
      .get()!;
    if (w.db.transaction((tx) => publishBlockers(tx, round2.id)).length > 0) {
      // Decisions are needed first (the next test): refused as a whole, round 1 still reads closed.
      await expectRefused(
        w.db,
        () => w.facilitator.round.publish({ consultationId: cid, round: 2 }),
        "CONFLICT",
        /^Round 2 cannot be published yet/,
      );
      expect((await w.facilitator.round.list({ consultationId: cid })).map((r) => r.status)).toEqual(["closed", "draft", "draft"]);
      return;
    }
    await w.facilitator.round.publish({ consultationId: cid, round: 2 });
    expect((await w.facilitator.round.list({ consultationId: cid })).map((r) => r.status)).toEqual(["closed", "open", "draft"]);
    expect(auditOf(w, "round.close_automatic")).toHaveLength(1);
  });

  it("follows publishBlockers: while it names anything, the round stays a draft and every sentence is given", async () => {
    const w = await setupWithContent();
    const cid = w.consultationId;
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await addMechanisms(w.facilitator, cid, 2, ["Sharing power"]);
    const round2 = w.db
      .select()
      .from(rounds)
      .where(and(eq(rounds.consultationId, cid), eq(rounds.number, 2)))
      .get()!;
    // Round 1's mechanisms have no decision and its flag no triage yet.
    const blockers = w.db.transaction((tx) => publishBlockers(tx, round2.id));
    if (blockers.length === 0) {
      expect(await w.facilitator.round.publish({ consultationId: cid, round: 2 })).toMatchObject({ emailed: 3 });
      return;
    }
    const error = await expectRefused(w.db, () => w.facilitator.round.publish({ consultationId: cid, round: 2 }), "CONFLICT");
    expect(error.message.startsWith("Round 2 cannot be published yet. ")).toBe(true);
    for (const sentence of blockers) expect(error.message).toContain(sentence);
  });
});

describe("reminders", () => {
  it("go only to stakeholders with an email address who have not rated, commented or flagged, at most once an hour", async () => {
    const w = await setupWithContent(); // Ann rated and commented, Bob replied and flagged, Cara did nothing
    const cid = w.consultationId;
    await addStakeholder(w.db, w.facilitator, cid, { name: "Dee Day", email: null, perspective: "researcher" });
    const start = Date.now();
    setNow(start);
    expect(await w.facilitator.round.reminderStatus({ consultationId: cid, round: 1 })).toMatchObject({
      status: "open",
      panelSize: 4,
      waitingWithEmail: 1,
      waitingWithoutEmail: ["Dee Day"],
      lastSentAt: null,
      nextAt: null,
    });

    let result: unknown;
    const mail = await mailDuring(async () => {
      result = await w.facilitator.round.remind({ consultationId: cid, round: 1 });
    });
    expect(result).toEqual({ emailed: 1, failed: 0, withoutEmail: ["Dee Day"] });
    expect(mail.map((m) => [m.to, m.subject])).toEqual([["cara@example.org", "Reminder: round 1 of Leading integrated teams"]]);
    expect(mail[0].text).toMatch(/we have not had your response yet[\s\S]*\/invite\//);
    expect(auditOf(w, "round.remind").map((a) => a.details)).toEqual([{ number: 1, emailed: 1, failed: 0, withoutEmail: 1 }]);
    expect(await w.facilitator.round.reminderStatus({ consultationId: cid, round: 1 })).toMatchObject({
      lastSentAt: new Date(start),
      nextAt: new Date(start + HOUR),
    });

    setNow(start + 59 * MINUTE);
    await expectRefused(
      w.db,
      () => w.facilitator.round.remind({ consultationId: cid, round: 1 }),
      "BAD_REQUEST",
      /^A reminder for round 1 went at \d\d:\d\d on .+ \(UK time\)\. So that the panel is not flooded, the next one can go from \d\d:\d\d on /,
    );

    setNow(start + HOUR);
    expect(await w.facilitator.round.remind({ consultationId: cid, round: 1 })).toMatchObject({ emailed: 1 });

    // Once Cara responds, only Dee is left, and she has no address.
    await w.cara.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 3 });
    setNow(start + 3 * HOUR);
    expect(await w.facilitator.round.reminderStatus({ consultationId: cid, round: 1 })).toMatchObject({
      waitingWithEmail: 0,
      waitingWithoutEmail: ["Dee Day"],
    });
    await expectRefused(
      w.db,
      () => w.facilitator.round.remind({ consultationId: cid, round: 1 }),
      "BAD_REQUEST",
      "Nobody who has not responded has an email address (1 without one): give them their link from the Panel page.",
    );
  });

  it("are refused when everyone has responded, and outside an open round", async () => {
    const w = await setupWithContent();
    const cid = w.consultationId;
    await w.cara.caller.comment.add({ consultationId: cid, target: { versionId: w.versions[1] }, body: "Here I am." });
    await expectRefused(
      w.db,
      () => w.facilitator.round.remind({ consultationId: cid, round: 1 }),
      "BAD_REQUEST",
      "Everyone on the panel has responded: there is nobody to remind.",
    );
    await expectRefused(
      w.db,
      () => w.facilitator.round.remind({ consultationId: cid, round: 2 }),
      "BAD_REQUEST",
      "Round 2 has not been published yet, so there is nobody to remind.",
    );
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await expectRefused(
      w.db,
      () => w.facilitator.round.remind({ consultationId: cid, round: 1 }),
      "BAD_REQUEST",
      "Round 1 is closed: reminders can only be sent while a round is open.",
    );
  });

  it("that reached nobody do not hold the next one back", async () => {
    const w = await setupWithContent();
    const cid = w.consultationId;
    process.env.SMTP_URL = "smtp://127.0.0.1:9";
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await w.facilitator.round.remind({ consultationId: cid, round: 1 })).toEqual({ emailed: 0, failed: 1, withoutEmail: [] });
    delete process.env.SMTP_URL;
    expect(await w.facilitator.round.remind({ consultationId: cid, round: 1 })).toEqual({ emailed: 1, failed: 0, withoutEmail: [] });
  });
});
