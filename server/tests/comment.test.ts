import { describe, expect, it } from "vitest";
import { expectRefused, setup, type Caller, type World, INVISIBLE_TEXTS } from "./helpers";

function onFirst(w: World) {
  return { consultationId: w.consultationId, target: { versionId: w.versions[0] } };
}

async function threads(w: World, caller: Caller) {
  return (await caller.comment.list(onFirst(w))).threads;
}

describe("adding and replying", () => {
  it("adds a comment and a reply, one level deep", async () => {
    const w = await setup();
    const { id: first } = await w.a.caller.comment.add({ ...onFirst(w), body: "  Too general.  " });
    const { id: reply } = await w.b.caller.comment.add({ ...onFirst(w), parentId: first, body: "I agree." });
    await w.facilitator.comment.add({ ...onFirst(w), parentId: first, body: "Thanks, noted." });

    const list = await threads(w, w.a.caller);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: first, body: "Too general.", state: "visible", mine: true, parentId: null });
    expect(list[0].replies.map((r) => [r.body, r.mine, r.author.isFacilitator])).toEqual([
      ["I agree.", false, false],
      ["Thanks, noted.", false, true],
    ]);
    expect(list[0].replies[0].parentId).toBe(first);

    await expectRefused(
      w.db,
      () => w.a.caller.comment.add({ ...onFirst(w), parentId: reply, body: "Reply to a reply" }),
      "BAD_REQUEST",
      /one level deep/,
    );
    // A parent on another mechanism is not a parent here.
    await expectRefused(
      w.db,
      () =>
        w.a.caller.comment.add({
          consultationId: w.consultationId,
          target: { versionId: w.versions[1] },
          parentId: first,
          body: "Wrong place",
        }),
      "NOT_FOUND",
    );
    await expectRefused(w.db, () => w.a.caller.comment.add({ ...onFirst(w), body: "   " }), "BAD_REQUEST", "Body: Please write something");
    // Text that shows nothing is empty too: zero-width characters, word joiner, byte-order mark,
    // soft hyphen, bidi controls, and no-break or ideographic spaces.
    for (const invisible of INVISIBLE_TEXTS) {
      await expectRefused(
        w.db,
        () => w.a.caller.comment.add({ ...onFirst(w), body: invisible }),
        "BAD_REQUEST",
        "Body: Please write something",
      );
    }
    await expectRefused(w.db, () => w.a.caller.comment.add({ ...onFirst(w), body: "x".repeat(2001) }), "BAD_REQUEST", /at most 2000/);

    const listed = await w.b.caller.mechanism.listForRound({ consultationId: w.consultationId, round: 1 });
    expect(listed.mechanisms.map((m) => m.commentCount)).toEqual([3, 0, 0]);

    // A comment that also shows something keeps its joiners (Persian, emoji) as written.
    const joined = "\u06A9\u200C\u0647 👩\u200D💻";
    const { id: kept } = await w.a.caller.comment.add({ ...onFirst(w), body: joined });
    expect((await threads(w, w.a.caller)).find((c) => c.id === kept)?.body).toBe(joined);
  });

  it("refuses new comments, edits and deletions once the round is closed", async () => {
    const w = await setup();
    const { id } = await w.a.caller.comment.add({ ...onFirst(w), body: "Before closing" });
    await w.facilitator.round.close({ consultationId: w.consultationId, round: 1 });
    await expectRefused(w.db, () => w.a.caller.comment.add({ ...onFirst(w), body: "After closing" }), "BAD_REQUEST", /closed/);
    await expectRefused(w.db, () => w.b.caller.comment.add({ ...onFirst(w), parentId: id, body: "Late reply" }), "BAD_REQUEST", /closed/);
    await expectRefused(
      w.db,
      () => w.a.caller.comment.edit({ consultationId: w.consultationId, commentId: id, body: "Edited" }),
      "BAD_REQUEST",
      /closed/,
    );
    await expectRefused(
      w.db,
      () => w.a.caller.comment.remove({ consultationId: w.consultationId, commentId: id }),
      "BAD_REQUEST",
      /closed/,
    );
    expect((await threads(w, w.b.caller)).map((t) => t.body)).toEqual(["Before closing"]);
  });
});

describe("editing and deleting", () => {
  it("lets authors edit and delete only their own comments", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const { id } = await w.a.caller.comment.add({ ...onFirst(w), body: "First thought" });
    await expectRefused(
      w.db,
      () => w.b.caller.comment.edit({ consultationId: cid, commentId: id, body: "Hijacked" }),
      "FORBIDDEN",
      /your own comments/,
    );
    await expectRefused(w.db, () => w.b.caller.comment.remove({ consultationId: cid, commentId: id }), "FORBIDDEN");
    await expectRefused(w.db, () => w.facilitator.comment.remove({ consultationId: cid, commentId: id }), "FORBIDDEN");

    await w.a.caller.comment.edit({ consultationId: cid, commentId: id, body: "Second thought" });
    const [edited] = await threads(w, w.b.caller);
    expect(edited.body).toBe("Second thought");
    expect(edited.editedAt).toBeInstanceOf(Date);

    await w.a.caller.comment.remove({ consultationId: cid, commentId: id });
    expect(await threads(w, w.b.caller)).toEqual([]);
    await expectRefused(w.db, () => w.a.caller.comment.edit({ consultationId: cid, commentId: id, body: "Back again" }), "NOT_FOUND");
    await expectRefused(w.db, () => w.a.caller.comment.remove({ consultationId: cid, commentId: id }), "NOT_FOUND");
  });

  it("shows a deleted comment with replies as deleted, and drops one without", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const { id: withReplies } = await w.a.caller.comment.add({ ...onFirst(w), body: "Has a reply" });
    const { id: reply } = await w.b.caller.comment.add({ ...onFirst(w), parentId: withReplies, body: "The reply" });
    const { id: deletedReply } = await w.b.caller.comment.add({ ...onFirst(w), parentId: withReplies, body: "Regretted" });
    const { id: alone } = await w.a.caller.comment.add({ ...onFirst(w), body: "On its own" });

    await w.a.caller.comment.remove({ consultationId: cid, commentId: withReplies });
    await w.a.caller.comment.remove({ consultationId: cid, commentId: alone });
    await w.b.caller.comment.remove({ consultationId: cid, commentId: deletedReply });

    for (const viewer of [w.b.caller, w.facilitator]) {
      const list = await threads(w, viewer);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ id: withReplies, state: "deleted", body: null });
      expect(list[0].replies.map((r) => r.id)).toEqual([reply]);
    }
    await expectRefused(
      w.db,
      () => w.a.caller.comment.add({ ...onFirst(w), parentId: withReplies, body: "Too late" }),
      "BAD_REQUEST",
      /deleted/,
    );
  });
});

describe("hiding", () => {
  it("hides a comment from the panel with a reason, keeping it for facilitators and its author", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const { id } = await w.a.caller.comment.add({ ...onFirst(w), body: "Something unkind" });

    await expectRefused(w.db, () => w.b.caller.comment.hide({ consultationId: cid, commentId: id, reason: "I dislike it" }), "FORBIDDEN");
    await expectRefused(
      w.db,
      () => w.facilitator.comment.hide({ consultationId: cid, commentId: id, reason: "" }),
      "BAD_REQUEST",
      /^Reason: Too short/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.comment.hide({ consultationId: cid, commentId: id, reason: "\u200B\u200C\u200D\u2060" }),
      "BAD_REQUEST",
      /^Reason: Too short/,
    );

    await w.facilitator.comment.hide({ consultationId: cid, commentId: id, reason: "Names a colleague" });

    const [seenByOther] = await threads(w, w.b.caller);
    expect(seenByOther).toMatchObject({ id, state: "hidden", body: null, hiddenReason: null });
    const [seenByFacilitator] = await threads(w, w.facilitator);
    expect(seenByFacilitator).toMatchObject({ state: "hidden", body: "Something unkind", hiddenReason: "Names a colleague" });
    const [seenByAuthor] = await threads(w, w.a.caller);
    expect(seenByAuthor).toMatchObject({ state: "hidden", body: "Something unkind", mine: true });

    // Hidden comments do not count and cannot be edited or hidden again.
    const listed = await w.b.caller.mechanism.listForRound({ consultationId: cid, round: 1 });
    expect(listed.mechanisms[0].commentCount).toBe(0);
    await expectRefused(
      w.db,
      () => w.a.caller.comment.edit({ consultationId: cid, commentId: id, body: "Nicer now" }),
      "BAD_REQUEST",
      /hid this comment/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.comment.hide({ consultationId: cid, commentId: id, reason: "Again please" }),
      "BAD_REQUEST",
      /already hidden/,
    );

    await w.facilitator.comment.unhide({ consultationId: cid, commentId: id });
    expect((await threads(w, w.b.caller))[0]).toMatchObject({ state: "visible", body: "Something unkind" });
    await expectRefused(w.db, () => w.facilitator.comment.unhide({ consultationId: cid, commentId: id }), "BAD_REQUEST", /not hidden/);
  });
});

describe("listing", () => {
  it("pages through 70 threads, each seen exactly once, with replies under their parent", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const parents: string[] = [];
    const expectedReplies = new Map<string, string[]>();
    for (let i = 0; i < 70; i++) {
      const author = i % 2 === 0 ? w.a.caller : w.b.caller;
      const { id } = await author.comment.add({ ...onFirst(w), body: `Comment ${i}` });
      parents.push(id);
      if (i % 10 === 3) {
        const replies: string[] = [];
        for (let j = 0; j < 2; j++) {
          const r = await w.facilitator.comment.add({ ...onFirst(w), parentId: id, body: `Reply ${j} to ${i}` });
          replies.push(r.id);
        }
        expectedReplies.set(id, replies);
      }
    }
    // Another mechanism's comments never appear here.
    await w.a.caller.comment.add({ consultationId: cid, target: { versionId: w.versions[1] }, body: "Elsewhere" });

    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof w.b.caller.comment.list>> = await w.b.caller.comment.list({ ...onFirst(w), cursor });
      pageSizes.push(page.threads.length);
      for (const t of page.threads) {
        seen.push(t.id);
        expect(t.parentId).toBeNull();
        expect(t.replies.map((r) => r.id)).toEqual(expectedReplies.get(t.id) ?? []);
        for (const r of t.replies) expect(r.parentId).toBe(t.id);
      }
      cursor = page.nextCursor;
    } while (cursor);

    expect(pageSizes).toEqual([30, 30, 10]);
    expect(new Set(seen).size).toBe(70);
    expect([...seen].sort()).toEqual([...parents].sort());
    // Oldest first, comments of the same millisecond in the order they were written.
    expect(seen).toEqual(parents);

    const small = await w.b.caller.comment.list({ ...onFirst(w), limit: 100 });
    expect(small.threads).toHaveLength(70);
    expect(small.nextCursor).toBeNull();
    await expectRefused(w.db, () => w.b.caller.comment.list({ ...onFirst(w), cursor: "yesterday" }), "BAD_REQUEST", /does not exist/);
  });

  it("shows pseudonyms to other stakeholders and names to facilitators in a pseudonymous consultation", async () => {
    const w = await setup({ anonymity: "pseudonymous" });
    await w.a.caller.comment.add({ ...onFirst(w), body: "From Ann" });
    await w.facilitator.comment.add({ ...onFirst(w), body: "From Fran" });
    const label = async (viewer: Caller) => (await threads(w, viewer)).map((t) => t.author.label);
    expect(await label(w.b.caller)).toEqual(["Stakeholder 1, practitioner", "Fran Facilitator (facilitator)"]);
    expect(await label(w.facilitator)).toEqual(["Ann Able (Stakeholder 1, practitioner)", "You (Fran Facilitator (facilitator))"]);
    expect(await label(w.a.caller)).toEqual(["You (Stakeholder 1, practitioner)", "Fran Facilitator (facilitator)"]);
    await w.b.caller.comment.add({ ...onFirst(w), body: "From Bob" });
    expect((await label(w.a.caller))[2]).toBe("Stakeholder 2, service user");
    // Nothing in what a stakeholder receives carries another stakeholder's name.
    expect(JSON.stringify(await threads(w, w.b.caller))).not.toContain("Ann Able");
  });

  it("shows names in a named consultation", async () => {
    const w = await setup({ anonymity: "named" });
    await w.a.caller.comment.add({ ...onFirst(w), body: "From Ann" });
    const [t] = await threads(w, w.b.caller);
    expect(t.author.label).toBe("Ann Able, practitioner");
    const [f] = await threads(w, w.facilitator);
    expect(f.author.label).toBe("Ann Able (Stakeholder 1, practitioner)");
  });
});
