import { beforeEach, describe, expect, it } from "vitest";
import { appRouter } from "@/server/root";
import { callerFor, expectRefused, setup, type Caller, type World } from "./helpers";

type AnyFn = (input?: unknown) => Promise<unknown>;

/** Calls a procedure by its dotted path, e.g. "panel.add". */
function call(caller: Caller, path: string, input?: unknown): Promise<unknown> {
  const [area, name] = path.split(".");
  const fn = (caller as unknown as Record<string, Record<string, AnyFn>>)[area][name];
  return fn(input);
}

// At run time `_def.procedures` is flat: "panel.add" -> procedure.
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>);
const mutations = procedures.filter(([, p]) => p._def.type === "mutation").map(([path]) => path);
const queries = procedures.filter(([, p]) => p._def.type === "query").map(([path]) => path);

let w: World;
beforeEach(async () => {
  w = await setup();
});

describe("signed out", () => {
  it("gets UNAUTHORIZED from every procedure and nothing is written", async () => {
    expect(procedures.length).toBeGreaterThan(30);
    const anonymous = callerFor(w.db, null);
    for (const [path] of procedures) {
      const error = await expectRefused(w.db, () => call(anonymous, path, { consultationId: w.consultationId, round: 1 }), "UNAUTHORIZED");
      expect(error.message, path).toBe("Please sign in first.");
    }
  });
});

describe("roles", () => {
  /** Valid inputs for every facilitator-only procedure, so only the role can stop them. */
  function facilitatorCalls(world: World): [string, unknown][] {
    const consultationId = world.consultationId;
    return [
      [
        "consultation.update",
        {
          consultationId,
          title: "Hijacked",
          researchQuestion: "A question long enough?",
          description: "",
          scaleMax: 5,
          anonymity: "named",
        },
      ],
      ["round.update", { consultationId, round: 1, title: "Renamed", instructions: "" }],
      ["round.publish", { consultationId, round: 2 }],
      ["round.close", { consultationId, round: 1 }],
      ["round.reminderStatus", { consultationId, round: 1 }],
      ["round.remind", { consultationId, round: 1 }],
      ["mechanism.add", { consultationId, round: 2, name: "New one", description: "A new mechanism description." }],
      [
        "mechanism.update",
        { consultationId, versionId: world.versions[0], name: "Changed", description: "Changed description text.", reason: "Because" },
      ],
      ["mechanism.reorder", { consultationId, round: 1, versionIds: [...world.versions].reverse() }],
      ["mechanism.remove", { consultationId, versionId: world.versions[0] }],
      ["panel.list", { consultationId }],
      ["panel.add", { consultationId, name: "Eve", perspective: "researcher" }],
      ["panel.addMany", { consultationId, text: "Eve, researcher" }],
      ["panel.addFacilitator", { consultationId, name: "Fay", email: "fay@example.org" }],
      ["panel.update", { consultationId, membershipId: world.b.membershipId, name: "Bobby", perspective: "researcher" }],
      ["panel.remove", { consultationId, membershipId: world.b.membershipId }],
      ["panel.createLink", { consultationId, membershipId: world.b.membershipId }],
      ["panel.sendEmail", { consultationId, membershipId: world.b.membershipId }],
      ["panel.revokeLink", { consultationId, membershipId: world.b.membershipId }],
      ["panel.erase", { consultationId, membershipId: world.b.membershipId }],
      ["overview.responses", { consultationId, round: 1 }],
      ["audit.list", { consultationId }],
      ["decision.workspace", { consultationId, round: 2 }],
      ["decision.prepare", { consultationId, round: 2 }],
      [
        "decision.set",
        { consultationId, round: 2, mechanismId: world.versions[0], kind: "drop", rationale: "Not relevant.", expectedUpdatedAt: null },
      ],
      ["decision.triageFlag", { consultationId, round: 2, flagId: world.versions[0], triage: "declined", reason: "Covered already." }],
      ["summary.report", { consultationId }],
      ["summary.comments", { consultationId, round: 1, mechanismId: null }],
      ["panel.setNoteTaker", { consultationId, membershipId: world.b.membershipId, noteTaker: true }],
      ["source.list", { consultationId }],
      ["source.byId", { consultationId, sourceId: world.versions[0] }],
      ["source.create", { consultationId, authors: ["Hijack, A."], year: 2020, title: "Hijacked source", kind: "grey" }],
      ["source.update", { consultationId, sourceId: world.versions[0], authors: [], year: null, title: "Hijacked source", kind: "grey" }],
      ["source.delete", { consultationId, sourceId: world.versions[0] }],
      ["source.importPreview", { consultationId, file: "TY  - JOUR\nTI  - Hijacked\nER  - \n", fileEncoding: "text", kind: "grey" }],
      [
        "source.importCommit",
        { consultationId, file: "TY  - JOUR\nTI  - Hijacked\nER  - \n", fileEncoding: "text", kind: "grey", fingerprint: "0".repeat(64) },
      ],
      ["source.duplicates", { consultationId }],
      ["source.merge", { consultationId, keepId: world.versions[0], removeId: world.versions[1] }],
      ["source.markDistinct", { consultationId, firstId: world.versions[0], secondId: world.versions[1] }],
      ["source.unmarkDistinct", { consultationId, firstId: world.versions[0], secondId: world.versions[1] }],
      ["evidence.matrix", { consultationId }],
      ["evidence.mechanism", { consultationId, mechanismId: world.versions[0] }],
      [
        "evidence.addLink",
        { consultationId, sourceId: world.versions[0], mechanismId: world.versions[0], effect: "supports", extract: "Hijacked evidence" },
      ],
      ["evidence.updateLink", { consultationId, linkId: world.versions[0], effect: "weakens", extract: "Hijacked evidence" }],
      ["evidence.removeLink", { consultationId, linkId: world.versions[0] }],
      [
        "evidence.addConfiguration",
        {
          consultationId,
          mechanismId: world.versions[0],
          polarity: "present",
          context: "Any context",
          resource: "Any resource",
          reasoning: "Any reasoning",
          outcomes: [{ sign: "+", text: "Any outcome" }],
          sourceId: null,
        },
      ],
      [
        "evidence.updateConfiguration",
        {
          consultationId,
          configurationId: world.versions[0],
          polarity: "present",
          context: "Any context",
          resource: "Any resource",
          reasoning: "Any reasoning",
          outcomes: [{ sign: "+", text: "Any outcome" }],
          sourceId: null,
        },
      ],
      ["evidence.removeConfiguration", { consultationId, configurationId: world.versions[0] }],
      ["evidence.moveConfiguration", { consultationId, configurationId: world.versions[0], direction: "up" }],
      ["evidence.setReportedCount", { consultationId, mechanismId: world.versions[0], count: 3 }],
      ["evidence.setIncludedCount", { consultationId, count: 36 }],
      ["evidence.setRoundVisibility", { consultationId, round: 1, visible: true }],
      ["meetingPlan.list", { consultationId }],
      ["meetingPlan.byId", { consultationId, meetingId: world.versions[0] }],
      ["meetingPlan.create", { consultationId, round: 1, title: "Hijacked meeting", format: "online" }],
      ["meetingPlan.update", { consultationId, meetingId: world.versions[0], title: "Hijacked meeting", format: "online" }],
      ["meetingPlan.setAgenda", { consultationId, meetingId: world.versions[0], items: [] }],
      ["meetingPlan.remove", { consultationId, meetingId: world.versions[0] }],
      ["meetingRecord.attendance", { consultationId, meetingId: world.versions[0] }],
      ["meeting.start", { consultationId, meetingId: world.versions[0] }],
      ["meeting.end", { consultationId, meetingId: world.versions[0] }],
      ["meeting.move", { consultationId, meetingId: world.versions[0], to: { step: 1 } }],
      ["meeting.setResultsVisible", { consultationId, meetingId: world.versions[0], visible: true }],
      ["meeting.openQuestion", { consultationId, meetingId: world.versions[0], prompt: "Anything missing?" }],
      ["meeting.closeQuestion", { consultationId, meetingId: world.versions[0], questionId: world.versions[1] }],
      ["meetingRecord.setAttendance", { consultationId, meetingId: world.versions[0], membershipId: world.b.membershipId, present: true }],
    ];
  }

  it("a stakeholder gets FORBIDDEN from every facilitator procedure", async () => {
    await w.facilitator.panel.createLink({ consultationId: w.consultationId, membershipId: w.b.membershipId });
    const { id: commentId } = await w.b.caller.comment.add({
      consultationId: w.consultationId,
      target: { versionId: w.versions[0] },
      body: "Rude remark",
    });
    const calls = [
      ...facilitatorCalls(w),
      ["comment.hide", { consultationId: w.consultationId, commentId, reason: "Not kind" }],
      ["comment.unhide", { consultationId: w.consultationId, commentId }],
    ] as [string, unknown][];
    // Every facilitator-only procedure of the router is in the list above.
    expect(calls.map(([p]) => p).sort()).toEqual(
      procedures
        .map(([path]) => path)
        .filter((p) =>
          /^(consultation\.update|round\.(update|publish|close|remind|reminderStatus)|mechanism\.(add|update|reorder|remove)|comment\.(hide|unhide)|panel\.|overview\.|audit\.|decision\.|summary\.|source\.|evidence\.(?!forPanel)|meetingPlan\.|meetingRecord\.(attendance|setAttendance)$|meeting\.(start|end|move|setResultsVisible|openQuestion|closeQuestion)$)/.test(
            p,
          ),
        )
        .sort(),
    );
    for (const [path, input] of calls) {
      const error = await expectRefused(w.db, () => call(w.a.caller, path, input), "FORBIDDEN");
      expect(error.message, path).toMatch(/facilitators/);
    }
  });

  it("a facilitator gets FORBIDDEN from the panel's own actions", async () => {
    const cid = w.consultationId;
    const { id: flagId } = await w.a.caller.flag.create({
      consultationId: cid,
      round: 1,
      name: "Use of power",
      covers: "How leaders use power.",
      whyItMatters: "It is missing.",
    });
    const calls: [string, unknown][] = [
      ["rating.set", { consultationId: cid, versionId: w.versions[0], value: 3 }],
      ["rating.clear", { consultationId: cid, versionId: w.versions[0] }],
      ["flag.create", { consultationId: cid, round: 1, name: "Another", covers: "Something else.", whyItMatters: "Because." }],
      ["flag.endorse", { consultationId: cid, flagId }],
      ["flag.withdrawEndorsement", { consultationId: cid, flagId }],
    ];
    for (const [path, input] of calls) {
      const error = await expectRefused(w.db, () => call(w.facilitator, path, input), "FORBIDDEN");
      expect(error.message, path).toMatch(/members of the panel/);
    }
  });
});

describe("another consultation", () => {
  it("is NOT_FOUND for a member of a different consultation, whatever their role", async () => {
    const cid = w.consultationId;
    const outsiders = [w.other.stakeholder.caller, w.other.facilitator];
    for (const outsider of outsiders) {
      await expectRefused(w.db, () => outsider.round.list({ consultationId: cid }), "NOT_FOUND");
      await expectRefused(w.db, () => outsider.mechanism.listForRound({ consultationId: cid, round: 1 }), "NOT_FOUND");
      await expectRefused(w.db, () => outsider.consultation.bySlug({ slug: w.slug }), "NOT_FOUND");
      await expectRefused(
        w.db,
        () => outsider.comment.add({ consultationId: cid, target: { versionId: w.versions[0] }, body: "Hello" }),
        "NOT_FOUND",
      );
      await expectRefused(w.db, () => outsider.panel.list({ consultationId: cid }), "NOT_FOUND");
      await expectRefused(w.db, () => outsider.overview.responses({ consultationId: cid, round: 1 }), "NOT_FOUND");
      await expectRefused(
        w.db,
        () => outsider.panel.add({ consultationId: cid, name: "Intruder", perspective: "researcher" }),
        "NOT_FOUND",
      );
    }
    // A consultation id that does not exist at all looks the same.
    await expectRefused(w.db, () => w.a.caller.round.list({ consultationId: "00000000-0000-4000-8000-000000000000" }), "NOT_FOUND");
    const mine = await w.other.stakeholder.caller.consultation.mine();
    expect(mine.consultations.map((c) => c.id)).toEqual([w.other.consultationId]);
  });

  it("is NOT_FOUND for another consultation's resources even with the caller's own consultationId", async () => {
    const cid = w.consultationId;
    const { id: commentId } = await w.a.caller.comment.add({
      consultationId: cid,
      target: { versionId: w.versions[0] },
      body: "A comment",
    });
    const { id: flagId } = await w.a.caller.flag.create({
      consultationId: cid,
      round: 1,
      name: "Use of power",
      covers: "How leaders use power.",
      whyItMatters: "It is missing.",
    });
    const mechanism = (await w.facilitator.mechanism.listForRound({ consultationId: cid, round: 1 })).mechanisms[0];

    const own = w.other.consultationId;
    const stakeholder = w.other.stakeholder.caller;
    const facilitator = w.other.facilitator;
    const versionId = w.versions[0];
    const attempts: [Caller, string, unknown][] = [
      [stakeholder, "rating.set", { consultationId: own, versionId, value: 4 }],
      [stakeholder, "rating.clear", { consultationId: own, versionId }],
      [stakeholder, "mechanism.byId", { consultationId: own, round: 1, mechanismId: mechanism.mechanismId }],
      [stakeholder, "comment.list", { consultationId: own, target: { versionId } }],
      [stakeholder, "comment.add", { consultationId: own, target: { versionId }, body: "Sneaky" }],
      [stakeholder, "comment.add", { consultationId: own, target: { flagId }, body: "Sneaky" }],
      [stakeholder, "comment.list", { consultationId: own, target: { flagId } }],
      [stakeholder, "comment.add", { consultationId: own, target: { versionId: w.other.versions[0] }, parentId: commentId, body: "Reply" }],
      [stakeholder, "comment.edit", { consultationId: own, commentId, body: "Changed" }],
      [stakeholder, "comment.remove", { consultationId: own, commentId }],
      [stakeholder, "flag.endorse", { consultationId: own, flagId }],
      [stakeholder, "flag.withdrawEndorsement", { consultationId: own, flagId }],
      [
        facilitator,
        "mechanism.update",
        { consultationId: own, versionId, name: "Mine now", description: "Taken over text.", reason: "Why not" },
      ],
      [facilitator, "mechanism.remove", { consultationId: own, versionId }],
      [facilitator, "comment.hide", { consultationId: own, commentId, reason: "Hidden by outsider" }],
      [facilitator, "comment.unhide", { consultationId: own, commentId }],
      [facilitator, "panel.update", { consultationId: own, membershipId: w.a.membershipId, name: "X", perspective: "researcher" }],
      [facilitator, "panel.remove", { consultationId: own, membershipId: w.a.membershipId }],
      [facilitator, "panel.createLink", { consultationId: own, membershipId: w.a.membershipId }],
      [facilitator, "panel.sendEmail", { consultationId: own, membershipId: w.a.membershipId }],
      [facilitator, "panel.revokeLink", { consultationId: own, membershipId: w.a.membershipId }],
    ];
    for (const [caller, path, input] of attempts) {
      const error = await expectRefused(w.db, () => call(caller, path, input), "NOT_FOUND");
      expect(error.message, path).toMatch(/not found/);
    }
    // Reordering with a foreign version is refused too (the list must be the round's own).
    await expectRefused(
      w.db,
      () => facilitator.mechanism.reorder({ consultationId: own, round: 1, versionIds: [versionId] }),
      "BAD_REQUEST",
    );
  });
});

describe("cross-site requests", () => {
  it("refuses every mutation with FORBIDDEN while queries still answer", async () => {
    const crossSite = callerFor(w.db, w.facilitatorUser, false);
    const crossSiteStakeholder = callerFor(w.db, w.a.user, false);
    expect(mutations.length).toBeGreaterThan(20);
    const input = { consultationId: w.consultationId, round: 1, versionId: w.versions[0], value: 3 };
    for (const path of mutations) {
      for (const caller of [crossSite, crossSiteStakeholder]) {
        const error = await expectRefused(w.db, () => call(caller, path, input), "FORBIDDEN");
        expect(error.message, path).toMatch(/another site/);
      }
    }
    // The same calls from the same site work.
    await callerFor(w.db, w.a.user, true).rating.set({ consultationId: w.consultationId, versionId: w.versions[0], value: 3 });

    expect(queries.length).toBeGreaterThan(5);
    const cid = w.consultationId;
    expect((await crossSite.consultation.mine()).consultations).toHaveLength(1);
    expect((await crossSite.consultation.bySlug({ slug: w.slug })).id).toBe(cid);
    expect(await crossSite.round.list({ consultationId: cid })).toHaveLength(3);
    expect((await crossSite.round.byNumber({ consultationId: cid, round: 1 })).status).toBe("open");
    expect((await crossSite.mechanism.listForRound({ consultationId: cid, round: 1 })).mechanisms).toHaveLength(3);
    expect((await crossSite.panel.list({ consultationId: cid })).members).toHaveLength(3);
    expect((await crossSite.overview.responses({ consultationId: cid, round: 1 })).respondedCount).toBe(1);
    expect((await crossSite.flag.list({ consultationId: cid, round: 1 })).flags).toEqual([]);
    expect((await crossSiteStakeholder.comment.list({ consultationId: cid, target: { versionId: w.versions[0] } })).threads).toEqual([]);
  });
});
