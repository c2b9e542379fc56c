import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { meetingQuotes } from "@/db/schema";
import { addStakeholder, expectRefused, setup, setupWithContent } from "./helpers";

type World = Awaited<ReturnType<typeof setup>>;

/** A meeting of round 1, started through the live engineer's meeting.start; A is made a note-taker. */
async function liveMeeting(w: World, opts: { noteTaker?: boolean } = {}) {
  const cid = w.consultationId;
  const { id: meetingId } = await w.facilitator.meetingPlan.create({
    consultationId: cid,
    round: 1,
    title: "Round 1 panel meeting",
    format: "in_person",
  });
  await w.facilitator.meeting.start({ consultationId: cid, meetingId });
  const { items } = await w.facilitator.meetingPlan.byId({ consultationId: cid, meetingId });
  if (opts.noteTaker !== false)
    await w.facilitator.panel.setNoteTaker({ consultationId: cid, membershipId: w.a.membershipId, noteTaker: true });
  return { cid, meetingId, items };
}

describe("notes and quotes: who may take them", () => {
  it("a facilitator and a note-taker record notes and quotes; a plain stakeholder is refused", async () => {
    const w = await setup();
    const { cid, meetingId, items } = await liveMeeting(w);
    const itemId = items[0].id;
    await w.facilitator.meetingRecord.addNote({ consultationId: cid, meetingId, itemId, body: "The room agreed trust comes first." });
    const { id: noteId } = await w.a.caller.meetingRecord.addNote({
      consultationId: cid,
      meetingId,
      itemId,
      body: "Several mentioned shared training.",
    });
    await w.a.caller.meetingRecord.addQuote({
      consultationId: cid,
      meetingId,
      itemId,
      body: "We only trusted each other after the first crisis.",
      attribution: { kind: "stakeholder", membershipId: w.b.membershipId },
    });
    await w.a.caller.meetingRecord.addQuote({
      consultationId: cid,
      meetingId,
      itemId: null,
      body: "Nobody asked the carers.",
      attribution: { kind: "perspective", perspective: "service_user" },
    });

    const view = await w.a.caller.meetingRecord.notes({ consultationId: cid, meetingId, itemId });
    expect(view.notes.map((n) => [n.body, n.canEdit])).toEqual([
      ["The room agreed trust comes first.", false],
      ["Several mentioned shared training.", true],
    ]);
    // The note-taker is on the panel: pseudonyms, not names, in a pseudonymous consultation.
    expect(view.quotes[0].attribution.label).toBe("Stakeholder 2, service user");
    expect(JSON.stringify(view)).not.toContain("Bob Baker");
    const general = await w.facilitator.meetingRecord.notes({ consultationId: cid, meetingId, itemId: null });
    expect(general.quotes[0].attribution.label).toBe("A patient, service user or carer");

    // The note-taker may not change what the facilitator wrote; the facilitator may tidy up anything.
    const facilitatorNote = view.notes[0];
    await expectRefused(
      w.db,
      () => w.a.caller.meetingRecord.editNote({ consultationId: cid, noteId: facilitatorNote.id, body: "Changed" }),
      "FORBIDDEN",
    );
    await w.facilitator.meetingRecord.editNote({ consultationId: cid, noteId, body: "Several mentioned joint training." });

    // B is not a note-taker.
    await expectRefused(
      w.db,
      () => w.b.caller.meetingRecord.addNote({ consultationId: cid, meetingId, itemId, body: "Sneaky" }),
      "FORBIDDEN",
      /note-takers/,
    );
    await expectRefused(w.db, () => w.b.caller.meetingRecord.notes({ consultationId: cid, meetingId }), "FORBIDDEN");
    // Removing the role takes effect at once.
    await w.facilitator.panel.setNoteTaker({ consultationId: cid, membershipId: w.a.membershipId, noteTaker: false });
    await expectRefused(
      w.db,
      () => w.a.caller.meetingRecord.addNote({ consultationId: cid, meetingId, itemId, body: "Late" }),
      "FORBIDDEN",
    );
    const { entries } = await w.facilitator.audit.list({ consultationId: cid });
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(["panel.note_taker_grant", "panel.note_taker_remove"]));
  });

  it("refuses another consultation's meeting, items and panel members", async () => {
    const w = await setup();
    const { cid, meetingId, items } = await liveMeeting(w);
    // Another consultation's facilitator names this meeting under their own consultation.
    await expectRefused(
      w.db,
      () => w.other.facilitator.meetingRecord.addNote({ consultationId: w.other.consultationId, meetingId, itemId: null, body: "Hello" }),
      "NOT_FOUND",
    );
    await expectRefused(
      w.db,
      () =>
        w.facilitator.meetingRecord.addQuote({
          consultationId: cid,
          meetingId,
          itemId: items[0].id,
          body: "Someone from elsewhere said this.",
          attribution: { kind: "stakeholder", membershipId: w.other.stakeholder.membershipId },
        }),
      "BAD_REQUEST",
      /current member of this consultation's panel/,
    );
    const facilitatorMembership = w.db.$client
      .prepare("select id from membership where consultation_id = ? and role = 'facilitator'")
      .get(cid) as { id: string };
    await expectRefused(
      w.db,
      () =>
        w.facilitator.meetingRecord.addQuote({
          consultationId: cid,
          meetingId,
          itemId: null,
          body: "A facilitator is not a stakeholder.",
          attribution: { kind: "stakeholder", membershipId: facilitatorMembership.id },
        }),
      "BAD_REQUEST",
    );
    const other = await w.other.facilitator.meetingPlan.create({
      consultationId: w.other.consultationId,
      round: 1,
      title: "Their meeting",
      format: "online",
    });
    const theirItems = await w.other.facilitator.meetingPlan.byId({ consultationId: w.other.consultationId, meetingId: other.id });
    await expectRefused(
      w.db,
      () => w.facilitator.meetingRecord.addNote({ consultationId: cid, meetingId, itemId: theirItems.items[0].id, body: "Wrong item" }),
      "BAD_REQUEST",
      /not part of this meeting/,
    );
  });

  it("waits for the meeting to start, and keeps panel note-takers out once the round has closed", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const { id: meetingId } = await w.facilitator.meetingPlan.create({
      consultationId: cid,
      round: 1,
      title: "Later meeting",
      format: "online",
    });
    await expectRefused(
      w.db,
      () => w.facilitator.meetingRecord.addNote({ consultationId: cid, meetingId, itemId: null, body: "Too early" }),
      "BAD_REQUEST",
      /not started/,
    );
    await w.facilitator.meeting.start({ consultationId: cid, meetingId });
    await w.facilitator.panel.setNoteTaker({ consultationId: cid, membershipId: w.a.membershipId, noteTaker: true });
    await w.facilitator.meeting.end({ consultationId: cid, meetingId });
    // Tidying up after the meeting is fine...
    await w.a.caller.meetingRecord.addNote({ consultationId: cid, meetingId, itemId: null, body: "Written up afterwards." });
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    // ...until the round closes, for a panel member; facilitators can still tidy up.
    await expectRefused(
      w.db,
      () => w.a.caller.meetingRecord.addNote({ consultationId: cid, meetingId, itemId: null, body: "After close" }),
      "BAD_REQUEST",
      /closed/,
    );
    await w.facilitator.meetingRecord.addNote({ consultationId: cid, meetingId, itemId: null, body: "Facilitator's summary." });
  });
});

describe("attendance and the record", () => {
  it("records attendance, and the record shows notes, quotes, ratings and visible comments only", async () => {
    const w = await setup();
    const { cid, meetingId, items } = await liveMeeting(w);
    const cara = await addStakeholder(w.db, w.facilitator, cid, { name: "Cara Clean", email: null, perspective: "service_user" });
    await w.facilitator.meetingRecord.setAttendance({ consultationId: cid, meetingId, membershipId: cara.membershipId, present: true });
    await w.facilitator.meetingRecord.setAttendance({ consultationId: cid, meetingId, membershipId: w.b.membershipId, present: true });
    await w.facilitator.meetingRecord.setAttendance({ consultationId: cid, meetingId, membershipId: w.b.membershipId, present: false });
    await expectRefused(
      w.db,
      () =>
        w.facilitator.meetingRecord.setAttendance({
          consultationId: cid,
          meetingId,
          membershipId: w.other.stakeholder.membershipId,
          present: true,
        }),
      "BAD_REQUEST",
    );
    // Ratings and comments made in the meeting carry its id (set by the participant view).
    await w.b.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 4 });
    const { id: shown } = await w.b.caller.comment.add({
      consultationId: cid,
      target: { versionId: w.versions[0] },
      body: "Said in the room: trust first.",
    });
    const { id: hidden } = await w.b.caller.comment.add({
      consultationId: cid,
      target: { versionId: w.versions[0] },
      body: "Something rude",
    });
    w.db.$client.prepare("update rating set meeting_id = ?").run(meetingId);
    w.db.$client.prepare("update comment set meeting_id = ? where id in (?, ?)").run(meetingId, shown, hidden);
    await w.facilitator.comment.hide({ consultationId: cid, commentId: hidden, reason: "Not kind" });
    await w.a.caller.meetingRecord.addNote({ consultationId: cid, meetingId, itemId: items[0].id, body: "Trust was the theme." });
    await w.a.caller.meetingRecord.addQuote({
      consultationId: cid,
      meetingId,
      itemId: items[0].id,
      body: "Trust is earned.",
      attribution: { kind: "stakeholder", membershipId: cara.membershipId },
    });

    const r = await w.facilitator.meetingRecord.record({ consultationId: cid, meetingId });
    expect(r.attendanceCount).toBe(1);
    expect(r.facilitator!.attendees).toEqual([
      { membershipId: cara.membershipId, label: "Cara Clean (Stakeholder 3, service user)", source: "recorded" },
    ]);
    expect(r.items[0]).toMatchObject({
      title: "Building trust",
      notes: [{ body: "Trust was the theme." }],
      quotes: [{ body: "Trust is earned.", attribution: { quoteAs: "Stakeholder 3, service user" } }],
    });
    const first = r.facilitator!.responses[0];
    expect(first).toMatchObject({ title: "Building trust", ratingCount: 1, distribution: [0, 0, 0, 1, 0], commentCount: 1 });
    expect(JSON.stringify(r)).not.toContain("Something rude");

    // A note-taker sees the notes and the count, not who came nor the responses.
    const asNoteTaker = await w.a.caller.meetingRecord.record({ consultationId: cid, meetingId });
    expect(asNoteTaker.facilitator).toBeNull();
    expect(asNoteTaker.attendanceCount).toBe(1);
    expect(JSON.stringify(asNoteTaker)).not.toContain("Cara Clean");
    const { entries } = await w.facilitator.audit.list({ consultationId: cid });
    expect(entries.filter((e) => e.action === "meeting.attendance")).toHaveLength(3);
  });
});

describe("meeting notes as the reason for a decision", () => {
  it("cites a round 1 meeting note about the mechanism, and refuses one about another mechanism", async () => {
    const w = await setupWithContent();
    const cid = w.consultationId;
    const { meetingId, items } = await liveMeeting(w);
    const { id: noteId } = await w.facilitator.meetingRecord.addNote({
      consultationId: cid,
      meetingId,
      itemId: items[0].id,
      body: "The room wanted trust split from respect.",
    });
    const { id: otherNote } = await w.facilitator.meetingRecord.addNote({
      consultationId: cid,
      meetingId,
      itemId: items[1].id,
      body: "About the wider view.",
    });
    const { id: quoteId } = await w.facilitator.meetingRecord.addQuote({
      consultationId: cid,
      meetingId,
      itemId: null,
      body: "Trust is not the same as liking.",
      attribution: { kind: "stakeholder", membershipId: w.b.membershipId },
    });
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await w.facilitator.decision.prepare({ consultationId: cid, round: 2 });
    const decide = (sources: unknown[]) =>
      w.facilitator.decision.set({
        consultationId: cid,
        round: 2,
        mechanismId: w.mechanismIds[0],
        kind: "revise",
        rationale: "The meeting asked for a clearer text.",
        revisedName: "Building trust between services",
        revisedDescription: "Leaders build trust across professions and organisations over time.",
        sources: sources as never,
        expectedUpdatedAt: null,
      });
    await expectRefused(w.db, () => decide([{ kind: "meeting_note", meetingNoteId: otherNote }]), "BAD_REQUEST", /meeting note or quote/);
    await decide([
      { kind: "meeting_note", meetingNoteId: noteId },
      { kind: "meeting_quote", meetingQuoteId: quoteId },
    ]);
    const ws = await w.facilitator.decision.workspace({ consultationId: cid, round: 2 });
    const m = ws.mechanisms.find((x) => x.mechanismId === w.mechanismIds[0])!;
    expect(m.meetingFeedback.map((f) => f.id).sort()).toEqual([noteId, quoteId].sort());
    expect(m.decision!.sources.map((s) => s.label)).toEqual([
      "Note from “Round 1 panel meeting”: The room wanted trust split from respect.",
      "Quote from “Round 1 panel meeting”: “Trust is not the same as liking.” — Stakeholder 2, service user",
    ]);
    // The mechanism's history shows them as what led to the revision, the quote by pseudonym
    // (the facilitator's view: round 2 is still a draft the panel cannot see).
    const history = await w.facilitator.history.mechanism({ consultationId: cid, mechanismId: w.mechanismIds[0] });
    const text = JSON.stringify(history);
    expect(text).toContain("The room wanted trust split from respect.");
    expect(text).toContain("Stakeholder 2, service user");
    expect(text).not.toContain("Bob Baker");
  });
});

describe("personal data", () => {
  it("exports a stakeholder's quotes, attendance and answers, and erasure detaches them", async () => {
    const w = await setup();
    const { cid, meetingId, items } = await liveMeeting(w, { noteTaker: false });
    // B is one of two service users: on erasure, the perspective alone would name the other one.
    await w.facilitator.meetingRecord.setAttendance({ consultationId: cid, meetingId, membershipId: w.b.membershipId, present: true });
    const { id: quoteId } = await w.facilitator.meetingRecord.addQuote({
      consultationId: cid,
      meetingId,
      itemId: items[0].id,
      body: "Trust takes years.",
      attribution: { kind: "stakeholder", membershipId: w.b.membershipId },
    });
    const q = await w.facilitator.meeting.openQuestion({ consultationId: cid, meetingId, prompt: "Is anything missing?" });
    const questionId =
      (q as { id?: string } | undefined)?.id ?? (w.db.$client.prepare("select id from meeting_question").get() as { id: string }).id;
    await w.b.caller.meeting.answer({ consultationId: cid, meetingId, questionId, body: "Time to reflect." });

    const data = await w.b.caller.me.export({ consultationId: cid });
    expect(data.meetings.quotesAttributedToYou).toMatchObject([
      { meeting: "Round 1 panel meeting", quote: "Trust takes years.", agendaItem: "Building trust" },
    ]);
    expect(data.meetings.attendance).toMatchObject([{ meeting: "Round 1 panel meeting", source: "recorded by a facilitator" }]);
    expect(data.meetings.quickQuestionAnswers).toMatchObject([{ question: "Is anything missing?", answer: "Time to reflect." }]);
    expect((await w.a.caller.me.export({ consultationId: cid })).meetings.quotesAttributedToYou).toEqual([]);

    await w.facilitator.panel.erase({ consultationId: cid, membershipId: w.b.membershipId });
    const quote = w.db.select().from(meetingQuotes).where(eq(meetingQuotes.id, quoteId)).get()!;
    // Only one other service user would remain (none here): the quote becomes unattributed.
    expect(quote).toMatchObject({ membershipId: null, perspective: null, body: "Trust takes years." });
    expect(w.db.$client.prepare("select count(*) as n from meeting_answer").get()).toEqual({ n: 0 });
    expect(w.db.$client.prepare("select count(*) as n from meeting_attendance").get()).toEqual({ n: 0 });
  });

  it("keeps the perspective on an erased person's quote when enough others share it", async () => {
    const w = await setup();
    const { cid, meetingId } = await liveMeeting(w, { noteTaker: false });
    for (const name of ["Cara", "Dev"]) await addStakeholder(w.db, w.facilitator, cid, { name, email: null, perspective: "service_user" });
    const { id: quoteId } = await w.facilitator.meetingRecord.addQuote({
      consultationId: cid,
      meetingId,
      itemId: null,
      body: "Carers hold the history.",
      attribution: { kind: "stakeholder", membershipId: w.b.membershipId },
    });
    await w.facilitator.panel.erase({ consultationId: cid, membershipId: w.b.membershipId });
    expect(w.db.select().from(meetingQuotes).where(eq(meetingQuotes.id, quoteId)).get()).toMatchObject({
      membershipId: null,
      perspective: "service_user",
    });
    const r = await w.facilitator.meetingRecord.record({ consultationId: cid, meetingId });
    expect(r.items.at(-1)!.quotes[0].attribution.quoteAs).toBe("A patient, service user or carer");
  });
});

describe("removing a panel member who took part in a meeting", () => {
  it("refuses once they answered, attended, were quoted, took notes or recorded quotes", async () => {
    const w = await setup();
    const { cid, meetingId } = await liveMeeting(w, { noteTaker: false });
    const removeRefused = (membershipId: string, name: RegExp) =>
      expectRefused(w.db, () => w.facilitator.panel.remove({ consultationId: cid, membershipId }), "BAD_REQUEST", name);
    const fresh = (name: string) =>
      addStakeholder(w.db, w.facilitator, cid, { name, email: `${name.toLowerCase()}@example.org`, perspective: "practitioner" });

    // Answered a quick question.
    const { id: questionId } = await w.facilitator.meeting.openQuestion({ consultationId: cid, meetingId, prompt: "Is anything missing?" });
    await w.b.caller.meeting.answer({ consultationId: cid, meetingId, questionId, body: "Time to reflect." });
    // Answering also marks them present: without that, the answer alone keeps them on the panel.
    w.db.$client.prepare("delete from meeting_attendance where membership_id = ?").run(w.b.membershipId);
    await removeRefused(w.b.membershipId, /Bob Baker has already responded or taken part in a meeting.*Erase/);

    const present = await fresh("Pia");
    await w.facilitator.meetingRecord.setAttendance({ consultationId: cid, meetingId, membershipId: present.membershipId, present: true });
    await removeRefused(present.membershipId, /Pia has already responded/);

    const quotedOne = await fresh("Quin");
    await w.facilitator.meetingRecord.addQuote({
      consultationId: cid,
      meetingId,
      itemId: null,
      body: "Mine.",
      attribution: { kind: "stakeholder", membershipId: quotedOne.membershipId },
    });
    await removeRefused(quotedOne.membershipId, /Quin has already responded/);

    const writer = await fresh("Nora");
    await w.facilitator.panel.setNoteTaker({ consultationId: cid, membershipId: writer.membershipId, noteTaker: true });
    await writer.caller.meetingRecord.addNote({ consultationId: cid, meetingId, itemId: null, body: "Noted by Nora." });
    await removeRefused(writer.membershipId, /Nora has already responded/);

    const recorder = await fresh("Rex");
    await w.facilitator.panel.setNoteTaker({ consultationId: cid, membershipId: recorder.membershipId, noteTaker: true });
    await recorder.caller.meetingRecord.addQuote({
      consultationId: cid,
      meetingId,
      itemId: null,
      body: "Heard by Rex.",
      attribution: { kind: "none" },
    });
    await removeRefused(recorder.membershipId, /Rex has already responded/);

    // Nothing went: the answer, the attendance and the quote's attribution are all still there.
    expect(w.db.$client.prepare("select count(*) as n from meeting_answer").get()).toEqual({ n: 1 });
    expect(w.db.$client.prepare("select count(*) as n from meeting_attendance").get()).toEqual({ n: 1 });
    const r = await w.facilitator.meetingRecord.record({ consultationId: cid, meetingId });
    expect(r.items.at(-1)!.quotes.map((q) => q.attribution.label)).toContain("Quin (Stakeholder 4, practitioner)");

    // Notes someone took in another consultation do not keep them on this panel.
    const o = w.other;
    const { id: theirMeeting } = await o.facilitator.meetingPlan.create({
      consultationId: o.consultationId,
      round: 1,
      title: "Theirs",
      format: "online",
    });
    await o.facilitator.meeting.start({ consultationId: o.consultationId, meetingId: theirMeeting });
    await o.facilitator.panel.setNoteTaker({ consultationId: o.consultationId, membershipId: o.stakeholder.membershipId, noteTaker: true });
    await o.stakeholder.caller.meetingRecord.addNote({
      consultationId: o.consultationId,
      meetingId: theirMeeting,
      itemId: null,
      body: "Elsewhere.",
    });
    await o.stakeholder.caller.meetingRecord.addQuote({
      consultationId: o.consultationId,
      meetingId: theirMeeting,
      itemId: null,
      body: "Also elsewhere.",
      attribution: { kind: "none" },
    });
    const mistake = await addStakeholder(w.db, w.facilitator, cid, {
      name: "Oscar Other",
      email: "oscar@example.org",
      perspective: "researcher",
    });
    expect(mistake.user.id).toBe(o.stakeholder.user.id);
    await w.facilitator.panel.remove({ consultationId: cid, membershipId: mistake.membershipId });
  });

  it("never shows a departed note-taker's name to the panel's note-takers", async () => {
    const w = await setup();
    const { cid, meetingId } = await liveMeeting(w);
    const nora = await addStakeholder(w.db, w.facilitator, cid, {
      name: "Nora Noted",
      email: "nora@example.org",
      perspective: "practitioner",
    });
    await w.facilitator.panel.setNoteTaker({ consultationId: cid, membershipId: nora.membershipId, noteTaker: true });
    await nora.caller.meetingRecord.addNote({ consultationId: cid, meetingId, itemId: null, body: "Written before leaving." });
    // A membership gone from under its notes (as removal allowed before it counted notes).
    w.db.$client.prepare("delete from membership where id = ?").run(nora.membershipId);

    const seen = await w.a.caller.meetingRecord.notes({ consultationId: cid, meetingId, itemId: null });
    expect(seen.notes.map((n) => n.by)).toEqual(["A former note-taker"]);
    expect(JSON.stringify(await w.a.caller.meetingRecord.record({ consultationId: cid, meetingId }))).not.toContain("Nora Noted");
    const facilitatorView = await w.facilitator.meetingRecord.notes({ consultationId: cid, meetingId, itemId: null });
    expect(facilitatorView.notes.map((n) => n.by)).toEqual(["Nora Noted"]);
  });
});

describe("notes and quotes a decision cites", () => {
  it("cannot be deleted or reworded while cited; edits and deletions are in the audit log", async () => {
    const w = await setupWithContent();
    const cid = w.consultationId;
    const { meetingId, items } = await liveMeeting(w);
    const { id: noteId } = await w.a.caller.meetingRecord.addNote({
      consultationId: cid,
      meetingId,
      itemId: items[0].id,
      body: "Trust before respect.",
    });
    const { id: quoteId } = await w.facilitator.meetingRecord.addQuote({
      consultationId: cid,
      meetingId,
      itemId: null,
      body: "Trust is slow.",
      attribution: { kind: "none" },
    });
    const { id: spareId } = await w.facilitator.meetingRecord.addNote({
      consultationId: cid,
      meetingId,
      itemId: null,
      body: "Tea was late.",
    });
    await w.facilitator.meetingRecord.editNote({ consultationId: cid, noteId: spareId, body: "Tea was very late." });
    await w.facilitator.meetingRecord.deleteNote({ consultationId: cid, noteId: spareId });
    await w.facilitator.round.close({ consultationId: cid, round: 1 });
    await w.facilitator.decision.prepare({ consultationId: cid, round: 2 });
    const decide = (sources: unknown[], expectedUpdatedAt: Date | null) =>
      w.facilitator.decision.set({
        consultationId: cid,
        round: 2,
        mechanismId: w.mechanismIds[0],
        kind: "keep",
        rationale: "The meeting backed it.",
        sources: sources as never,
        expectedUpdatedAt,
      });
    await decide(
      [
        { kind: "meeting_note", meetingNoteId: noteId },
        { kind: "meeting_quote", meetingQuoteId: quoteId },
      ],
      null,
    );

    const cited = /round 2 decision on “Building trust” gives this (note|quote) as a reason.*round 2 workspace first/;
    await expectRefused(w.db, () => w.facilitator.meetingRecord.deleteNote({ consultationId: cid, noteId }), "BAD_REQUEST", cited);
    await expectRefused(
      w.db,
      () => w.facilitator.meetingRecord.editNote({ consultationId: cid, noteId, body: "Something else." }),
      "BAD_REQUEST",
      cited,
    );
    await expectRefused(w.db, () => w.facilitator.meetingRecord.deleteQuote({ consultationId: cid, quoteId }), "BAD_REQUEST", cited);
    await expectRefused(
      w.db,
      () => w.facilitator.meetingRecord.editQuote({ consultationId: cid, quoteId, body: "Trust is fast.", attribution: { kind: "none" } }),
      "BAD_REQUEST",
      cited,
    );
    // Saying who said it can still be corrected.
    await w.facilitator.meetingRecord.editQuote({
      consultationId: cid,
      quoteId,
      body: "Trust is slow.",
      attribution: { kind: "perspective", perspective: "practitioner" },
    });
    const ws = await w.facilitator.decision.workspace({ consultationId: cid, round: 2 });
    const decision = ws.mechanisms.find((x) => x.mechanismId === w.mechanismIds[0])!.decision!;
    expect(decision.sources).toHaveLength(2);

    // Once the citation is taken out of the decision, the note can go.
    await decide([{ kind: "meeting_quote", meetingQuoteId: quoteId }], decision.updatedAt);
    await w.facilitator.meetingRecord.deleteNote({ consultationId: cid, noteId });

    const { entries } = await w.facilitator.audit.list({ consultationId: cid });
    const actions = entries.map((e) => e.action);
    expect(actions.filter((a) => a === "meeting.note_delete")).toHaveLength(2);
    expect(actions).toEqual(expect.arrayContaining(["meeting.note_edit", "meeting.quote_edit"]));
    expect(JSON.stringify(entries)).not.toContain("Tea was");
  });
});

describe("planned meetings and note-takers", () => {
  it("hides a planned meeting's notes and record from note-takers, as the meeting list does", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const { id: meetingId } = await w.facilitator.meetingPlan.create({ consultationId: cid, round: 1, title: "Not yet", format: "online" });
    await w.facilitator.panel.setNoteTaker({ consultationId: cid, membershipId: w.a.membershipId, noteTaker: true });
    await expectRefused(w.db, () => w.a.caller.meetingRecord.notes({ consultationId: cid, meetingId }), "NOT_FOUND");
    await expectRefused(w.db, () => w.a.caller.meetingRecord.record({ consultationId: cid, meetingId }), "NOT_FOUND");
    await expectRefused(
      w.db,
      () => w.a.caller.meetingRecord.addNote({ consultationId: cid, meetingId, itemId: null, body: "Early" }),
      "NOT_FOUND",
    );
    expect((await w.facilitator.meetingRecord.record({ consultationId: cid, meetingId })).meeting.status).toBe("planned");
    await w.facilitator.meeting.start({ consultationId: cid, meetingId });
    expect((await w.a.caller.meetingRecord.notes({ consultationId: cid, meetingId })).meeting.title).toBe("Not yet");
  });
});
