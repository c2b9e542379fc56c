/**
 * A consultation taken from round 1 into round 2, for the history and changes tests. Round 1 runs
 * through the app's procedures (ratings, comments, flags, a hidden comment); round 2's
 * preparation (versions, decisions, their sources, flag triage, origins) is written straight
 * into the tables, as the between-rounds service would, so these tests do not depend on it.
 */
import { eq } from "drizzle-orm";
import { decisionSources, decisions, flags, meetingNotes, meetings, mechanismVersions, mechanisms, rounds } from "@/db/schema";
import type { DecisionKind, FeedbackVisibility } from "@/shared/domain";
import { addStakeholder, setup } from "./helpers";

export const ROUND_1 = ["Building trust", "Taking a wider view", "Planning and coordinating", "Balancing needs", "Advocacy"];

export const HIDDEN_TEXT = "Something rude about a named manager.";

export async function betweenRounds(opts: { anonymity?: "named" | "pseudonymous"; minGroupSize?: number } = {}) {
  const w = await setup({ mechanisms: ROUND_1, anonymity: opts.anonymity, minGroupSize: opts.minGroupSize });
  const { db, consultationId, facilitator, a, b } = w;
  const c = await addStakeholder(db, facilitator, consultationId, { name: "Cai Carter", perspective: "practitioner" });
  const d = await addStakeholder(db, facilitator, consultationId, { name: "Dot Dale", perspective: "service_user" });
  const { mechanisms: list } = await facilitator.mechanism.listForRound({ consultationId, round: 1 });
  const [trust, wider, planning, balancing, advocacy] = list.map((m) => ({ mechanismId: m.mechanismId, versionId: m.id }));

  // Ratings of "Taking a wider view": practitioners 4 and 5, service users 2 and 1.
  const rate = (who: typeof a, versionId: string, value: number) => who.caller.rating.set({ consultationId, versionId, value });
  await rate(a, wider.versionId, 4);
  await rate(c, wider.versionId, 5);
  await rate(b, wider.versionId, 2);
  await rate(d, wider.versionId, 1);
  await rate(a, trust.versionId, 3);
  await rate(b, trust.versionId, 3);

  const visible = await a.caller.comment.add({
    consultationId,
    target: { versionId: trust.versionId },
    body: "Trust is too general: every leadership text says it. What is specific to integrated teams?",
  });
  const hidden = await b.caller.comment.add({ consultationId, target: { versionId: trust.versionId }, body: HIDDEN_TEXT });
  await facilitator.comment.hide({ consultationId, commentId: hidden.id, reason: "Names a person" });
  const deleted = await a.caller.comment.add({
    consultationId,
    target: { versionId: trust.versionId },
    body: "Second thoughts, never mind.",
  });
  await a.caller.comment.remove({ consultationId, commentId: deleted.id });

  const power = await b.caller.flag.create({
    consultationId,
    round: 1,
    name: "Use of power",
    covers: "How leaders hold, share and hand over power between professions.",
    whyItMatters: "Social care staff feel unheard next to doctors.",
  });
  const reflect = await a.caller.flag.create({
    consultationId,
    round: 1,
    name: "Time to reflect",
    covers: "Protected time for teams to think together.",
    whyItMatters: "Teams are rushed.",
  });
  const coordination = await d.caller.flag.create({
    consultationId,
    round: 1,
    name: "Joint rotas",
    covers: "Planning staff time across both services.",
    whyItMatters: "Nobody knows who is on shift.",
  });
  await facilitator.round.close({ consultationId, round: 1 });

  // Round 2, prepared.
  const round2 = db
    .select()
    .from(rounds)
    .where(eq(rounds.consultationId, consultationId))
    .all()
    .find((r) => r.number === 2)!;
  const addVersion = (mechanismId: string, name: string, description: string, position: number) =>
    db.insert(mechanismVersions).values({ mechanismId, roundId: round2.id, name, description, position }).returning().get();
  const trustDescription = "Leaders build trust between health and social care staff by sharing decisions.";
  const trust1 = await facilitator.mechanism.byId({ consultationId, round: 1, mechanismId: trust.mechanismId });
  const wider1 = await facilitator.mechanism.byId({ consultationId, round: 1, mechanismId: wider.mechanismId });
  const trust2 = addVersion(trust.mechanismId, "Building trust across services", trustDescription, 1);
  const wider2 = addVersion(wider.mechanismId, wider1.mechanism.name, wider1.mechanism.description, 2);
  const newMechanism = (values: Partial<typeof mechanisms.$inferInsert>) =>
    db
      .insert(mechanisms)
      .values({ consultationId, ...values })
      .returning()
      .get();
  const perspectives = newMechanism({ originKind: "split", originMechanismId: balancing.mechanismId });
  const budgets = newMechanism({ originKind: "split", originMechanismId: balancing.mechanismId });
  const withPower = newMechanism({ originKind: "flag", originFlagId: power.id });
  const resilience = newMechanism({ originKind: "added", originNote: "Found in the wider literature search." });
  addVersion(perspectives.id, "Balancing professional perspectives", "Leaders hold the debate between professions.", 3);
  addVersion(budgets.id, "Balancing budgets", "Leaders weigh the two services' budgets fairly.", 4);
  addVersion(withPower.id, "Working with power", "Leaders notice power and hand it over when others know better.", 5);
  addVersion(resilience.id, "Fostering resilience", "Leaders help staff cope with relentless pressure.", 6);

  const decide = (mechanismId: string, kind: DecisionKind, rationale: string, extra: Partial<typeof decisions.$inferInsert> = {}) =>
    db
      .insert(decisions)
      .values({ roundId: round2.id, mechanismId, kind, rationale, ...extra })
      .returning()
      .get();
  const trustDecision = decide(trust.mechanismId, "revise", "Made specific to integrated teams, as the panel asked.");
  const widerDecision = decide(wider.mechanismId, "keep_with_note", "The panel wanted it kept.", {
    statusNote: "No empirical evidence found yet; kept at the panel's request.",
  });
  const planningDecision = decide(planning.mechanismId, "merge", "It overlapped with taking a wider view.", {
    mergeIntoMechanismId: wider.mechanismId,
  });
  const splitDecision = decide(balancing.mechanismId, "split", "Two different ideas were mixed together.");
  decide(advocacy.mechanismId, "drop", "Nobody found it relevant.");
  const source = (decisionId: string, values: Partial<typeof decisionSources.$inferInsert>) =>
    db
      .insert(decisionSources)
      .values({ decisionId, kind: "comment", ...values })
      .run();
  source(trustDecision.id, { kind: "comment", commentId: visible.id });
  source(trustDecision.id, { kind: "comment", commentId: hidden.id });
  source(trustDecision.id, { kind: "comment", commentId: deleted.id });
  source(trustDecision.id, { kind: "ratings", versionId: wider.versionId });
  source(widerDecision.id, { kind: "ratings", versionId: wider.versionId });
  source(planningDecision.id, { kind: "flag", flagId: coordination.id });
  // A note of round 1's meeting, about the meeting as a whole.
  const round1 = db
    .select()
    .from(rounds)
    .where(eq(rounds.consultationId, consultationId))
    .all()
    .find((r) => r.number === 1)!;
  const meeting = db
    .insert(meetings)
    .values({
      consultationId,
      roundId: round1.id,
      title: "Round 1 panel meeting",
      format: "in_person",
      status: "ended",
      shortCode: "HSTRY2",
    })
    .returning()
    .get();
  const note = db
    .insert(meetingNotes)
    .values({ meetingId: meeting.id, body: "The room saw two ideas in balancing needs." })
    .returning()
    .get();
  source(splitDecision.id, { kind: "meeting_note", meetingNoteId: note.id });

  db.update(flags).set({ triage: "accepted", triageMechanismId: withPower.id }).where(eq(flags.id, power.id)).run();
  db.update(flags).set({ triage: "declined", triageReason: "Outside the review's question." }).where(eq(flags.id, reflect.id)).run();
  db.update(flags)
    .set({ triage: "merged", triageMechanismId: wider.mechanismId, triageReason: "Covered by taking a wider view." })
    .where(eq(flags.id, coordination.id))
    .run();

  /** Publishes round 2 with a feedback setting (straight to the table: publishing rules are tested elsewhere). */
  const openRound2 = (feedbackVisibility: FeedbackVisibility = "all") =>
    db.update(rounds).set({ status: "open", openedAt: new Date(), feedbackVisibility }).where(eq(rounds.id, round2.id)).run();

  return {
    ...w,
    c,
    d,
    round2,
    openRound2,
    round1: { trust, wider, planning, balancing, advocacy, trustText: trust1.mechanism },
    round2Versions: { trust: trust2, wider: wider2 },
    added: { perspectives, budgets, withPower, resilience },
    flagIds: { power: power.id, reflect: reflect.id, coordination: coordination.id },
    commentIds: { visible: visible.id, hidden: hidden.id, deleted: deleted.id },
    decisionIds: { trust: trustDecision.id, wider: widerDecision.id, planning: planningDecision.id, split: splitDecision.id },
  };
}

export type BetweenRounds = Awaited<ReturnType<typeof betweenRounds>>;
