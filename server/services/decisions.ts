/**
 * Between rounds: round N is prepared from round N-1 (each mechanism starts from its last version),
 * facilitators record a decision on every mechanism of round N-1 and triage round N-1's
 * missing-mechanism flags. A decision's effect on the round N draft is applied in the same
 * transaction as the decision, and changing a decision first undoes what the previous one did.
 * Old versions and their ratings and comments are never touched: merge, split and drop only mean
 * that the mechanism has no draft of its own in round N.
 *
 * Schemas here use only zod and the domain module: rounds.ts imports this file (publishBlockers),
 * so reading rounds' or mechanisms' exports while this module loads would meet them half-built.
 */
import { and, asc, count, eq, inArray, isNull, max, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import {
  comments,
  decisionSources,
  decisions,
  flagEndorsements,
  flags,
  mechanismVersions,
  mechanisms,
  memberships,
  rounds,
  users,
} from "@/db/schema";
import {
  DECISION_KIND_LABELS,
  DECISION_KIND_VALUES,
  describeAuthor,
  FLAG_TRIAGE_LABELS,
  FLAG_TRIAGE_VALUES,
  LIMITS,
  pseudonym,
  type DecisionKind,
} from "@/shared/domain";
import { text, visibleLength } from "../validation";
import { badRequest, conflict, notFound, recordAudit, type Actor, type Tx } from "./actor";
import { getRound, requireDraft, type Round } from "./round-state";
import { roundMeetingFeedback, uncitable } from "./meeting-feedback";
import { ratingCounts } from "./ratings";
import { distributionOf, summarise } from "@/shared/stats";
import { writeTransaction } from "@/db/transaction";

// ---------------------------------------------------------------------------------------------
// Input schemas (the router adds consultationId and round)

const draftText = z.object({
  name: text(LIMITS.mechanismName),
  description: text(LIMITS.mechanismDescription),
});

export const SPLIT_PARTS = { min: 2, max: 10 } as const;

const source = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("comment"), commentId: z.uuid("Unknown comment") }),
  z.object({ kind: z.literal("flag"), flagId: z.uuid("Unknown flag") }),
  z.object({ kind: z.literal("ratings"), versionId: z.uuid("Unknown mechanism version") }),
  z.object({ kind: z.literal("meeting_note"), meetingNoteId: z.uuid("Unknown meeting note") }),
  z.object({ kind: z.literal("meeting_quote"), meetingQuoteId: z.uuid("Unknown meeting quote") }),
]);
export type DecisionSourceInput = z.infer<typeof source>;

export const decisionInput = z
  .object({
    mechanismId: z.uuid("Unknown mechanism"),
    kind: z.enum(DECISION_KIND_VALUES, "Choose what happens to this mechanism"),
    rationale: text(LIMITS.rationale),
    /** keep_with_note */
    statusNote: text({ max: LIMITS.statusNote.max }).optional(),
    /** revise */
    revisedName: text(LIMITS.mechanismName).optional(),
    revisedDescription: text(LIMITS.mechanismDescription).optional(),
    /** merge */
    mergeIntoMechanismId: z.uuid("Choose the mechanism to merge it into").nullish(),
    /** split */
    splitInto: z.array(draftText).max(SPLIT_PARTS.max, `A split makes at most ${SPLIT_PARTS.max} mechanisms`).optional(),
    sources: z.array(source).max(LIMITS.decisionSources.max, `Cite at most ${LIMITS.decisionSources.max} pieces of feedback`).default([]),
    /** The decision's updatedAt when the form was loaded; null when the form saw no decision. */
    expectedUpdatedAt: z.date("Reload the workspace and try again").nullable(),
    /** The round N draft's updatedAt when the form was loaded (revise), if it had one. */
    expectedDraftUpdatedAt: z.date("Reload the workspace and try again").nullish(),
  })
  .superRefine((v, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.kind === "keep_with_note" && visibleLength(v.statusNote ?? "") < LIMITS.statusNote.min) {
      need("statusNote", `Write the status note the panel will see (at least ${LIMITS.statusNote.min} characters)`);
    }
    if (v.kind === "revise") {
      if (v.revisedName === undefined) need("revisedName", "Give the revised name");
      if (v.revisedDescription === undefined) need("revisedDescription", "Give the revised description");
    }
    if (v.kind === "merge" && !v.mergeIntoMechanismId) need("mergeIntoMechanismId", "Choose the mechanism to merge it into");
    if (v.kind === "split" && (v.splitInto?.length ?? 0) < SPLIT_PARTS.min) {
      need("splitInto", `A split makes at least ${SPLIT_PARTS.min} new mechanisms`);
    }
  });
export type DecisionInput = z.infer<typeof decisionInput>;

export const triageInput = z
  .object({
    flagId: z.uuid("Unknown flag"),
    triage: z.enum(FLAG_TRIAGE_VALUES, "Choose accept, merge or decline"),
    /** Required to decline (the panel reads it); a note for the other two. */
    reason: text({ max: LIMITS.triageReason.max }).default(""),
    /** merged: the round N mechanism it joins. */
    mechanismId: z.uuid("Choose the mechanism to merge it into").nullish(),
    /** accepted: the new mechanism's text (the form starts from the flag's). */
    newMechanism: draftText.optional(),
    /** The flag's triagedAt when the form was loaded (null: it was not triaged yet). */
    expectedTriagedAt: z.date("Reload the workspace and try again").nullish(),
  })
  .superRefine((v, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.triage === "declined" && visibleLength(v.reason) < LIMITS.triageReason.min) {
      need("reason", `Say why it is declined: the panel will read it (at least ${LIMITS.triageReason.min} characters)`);
    }
    if (v.triage === "merged" && !v.mechanismId) need("mechanismId", "Choose the mechanism to merge it into");
    if (v.triage === "accepted" && !v.newMechanism) need("newMechanism", "Give the new mechanism a name and a description");
  });
export type TriageInput = z.infer<typeof triageInput>;

// ---------------------------------------------------------------------------------------------
// Small helpers

type Version = typeof mechanismVersions.$inferSelect;

function sameTime(a: Date | null | undefined, b: Date | null | undefined): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

/** A timestamp later than `previous`, so two saves in the same millisecond still differ. */
function nextStamp(previous: Date | null | undefined): Date {
  return new Date(Math.max(Date.now(), (previous?.getTime() ?? 0) + 1));
}

/** "A, B and C" */
function listOf(items: string[], limit = 10): string {
  const shown = items.length > limit ? [...items.slice(0, limit), `${items.length - limit} more`] : items;
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

const quoted = (s: string) => `"${s}"`;

/** Round N and round N-1 of the actor's consultation. */
function roundPair(db: DB | Tx, actor: Actor, number: number): { round: Round; previous: Round } {
  const round = getRound(db, actor, { number });
  if (round.number === 1) badRequest("Round 1 is the first round: there is no earlier round to prepare it from.");
  const previous = db
    .select()
    .from(rounds)
    .where(and(eq(rounds.consultationId, actor.consultation.id), eq(rounds.number, round.number - 1)))
    .get();
  if (!previous) notFound(`Round ${round.number - 1}`);
  return { round, previous };
}

/** The workspace accepts decisions and triage only on a prepared draft round after a closed one. */
function openWorkspace(tx: Tx, actor: Actor, number: number, doing: string) {
  const pair = roundPair(tx, actor, number);
  const { round, previous } = pair;
  requireDraft(round, doing);
  if (previous.status !== "closed") {
    badRequest(`Round ${previous.number} is still ${previous.status}: close it before preparing round ${round.number}.`);
  }
  if (!round.preparedAt) {
    badRequest(`Prepare round ${round.number} from round ${previous.number} first (the button at the top of the workspace).`);
  }
  return pair;
}

function versionIn(tx: Tx, roundId: string, mechanismId: string): Version | undefined {
  return tx
    .select()
    .from(mechanismVersions)
    .where(and(eq(mechanismVersions.roundId, roundId), eq(mechanismVersions.mechanismId, mechanismId)))
    .get();
}

/** Adds a version at the end of the round, refusing to go past the per-round limit. */
function appendVersion(tx: Tx, roundId: string, mechanismId: string, textOf: { name: string; description: string }, now: Date) {
  const stats = tx
    .select({ n: count(), last: max(mechanismVersions.position) })
    .from(mechanismVersions)
    .where(eq(mechanismVersions.roundId, roundId))
    .get()!;
  if (stats.n >= LIMITS.mechanismsPerRound.max) {
    badRequest(`A round can hold at most ${LIMITS.mechanismsPerRound.max} mechanisms.`);
  }
  return tx
    .insert(mechanismVersions)
    .values({ mechanismId, roundId, name: textOf.name, description: textOf.description, position: (stats.last ?? 0) + 1, updatedAt: now })
    .returning()
    .get();
}

/** Positions 1..n again after a removal, in one statement. */
function renumber(tx: Tx, roundId: string): void {
  tx.run(sql`
    update ${mechanismVersions} set position = (
      select r.n from (
        select id, row_number() over (order by position, rowid) as n
        from ${mechanismVersions} where round_id = ${roundId}
      ) r where r.id = ${mechanismVersions}.id
    )
    where round_id = ${roundId}`);
}

/**
 * Removes a mechanism created in round N (a split part or an accepted flag): its round N version,
 * and the mechanism itself when it has no other version.
 */
function removeCreated(tx: Tx, roundId: string, mechanismId: string): void {
  tx.delete(mechanismVersions)
    .where(and(eq(mechanismVersions.roundId, roundId), eq(mechanismVersions.mechanismId, mechanismId)))
    .run();
  const left = tx.select({ n: count() }).from(mechanismVersions).where(eq(mechanismVersions.mechanismId, mechanismId)).get()!.n;
  if (left === 0) tx.delete(mechanisms).where(eq(mechanisms.id, mechanismId)).run();
}

/**
 * What in the workspace points at a round N mechanism as where something was merged: decisions
 * of other mechanisms and merged flags. Removing its draft would leave those pointing nowhere.
 */
function mergedInto(tx: Tx, round: Round, previous: Round, mechanismId: string): string[] {
  const byDecision = tx
    .select({ name: mechanismVersions.name })
    .from(decisions)
    .innerJoin(mechanismVersions, and(eq(mechanismVersions.mechanismId, decisions.mechanismId), eq(mechanismVersions.roundId, previous.id)))
    .where(and(eq(decisions.roundId, round.id), eq(decisions.kind, "merge"), eq(decisions.mergeIntoMechanismId, mechanismId)))
    .all();
  const byFlag = tx
    .select({ name: flags.name })
    .from(flags)
    .where(and(eq(flags.roundId, previous.id), eq(flags.triage, "merged"), eq(flags.triageMechanismId, mechanismId)))
    .all();
  return [...byDecision.map((d) => quoted(d.name)), ...byFlag.map((f) => `the flag ${quoted(f.name)}`)];
}

function refuseIfMergedInto(tx: Tx, round: Round, previous: Round, mechanismId: string, name: string, doing: string): void {
  const refs = mergedInto(tx, round, previous, mechanismId);
  if (refs.length) {
    badRequest(
      `${listOf(refs)} ${refs.length === 1 ? "is" : "are"} merged into ${quoted(name)}, so it cannot be ${doing}. ` +
        `Change ${refs.length === 1 ? "that decision" : "those decisions"} first.`,
    );
  }
}

/** The round N mechanism something is merged into: it must have a draft there. */
function mergeTarget(tx: Tx, round: Round, mechanismId: string): Version {
  const target = versionIn(tx, round.id, mechanismId);
  if (!target) {
    badRequest(`Choose a mechanism that is in the round ${round.number} draft to merge into (not one that was merged, split or dropped).`);
  }
  return target;
}

// ---------------------------------------------------------------------------------------------
// Prepare

export function prepare(db: DB, actor: Actor, number: number) {
  return writeTransaction(db, (tx) => {
    const { round, previous } = roundPair(tx, actor, number);
    requireDraft(round, "preparing it from the previous round");
    if (previous.status !== "closed") {
      badRequest(
        `Round ${previous.number} is ${previous.status}: close it before preparing round ${round.number}, so the feedback you work from is final.`,
      );
    }
    if (round.preparedAt) {
      conflict(
        `Round ${round.number} has already been prepared from round ${previous.number} (perhaps by another facilitator). Reload the workspace to see its drafts.`,
      );
    }
    const old = tx
      .select()
      .from(mechanismVersions)
      .where(eq(mechanismVersions.roundId, previous.id))
      .orderBy(asc(mechanismVersions.position))
      .all();
    const existing = tx
      .select({ mechanismId: mechanismVersions.mechanismId, position: mechanismVersions.position })
      .from(mechanismVersions)
      .where(eq(mechanismVersions.roundId, round.id))
      .all();
    const present = new Set(existing.map((v) => v.mechanismId));
    const toCopy = old.filter((v) => !present.has(v.mechanismId));
    if (existing.length + toCopy.length > LIMITS.mechanismsPerRound.max) {
      badRequest(
        `Round ${round.number} would hold ${existing.length + toCopy.length} mechanisms; the limit is ${LIMITS.mechanismsPerRound.max}. Remove some of those added to round ${round.number} first.`,
      );
    }
    const now = new Date();
    let position = Math.max(0, ...existing.map((v) => v.position));
    if (toCopy.length) {
      tx.insert(mechanismVersions)
        .values(
          toCopy.map((v) => ({
            mechanismId: v.mechanismId,
            roundId: round.id,
            name: v.name,
            description: v.description,
            position: ++position,
            updatedAt: now,
          })),
        )
        .run();
    }
    tx.update(rounds).set({ preparedAt: now }).where(eq(rounds.id, round.id)).run();
    recordAudit(tx, actor, "round.prepare", round.id, { round: round.number, from: previous.number, copied: toCopy.length });
    return { copied: toCopy.length, preparedAt: now };
  });
}

// ---------------------------------------------------------------------------------------------
// Decisions

/** Checks every cited piece of feedback belongs to this mechanism (or round) in round N-1. */
function checkSources(tx: Tx, previous: Round, old: Version, sources: DecisionSourceInput[]): void {
  const commentIds = sources.flatMap((s) => (s.kind === "comment" ? [s.commentId] : []));
  const flagIds = sources.flatMap((s) => (s.kind === "flag" ? [s.flagId] : []));
  const where = `${quoted(old.name)} in round ${previous.number}`;
  if (commentIds.length) {
    const found = tx
      .select({ id: comments.id, versionId: comments.versionId, deletedAt: comments.deletedAt, hiddenAt: comments.hiddenAt })
      .from(comments)
      .where(inArray(comments.id, commentIds))
      .all();
    const byId = new Map(found.map((c) => [c.id, c]));
    for (const id of commentIds) {
      const c = byId.get(id);
      // Another consultation's comment reads exactly like one that does not exist.
      if (!c || c.versionId !== old.id) badRequest(`A cited comment is not one of the comments on ${where}. Nothing was saved.`);
      if (c.deletedAt) badRequest("A cited comment was deleted by its author, so it cannot be cited. Nothing was saved.");
      if (c.hiddenAt) {
        badRequest(
          "A cited comment is hidden from the panel, so it cannot be cited: show it again first or leave it out. Nothing was saved.",
        );
      }
    }
  }
  if (flagIds.length) {
    const found = tx
      .select({ id: flags.id })
      .from(flags)
      .where(and(inArray(flags.id, flagIds), eq(flags.roundId, previous.id)))
      .all();
    if (found.length !== flagIds.length) {
      badRequest(`A cited flag is not one of the missing-mechanism flags of round ${previous.number}. Nothing was saved.`);
    }
  }
  const noteIds = sources.flatMap((s) => (s.kind === "meeting_note" ? [s.meetingNoteId] : []));
  const quoteIds = sources.flatMap((s) => (s.kind === "meeting_quote" ? [s.meetingQuoteId] : []));
  if (uncitable(tx, previous.id, old.id, noteIds, quoteIds).length) {
    badRequest(
      `A cited meeting note or quote is not from a meeting of round ${previous.number} about ${quoted(old.name)} or the meeting as a whole. Nothing was saved.`,
    );
  }
  for (const s of sources) {
    if (s.kind === "ratings" && s.versionId !== old.id) {
      badRequest(`The cited ratings must be those of ${where}. Nothing was saved.`);
    }
  }
}

function dedupeSources(sources: DecisionSourceInput[]): DecisionSourceInput[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key =
      s.kind === "comment"
        ? `c:${s.commentId}`
        : s.kind === "flag"
          ? `f:${s.flagId}`
          : s.kind === "meeting_note"
            ? `n:${s.meetingNoteId}`
            : s.kind === "meeting_quote"
              ? `q:${s.meetingQuoteId}`
              : `r:${s.versionId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The mechanisms split from `mechanismId` that have a draft in round N, in draft order. */
function splitParts(tx: Tx, roundId: string, mechanismId: string) {
  return tx
    .select({ mechanismId: mechanisms.id, version: mechanismVersions })
    .from(mechanisms)
    .innerJoin(mechanismVersions, and(eq(mechanismVersions.mechanismId, mechanisms.id), eq(mechanismVersions.roundId, roundId)))
    .where(and(eq(mechanisms.originKind, "split"), eq(mechanisms.originMechanismId, mechanismId)))
    .orderBy(asc(mechanismVersions.position))
    .all();
}

const removesDraft = (kind: DecisionKind) => kind === "merge" || kind === "split" || kind === "drop";

export function setDecision(db: DB, actor: Actor, number: number, input: DecisionInput) {
  return writeTransaction(db, (tx) => {
    const { round, previous } = openWorkspace(tx, actor, number, "recording a decision");
    const old = versionIn(tx, previous.id, input.mechanismId);
    if (!old) notFound(`This mechanism of round ${previous.number}`);
    const existing = tx
      .select()
      .from(decisions)
      .where(and(eq(decisions.roundId, round.id), eq(decisions.mechanismId, old.mechanismId)))
      .get();
    if (!sameTime(existing?.updatedAt, input.expectedUpdatedAt)) {
      conflict(
        existing
          ? `Another facilitator changed the decision on ${quoted(old.name)} (now: ${DECISION_KIND_LABELS[existing.kind]}) while you were editing. Reload the workspace, compare, and save again if you still want yours.`
          : `Another facilitator removed the decision on ${quoted(old.name)} while you were editing. Reload the workspace and compare.`,
      );
    }
    let draft = versionIn(tx, round.id, old.mechanismId);
    if (draft && input.expectedDraftUpdatedAt && !sameTime(draft.updatedAt, input.expectedDraftUpdatedAt)) {
      conflict(
        `Someone else saved the round ${round.number} draft of ${quoted(old.name)} meanwhile. Reload the workspace, compare their text with yours, and save again.`,
      );
    }
    const sources = dedupeSources(input.sources);
    checkSources(tx, previous, old, sources);

    const kind = input.kind;
    const now = new Date();
    const audit: Record<string, unknown> = {
      round: round.number,
      mechanism: old.name,
      decision: DECISION_KIND_LABELS[kind],
      previousDecision: existing ? DECISION_KIND_LABELS[existing.kind] : null,
      rationale: input.rationale,
      sources: sources.length,
    };
    let removed = false;

    // Merge target: another mechanism with a draft in round N, not one of this one's own parts.
    let target: Version | null = null;
    if (kind === "merge") {
      if (input.mergeIntoMechanismId === old.mechanismId) badRequest("A mechanism cannot be merged into itself.");
      target = mergeTarget(tx, round, input.mergeIntoMechanismId!);
      if (existing?.kind === "split" && splitParts(tx, round.id, old.mechanismId).some((p) => p.mechanismId === target!.mechanismId)) {
        badRequest(
          `${quoted(target.name)} was split from ${quoted(old.name)}; choose a mechanism that will stay in round ${round.number}.`,
        );
      }
      audit.mergeInto = target.name;
    }

    // This mechanism's own draft.
    if (removesDraft(kind)) {
      if (draft) {
        refuseIfMergedInto(tx, round, previous, old.mechanismId, old.name, DESCRIBE_REMOVAL[kind]);
        if (draft.name !== old.name || draft.description !== old.description) {
          audit.removedDraft = { name: draft.name, description: draft.description };
        }
        tx.delete(mechanismVersions).where(eq(mechanismVersions.id, draft.id)).run();
        draft = undefined;
        removed = true;
      }
    } else if (kind === "revise") {
      const revised = { name: input.revisedName!, description: input.revisedDescription! };
      if (revised.name === old.name && revised.description === old.description) {
        badRequest(
          `The revised text is the same as in round ${previous.number}: change the name or the description, or choose "${DECISION_KIND_LABELS.keep}".`,
        );
      }
      if (!draft) draft = appendVersion(tx, round.id, old.mechanismId, revised, now);
      else if (draft.name !== revised.name || draft.description !== revised.description) {
        tx.update(mechanismVersions)
          .set({ ...revised, updatedAt: now })
          .where(eq(mechanismVersions.id, draft.id))
          .run();
      }
      audit.revised = revised;
    } else {
      // keep / keep_with_note: the draft carries round N-1's text unchanged.
      if (!draft) draft = appendVersion(tx, round.id, old.mechanismId, old, now);
      else if (draft.name !== old.name || draft.description !== old.description) {
        // Going back from "revise" restores the old text, but only if nobody edited the
        // revised draft since; any other edit is the facilitators' work and is not thrown away.
        const untouchedRevision = existing?.kind === "revise" && draft.updatedAt.getTime() <= existing.updatedAt.getTime();
        if (!untouchedRevision) {
          badRequest(
            `The round ${round.number} draft of ${quoted(old.name)} was edited, so it is no longer as it was in round ${previous.number}. ` +
              `Choose "${DECISION_KIND_LABELS.revise}" to keep the edits, or undo the edit in the draft first.`,
          );
        }
        audit.revertedRevision = { name: draft.name, description: draft.description };
        tx.update(mechanismVersions)
          .set({ name: old.name, description: old.description, updatedAt: now })
          .where(eq(mechanismVersions.id, draft.id))
          .run();
      }
    }

    // Split parts: reused in order when splitting again (their ids stay, so anything merged
    // into them stays valid), created when missing, removed when no longer wanted.
    const parts = existing?.kind === "split" ? splitParts(tx, round.id, old.mechanismId) : [];
    const wanted = kind === "split" ? input.splitInto! : [];
    parts.slice(wanted.length).forEach((p) => {
      refuseIfMergedInto(tx, round, previous, p.mechanismId, p.version.name, "removed");
      removeCreated(tx, round.id, p.mechanismId);
      removed = true;
    });
    wanted.forEach((part, i) => {
      const reuse = parts[i];
      if (reuse) {
        if (reuse.version.name !== part.name || reuse.version.description !== part.description) {
          tx.update(mechanismVersions)
            .set({ ...part, updatedAt: now })
            .where(eq(mechanismVersions.id, reuse.version.id))
            .run();
        }
        return;
      }
      const created = tx
        .insert(mechanisms)
        .values({ consultationId: actor.consultation.id, originKind: "split", originMechanismId: old.mechanismId })
        .returning({ id: mechanisms.id })
        .get();
      appendVersion(tx, round.id, created.id, part, now);
    });
    if (kind === "split") audit.splitInto = wanted.map((p) => p.name);
    if (removed) renumber(tx, round.id);

    const values = {
      kind,
      rationale: input.rationale,
      statusNote: kind === "keep_with_note" ? input.statusNote! : "",
      mergeIntoMechanismId: target?.mechanismId ?? null,
      decidedBy: actor.user.id,
      updatedAt: nextStamp(existing?.updatedAt),
    };
    if (kind === "keep_with_note") audit.statusNote = values.statusNote;
    const decision = existing
      ? tx.update(decisions).set(values).where(eq(decisions.id, existing.id)).returning().get()
      : tx
          .insert(decisions)
          .values({ roundId: round.id, mechanismId: old.mechanismId, ...values })
          .returning()
          .get();
    tx.delete(decisionSources).where(eq(decisionSources.decisionId, decision.id)).run();
    if (sources.length) {
      tx.insert(decisionSources)
        .values(
          sources.map((s) => ({
            decisionId: decision.id,
            kind: s.kind,
            commentId: s.kind === "comment" ? s.commentId : null,
            flagId: s.kind === "flag" ? s.flagId : null,
            versionId: s.kind === "ratings" ? s.versionId : null,
            meetingNoteId: s.kind === "meeting_note" ? s.meetingNoteId : null,
            meetingQuoteId: s.kind === "meeting_quote" ? s.meetingQuoteId : null,
          })),
        )
        .run();
    }
    recordAudit(tx, actor, "decision.set", decision.id, audit);
    return { decisionId: decision.id, updatedAt: decision.updatedAt };
  });
}

const DESCRIBE_REMOVAL: Record<"merge" | "split" | "drop", string> = {
  merge: "merged into another",
  split: "split",
  drop: "dropped",
};

// ---------------------------------------------------------------------------------------------
// Flag triage

export function triageFlag(db: DB, actor: Actor, number: number, input: TriageInput) {
  return writeTransaction(db, (tx) => {
    const { round, previous } = openWorkspace(tx, actor, number, "triaging a flag");
    const flag = tx.select().from(flags).where(eq(flags.id, input.flagId)).get();
    if (!flag) notFound("This flag");
    const flagRound = getRound(tx, actor, { id: flag.roundId }); // another consultation's: NOT_FOUND
    if (flag.roundId !== previous.id) {
      badRequest(`This flag was raised in round ${flagRound.number}; round ${round.number} triages the flags of round ${previous.number}.`);
    }
    if (input.expectedTriagedAt !== undefined && !sameTime(flag.triagedAt, input.expectedTriagedAt)) {
      conflict(
        `Another facilitator triaged the flag ${quoted(flag.name)} meanwhile${flag.triage ? ` (now: ${FLAG_TRIAGE_LABELS[flag.triage]})` : ""}. Reload the workspace, compare, and save again if you still want yours.`,
      );
    }
    const now = new Date();
    // The mechanism an earlier acceptance created, if it is still there.
    const created =
      flag.triage === "accepted" && flag.triageMechanismId
        ? tx
            .select({ id: mechanisms.id })
            .from(mechanisms)
            .where(and(eq(mechanisms.id, flag.triageMechanismId), eq(mechanisms.originFlagId, flag.id)))
            .get()
        : undefined;
    const createdDraft = created ? versionIn(tx, round.id, created.id) : undefined;
    const audit: Record<string, unknown> = {
      round: round.number,
      flag: flag.name,
      triage: FLAG_TRIAGE_LABELS[input.triage],
      previousTriage: flag.triage ? FLAG_TRIAGE_LABELS[flag.triage] : null,
      reason: input.reason || null,
    };

    let mechanismId: string | null = null;
    if (input.triage === "merged") {
      if (created && input.mechanismId === created.id) {
        badRequest("A flag cannot be merged into the mechanism accepted from it: choose another mechanism.");
      }
      const target = mergeTarget(tx, round, input.mechanismId!);
      mechanismId = target.mechanismId;
      audit.mergedInto = target.name;
    }
    if (input.triage === "accepted") {
      const text = input.newMechanism!;
      if (created && createdDraft) {
        // Accepting again edits the mechanism it already created (anything merged into it stays).
        if (createdDraft.name !== text.name || createdDraft.description !== text.description) {
          tx.update(mechanismVersions)
            .set({ ...text, updatedAt: now })
            .where(eq(mechanismVersions.id, createdDraft.id))
            .run();
        }
        mechanismId = created.id;
      } else {
        const mechanism = tx
          .insert(mechanisms)
          .values({ consultationId: actor.consultation.id, originKind: "flag", originFlagId: flag.id })
          .returning({ id: mechanisms.id })
          .get();
        appendVersion(tx, round.id, mechanism.id, text, now);
        mechanismId = mechanism.id;
      }
      audit.newMechanism = text;
    } else if (created && createdDraft) {
      refuseIfMergedInto(tx, round, previous, created.id, createdDraft.name, "removed");
      audit.removedMechanism = { name: createdDraft.name, description: createdDraft.description };
      removeCreated(tx, round.id, created.id);
      renumber(tx, round.id);
    }

    const triagedAt = nextStamp(flag.triagedAt);
    tx.update(flags)
      .set({
        triage: input.triage,
        triageReason: input.reason || null,
        triageMechanismId: mechanismId,
        triagedBy: actor.user.id,
        triagedAt,
      })
      .where(eq(flags.id, flag.id))
      .run();
    recordAudit(tx, actor, "flag.triage", flag.id, audit);
    return { mechanismId, triagedAt };
  });
}

// ---------------------------------------------------------------------------------------------
// Guards other services use

/**
 * Why a round's version cannot be removed from the mechanism list (null when it can): mechanisms
 * that continue from the previous round, come from a flag or a split, or take in merged ones are
 * managed in the workspace, so their decisions stay true.
 */
export function removalBlocker(tx: Tx, actor: Actor, round: Round, version: Version): string | null {
  const mechanism = tx.select().from(mechanisms).where(eq(mechanisms.id, version.mechanismId)).get()!;
  const earlier = tx
    .select({ number: rounds.number })
    .from(mechanismVersions)
    .innerJoin(rounds, eq(rounds.id, mechanismVersions.roundId))
    .where(and(eq(mechanismVersions.mechanismId, mechanism.id), sql`${rounds.number} < ${round.number}`))
    .orderBy(sql`${rounds.number} desc`)
    .get();
  const workspace = `the round ${round.number} workspace`;
  if (earlier) {
    return `${quoted(version.name)} continues from round ${earlier.number}. To take it out of round ${round.number}, record a decision in ${workspace} (drop, merge or split), so the panel can see why.`;
  }
  if (mechanism.originKind === "flag") {
    return `${quoted(version.name)} was accepted from a missing-mechanism flag. To take it out, triage the flag again in ${workspace}.`;
  }
  if (mechanism.originKind === "split") {
    return `${quoted(version.name)} was split from another mechanism. To take it out, change that decision in ${workspace}.`;
  }
  if (round.number > 1) {
    const previous = tx
      .select()
      .from(rounds)
      .where(and(eq(rounds.consultationId, actor.consultation.id), eq(rounds.number, round.number - 1)))
      .get();
    if (previous) {
      const refs = mergedInto(tx, round, previous, mechanism.id);
      if (refs.length) {
        return `${listOf(refs)} ${refs.length === 1 ? "is" : "are"} merged into ${quoted(version.name)}. Change ${refs.length === 1 ? "that decision" : "those decisions"} in ${workspace} first.`;
      }
    }
  }
  return null;
}

/** Why a draft's text cannot be edited directly (null when it can): it is recorded as kept unchanged. */
export function editBlocker(tx: Tx, round: Round, version: Version): string | null {
  const decision = tx
    .select({ kind: decisions.kind })
    .from(decisions)
    .where(and(eq(decisions.roundId, round.id), eq(decisions.mechanismId, version.mechanismId)))
    .get();
  if (decision && (decision.kind === "keep" || decision.kind === "keep_with_note")) {
    return `${quoted(version.name)} is recorded as "${DECISION_KIND_LABELS[decision.kind]}" in the round ${round.number} workspace. To change its text, record it as "${DECISION_KIND_LABELS.revise}" there.`;
  }
  return null;
}

/**
 * Why a prepared round cannot be published yet (empty when it can): mechanisms of the previous
 * round without a decision, flags without triage. Called by rounds.publish inside its transaction.
 */
export function publishBlockers(tx: Tx, roundId: string): string[] {
  const round = tx.select().from(rounds).where(eq(rounds.id, roundId)).get();
  if (!round || round.number === 1) return [];
  const previous = tx
    .select()
    .from(rounds)
    .where(and(eq(rounds.consultationId, round.consultationId), eq(rounds.number, round.number - 1)))
    .get();
  if (!previous) return [];
  const undecided = tx
    .select({ name: mechanismVersions.name })
    .from(mechanismVersions)
    .leftJoin(decisions, and(eq(decisions.roundId, round.id), eq(decisions.mechanismId, mechanismVersions.mechanismId)))
    .where(and(eq(mechanismVersions.roundId, previous.id), isNull(decisions.id)))
    .orderBy(asc(mechanismVersions.position))
    .all()
    .map((v) => v.name);
  const untriaged = tx
    .select({ name: flags.name })
    .from(flags)
    .where(and(eq(flags.roundId, previous.id), isNull(flags.triage)))
    .orderBy(asc(flags.createdAt))
    .all()
    .map((f) => quoted(f.name));
  const out: string[] = [];
  if (!round.preparedAt && undecided.length) {
    out.push(`Round ${round.number} has not been prepared from round ${previous.number} yet: do that in its workspace.`);
  }
  if (undecided.length) {
    out.push(
      undecided.length === 1
        ? `1 mechanism of round ${previous.number} has no decision yet: ${undecided[0]}.`
        : `${undecided.length} mechanisms of round ${previous.number} have no decision yet: ${listOf(undecided)}.`,
    );
  }
  if (untriaged.length) {
    out.push(
      untriaged.length === 1
        ? `1 missing-mechanism flag of round ${previous.number} has not been triaged yet: ${untriaged[0]}.`
        : `${untriaged.length} missing-mechanism flags of round ${previous.number} have not been triaged yet: ${listOf(untriaged)}.`,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The workspace page's data: a fixed number of queries, whatever the number of mechanisms

const authorColumns = {
  id: memberships.id,
  role: memberships.role,
  displayName: memberships.displayName,
  perspective: memberships.perspective,
  pseudonymNumber: memberships.pseudonymNumber,
};

/** A short excerpt of a comment for lists of cited feedback. */
function excerpt(body: string, max = 160): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

export function workspace(db: DB, actor: Actor, number: number) {
  const { round, previous } = roundPair(db, actor, number);
  const scaleMax = actor.consultation.scaleMax;

  const old = db
    .select({
      versionId: mechanismVersions.id,
      mechanismId: mechanismVersions.mechanismId,
      name: mechanismVersions.name,
      description: mechanismVersions.description,
      position: mechanismVersions.position,
    })
    .from(mechanismVersions)
    .where(eq(mechanismVersions.roundId, previous.id))
    .orderBy(asc(mechanismVersions.position))
    .all();
  const current = db
    .select({
      versionId: mechanismVersions.id,
      mechanismId: mechanismVersions.mechanismId,
      name: mechanismVersions.name,
      description: mechanismVersions.description,
      position: mechanismVersions.position,
      updatedAt: mechanismVersions.updatedAt,
      originKind: mechanisms.originKind,
      originFlagId: mechanisms.originFlagId,
      originMechanismId: mechanisms.originMechanismId,
      originNote: mechanisms.originNote,
    })
    .from(mechanismVersions)
    .innerJoin(mechanisms, eq(mechanisms.id, mechanismVersions.mechanismId))
    .where(eq(mechanismVersions.roundId, round.id))
    .orderBy(asc(mechanismVersions.position))
    .all();
  const ratingRows = ratingCounts(
    db,
    old.map((v) => v.versionId),
    false,
  );
  // Citable comments: neither deleted nor hidden.
  const commentCounts = db
    .select({ versionId: comments.versionId, n: count() })
    .from(comments)
    .where(and(eq(comments.roundId, previous.id), isNull(comments.deletedAt), isNull(comments.hiddenAt)))
    .groupBy(comments.versionId)
    .all();
  const decisionRows = db
    .select({ decision: decisions, decidedBy: users.name })
    .from(decisions)
    .leftJoin(users, eq(users.id, decisions.decidedBy))
    .where(eq(decisions.roundId, round.id))
    .all();
  const sourceRows = db
    .select({
      decisionId: decisionSources.decisionId,
      kind: decisionSources.kind,
      commentId: decisionSources.commentId,
      flagId: decisionSources.flagId,
      versionId: decisionSources.versionId,
      meetingNoteId: decisionSources.meetingNoteId,
      meetingQuoteId: decisionSources.meetingQuoteId,
      commentBody: comments.body,
      author: authorColumns,
      flagName: flags.name,
    })
    .from(decisionSources)
    .innerJoin(decisions, eq(decisions.id, decisionSources.decisionId))
    .leftJoin(comments, eq(comments.id, decisionSources.commentId))
    .leftJoin(memberships, eq(memberships.id, comments.membershipId))
    .leftJoin(flags, eq(flags.id, decisionSources.flagId))
    .where(eq(decisions.roundId, round.id))
    .orderBy(asc(sql`${decisionSources}.rowid`))
    .all();
  const flagRows = db
    .select({ flag: flags, proposer: authorColumns, triagedBy: users.name })
    .from(flags)
    .innerJoin(memberships, eq(memberships.id, flags.membershipId))
    .leftJoin(users, eq(users.id, flags.triagedBy))
    .where(eq(flags.roundId, previous.id))
    .orderBy(asc(flags.createdAt))
    .all();
  const endorsements = db
    .select({ flagId: flagEndorsements.flagId, n: count() })
    .from(flagEndorsements)
    .innerJoin(flags, eq(flags.id, flagEndorsements.flagId))
    .where(eq(flags.roundId, previous.id))
    .groupBy(flagEndorsements.flagId)
    .all();

  // Notes and quotes of round N-1's meetings, citable for the mechanism they were about (or all, if general).
  const meetingFeedback = roundMeetingFeedback(db, previous.id);
  const feedbackById = new Map(meetingFeedback.map((f) => [f.id, f]));
  const oldBy = new Map(old.map((v) => [v.mechanismId, v]));
  const currentBy = new Map(current.map((v) => [v.mechanismId, v]));
  const flagBy = new Map(flagRows.map((f) => [f.flag.id, f]));
  const sourcesBy = new Map<string, typeof sourceRows>();
  for (const s of sourceRows) sourcesBy.set(s.decisionId, [...(sourcesBy.get(s.decisionId) ?? []), s]);
  const decisionBy = new Map(decisionRows.map((d) => [d.decision.mechanismId, d]));
  const nameIn = (mechanismId: string | null) => (mechanismId ? (currentBy.get(mechanismId)?.name ?? null) : null);

  const mechanismsOut = old.map((v) => {
    const distribution = distributionOf(ratingRows.get(v.versionId) ?? [], scaleMax);
    const draft = currentBy.get(v.mechanismId);
    const row = decisionBy.get(v.mechanismId);
    const d = row?.decision;
    return {
      mechanismId: v.mechanismId,
      previous: { versionId: v.versionId, name: v.name, description: v.description, position: v.position },
      ratings: summarise(distribution),
      commentCount: commentCounts.find((c) => c.versionId === v.versionId)?.n ?? 0,
      meetingFeedback: meetingFeedback.filter((f) => f.versionId === null || f.versionId === v.versionId),
      draft: draft ? { versionId: draft.versionId, name: draft.name, description: draft.description, updatedAt: draft.updatedAt } : null,
      decision: d
        ? {
            id: d.id,
            kind: d.kind,
            label: DECISION_KIND_LABELS[d.kind],
            rationale: d.rationale,
            statusNote: d.statusNote,
            mergeInto: d.mergeIntoMechanismId ? { mechanismId: d.mergeIntoMechanismId, name: nameIn(d.mergeIntoMechanismId) } : null,
            splitInto: current
              .filter((c) => c.originKind === "split" && c.originMechanismId === v.mechanismId)
              .map((c) => ({ mechanismId: c.mechanismId, name: c.name, description: c.description })),
            sources: (sourcesBy.get(d.id) ?? []).map((s) => ({
              kind: s.kind,
              commentId: s.commentId,
              flagId: s.flagId,
              versionId: s.versionId,
              meetingNoteId: s.meetingNoteId,
              meetingQuoteId: s.meetingQuoteId,
              label:
                s.kind === "meeting_note" || s.kind === "meeting_quote"
                  ? (feedbackById.get((s.meetingNoteId ?? s.meetingQuoteId)!)?.label ?? "Something said in a meeting")
                  : s.kind === "comment"
                    ? s.author && s.commentBody !== null
                      ? `${describeAuthor(s.author, actor.membership, actor.consultation.anonymity).label}: “${excerpt(s.commentBody)}”`
                      : "A comment"
                    : s.kind === "flag"
                      ? `Flag “${s.flagName ?? "?"}”`
                      : `Ratings in round ${previous.number}`,
            })),
            updatedAt: d.updatedAt,
            decidedBy: row.decidedBy ?? "A removed account",
          }
        : null,
    };
  });

  const flagsOut = flagRows.map(({ flag, proposer, triagedBy }) => ({
    id: flag.id,
    name: flag.name,
    covers: flag.covers,
    whyItMatters: flag.whyItMatters,
    createdAt: flag.createdAt,
    // The credit the panel will see: pseudonym and perspective, never the name.
    proposer: pseudonym(proposer),
    endorsementCount: endorsements.find((e) => e.flagId === flag.id)?.n ?? 0,
    triage: flag.triage,
    triageLabel: flag.triage ? FLAG_TRIAGE_LABELS[flag.triage] : null,
    triageReason: flag.triageReason,
    triageMechanism: flag.triageMechanismId ? { mechanismId: flag.triageMechanismId, name: nameIn(flag.triageMechanismId) } : null,
    triagedAt: flag.triagedAt,
    triagedBy: flag.triagedAt ? (triagedBy ?? "A removed account") : null,
  }));

  const roundMechanisms = current.map((c) => {
    let origin: string;
    const from = oldBy.get(c.mechanismId);
    if (from) origin = `Continues from round ${previous.number}${from.name !== c.name ? ` (was “${from.name}”)` : ""}`;
    else if (c.originKind === "flag") {
      const f = c.originFlagId ? flagBy.get(c.originFlagId) : undefined;
      origin = f ? `Accepted from the flag “${f.flag.name}” (${pseudonym(f.proposer)})` : "Accepted from a missing-mechanism flag";
    } else if (c.originKind === "split") {
      const parent = c.originMechanismId ? oldBy.get(c.originMechanismId) : undefined;
      origin = parent ? `Split from “${parent.name}”` : "Split from another mechanism";
    } else if (c.originKind === "added") origin = c.originNote ? `Added by the facilitators: ${c.originNote}` : "Added by the facilitators";
    else origin = "Added by the facilitators";
    return {
      mechanismId: c.mechanismId,
      versionId: c.versionId,
      name: c.name,
      description: c.description,
      position: c.position,
      continues: !!from,
      originKind: c.originKind,
      origin,
    };
  });

  return {
    round: { id: round.id, number: round.number, title: round.title, status: round.status, preparedAt: round.preparedAt },
    previous: { id: previous.id, number: previous.number, title: previous.title, status: previous.status, closedAt: previous.closedAt },
    scaleLabels: actor.consultation.scaleLabels,
    mechanisms: mechanismsOut,
    flags: flagsOut,
    roundMechanisms,
    progress: {
      decided: mechanismsOut.filter((m) => m.decision).length,
      total: mechanismsOut.length,
      triaged: flagsOut.filter((f) => f.triage).length,
      flags: flagsOut.length,
    },
  };
}
