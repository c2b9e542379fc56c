/**
 * The authorization matrix, generated from the router: every procedure the router has, called by
 * every kind of caller with a valid input for the target consultation, against one declared table.
 * A procedure added without a row in `expected` (and a valid input in `validInput`) fails here.
 */
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { sources as sourceTable } from "@/db/schema";
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
const members = {
  signedOut: "UNAUTHORIZED",
  otherStakeholder: "NOT_FOUND",
  stakeholder: "ok",
  otherFacilitator: "NOT_FOUND",
  facilitator: "ok",
} as const;
/** The consultation's facilitators only. */
const facilitators = { ...members, stakeholder: "FORBIDDEN" } as const;
/** The panel's own actions (stakeholderProcedure): facilitators are refused. */
const panel = { ...members, facilitator: "FORBIDDEN" } as const;
/** Changes to a comment by its author only (the stakeholder wrote it); the facilitator hides instead. */
const author = { ...members, facilitator: "FORBIDDEN" } as const;
/** Not about one consultation: anyone signed in. */
const signedIn = {
  signedOut: "UNAUTHORIZED",
  otherStakeholder: "ok",
  stakeholder: "ok",
  otherFacilitator: "ok",
  facilitator: "ok",
} as const;
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

  "source.list": facilitators,
  "source.byId": facilitators,
  "source.create": facilitators,
  "source.update": facilitators,
  "source.delete": facilitators,
  "source.importPreview": facilitators,
  "source.importCommit": facilitators,
  "source.duplicates": facilitators,
  "source.merge": facilitators,
  "source.markDistinct": facilitators,
  "source.unmarkDistinct": facilitators,

  "evidence.matrix": facilitators,
  "evidence.mechanism": facilitators,
  "evidence.forPanel": members,
  "evidence.addLink": facilitators,
  "evidence.updateLink": facilitators,
  "evidence.removeLink": facilitators,
  "evidence.addConfiguration": facilitators,
  "evidence.updateConfiguration": facilitators,
  "evidence.removeConfiguration": facilitators,
  "evidence.moveConfiguration": facilitators,
  "evidence.setReportedCount": facilitators,
  "evidence.setIncludedCount": facilitators,
  "evidence.setRoundVisibility": facilitators,

  // Note-taking procedures: facilitators and note-takers; A is a plain stakeholder here.
  "meetingPlan.list": facilitators,
  "meetingPlan.byId": facilitators,
  "meetingPlan.create": facilitators,
  "meetingPlan.update": facilitators,
  "meetingPlan.setAgenda": facilitators,
  "meetingPlan.remove": facilitators,
  "meetingRecord.notes": facilitators,
  "meetingRecord.addNote": facilitators,
  "meetingRecord.editNote": facilitators,
  "meetingRecord.deleteNote": facilitators,
  "meetingRecord.addQuote": facilitators,
  "meetingRecord.editQuote": facilitators,
  "meetingRecord.deleteQuote": facilitators,
  "meetingRecord.attendance": facilitators,
  "meetingRecord.setAttendance": facilitators,
  "meetingRecord.record": facilitators,
  "meeting.live": members,
  "meeting.events": members,
  "meeting.liveNow": members,
  "meeting.resolveCode": members,
  "meeting.start": facilitators,
  "meeting.end": facilitators,
  "meeting.move": facilitators,
  "meeting.setResultsVisible": facilitators,
  "meeting.openQuestion": facilitators,
  "meeting.closeQuestion": facilitators,
  "meeting.join": panel,
  "meeting.answer": panel,
  "panel.setNoteTaker": facilitators,
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
      await w.facilitator.decision.set({
        ...roundTwo(w),
        mechanismId,
        kind: "keep",
        rationale: "Rated as relevant.",
        expectedUpdatedAt: null,
      });
    }
    await w.facilitator.decision.triageFlag({
      ...roundTwo(w),
      flagId: w.flagId,
      triage: "declined",
      reason: "Covered by Working with power.",
    });
    await addMechanisms(w.facilitator, w.consultationId, 2, ["Sharing power"]);
    return roundTwo(w);
  },
  "round.close": (w) => ({ consultationId: w.consultationId, round: 1 }),
  "round.reminderStatus": (w) => ({ consultationId: w.consultationId, round: 1 }),
  "round.remind": (w) => ({ consultationId: w.consultationId, round: 1 }), // Cara has not responded

  "mechanism.listForRound": (w) => ({ consultationId: w.consultationId, round: 1 }),
  "mechanism.byId": (w) => ({ consultationId: w.consultationId, round: 1, mechanismId: w.mechanismIds[0] }),
  "mechanism.add": (w) => ({
    consultationId: w.consultationId,
    round: 2,
    name: "Sharing power",
    description: "Leaders share decisions across services.",
  }),
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
  "flag.create": (w) => ({
    consultationId: w.consultationId,
    round: 1,
    name: "Time to reflect",
    covers: "Space to think together.",
    whyItMatters: "Teams are rushed.",
  }),
  "flag.endorse": (w) => ({ consultationId: w.consultationId, flagId: w.flagId }), // raised by B, endorsed by A
  "flag.withdrawEndorsement": async (w) => {
    await w.a.caller.flag.endorse({ consultationId: w.consultationId, flagId: w.flagId });
    return { consultationId: w.consultationId, flagId: w.flagId };
  },

  "panel.list": (w) => ({ consultationId: w.consultationId }),
  "panel.add": (w) => ({ consultationId: w.consultationId, name: "Dee Day", email: "dee@example.org", perspective: "researcher" }),
  "panel.addFacilitator": (w) => ({ consultationId: w.consultationId, name: "Dr Fay Field", email: "fay@example.org" }),
  "panel.addMany": (w) => ({ consultationId: w.consultationId, text: "Eve Early, eve@example.org, researcher\nFinn Fox, service user" }),
  "panel.update": (w) => ({
    consultationId: w.consultationId,
    membershipId: w.b.membershipId,
    name: "Bobby Baker",
    perspective: "researcher",
  }),
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
    return {
      ...roundTwo(w),
      flagId: w.flagId,
      triage: "accepted",
      newMechanism: { name: "Use of power", description: "How leaders share power." },
    };
  },

  "history.forMechanismPage": (w) => ({ consultationId: w.consultationId, round: 1, mechanismId: w.mechanismIds[0] }),
  "history.roundChanges": async (w) => {
    // Round 2 has to be open for the panel to see its changes; opened straight in the table so
    // this row does not depend on what publishing requires.
    await w.facilitator.round.close({ consultationId: w.consultationId, round: 1 });
    await addMechanisms(w.facilitator, w.consultationId, 2, ["Sharing power"]);
    w.db.$client
      .prepare("update round set status = 'open', opened_at = ? where consultation_id = ? and number = 2")
      .run(Date.now(), w.consultationId);
    return { consultationId: w.consultationId, round: 2 };
  },
  "history.mechanism": (w) => ({ consultationId: w.consultationId, mechanismId: w.mechanismIds[0] }),

  "summary.report": (w) => ({ consultationId: w.consultationId, round: 1 }),
  "summary.comments": (w) => ({ consultationId: w.consultationId, round: 1, mechanismId: w.mechanismIds[0] }),

  "source.list": (w) => ({ consultationId: w.consultationId, q: "boundaries" }),
  "source.byId": (w) => ({ consultationId: w.consultationId, sourceId: evidenceSource(w) }),
  "source.create": (w) => ({ consultationId: w.consultationId, ...SOURCE_FIELDS }),
  "source.update": (w) => ({ consultationId: w.consultationId, sourceId: evidenceSource(w), ...SOURCE_FIELDS }),
  "source.delete": (w) => ({ consultationId: w.consultationId, sourceId: evidenceSource(w) }),
  "source.importPreview": (w) => ({ consultationId: w.consultationId, ...SOURCE_FILE }),
  "source.importCommit": async (w) => {
    const { fingerprint } = await w.facilitator.source.importPreview({ consultationId: w.consultationId, ...SOURCE_FILE });
    return { consultationId: w.consultationId, ...SOURCE_FILE, fingerprint };
  },
  "source.duplicates": (w) => ({ consultationId: w.consultationId }),
  "source.merge": (w) => ({ consultationId: w.consultationId, keepId: evidenceSource(w), removeId: evidenceSource(w) }),
  // Two copies of one work (same first author, year and title).
  "source.markDistinct": (w) => ({ consultationId: w.consultationId, firstId: evidenceSource(w), secondId: evidenceSource(w) }),
  "source.unmarkDistinct": async (w) => {
    const pair = { consultationId: w.consultationId, firstId: evidenceSource(w), secondId: evidenceSource(w) };
    await w.facilitator.source.markDistinct(pair);
    return pair;
  },

  "evidence.matrix": (w) => ({ consultationId: w.consultationId }),
  "evidence.mechanism": (w) => ({ consultationId: w.consultationId, mechanismId: w.mechanismIds[0] }),
  "evidence.forPanel": async (w) => {
    await evidenceLink(w);
    await w.facilitator.evidence.setRoundVisibility({ consultationId: w.consultationId, round: 1, visible: true });
    return { consultationId: w.consultationId, round: 1, mechanismId: w.mechanismIds[0] };
  },
  "evidence.addLink": (w) => ({
    consultationId: w.consultationId,
    sourceId: evidenceSource(w),
    mechanismId: w.mechanismIds[0],
    effect: "supports",
    extract: "Leaders who visited each site built trust.",
  }),
  "evidence.updateLink": async (w) => ({
    consultationId: w.consultationId,
    linkId: await evidenceLink(w),
    effect: "refines",
    extract: "Only where visits were regular.",
  }),
  "evidence.removeLink": async (w) => ({ consultationId: w.consultationId, linkId: await evidenceLink(w) }),
  "evidence.addConfiguration": (w) => ({ consultationId: w.consultationId, mechanismId: w.mechanismIds[0], ...cmo(evidenceSource(w)) }),
  "evidence.updateConfiguration": async (w) => ({
    consultationId: w.consultationId,
    configurationId: await evidenceConfiguration(w),
    ...cmo(null),
    polarity: "absent",
  }),
  "evidence.removeConfiguration": async (w) => ({ consultationId: w.consultationId, configurationId: await evidenceConfiguration(w) }),
  "evidence.moveConfiguration": async (w) => {
    await evidenceConfiguration(w);
    return { consultationId: w.consultationId, configurationId: await evidenceConfiguration(w), direction: "up" };
  },
  "evidence.setReportedCount": (w) => ({ consultationId: w.consultationId, mechanismId: w.mechanismIds[0], count: 22 }),
  "evidence.setIncludedCount": (w) => ({ consultationId: w.consultationId, count: 36 }),
  "evidence.setRoundVisibility": (w) => ({ consultationId: w.consultationId, round: 1, visible: true }),

  "meeting.live": async (w) => ({ consultationId: w.consultationId, meetingId: await runningMeeting(w) }),
  // A subscription: "ok" means its first event arrived (see outcomeOf).
  "meeting.events": async (w) => ({ consultationId: w.consultationId, meetingId: await runningMeeting(w) }),
  "meeting.liveNow": (w) => ({ consultationId: w.consultationId }),
  "meeting.resolveCode": async (w) => {
    const meetingId = await runningMeeting(w);
    return {
      code: (w.db.$client.prepare("select short_code from meeting where id = ?").get(meetingId) as { short_code: string }).short_code,
    };
  },
  "meeting.start": async (w) => ({ consultationId: w.consultationId, meetingId: await plannedMeeting(w) }),
  "meeting.end": async (w) => ({ consultationId: w.consultationId, meetingId: await runningMeeting(w) }),
  "meeting.move": async (w) => ({ consultationId: w.consultationId, meetingId: await runningMeeting(w), to: { step: 1 } }),
  "meeting.setResultsVisible": async (w) => ({ consultationId: w.consultationId, meetingId: await runningMeeting(w), visible: true }),
  "meeting.openQuestion": async (w) => ({
    consultationId: w.consultationId,
    meetingId: await runningMeeting(w),
    prompt: "Is anything missing from this mechanism?",
  }),
  "meeting.closeQuestion": async (w) => {
    const meetingId = await runningMeeting(w);
    const { id: questionId } = await w.facilitator.meeting.openQuestion({
      consultationId: w.consultationId,
      meetingId,
      prompt: "Anything missing?",
    });
    return { consultationId: w.consultationId, meetingId, questionId };
  },
  "meeting.join": async (w) => ({ consultationId: w.consultationId, meetingId: await runningMeeting(w) }),
  "meeting.answer": async (w) => {
    const meetingId = await runningMeeting(w);
    const { id: questionId } = await w.facilitator.meeting.openQuestion({
      consultationId: w.consultationId,
      meetingId,
      prompt: "Anything missing?",
    });
    return { consultationId: w.consultationId, meetingId, questionId, body: "Time to reflect together." };
  },
  "meetingPlan.list": (w) => ({ consultationId: w.consultationId }),
  "meetingPlan.byId": async (w) => ({ consultationId: w.consultationId, meetingId: await plannedMeeting(w) }),
  "meetingPlan.create": (w) => ({ consultationId: w.consultationId, round: 1, title: "Round 1 panel meeting", format: "hybrid" }),
  "meetingPlan.update": async (w) => ({
    consultationId: w.consultationId,
    meetingId: await plannedMeeting(w),
    title: "Renamed meeting",
    format: "online",
  }),
  "meetingPlan.setAgenda": async (w) => ({
    consultationId: w.consultationId,
    meetingId: await plannedMeeting(w),
    items: [{ kind: "free", title: "Welcome", minutes: 10 }],
  }),
  "meetingPlan.remove": async (w) => ({ consultationId: w.consultationId, meetingId: await plannedMeeting(w) }),
  "meetingRecord.notes": async (w) => ({ consultationId: w.consultationId, meetingId: (await liveMeeting(w)).meetingId }),
  "meetingRecord.addNote": async (w) => ({
    consultationId: w.consultationId,
    meetingId: (await liveMeeting(w)).meetingId,
    itemId: null,
    body: "Good turnout.",
  }),
  "meetingRecord.editNote": async (w) => ({ consultationId: w.consultationId, noteId: (await liveMeeting(w)).noteId, body: "Edited." }),
  "meetingRecord.deleteNote": async (w) => ({ consultationId: w.consultationId, noteId: (await liveMeeting(w)).noteId }),
  "meetingRecord.addQuote": async (w) => ({
    consultationId: w.consultationId,
    meetingId: (await liveMeeting(w)).meetingId,
    itemId: null,
    body: "Trust takes time.",
    attribution: { kind: "stakeholder", membershipId: w.b.membershipId },
  }),
  "meetingRecord.editQuote": async (w) => ({
    consultationId: w.consultationId,
    quoteId: (await liveMeeting(w)).quoteId,
    body: "Trust takes a long time.",
    attribution: { kind: "perspective", perspective: "service_user" },
  }),
  "meetingRecord.deleteQuote": async (w) => ({ consultationId: w.consultationId, quoteId: (await liveMeeting(w)).quoteId }),
  "meetingRecord.attendance": async (w) => ({ consultationId: w.consultationId, meetingId: (await liveMeeting(w)).meetingId }),
  "meetingRecord.setAttendance": async (w) => ({
    consultationId: w.consultationId,
    meetingId: (await liveMeeting(w)).meetingId,
    membershipId: w.b.membershipId,
    present: true,
  }),
  "meetingRecord.record": async (w) => ({ consultationId: w.consultationId, meetingId: (await liveMeeting(w)).meetingId }),
  "panel.setNoteTaker": (w) => ({ consultationId: w.consultationId, membershipId: w.b.membershipId, noteTaker: true }),
};

/** A planned meeting of round 1 (its agenda: round 1's mechanisms). */
async function plannedMeeting(w: ContentWorld): Promise<string> {
  const { id } = await w.facilitator.meetingPlan.create({
    consultationId: w.consultationId,
    round: 1,
    title: "Round 1 panel meeting",
    format: "in_person",
  });
  return id;
}

/** A meeting started through meeting.start (live, on its first agenda item). */
async function runningMeeting(w: ContentWorld): Promise<string> {
  const meetingId = await plannedMeeting(w);
  await w.facilitator.meeting.start({ consultationId: w.consultationId, meetingId });
  return meetingId;
}

/** A running meeting with a note and a quote by the facilitator (set live in the table, so this does not depend on meeting.start). */
async function liveMeeting(w: ContentWorld) {
  const meetingId = await plannedMeeting(w);
  w.db.$client.prepare("update meeting set status = 'live', started_at = ? where id = ?").run(Date.now(), meetingId);
  const cid = w.consultationId;
  const { id: noteId } = await w.facilitator.meetingRecord.addNote({
    consultationId: cid,
    meetingId,
    itemId: null,
    body: "Opening remarks.",
  });
  const { id: quoteId } = await w.facilitator.meetingRecord.addQuote({
    consultationId: cid,
    meetingId,
    itemId: null,
    body: "We need time together.",
    attribution: { kind: "none" },
  });
  return { meetingId, noteId, quoteId };
}

/** Round 1 closed and round 2 prepared from it: the state the between-rounds workspace needs. */
async function betweenRounds(w: ContentWorld) {
  await w.facilitator.round.close({ consultationId: w.consultationId, round: 1 });
  await w.facilitator.decision.prepare(roundTwo(w));
}

const roundTwo = (w: ContentWorld) => ({ consultationId: w.consultationId, round: 2 });

/** A source of the consultation, written straight into its table (the sources service imports them). */
const SOURCE_FIELDS = {
  authors: ["Lunts, P."],
  year: 2012,
  title: "Change management in integrated care",
  kind: "empirical" as const,
  doi: "10.1108/14769011211255285",
};
const SOURCE_FILE = {
  fileName: "one.ris",
  file: "TY  - JOUR\nAU  - Lunts, P.\nPY  - 2012\nTI  - Change management in integrated care\nER  - \n",
  fileEncoding: "text" as const,
  kind: "empirical" as const,
};

function evidenceSource(w: ContentWorld): string {
  return w.db
    .insert(sourceTable)
    .values({ consultationId: w.consultationId, authors: ["Smith, Ann"], year: 2019, title: "Leading across boundaries" })
    .returning({ id: sourceTable.id })
    .get().id;
}

async function evidenceLink(w: ContentWorld): Promise<string> {
  const input = {
    consultationId: w.consultationId,
    sourceId: evidenceSource(w),
    mechanismId: w.mechanismIds[0],
    effect: "supports" as const,
    extract: "Visits built trust.",
  };
  return (await w.facilitator.evidence.addLink(input)).id;
}

const cmo = (sourceId: string | null) => ({
  polarity: "present" as const,
  context: "Teams spread over several sites",
  resource: "A leader who visits each site",
  reasoning: "Staff feel respected",
  outcomes: [{ sign: "+" as const, text: "Information is shared" }],
  sourceId,
});

async function evidenceConfiguration(w: ContentWorld): Promise<string> {
  return (await w.facilitator.evidence.addConfiguration({ consultationId: w.consultationId, mechanismId: w.mechanismIds[0], ...cmo(null) }))
    .id;
}

function callers(w: ContentWorld): Record<Caller, TrpcCaller> {
  return {
    signedOut: callerFor(w.db, null),
    otherStakeholder: w.other.stakeholder.caller,
    stakeholder: w.a.caller,
    otherFacilitator: w.other.facilitator,
    facilitator: w.facilitator,
  };
}

/**
 * A subscription is refused when it is called; once accepted, it counts as "ok" only when its
 * first event arrives (the stream is closed right after).
 */
async function firstEvent(call: Promise<unknown>): Promise<unknown> {
  const iterator = ((await call) as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const first = await Promise.race([iterator.next(), new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 2000))]);
  if (first === "timeout" || first.done) throw new Error("the subscription sent no first event");
  await iterator.return?.();
  return first.value;
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

  it.each(procedures.map(([p, proc]) => [p, proc._def.type] as const))(
    "%s (%s)",
    async (procedurePath, type) => {
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
        const { outcome, error } = await outcomeOf(() =>
          type === "subscription"
            ? firstEvent(callPath(callers(world)[who], procedurePath, input))
            : callPath(callers(world)[who], procedurePath, input),
        );
        actual[who] = outcome;
        if (outcome !== "ok") {
          if (!(error instanceof TRPCError)) console.error(procedurePath, who, error);
          if (JSON.stringify(snapshot(world.db)) !== JSON.stringify(before)) changedOnRefusal.push(who);
        }
      }
      expect(actual, `outcomes of ${procedurePath} by caller`).toEqual(row);
      expect(changedOnRefusal, `refused calls of ${procedurePath} that changed the database`).toEqual([]);
    },
    30_000,
  );
});
