/**
 * Live meetings: the event bus (catch-up, resync, bounded memory, unsubscribing) and the meeting's
 * live service through the router (who may do what, what each viewer's stream carries).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { DB } from "@/db";
import { comments, meetingItems, meetings, ratings, rounds } from "@/db/schema";
import * as bus from "@/server/live/bus";
import type { LiveEventOut } from "@/server/services/meeting-live";
import { addStakeholder, expectRefused, setup, type Caller, type World } from "./helpers";

// ---------------------------------------------------------------------------------------------
// The bus

/** A read that timed out is still waiting: the next take() continues it, so no event is lost. */
const waiting = new WeakMap<object, Promise<IteratorResult<unknown>>>();

/** Up to n events, or fewer if none comes within `ms`. */
async function take<T>(it: AsyncGenerator<T>, n: number, ms = 1000): Promise<T[]> {
  const out: T[] = [];
  const deadline = Date.now() + ms;
  while (out.length < n) {
    const pending = (waiting.get(it) as Promise<IteratorResult<T>> | undefined) ?? it.next();
    waiting.set(it, pending);
    const next = await Promise.race([
      pending,
      new Promise<"timeout">((r) => setTimeout(() => r("timeout"), Math.max(1, deadline - Date.now()))),
    ]);
    if (next === "timeout") break;
    waiting.delete(it);
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe("the live event bus", () => {
  it("delivers events in order, and a subscriber that reconnects gets exactly what it missed", async () => {
    const ch = `test:${crypto.randomUUID()}`;
    const ac = new AbortController();
    const first = bus.subscribe<number>(ch, undefined, ac.signal);
    const ids = [1, 2, 3].map((n) => bus.publish(ch, n));
    const got = await take(first, 3);
    expect(got.map((d) => (d.kind === "event" ? d.data : null))).toEqual([1, 2, 3]);
    ac.abort();

    // Offline after event 1; 4 and 5 happen meanwhile.
    ids.push(bus.publish(ch, 4), bus.publish(ch, 5));
    const again = bus.subscribe<number>(ch, ids[0], new AbortController().signal);
    const missed = await take(again, 4);
    expect(missed.map((d) => (d.kind === "event" ? d.data : null))).toEqual([2, 3, 4, 5]);
    expect(missed.map((d) => d.id)).toEqual(ids.slice(1));
    await again.return(undefined);
  });

  it("sends a resync instead when the buffer no longer holds the last id, or the id is not ours", async () => {
    const ch = `test:${crypto.randomUUID()}`;
    const firstId = bus.publish(ch, 0);
    for (let i = 1; i <= bus.BUFFER_SIZE + 5; i++) bus.publish(ch, i);
    const late = bus.subscribe<number>(ch, firstId, new AbortController().signal);
    const [d] = await take(late, 1);
    expect(d.kind).toBe("resync");
    expect(d.id).toBe(bus.lastId(ch));
    await late.return(undefined);

    const stranger = bus.subscribe(ch, "deadbeef.12", new AbortController().signal);
    expect((await take(stranger, 1))[0].kind).toBe("resync");
    await stranger.return(undefined);
  });

  it("keeps a bounded buffer per channel and resyncs a reader that falls too far behind", async () => {
    const ch = `test:${crypto.randomUUID()}`;
    const slow = bus.subscribe<number>(ch, undefined, new AbortController().signal);
    const before = bus.stats().buffered;
    for (let i = 0; i < bus.MAX_PENDING + 50; i++) bus.publish(ch, i);
    // The ring never holds more than BUFFER_SIZE events for the channel.
    expect(bus.stats().buffered - before).toBeLessThanOrEqual(bus.BUFFER_SIZE);
    const [d] = await take(slow, 1);
    expect(d.kind).toBe("resync");
    // After the resync it is live again.
    bus.publish(ch, 999);
    const [next] = await take(slow, 1);
    expect(next).toMatchObject({ kind: "event", data: 999 });
    await slow.return(undefined);
  });

  it("unsubscribes when the reader aborts, even while it waits", async () => {
    const ch = `test:${crypto.randomUUID()}`;
    const ac = new AbortController();
    const sub = bus.subscribe(ch, undefined, ac.signal);
    const waiting = sub.next();
    expect(bus.stats().listeners).toBeGreaterThan(0);
    const listenersBefore = bus.stats().listeners;
    ac.abort();
    expect((await waiting).done).toBe(true);
    expect(bus.stats().listeners).toBe(listenersBefore - 1);
  });
});

// ---------------------------------------------------------------------------------------------
// The meeting

/** A planned meeting of round 1 with the round's mechanisms on the agenda, plus a free item. */
function plannedMeeting(w: World, opts: { code?: string } = {}) {
  const db = w.db;
  const round = db
    .select()
    .from(rounds)
    .where(eq(rounds.consultationId, w.consultationId))
    .all()
    .find((r) => r.number === 1)!;
  const meeting = db
    .insert(meetings)
    .values({
      consultationId: w.consultationId,
      roundId: round.id,
      title: "Panel meeting",
      format: "hybrid",
      shortCode: opts.code ?? `T${crypto.randomUUID().slice(0, 6).toUpperCase()}`,
    })
    .returning()
    .get();
  const items = w.versions.map((versionId, i) =>
    db
      .insert(meetingItems)
      .values({ meetingId: meeting.id, position: i + 1, kind: "mechanism", versionId, plannedMinutes: 10 })
      .returning()
      .get(),
  );
  items.push(
    db
      .insert(meetingItems)
      .values({ meetingId: meeting.id, position: items.length + 1, kind: "free", title: "Any other business" })
      .returning()
      .get(),
  );
  return { meeting, items };
}

/**
 * The stream as a client reads it, { id, data } per event (a server-side caller gets tRPC's
 * tracked envelopes, [id, data, marker], which the SSE transport turns into the same).
 */
async function events(caller: Caller, consultationId: string, meetingId: string, lastEventId?: string) {
  const raw = (await caller.meeting.events({ consultationId, meetingId, lastEventId })) as unknown as AsyncGenerator<
    [string, LiveEventOut]
  >;
  async function* read(): AsyncGenerator<{ id: string; data: LiveEventOut }> {
    try {
      for await (const [id, data] of raw) yield { id, data };
    } finally {
      await raw.return(undefined);
    }
  }
  return read();
}

function stateOf(e: { data: LiveEventOut } | undefined) {
  expect(e?.data.type).toBe("state");
  return (e!.data as Extract<LiveEventOut, { type: "state" }>).view;
}

async function liveWorld() {
  const w = await setup();
  const { meeting, items } = plannedMeeting(w);
  const cid = w.consultationId;
  await w.facilitator.meeting.start({ consultationId: cid, meetingId: meeting.id });
  return { w, meeting, items, cid };
}

describe("running a meeting", () => {
  it("starts on the first item, moves along the agenda, keeps time per item and ends", async () => {
    const w = await setup();
    const { meeting, items } = plannedMeeting(w);
    const cid = w.consultationId;
    const planned = await w.facilitator.meeting.live({ consultationId: cid, meetingId: meeting.id });
    expect(planned.status).toBe("planned");
    expect(planned.items.map((i) => i.title)).toEqual([
      "Building trust",
      "Taking a wider view",
      "Working with power",
      "Any other business",
    ]);

    await w.facilitator.meeting.start({ consultationId: cid, meetingId: meeting.id });
    let v = await w.facilitator.meeting.live({ consultationId: cid, meetingId: meeting.id });
    expect(v).toMatchObject({ status: "live", currentItemId: items[0].id });
    expect(v.current?.description).toMatch(/Building trust/);

    // An earlier visit of one minute: the time is added to the item when the room moves on.
    w.db
      .update(meetings)
      .set({ itemStartedAt: new Date(Date.now() - 60_000) })
      .where(eq(meetings.id, meeting.id))
      .run();
    await w.facilitator.meeting.move({ consultationId: cid, meetingId: meeting.id, to: { step: 1 } });
    v = await w.facilitator.meeting.live({ consultationId: cid, meetingId: meeting.id });
    expect(v.currentItemId).toBe(items[1].id);
    expect(v.items[0].spentSeconds).toBeGreaterThanOrEqual(60);

    await w.facilitator.meeting.move({ consultationId: cid, meetingId: meeting.id, to: { itemId: items[3].id } });
    await expectRefused(
      w.db,
      () => w.facilitator.meeting.move({ consultationId: cid, meetingId: meeting.id, to: { step: 1 } }),
      "BAD_REQUEST",
      /last item/,
    );
    await w.facilitator.meeting.move({ consultationId: cid, meetingId: meeting.id, to: { step: -1 } });
    expect((await w.facilitator.meeting.live({ consultationId: cid, meetingId: meeting.id })).currentItemId).toBe(items[2].id);

    await w.facilitator.meeting.end({ consultationId: cid, meetingId: meeting.id });
    v = await w.facilitator.meeting.live({ consultationId: cid, meetingId: meeting.id });
    expect(v.status).toBe("ended");
    await expectRefused(
      w.db,
      () => w.facilitator.meeting.move({ consultationId: cid, meetingId: meeting.id, to: { step: -1 } }),
      "BAD_REQUEST",
      /ended/,
    );
    await expectRefused(w.db, () => w.facilitator.meeting.start({ consultationId: cid, meetingId: meeting.id }), "BAD_REQUEST", /ended/);
  });

  it("refuses the controls to the panel, and the meeting to other consultations", async () => {
    const { w, meeting, cid } = await liveWorld();
    const id = meeting.id;
    for (const call of [
      () => w.a.caller.meeting.move({ consultationId: cid, meetingId: id, to: { step: 1 } }),
      () => w.a.caller.meeting.setResultsVisible({ consultationId: cid, meetingId: id, visible: true }),
      () => w.a.caller.meeting.openQuestion({ consultationId: cid, meetingId: id, prompt: "Anything missing?" }),
      () => w.a.caller.meeting.end({ consultationId: cid, meetingId: id }),
    ]) {
      await expectRefused(w.db, call, "FORBIDDEN", /facilitators/);
    }
    // Another consultation's facilitator, with their own consultation's id: the meeting is not theirs.
    await expectRefused(
      w.db,
      () => w.other.facilitator.meeting.live({ consultationId: w.other.consultationId, meetingId: id }),
      "NOT_FOUND",
    );
    await expectRefused(
      w.db,
      () => w.other.facilitator.meeting.events({ consultationId: w.other.consultationId, meetingId: id }),
      "NOT_FOUND",
    );
    await expectRefused(w.db, () => w.other.stakeholder.caller.meeting.resolveCode({ code: meeting.shortCode }), "NOT_FOUND");
    expect(await w.a.caller.meeting.resolveCode({ code: meeting.shortCode.toLowerCase() })).toMatchObject({
      meetingId: id,
      role: "stakeholder",
    });
  });

  it("will not start on a closed round, and a closed round refuses ratings given in the meeting", async () => {
    const { w, meeting, cid } = await liveWorld();
    await w.a.caller.meeting.join({ consultationId: cid, meetingId: meeting.id });
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await expectRefused(
      w.db,
      () => w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 4, meetingId: meeting.id }),
      "BAD_REQUEST",
      /closed/,
    );
    const { meeting: second } = plannedMeeting(w);
    await w.facilitator.meeting.end({ consultationId: cid, meetingId: meeting.id });
    await expectRefused(w.db, () => w.facilitator.meeting.start({ consultationId: cid, meetingId: second.id }), "BAD_REQUEST", /closed/);
  });

  it("marks ratings and comments given in the meeting, and refuses them from someone not attending or after the end", async () => {
    const { w, meeting, cid } = await liveWorld();
    const id = meeting.id;
    await expectRefused(
      w.db,
      () => w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 4, meetingId: id }),
      "BAD_REQUEST",
      /Join the meeting first/,
    );
    await w.a.caller.meeting.join({ consultationId: cid, meetingId: id });
    await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 4, meetingId: id });
    const { id: commentId } = await w.a.caller.comment.add({
      consultationId: cid,
      target: { versionId: w.versions[0] },
      body: "Said in the room.",
      meetingId: id,
    });
    expect(w.db.select().from(ratings).all()).toEqual([expect.objectContaining({ value: 4, meetingId: id, versionId: w.versions[0] })]);
    expect(w.db.select().from(comments).where(eq(comments.id, commentId)).get()?.meetingId).toBe(id);
    // The same rating as online: one row, changed in place.
    await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 5, meetingId: id });
    expect(w.db.select().from(ratings).all()).toHaveLength(1);

    await w.facilitator.meeting.end({ consultationId: cid, meetingId: id });
    await expectRefused(
      w.db,
      () => w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[1], value: 2, meetingId: id }),
      "BAD_REQUEST",
      /meeting has ended/,
    );
    await expectRefused(
      w.db,
      () => w.a.caller.comment.add({ consultationId: cid, target: { versionId: w.versions[1] }, body: "Too late", meetingId: id }),
      "BAD_REQUEST",
      /meeting has ended/,
    );
    await expectRefused(w.db, () => w.a.caller.meeting.join({ consultationId: cid, meetingId: id }), "BAD_REQUEST", /ended/);
  });
});

describe("the meeting's event stream", () => {
  it("follows the agenda and catches a reconnecting participant up on what it missed", async () => {
    const { w, meeting, items, cid } = await liveWorld();
    const stream = await events(w.a.caller, cid, meeting.id);
    const [first] = await take(stream, 1);
    expect(stateOf(first).currentItemId).toBe(items[0].id);
    await w.facilitator.meeting.move({ consultationId: cid, meetingId: meeting.id, to: { step: 1 } });
    const [moved] = await take(stream, 1);
    expect(stateOf(moved).currentItemId).toBe(items[1].id);
    await stream.return(undefined);

    // Offline: the room moves on twice. Back with the last id seen: both moves arrive, in order.
    await w.facilitator.meeting.move({ consultationId: cid, meetingId: meeting.id, to: { step: 1 } });
    await w.facilitator.meeting.move({ consultationId: cid, meetingId: meeting.id, to: { step: 1 } });
    const back = await events(w.a.caller, cid, meeting.id, moved.id);
    const missed = await take(back, 2);
    expect(missed.map((e) => stateOf(e).currentItemId)).toEqual([items[2].id, items[3].id]);
    await back.return(undefined);

    // An id from before a restart: a fresh state instead.
    const stranger = await events(w.a.caller, cid, meeting.id, "00000000.5");
    const [fresh] = await take(stranger, 1);
    expect(stateOf(fresh).currentItemId).toBe(items[3].id);
    await stranger.return(undefined);
  });

  it("carries ratings to the facilitator at once, but to the panel only while results are shown", async () => {
    const { w, meeting, cid } = await liveWorld();
    const id = meeting.id;
    const presenter = await events(w.facilitator, cid, id);
    const panel = await events(w.b.caller, cid, id);
    const [p0] = await take(presenter, 1);
    const [s0] = await take(panel, 1);
    expect(stateOf(p0).current?.results).toEqual({ distribution: [0, 0, 0, 0, 0], n: 0, unsure: 0 });
    expect(stateOf(s0).current?.results).toBeNull();

    // Rated online (not in the meeting): the presenter still hears of it.
    await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 4 });
    const [p1] = await take(presenter, 1);
    expect(p1.data).toEqual({ type: "results", versionId: w.versions[0], results: { distribution: [0, 0, 0, 1, 0], n: 1, unsure: 0 } });
    expect(await take(panel, 1, 200)).toEqual([]); // hidden: nothing reaches the panel

    await w.facilitator.meeting.setResultsVisible({ consultationId: cid, meetingId: id, visible: true });
    await take(presenter, 1);
    const [s1] = await take(panel, 1);
    expect(stateOf(s1).current?.results?.distribution).toEqual([0, 0, 0, 1, 0]);
    await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 2 });
    const [s2] = await take(panel, 1);
    expect(s2.data).toMatchObject({ type: "results", results: { distribution: [0, 1, 0, 0, 0], n: 1 } });

    // Hidden again: the next rating goes to the facilitator only.
    await w.facilitator.meeting.setResultsVisible({ consultationId: cid, meetingId: id, visible: false });
    const [s3] = await take(panel, 1);
    expect(stateOf(s3).current?.results).toBeNull();
    await w.b.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 5 });
    expect(await take(panel, 1, 200)).toEqual([]);
    // A read is still waiting on the panel's stream (the server aborts it when the client goes).
    void presenter.return(undefined);
    void panel.return(undefined);
  });

  it("replays to a reconnecting member only the results the room saw when they were published", async () => {
    const { w, meeting, cid } = await liveWorld();
    const id = meeting.id;
    const panel = await events(w.b.caller, cid, id);
    const [s0] = await take(panel, 1);
    await panel.return(undefined);

    // Offline: a rating while the results are hidden, then the facilitator shows them.
    await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 4 });
    await w.facilitator.meeting.setResultsVisible({ consultationId: cid, meetingId: id, visible: true });
    const back = await events(w.b.caller, cid, id, s0.id);
    const replayed = await take(back, 2, 300);
    // The hidden-time distribution is not replayed; the state that showed the results is.
    expect(replayed.map((e) => e.data.type)).toEqual(["state"]);
    expect(stateOf(replayed[0]).current?.results?.distribution).toEqual([0, 0, 0, 1, 0]);
    void back.return(undefined);

    // A resync (an id from before a restart) while hidden again: a snapshot without results.
    await w.facilitator.meeting.setResultsVisible({ consultationId: cid, meetingId: id, visible: false });
    const stranger = await events(w.b.caller, cid, id, "00000000.5");
    expect(stateOf((await take(stranger, 1))[0]).current?.results).toBeNull();
    void stranger.return(undefined);
  });

  it("sends the panel, while results are shown, only the distribution of the item on screen", async () => {
    const { w, meeting, cid } = await liveWorld();
    const id = meeting.id;
    await w.facilitator.meeting.setResultsVisible({ consultationId: cid, meetingId: id, visible: true });
    const presenter = await events(w.facilitator, cid, id);
    const panel = await events(w.b.caller, cid, id);
    await take(presenter, 1);
    await take(panel, 1);

    // The second mechanism has not been discussed yet: its ratings go to the facilitator only.
    await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[1], value: 3 });
    expect((await take(presenter, 1))[0].data).toMatchObject({ type: "results", versionId: w.versions[1] });
    expect(await take(panel, 1, 200)).toEqual([]);

    await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 5 });
    const [s1] = await take(panel, 1);
    expect(s1.data).toEqual({ type: "results", versionId: w.versions[0], results: { distribution: [0, 0, 0, 0, 1], n: 1, unsure: 0 } });
    void presenter.return(undefined);
    void panel.return(undefined);
  });

  it("takes no joining or answers from the panel once the round has closed, though the meeting runs on", async () => {
    const { w, meeting, cid } = await liveWorld();
    const id = meeting.id;
    const { id: questionId } = await w.facilitator.meeting.openQuestion({
      consultationId: cid,
      meetingId: id,
      prompt: "What did we miss?",
    });
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    expect((await w.facilitator.meeting.live({ consultationId: cid, meetingId: id })).status).toBe("live");
    await expectRefused(w.db, () => w.a.caller.meeting.join({ consultationId: cid, meetingId: id }), "BAD_REQUEST", /Round 1 .*closed/);
    await expectRefused(
      w.db,
      () => w.a.caller.meeting.answer({ consultationId: cid, meetingId: id, questionId, body: "Too late" }),
      "BAD_REQUEST",
      /Round 1 .*closed/,
    );
  });

  it("ends the streams of a planned meeting when it is removed", async () => {
    const w = await setup();
    const { meeting } = plannedMeeting(w);
    const cid = w.consultationId;
    const control = await events(w.facilitator, cid, meeting.id);
    const early = await events(w.a.caller, cid, meeting.id);
    expect(stateOf((await take(control, 1))[0]).status).toBe("planned");
    await take(early, 1);
    await w.facilitator.meetingPlan.remove({ consultationId: cid, meetingId: meeting.id });
    const stillOpen = new Promise<"still open">((r) => setTimeout(() => r("still open"), 500));
    expect(await Promise.race([control.next(), stillOpen])).toEqual({ done: true, value: undefined });
    expect(await Promise.race([early.next(), stillOpen])).toEqual({ done: true, value: undefined });
    // Reconnecting finds nothing.
    await expectRefused(w.db, () => w.a.caller.meeting.events({ consultationId: cid, meetingId: meeting.id }), "NOT_FOUND");
  });

  it("shows the panel no answers and no identities, only counts; facilitators see the answers", async () => {
    const { w, meeting, cid } = await liveWorld();
    const id = meeting.id;
    const { id: questionId } = await w.facilitator.meeting.openQuestion({
      consultationId: cid,
      meetingId: id,
      prompt: "Is anything missing from this mechanism?",
    });
    await w.a.caller.meeting.join({ consultationId: cid, meetingId: id });
    await w.a.caller.meeting.answer({ consultationId: cid, meetingId: id, questionId, body: "Time for reflection together." });
    const panelView = await w.b.caller.meeting.live({ consultationId: cid, meetingId: id });
    expect(panelView.question).toMatchObject({ open: true, answerCount: 1, answers: [] });
    expect(JSON.stringify(panelView)).not.toMatch(/Ann Able|ann@example|reflection together/);
    await w.facilitator.meeting.closeQuestion({ consultationId: cid, meetingId: id, questionId });
    const facView = await w.facilitator.meeting.live({ consultationId: cid, meetingId: id });
    expect(facView.question).toMatchObject({ open: false, answers: [expect.objectContaining({ body: "Time for reflection together." })] });
    await expectRefused(
      w.db,
      () => w.b.caller.meeting.answer({ consultationId: cid, meetingId: id, questionId, body: "Late" }),
      "BAD_REQUEST",
      /closed this question/,
    );
  });

  it("counts attendance and new comments, and ends every stream when the meeting ends", async () => {
    const { w, meeting, cid } = await liveWorld();
    const id = meeting.id;
    const presenter = await events(w.facilitator, cid, id);
    const panel = await events(w.b.caller, cid, id);
    await take(presenter, 1);
    await take(panel, 1);
    await w.a.caller.meeting.join({ consultationId: cid, meetingId: id });
    await w.a.caller.meeting.join({ consultationId: cid, meetingId: id }); // twice: counted once
    await w.b.caller.comment.add({ consultationId: cid, target: { versionId: w.versions[0] }, body: "Online, during the meeting." });
    const got = await take(presenter, 2);
    expect(got.map((e) => e.data)).toEqual([
      { type: "attendance", count: 1 },
      { type: "comments", versionId: w.versions[0], count: 1 },
    ]);
    await w.facilitator.meeting.end({ consultationId: cid, meetingId: id });
    // The panel heard of the attendance and the comment too, then the end.
    const rest = await take(panel, 3);
    expect(rest.map((e) => e.data.type)).toEqual(["attendance", "comments", "state"]);
    expect(stateOf(rest[2]).status).toBe("ended");
    expect((await panel.next()).done).toBe(true);
    await presenter.return(undefined);
  });

  it("a note-taker on the panel follows the current item", async () => {
    const { w, meeting, items, cid } = await liveWorld();
    const noteTaker = await addStakeholder(w.db, w.facilitator, cid, { name: "Nina Notes", perspective: "researcher" });
    (w.db as DB).$client.prepare("update membership set note_taker = 1 where id = ?").run(noteTaker.membershipId);
    const v = await noteTaker.caller.meeting.live({ consultationId: cid, meetingId: meeting.id });
    expect(v.currentItemId).toBe(items[0].id);
  });
});
