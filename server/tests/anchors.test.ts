/**
 * Comments on a passage: finding a passage again after the text changed (pure functions), the
 * anchor checks of comment.add, comment.list after an edit of an open round's text, and the
 * passages carried from round N-1 to round N.
 */
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comments, mechanismVersions, mechanisms, rounds } from "@/db/schema";
import { captureAnchor, locate, type Anchor } from "@/server/services/anchors";
import { expectRefused, setup, type Caller, type World } from "./helpers";

const TEXT =
  "Collaboration between services is voluntary. Leaders advocate for it and build trust, respect and reciprocity between professions.\n\n" +
  "They make sure that every profession takes part, including social care staff who often feel unheard.\n\n" +
  "Without this, integrated teams fall back into old habits.";

/** The anchor a browser selection of `quote` (its `nth` occurrence) in `text` would produce. */
function anchorOn(text: string, quote: string, nth = 0): Anchor {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(quote, start + 1);
  if (start < 0) throw new Error(`"${quote}" is not in the text`);
  return captureAnchor(text, start, start + quote.length);
}

/** What a reader would see highlighted. */
function found(anchor: Anchor, text: string) {
  const at = locate(anchor, text);
  return at && { text: text.slice(at.start, at.end), status: at.status, start: at.start };
}

describe("captureAnchor", () => {
  it("keeps the quote, a little context either side and where it started", () => {
    const a = anchorOn(TEXT, "build trust, respect and reciprocity");
    expect(a.quote).toBe("build trust, respect and reciprocity");
    expect(a.start).toBe(TEXT.indexOf("build trust"));
    expect(a.prefix).toBe(TEXT.slice(a.start - 64, a.start));
    expect(a.suffix).toBe(TEXT.slice(a.start + a.quote.length, a.start + a.quote.length + 64));
    const first = captureAnchor(TEXT, 0, 13);
    expect(first).toMatchObject({ quote: "Collaboration", prefix: "", start: 0 });
  });

  it("never cuts an emoji in half at the edge of its context", () => {
    const text = "🙂".repeat(40) + "shared purpose" + "🙂".repeat(40);
    const start = text.indexOf("shared");
    const a = captureAnchor(text, start, start + "shared purpose".length);
    // 64 UTF-16 units from a boundary of whole emoji: exactly 32 of them either side.
    expect(a.prefix).toBe("🙂".repeat(32));
    expect(a.suffix).toBe("🙂".repeat(32));
    // An odd boundary is moved so that no half emoji is kept.
    const odd = captureAnchor(text, start + 1, start + 14);
    expect(odd.prefix).toBe("🙂".repeat(31) + "s");
    expect(odd.suffix).toBe("🙂".repeat(32));
  });
});

describe("locate", () => {
  it("finds an unchanged passage where it was", () => {
    const a = anchorOn(TEXT, "every profession takes part");
    expect(found(a, TEXT)).toEqual({ text: "every profession takes part", status: "exact", start: a.start });
  });

  it("follows a passage when text is inserted before it or paragraphs are reordered", () => {
    const a = anchorOn(TEXT, "every profession takes part");
    const inserted = "A new opening sentence about the review. " + TEXT;
    expect(found(a, inserted)).toMatchObject({ text: "every profession takes part", status: "moved" });
    expect(found(a, inserted)!.start).toBe(a.start + 41);

    const [p1, p2, p3] = TEXT.split("\n\n");
    const reordered = [p3, p1, p2].join("\n\n");
    expect(found(a, reordered)).toMatchObject({ text: "every profession takes part", status: "moved" });
  });

  it("tolerates small edits inside the passage: a typo fixed, a word added", () => {
    const typo = TEXT.replace("reciprocity", "reciprocitty");
    const a = anchorOn(typo, "build trust, respect and reciprocitty between professions");
    const fixed = found(a, TEXT)!;
    expect(fixed.status).toBe("fuzzy");
    expect(fixed.text).toBe("build trust, respect and reciprocity between professions");

    const b = anchorOn(TEXT, "Leaders advocate for it and build trust");
    const added = TEXT.replace("Leaders advocate for it", "Leaders openly advocate for it");
    expect(found(b, added)).toMatchObject({ text: "Leaders openly advocate for it and build trust", status: "fuzzy" });
  });

  it("returns null when the passage was deleted or rewritten", () => {
    const a = anchorOn(TEXT, "including social care staff who often feel unheard");
    const deleted = TEXT.replace(", including social care staff who often feel unheard", "");
    expect(locate(a, deleted)).toBeNull();
    const rewritten = TEXT.replace("including social care staff who often feel unheard", "from the hospital and the council alike");
    expect(locate(a, rewritten)).toBeNull();
    expect(locate(a, "")).toBeNull();
  });

  it("tells repeated phrases apart by their surroundings, then by nearness", () => {
    const patients = "Leaders build trust with patients by listening carefully to what matters to them at home.";
    const staff = "Leaders build trust with staff by sharing decisions about rotas, budgets and priorities openly.";
    const managers = "Leaders build trust with managers by keeping their word on every promise made in meetings.";
    const text = [patients, staff, managers].join("\n\n");
    const second = anchorOn(text, "build trust", 1);
    expect(found(second, text)).toMatchObject({ start: second.start, status: "exact" });
    // The staff paragraph moves to the top: the anchor goes with its own sentence, not with
    // whichever copy of the words now sits where it used to be.
    const moved = [staff, managers, patients].join("\n\n");
    const at = found(second, moved)!;
    expect(at).toMatchObject({ start: "Leaders ".length, status: "moved" });
    // Same words and same surroundings twice: the copy nearest to where it was.
    const twice = "Trust. Trust. Trust.";
    const middle = anchorOn(twice, "Trust.", 1);
    expect(found(middle, twice)).toMatchObject({ start: 7, status: "exact" });
  });

  it("keeps a very short quote only where its surroundings still fit", () => {
    const a = anchorOn(TEXT, "trust");
    expect(found(a, TEXT)).toMatchObject({ text: "trust", status: "exact" });
    // The sentence moved: its context came with it.
    const reordered = TEXT.split("\n\n").reverse().join("\n\n");
    expect(found(a, reordered)).toMatchObject({ text: "trust", status: "moved" });
    expect(reordered.slice(found(a, reordered)!.start - 6, found(a, reordered)!.start)).toBe("build ");
    // The sentence is gone; "trust" elsewhere, in other words, is not the passage.
    const other = "Collaboration between services is voluntary.\n\nTeams that lack trust fall back into old habits.";
    expect(locate(a, other)).toBeNull();
    // A one-letter quote is still found in place.
    const one = captureAnchor(TEXT, 0, 1);
    expect(found(one, TEXT)).toMatchObject({ text: "C", status: "exact" });
  });

  it("handles accents, non-Latin scripts and emoji", () => {
    const text = "Les équipes intégrées 🤝 partagent une vision commune. 多职业团队需要共同的目标。Ελληνικά κείμενα εδώ.";
    const a = anchorOn(text, "équipes intégrées 🤝 partagent");
    const moved = "Préambule ajouté. " + text;
    expect(found(a, moved)).toMatchObject({ text: "équipes intégrées 🤝 partagent", status: "moved" });
    const b = anchorOn(text, "多职业团队需要共同的目标");
    const edited = text.replace("多职业团队需要共同的目标", "多职业团队都需要共同的目标");
    expect(found(b, edited)).toMatchObject({ text: "多职业团队都需要共同的目标", status: "fuzzy" });
    // A fuzzy match never starts or ends in the middle of an emoji.
    const c = anchorOn(text, "🤝 partagent une vision commune");
    const at = locate(c, text.replace("🤝", "🙌"))!;
    expect(at.status).toBe("fuzzy");
    const shown = text.replace("🤝", "🙌").slice(at.start, at.end);
    expect(shown).toMatch(/🙌 partagent une vision commune$/u);
    expect(shown.isWellFormed()).toBe(true);
  });
});

describe("locate, on any text", () => {
  it("finds any selection of an unchanged text, at its place or on the same words", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 300 }), fc.nat(), fc.nat(), (text, i, j) => {
        const start = i % text.length;
        const end = start + 1 + (j % (text.length - start));
        const anchor = captureAnchor(text, start, end);
        const at = locate(anchor, text);
        expect(at).not.toBeNull();
        expect(text.slice(at!.start, at!.end)).toBe(anchor.quote);
      }),
      { numRuns: 300 },
    );
  });

  it("stays quick on the longest description and quote", () => {
    const words = "leaders teams services trust power learning purpose care staff patients".split(" ");
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const text = Array.from({ length: 700 }, () => words[next() % words.length])
      .join(" ")
      .slice(0, 4000);
    const anchor = captureAnchor(text, 1500, 2500);
    // Ten small edits spread over the passage: approximate matching has to do the work.
    let edited = text;
    for (let k = 0; k < 10; k++) edited = edited.slice(0, 1550 + k * 90) + "X" + edited.slice(1551 + k * 90);
    const began = performance.now();
    const at = locate(anchor, edited);
    expect(performance.now() - began).toBeLessThan(1000);
    expect(at).toMatchObject({ status: "fuzzy" });
    expect(Math.abs(at!.start - 1500)).toBeLessThan(5);
  });
});

// ---------------------------------------------------------------------------------------------
// Through the procedures

const DESCRIPTION =
  "Collaboration between services is voluntary, so leaders advocate for it. They build trust, respect and reciprocity between professions.\n\n" +
  "They make sure that every profession takes part, including social care staff who often feel unheard.\n\n" +
  "Without this, integrated teams fall back into old habits and separate budgets.";

/** Round 1 open, its first mechanism described by DESCRIPTION. */
async function withDescription(opts: { anonymity?: "named" | "pseudonymous" } = {}) {
  const w = await setup({ open: false, anonymity: opts.anonymity });
  await w.facilitator.mechanism.update({
    consultationId: w.consultationId,
    versionId: w.versions[0],
    name: "Building trust",
    description: DESCRIPTION,
  });
  await w.facilitator.round.publish({ consultationId: w.consultationId, round: 1 });
  return w;
}

/** The anchor input a browser sends for the `nth` occurrence of `quote` in `text`. */
function selection(text: string, quote: string, nth = 0) {
  const { start, quote: q } = anchorOn(text, quote, nth);
  return { start, end: start + q.length, quote: q };
}

function on(w: World, versionId = w.versions[0]) {
  return { consultationId: w.consultationId, target: { versionId } };
}

async function anchorsSeenBy(w: World, caller: Caller) {
  const { threads } = await caller.comment.list(on(w));
  return Object.fromEntries(threads.map((t) => [t.body ?? t.state, t.anchor]));
}

describe("comment.add on a passage", () => {
  it("keeps the passage and lists it with the comment", async () => {
    const w = await withDescription();
    const passage = selection(DESCRIPTION, "every profession takes part");
    const { id } = await w.a.caller.comment.add({ ...on(w), body: "Who checks this?", anchor: passage });
    const row = w.db.select().from(comments).where(eq(comments.id, id)).get()!;
    expect(row).toMatchObject({
      anchorQuote: "every profession takes part",
      anchorStart: passage.start,
      anchorPrefix: DESCRIPTION.slice(passage.start - 64, passage.start),
      anchorSuffix: DESCRIPTION.slice(passage.end, passage.end + 64),
    });
    // A reply and a comment on the whole mechanism have no passage.
    await w.b.caller.comment.add({ ...on(w), parentId: id, body: "The team leader." });
    await w.b.caller.comment.add({ ...on(w), body: "On the whole thing." });
    const { threads } = await w.b.caller.comment.list(on(w));
    expect(threads.map((t) => [t.body, t.anchor])).toEqual([
      ["Who checks this?", { quote: "every profession takes part", start: passage.start, end: passage.end, status: "exact" }],
      ["On the whole thing.", null],
    ]);
    expect(threads[0].replies[0].anchor).toBeNull();
    // Facilitators can comment on a passage too.
    await w.facilitator.comment.add({ ...on(w), body: "Noted.", anchor: selection(DESCRIPTION, "separate budgets") });
  });

  it("refuses a passage that is not in the text as it is now, and writes nothing", async () => {
    const w = await withDescription();
    const good = selection(DESCRIPTION, "every profession takes part");
    const add =
      (anchor: unknown, extra: object = {}) =>
      () =>
        w.a.caller.comment.add({ ...on(w), body: "A comment", anchor: anchor as typeof good, ...extra });
    const changed = /The passage you selected has changed since the page loaded; select it again/;
    await expectRefused(w.db, add({ ...good, quote: "every profession took part" }), "BAD_REQUEST", changed);
    await expectRefused(w.db, add({ ...good, start: good.start + 1, end: good.end + 1 }), "BAD_REQUEST", changed);
    await expectRefused(w.db, add({ ...good, end: good.start }), "BAD_REQUEST", changed);
    await expectRefused(w.db, add({ start: 3990, end: 4000, quote: "0123456789" }), "BAD_REQUEST", changed);
    await expectRefused(w.db, add({ ...good, quote: "" }), "BAD_REQUEST", /Select a passage first/);
    const spaces = DESCRIPTION.indexOf("\n\n");
    await expectRefused(w.db, add({ start: spaces, end: spaces + 2, quote: "\n\n" }), "BAD_REQUEST", /not only spaces/);
    await expectRefused(w.db, add({ start: 0, end: 1001, quote: "x".repeat(1001) }), "BAD_REQUEST", /at most 1000 characters/);
    await expectRefused(w.db, add({ ...good, start: -1 }), "BAD_REQUEST", /Not a position in the description/);
    await expectRefused(w.db, add({ ...good, start: 1.5 }), "BAD_REQUEST", /Not a position in the description/);

    // Not on a reply, not on a flag's discussion.
    const { id } = await w.b.caller.comment.add({ ...on(w), body: "First" });
    await expectRefused(w.db, add(good, { parentId: id }), "BAD_REQUEST", /A reply cannot be attached to a passage/);
    const flag = await w.b.caller.flag.create({
      consultationId: w.consultationId,
      round: 1,
      name: "Use of power",
      covers: "Who decides.",
      whyItMatters: "Staff feel unheard.",
    });
    await expectRefused(
      w.db,
      () => w.a.caller.comment.add({ consultationId: w.consultationId, target: { flagId: flag.id }, body: "Yes", anchor: good }),
      "BAD_REQUEST",
      /Only a mechanism's description/,
    );
    // After the text changed, the old selection is refused; the same words at their new place are fine.
    await w.facilitator.mechanism.update({
      consultationId: w.consultationId,
      versionId: w.versions[0],
      name: "Building trust",
      description: "First, a new sentence. " + DESCRIPTION,
      reason: "Added an opening sentence",
    });
    await expectRefused(w.db, add(good), "BAD_REQUEST", changed);
    await w.a.caller.comment.add({ ...on(w), body: "Now", anchor: { ...good, start: good.start + 23, end: good.end + 23 } });
    // Closed rounds take no comments, on a passage or not.
    await w.facilitator.round.close({ consultationId: w.consultationId, round: 1 });
    await expectRefused(w.db, add({ ...good, start: good.start + 23, end: good.end + 23 }), "BAD_REQUEST", /closed/);
  });
});

describe("an anchored comment's life", () => {
  it("keeps its passage when edited, and takes it away when deleted", async () => {
    const w = await withDescription();
    const passage = selection(DESCRIPTION, "separate budgets");
    const { id } = await w.a.caller.comment.add({ ...on(w), body: "Budgets first", anchor: passage });
    await w.a.caller.comment.edit({ consultationId: w.consultationId, commentId: id, body: "Budgets before anything else" });
    expect((await anchorsSeenBy(w, w.b.caller))["Budgets before anything else"]).toMatchObject({
      quote: "separate budgets",
      status: "exact",
    });
    // Deleted with a reply: the thread stays, without its passage (nothing left to highlight).
    await w.b.caller.comment.add({ ...on(w), parentId: id, body: "Agreed" });
    await w.a.caller.comment.remove({ consultationId: w.consultationId, commentId: id });
    const { threads } = await w.b.caller.comment.list(on(w));
    expect(threads.map((t) => [t.state, t.body, t.anchor])).toEqual([["deleted", null, null]]);
  });
});

describe("comment.list after an edit of the open round's text", () => {
  it("shows moved and slightly edited passages at their new place and removed ones as changed", async () => {
    const w = await withDescription();
    const add = (caller: Caller, body: string, quote: string) =>
      caller.comment.add({ ...on(w), body, anchor: selection(DESCRIPTION, quote) });
    await add(w.a.caller, "Moves", "Without this, integrated teams fall back into old habits");
    await add(w.b.caller, "Edited", "They build trust, respect and reciprocity between professions.");
    await add(w.a.caller, "Removed", "including social care staff who often feel unheard");
    const hidden = await add(w.b.caller, "Rude", "separate budgets");
    await w.facilitator.comment.hide({ consultationId: w.consultationId, commentId: hidden.id, reason: "Off topic" });

    const [first, second, third] = DESCRIPTION.split("\n\n");
    const revised = [
      third,
      first.replace("trust, respect and reciprocity", "trust, mutual respect and reciprocity"),
      second.replace(", including social care staff who often feel unheard", ""),
    ].join("\n\n");
    await w.facilitator.mechanism.update({
      consultationId: w.consultationId,
      versionId: w.versions[0],
      name: "Building trust",
      description: revised,
      reason: "Reordered and shortened",
    });

    const seen = await anchorsSeenBy(w, w.b.caller);
    const moved = seen["Moves"]!;
    expect(moved.status).toBe("moved");
    expect(revised.slice(moved.start!, moved.end!)).toBe("Without this, integrated teams fall back into old habits");
    const edited = seen["Edited"]!;
    expect(edited.status).toBe("fuzzy");
    expect(edited.quote).toBe("They build trust, respect and reciprocity between professions.");
    expect(revised.slice(edited.start!, edited.end!)).toBe("They build trust, mutual respect and reciprocity between professions.");
    expect(seen["Removed"]).toEqual({
      quote: "including social care staff who often feel unheard",
      start: null,
      end: null,
      status: "changed",
    });
    // The hidden comment's author still sees their passage; the rest of the panel sees neither
    // the comment nor its passage, facilitators see both.
    expect(seen["Rude"]).toMatchObject({ quote: "separate budgets", status: "moved" });
    expect((await anchorsSeenBy(w, w.a.caller))["hidden"]).toBeNull();
    expect((await anchorsSeenBy(w, w.facilitator))["Rude"]).toMatchObject({ quote: "separate budgets" });
  });
});

describe("comment.carriedAnchors", () => {
  /**
   * Round 1 closes and round 2 gets a version of the first mechanism with `text`, written straight
   * into the tables as the between-rounds workspace does (so this does not depend on it); round 2
   * is opened the same way unless `draft`.
   */
  async function intoRound2(w: World, text: string, opts: { draft?: boolean } = {}) {
    await w.facilitator.round.close({ consultationId: w.consultationId, round: 1 });
    const round2 = w.db
      .select()
      .from(rounds)
      .where(and(eq(rounds.consultationId, w.consultationId), eq(rounds.number, 2)))
      .get()!;
    const first = w.db.select().from(mechanismVersions).where(eq(mechanismVersions.id, w.versions[0])).get()!;
    const v2 = w.db
      .insert(mechanismVersions)
      .values({ mechanismId: first.mechanismId, roundId: round2.id, name: first.name, description: text, position: 1 })
      .returning()
      .get();
    // A mechanism new in round 2 has nothing to carry.
    const fresh = w.db.insert(mechanisms).values({ consultationId: w.consultationId, originKind: "added" }).returning().get();
    const v2new = w.db
      .insert(mechanismVersions)
      .values({
        mechanismId: fresh.id,
        roundId: round2.id,
        name: "Sharing power",
        description: "Leaders share power when others are better placed.",
        position: 2,
      })
      .returning()
      .get();
    if (!opts.draft) w.db.update(rounds).set({ status: "open", openedAt: new Date() }).where(eq(rounds.id, round2.id)).run();
    return { versionId: v2.id, newVersionId: v2new.id };
  }

  it("finds round 1's passages in round 2's text and lists the ones that are gone as changed", async () => {
    const w = await withDescription();
    const add = (caller: Caller, body: string, quote: string) =>
      caller.comment.add({ ...on(w), body, anchor: selection(DESCRIPTION, quote) });
    await add(w.a.caller, "Kept but moved", "Without this, integrated teams fall back into old habits");
    const long = "Who makes sure of it? ".repeat(20);
    await add(w.b.caller, long, "including social care staff who often feel unheard");
    await add(w.a.caller, "Small edit", "build trust, respect and reciprocity between professions");
    const hidden = await add(w.b.caller, "Hidden one", "Collaboration between services is voluntary");
    await w.facilitator.comment.hide({ consultationId: w.consultationId, commentId: hidden.id, reason: "Off topic" });
    const deleted = await add(w.a.caller, "Deleted one", "every profession takes part");
    await w.a.caller.comment.remove({ consultationId: w.consultationId, commentId: deleted.id });
    await w.b.caller.comment.add({ ...on(w), body: "On the whole mechanism" });

    const [first, second, third] = DESCRIPTION.split("\n\n");
    const round2Text = [
      third,
      first.replace("respect and reciprocity", "respect and real reciprocity"),
      second.replace(", including social care staff who often feel unheard", ""),
    ].join("\n\n");
    const { versionId, newVersionId } = await intoRound2(w, round2Text);

    const carried = await w.b.caller.comment.carriedAnchors({ consultationId: w.consultationId, versionId });
    expect(carried.fromRound).toBe(1);
    // Only anchored comments the panel can read; hidden and deleted ones stay behind.
    expect(carried.passages.map((p) => [p.excerpt.slice(0, 20), p.status])).toEqual([
      ["Kept but moved", "moved"],
      ["Who makes sure of it", "changed"],
      ["Small edit", "fuzzy"],
    ]);
    const [moved, gone, edited] = carried.passages;
    expect(round2Text.slice(moved.start!, moved.end!)).toBe("Without this, integrated teams fall back into old habits");
    expect(moved.author).toBe("Stakeholder 1, practitioner");
    expect(gone).toMatchObject({
      quote: "including social care staff who often feel unheard",
      start: null,
      end: null,
      author: "You (Stakeholder 2, service user)",
    });
    expect(gone.excerpt.length).toBeLessThanOrEqual(241);
    expect(gone.excerpt.endsWith("…")).toBe(true);
    expect(round2Text.slice(edited.start!, edited.end!)).toBe("build trust, respect and real reciprocity between professions");

    // Facilitators see names; a new mechanism and round 1 have nothing carried.
    const asFacilitator = await w.facilitator.comment.carriedAnchors({ consultationId: w.consultationId, versionId });
    expect(asFacilitator.passages[0].author).toBe("Ann Able (Stakeholder 1, practitioner)");
    expect(await w.a.caller.comment.carriedAnchors({ consultationId: w.consultationId, versionId: newVersionId })).toEqual({
      fromRound: 1,
      passages: [],
    });
    expect(await w.a.caller.comment.carriedAnchors({ consultationId: w.consultationId, versionId: w.versions[0] })).toEqual({
      fromRound: null,
      passages: [],
    });
    // Another consultation's mechanism does not exist for this panel.
    await expectRefused(
      w.db,
      () => w.a.caller.comment.carriedAnchors({ consultationId: w.consultationId, versionId: w.other.versions[0] }),
      "NOT_FOUND",
    );
  });

  it("keeps a draft round's carried passages for facilitators only", async () => {
    const w = await withDescription({ anonymity: "named" });
    await w.a.caller.comment.add({ ...on(w), body: "Budgets matter", anchor: selection(DESCRIPTION, "separate budgets") });
    const { versionId } = await intoRound2(w, DESCRIPTION, { draft: true });
    await expectRefused(w.db, () => w.b.caller.comment.carriedAnchors({ consultationId: w.consultationId, versionId }), "NOT_FOUND");
    const carried = await w.facilitator.comment.carriedAnchors({ consultationId: w.consultationId, versionId });
    expect(carried.passages).toEqual([
      expect.objectContaining({
        quote: "separate budgets",
        status: "exact",
        author: "Ann Able (Stakeholder 1, practitioner)",
        excerpt: "Budgets matter",
      }),
    ]);
    // Published, the named panel sees each other's names.
    w.db
      .update(rounds)
      .set({ status: "open" })
      .where(and(eq(rounds.consultationId, w.consultationId), eq(rounds.number, 2)))
      .run();
    const seen = await w.b.caller.comment.carriedAnchors({ consultationId: w.consultationId, versionId });
    expect(seen.passages[0].author).toBe("Ann Able, practitioner");
  });
});
