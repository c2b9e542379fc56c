/**
 * The authorization matrix, generated from the router: every procedure the router has, called by
 * every kind of caller with a valid input for the target consultation, against one declared table.
 * A procedure added without a row in `expected` (and a valid input in `validInput`) fails here.
 */
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import {
  addMechanisms,
  callerFor,
  callPath,
  consultationInput,
  routerProcedures,
  setupWithContent,
  snapshot,
  type Caller as TrpcCaller,
  type ContentWorld,
  withTemporaryOutbox,
} from "./helpers";

type Caller = "signedOut" | "otherStakeholder" | "stakeholder" | "otherFacilitator" | "facilitator";
type Outcome = "ok" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND";

/** In the order they are called: refusals first, so they see the world as it was built. */
const CALLERS: Caller[] = ["signedOut", "otherStakeholder", "otherFacilitator", "stakeholder", "facilitator"];

// Rows that many procedures share. "other*" are members of another consultation only.
/** Any member of the consultation, whatever their role. */
const members = { signedOut: "UNAUTHORIZED", otherStakeholder: "NOT_FOUND", stakeholder: "ok", otherFacilitator: "NOT_FOUND", facilitator: "ok" } as const;
/** The consultation's facilitators only. */
const facilitators = { ...members, stakeholder: "FORBIDDEN" } as const;
/** The panel's own actions (stakeholderProcedure): facilitators are refused. */
const panel = { ...members, facilitator: "FORBIDDEN" } as const;
/** Changes to a comment by its author only (the stakeholder wrote it); the facilitator hides instead. */
const author = { ...members, facilitator: "FORBIDDEN" } as const;
/** Not about one consultation: anyone signed in. */
const signedIn = { signedOut: "UNAUTHORIZED", otherStakeholder: "ok", stakeholder: "ok", otherFacilitator: "ok", facilitator: "ok" } as const;
/** Accounts the operator allowed to create consultations (both facilitators here; no stakeholder). */
const creators = { ...signedIn, otherStakeholder: "FORBIDDEN", stakeholder: "FORBIDDEN" } as const;

const expected: Record<string, Record<Caller, Outcome>> = {
  "consultation.mine": signedIn,
  "consultation.bySlug": members,
  "consultation.create": creators,
  "consultation.update": facilitators,

  "round.list": members,
  "round.byNumber": members,
  "round.update": facilitators,
  "round.publish": facilitators,
  "round.close": facilitators,
  "round.reminderStatus": facilitators,
  "round.remind": facilitators,

  "mechanism.listForRound": members,
  "mechanism.byId": members,
  "mechanism.add": facilitators,
  "mechanism.update": facilitators,
  "mechanism.reorder": facilitators,
  "mechanism.remove": facilitators,

  "rating.set": panel,
  "rating.clear": panel,

  "comment.list": members,
  "comment.add": members,
  "comment.edit": author,
  "comment.remove": author,
  "comment.hide": facilitators,
  "comment.unhide": facilitators,
  "comment.carriedAnchors": members,

  "flag.list": members,
  "flag.create": panel,
  "flag.endorse": panel,
  "flag.withdrawEndorsement": panel,

  "panel.list": facilitators,
  "panel.add": facilitators,
  "panel.addFacilitator": facilitators,
  "panel.addMany": facilitators,
  "panel.update": facilitators,
  "panel.remove": facilitators,
  "panel.erase": facilitators,
  "panel.createLink": facilitators,
  "panel.sendEmail": facilitators,
  "panel.revokeLink": facilitators,

  "overview.responses": facilitators,
  "audit.list": facilitators,
  "me.export": members,

  "decision.workspace": facilitators,
  "decision.prepare": facilitators,
  "decision.set": facilitators,
  "decision.triageFlag": facilitators,

  "history.forMechanismPage": members,
  "history.roundChanges": members,
  "history.mechanism": members,

  "summary.report": facilitators,
  "summary.comments": facilitators,
};

/**
 * A valid input per procedure for the target consultation, so only who calls can stop it.
 * A factory may first bring the world into the state the call needs (round 1 closed, a link
 * to revoke); it runs once per world.
 */
const validInput: Record<string, (w: ContentWorld) => unknown> = {
  "consultation.mine": () => undefined,
  "consultation.bySlug": (w) => ({ slug: w.slug }),
  "consultation.create": () => consultationInput({ title: "A second consultation" }),
  "consultation.update": (w) => ({ consultationId: w.consultationId, ...consultationInput({ title: "Leading teams, renamed" }) }),

  "round.list": (w) => ({ consultationId: w.consultationId }),
  "round.byNumber": (w) => ({ consultationId: w.consultationId, round: 1 }),
  "round.update": (w) => ({ consultationId: w.consultationId, round: 1, title: "First round", instructions: "Rate each one." }),
  "round.publish": async (w) => {
    // Round 2 can go out once every round-1 mechanism has a decision and every flag a triage.
    await betweenRounds(w);
    for (const mechanismId of w.mechanismIds) {
      await w.facilitator.decision.set({ ...roundTwo(w), mechanismId, kind: "keep", rationale: "Rated as relevant.", expectedUpdatedAt: null });
    }
    await w.facilitator.decision.triageFlag({ ...roundTwo(w), flagId: w.flagId, triage: "declined", reason: "Covered by Working with power." });
    await addMechanisms(w.facilitator, w.consultationId, 2, ["Sharing power"]);
    return roundTwo(w);
  },
  "round.close": (w) => ({ consultationId: w.consultationId, round: 1 }),
  "round.reminderStatus": (w) => ({ consultationId: w.consultationId, round: 1 }),
  "round.remind": (w) => ({ consultationId: w.consultationId, round: 1 }), // Cara has not responded

  "mechanism.listForRound": (w) => ({ consultationId: w.consultationId, round: 1 }),
  "mechanism.byId": (w) => ({ consultationId: w.consultationId, round: 1, mechanismId: w.mechanismIds[0] }),
  "mechanism.add": (w) => ({ consultationId: w.consultationId, round: 2, name: "Sharing power", description: "Leaders share decisions across services." }),
  "mechanism.update": (w) => ({
    consultationId: w.consultationId,
    versionId: w.versions[0],
    name: "Building trust between services",
    description: "Leaders build trust across professions and organisations.",
    reason: "Clearer wording",
  }),
  "mechanism.reorder": async (w) => {
    const ids = await addMechanisms(w.facilitator, w.consultationId, 2, ["Sharing power", "Holding the line"]);
    return { consultationId: w.consultationId, round: 2, versionIds: ids.reverse() };
  },
  "mechanism.remove": async (w) => {
    const [versionId] = await addMechanisms(w.facilitator, w.consultationId, 2, ["Sharing power"]);
    return { consultationId: w.consultationId, versionId };
  },

  "rating.set": (w) => ({ consultationId: w.consultationId, versionId: w.versions[1], value: 3 }),
  "rating.clear": (w) => ({ consultationId: w.consultationId, versionId: w.versions[0] }),

  "comment.list": (w) => ({ consultationId: w.consultationId, target: { versionId: w.versions[0] } }),
  "comment.carriedAnchors": (w) => ({ consultationId: w.consultationId, versionId: w.versions[0] }),
  "comment.add": (w) => ({ consultationId: w.consultationId, target: { flagId: w.flagId }, body: "This one matters." }),
  "comment.edit": (w) => ({ consultationId: w.consultationId, commentId: w.commentId, body: "Trust comes first, always." }),
  "comment.remove": (w) => ({ consultationId: w.consultationId, commentId: w.commentId }),
  "comment.hide": (w) => ({ consultationId: w.consultationId, commentId: w.replyId, reason: "Off topic" }),
  "comment.unhide": async (w) => {
    await w.facilitator.comment.hide({ consultationId: w.consultationId, commentId: w.replyId, reason: "Off topic" });
    return { consultationId: w.consultationId, commentId: w.replyId };
  },

  "flag.list": (w) => ({ consultationId: w.consultationId, round: 1 }),
  "flag.create": (w) => ({ consultationId: w.consultationId, round: 1, name: "Time to reflect", covers: "Space to think together.", whyItMatters: "Teams are rushed." }),
  "flag.endorse": (w) => ({ consultationId: w.consultationId, flagId: w.flagId }), // raised by B, endorsed by A
  "flag.withdrawEndorsement": async (w) => {
    await w.a.caller.flag.endorse({ consultationId: w.consultationId, flagId: w.flagId });
    return { consultationId: w.consultationId, flagId: w.flagId };
  },

  "panel.list": (w) => ({ consultationId: w.consultationId }),
  "panel.add": (w) => ({ consultationId: w.consultationId, name: "Dee Day", email: "dee@example.org", perspective: "researcher" }),
  "panel.addFacilitator": (w) => ({ consultationId: w.consultationId, name: "Dr Fay Field", email: "fay@example.org" }),
  "panel.addMany": (w) => ({ consultationId: w.consultationId, text: "Eve Early, eve@example.org, researcher\nFinn Fox, service user" }),
  "panel.update": (w) => ({ consultationId: w.consultationId, membershipId: w.b.membershipId, name: "Bobby Baker", perspective: "researcher" }),
  "panel.remove": (w) => ({ consultationId: w.consultationId, membershipId: w.cara.membershipId }),
  "panel.erase": (w) => ({ consultationId: w.consultationId, membershipId: w.b.membershipId }),
  "panel.createLink": (w) => ({ consultationId: w.consultationId, membershipId: w.b.membershipId }),
  "panel.sendEmail": (w) => ({ consultationId: w.consultationId, membershipId: w.b.membershipId }),
  "panel.revokeLink": async (w) => {
    await w.facilitator.panel.createLink({ consultationId: w.consultationId, membershipId: w.b.membershipId });
    return { consultationId: w.consultationId, membershipId: w.b.membershipId };
  },

  "overview.responses": (w) => ({ consultationId: w.consultationId, round: 1 }),
  "audit.list": (w) => ({ consultationId: w.consultationId }),
  "me.export": (w) => ({ consultationId: w.consultationId }),

  "decision.workspace": async (w) => {
    await betweenRounds(w);
    return roundTwo(w);
  },
  "decision.prepare": async (w) => {
    await w.facilitator.round.close({ consultationId: w.consultationId, round: 1 });
    return roundTwo(w);
  },
  "decision.set": async (w) => {
    await betweenRounds(w);
    return {
      ...roundTwo(w),
      mechanismId: w.mechanismIds[0],
      kind: "keep",
      rationale: "Rated as relevant.",
      sources: [{ kind: "comment", commentId: w.commentId }],
      expectedUpdatedAt: null,
    };
  },
  "decision.triageFlag": async (w) => {
    await betweenRounds(w);
    return { ...roundTwo(w), flagId: w.flagId, triage: "accepted", newMechanism: { name: "Use of power", description: "How leaders share power." } };
  },

  "history.forMechanismPage": (w) => ({ consultationId: w.consultationId, round: 1, mechanismId: w.mechanismIds[0] }),
  "history.roundChanges": async (w) => {
    // Round 2 has to be open for the panel to see its changes; opened straight in the table so
    // this row does not depend on what publishing requires.
    await w.facilitator.round.close({ consultationId: w.consultationId, round: 1 });
    await addMechanisms(w.facilitator, w.consultationId, 2, ["Sharing power"]);
    w.db.$client.prepare("update round set status = 'open', opened_at = ? where consultation_id = ? and number = 2").run(Date.now(), w.consultationId);
    return { consultationId: w.consultationId, round: 2 };
  },
  "history.mechanism": (w) => ({ consultationId: w.consultationId, mechanismId: w.mechanismIds[0] }),

  "summary.report": (w) => ({ consultationId: w.consultationId, round: 1 }),
  "summary.comments": (w) => ({ consultationId: w.consultationId, round: 1, mechanismId: w.mechanismIds[0] }),
};

/** Round 1 closed and round 2 prepared from it: the state the between-rounds workspace needs. */
async function betweenRounds(w: ContentWorld) {
  await w.facilitator.round.close({ consultationId: w.consultationId, round: 1 });
  await w.facilitator.decision.prepare(roundTwo(w));
}

const roundTwo = (w: ContentWorld) => ({ consultationId: w.consultationId, round: 2 });

function callers(w: ContentWorld): Record<Caller, TrpcCaller> {
  return {
    signedOut: callerFor(w.db, null),
    otherStakeholder: w.other.stakeholder.caller,
    stakeholder: w.a.caller,
    otherFacilitator: w.other.facilitator,
    facilitator: w.facilitator,
  };
}

/** "ok", the TRPCError code, or a description of anything else thrown (always a failure). */
async function outcomeOf(call: () => Promise<unknown>): Promise<{ outcome: string; error?: unknown }> {
  try {
    await call();
    return { outcome: "ok" };
  } catch (error) {
    if (error instanceof TRPCError) return { outcome: error.code, error };
    return { outcome: `not a TRPCError: ${String(error)}`, error };
  }
}

const procedures = routerProcedures();

// panel.sendEmail writes to the outbox of a throwaway data directory instead of sending mail.
withTemporaryOutbox("all");

describe("authorization matrix", () => {
  it("declares an expectation and a valid input for exactly the router's procedures", () => {
    const paths = procedures.map(([p]) => p).sort();
    expect(paths.length).toBeGreaterThan(30);
    expect(Object.keys(expected).sort(), "rows of `expected` vs the router's procedures").toEqual(paths);
    expect(Object.keys(validInput).sort(), "entries of `validInput` vs the router's procedures").toEqual(paths);
    // Every role is really tested both ways somewhere: the table is not all "ok" or all refusals.
    for (const who of CALLERS.filter((c) => c !== "signedOut")) {
      const outcomes = new Set(Object.values(expected).map((row) => row[who]));
      expect(outcomes.has("ok"), who).toBe(true);
      expect(outcomes.size, who).toBeGreaterThan(1);
    }
  });

  it.each(procedures.map(([p, proc]) => [p, proc._def.type] as const))("%s (%s)", async (procedurePath, type) => {
    const row = expected[procedurePath];
    const makeInput = validInput[procedurePath];
    expect(row, `no row in \`expected\` for ${procedurePath}`).toBeDefined();
    expect(makeInput, `no entry in \`validInput\` for ${procedurePath}`).toBeDefined();

    const shared = await setupWithContent();
    const sharedInput = await makeInput(shared);
    const actual = {} as Record<Caller, string>;
    const changedOnRefusal: string[] = [];
    for (const who of CALLERS) {
      // A mutation that succeeds changes the world, so each successful one gets a world of its own.
      let world = shared;
      let input = sharedInput;
      if (type === "mutation" && row[who] === "ok") {
        world = await setupWithContent();
        input = await makeInput(world);
      }
      const before = snapshot(world.db);
      const { outcome, error } = await outcomeOf(() => callPath(callers(world)[who], procedurePath, input));
      actual[who] = outcome;
      if (outcome !== "ok") {
        if (!(error instanceof TRPCError)) console.error(procedurePath, who, error);
        if (JSON.stringify(snapshot(world.db)) !== JSON.stringify(before)) changedOnRefusal.push(who);
      }
    }
    expect(actual, `outcomes of ${procedurePath} by caller`).toEqual(row);
    expect(changedOnRefusal, `refused calls of ${procedurePath} that changed the database`).toEqual([]);
  }, 30_000);
});
