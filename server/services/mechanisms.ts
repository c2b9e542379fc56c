/**
 * Mechanisms of a round: drafts are freely edited, reordered and removed; once a round is open,
 * every edit of its text is recorded (who, when, why, before and after); closed rounds are frozen.
 */
import { and, asc, count, desc, eq, isNull, max } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { comments, mechanismEdits, mechanismVersions, mechanisms, ratings, users } from "@/db/schema";
import { LIMITS } from "@/shared/domain";
import { text } from "../validation";
import { badRequest, conflict, notFound, recordAudit, type Actor } from "./actor";
import { editBlocker, removalBlocker } from "./decisions";
import { getRound, getVersion, ratedInRound, requireDraft } from "./round-state";
import { writeTransaction } from "@/db/transaction";

export const mechanismText = z.object({
  name: text(LIMITS.mechanismName),
  description: text(LIMITS.mechanismDescription),
});

export function listForRound(db: DB, actor: Actor, roundNumber: number) {
  const round = getRound(db, actor, { number: roundNumber });
  const versions = db
    .select({
      id: mechanismVersions.id,
      mechanismId: mechanismVersions.mechanismId,
      name: mechanismVersions.name,
      description: mechanismVersions.description,
      position: mechanismVersions.position,
      // The editor sends it back, so two facilitators editing one draft notice each other.
      updatedAt: mechanismVersions.updatedAt,
    })
    .from(mechanismVersions)
    .where(eq(mechanismVersions.roundId, round.id))
    .orderBy(asc(mechanismVersions.position))
    .all();
  const mine = db
    .select({ versionId: ratings.versionId, value: ratings.value })
    .from(ratings)
    .innerJoin(mechanismVersions, eq(mechanismVersions.id, ratings.versionId))
    .where(and(eq(mechanismVersions.roundId, round.id), eq(ratings.membershipId, actor.membership.id)))
    .all();
  const commentCounts = db
    .select({ versionId: comments.versionId, n: count() })
    .from(comments)
    .where(and(eq(comments.roundId, round.id), isNull(comments.deletedAt), isNull(comments.hiddenAt)))
    .groupBy(comments.versionId)
    .all();
  const myRating = new Map(mine.map((r) => [r.versionId, r.value]));
  const commentsBy = new Map(commentCounts.map((c) => [c.versionId, c.n]));
  return {
    round: { id: round.id, number: round.number, status: round.status },
    mechanisms: versions.map((v) => ({
      ...v,
      myRating: myRating.get(v.id) ?? null,
      commentCount: commentsBy.get(v.id) ?? 0,
    })),
  };
}

/** Everything the mechanism page needs except the comments (paged separately). */
export function detail(db: DB, actor: Actor, roundNumber: number, mechanismId: string) {
  const round = getRound(db, actor, { number: roundNumber });
  const version = db
    .select()
    .from(mechanismVersions)
    .where(and(eq(mechanismVersions.roundId, round.id), eq(mechanismVersions.mechanismId, mechanismId)))
    .get();
  if (!version) notFound("This mechanism");
  const siblings = db
    .select({ mechanismId: mechanismVersions.mechanismId, name: mechanismVersions.name })
    .from(mechanismVersions)
    .where(eq(mechanismVersions.roundId, round.id))
    .orderBy(asc(mechanismVersions.position))
    .all();
  const index = siblings.findIndex((s) => s.mechanismId === mechanismId);
  const myRating =
    db
      .select({ value: ratings.value })
      .from(ratings)
      .where(and(eq(ratings.versionId, version.id), eq(ratings.membershipId, actor.membership.id)))
      .get()?.value ?? null;
  const rated = actor.membership.role === "stakeholder" ? ratedInRound(db, round.id, actor.membership.id) : null;
  const edits = db
    .select({
      id: mechanismEdits.id,
      editedAt: mechanismEdits.editedAt,
      reason: mechanismEdits.reason,
      beforeName: mechanismEdits.beforeName,
      beforeDescription: mechanismEdits.beforeDescription,
      afterName: mechanismEdits.afterName,
      afterDescription: mechanismEdits.afterDescription,
      editor: users.name,
    })
    .from(mechanismEdits)
    .leftJoin(users, eq(users.id, mechanismEdits.editorId))
    .where(eq(mechanismEdits.versionId, version.id))
    .orderBy(desc(mechanismEdits.editedAt))
    .all();
  return {
    round: { id: round.id, number: round.number, status: round.status },
    mechanism: {
      versionId: version.id,
      mechanismId: version.mechanismId,
      name: version.name,
      description: version.description,
      position: index + 1,
      total: siblings.length,
    },
    previous: index > 0 ? siblings[index - 1] : null,
    next: index < siblings.length - 1 ? siblings[index + 1] : null,
    myRating,
    progress: rated === null ? null : { rated, total: siblings.length },
    edits,
  };
}

export const addInput = mechanismText.extend({
  /** Why the facilitators added it (rounds after the first), shown on its history. */
  originNote: text(LIMITS.originNote).optional(),
});

export function add(db: DB, actor: Actor, roundNumber: number, input: z.infer<typeof addInput>) {
  return writeTransaction(db, (tx) => {
    const round = getRound(tx, actor, { number: roundNumber });
    requireDraft(round, "adding a mechanism");
    const stats = tx
      .select({ n: count(), last: max(mechanismVersions.position) })
      .from(mechanismVersions)
      .where(eq(mechanismVersions.roundId, round.id))
      .get()!;
    if (stats.n >= LIMITS.mechanismsPerRound.max) {
      badRequest(`A round can hold at most ${LIMITS.mechanismsPerRound.max} mechanisms.`);
    }
    // Round 1's list is the starting point; anything added later is the facilitators' addition.
    const origin = round.number > 1 ? { originKind: "added" as const, originNote: input.originNote ?? "" } : {};
    const mechanism = tx
      .insert(mechanisms)
      .values({ consultationId: actor.consultation.id, ...origin })
      .returning()
      .get();
    const version = tx
      .insert(mechanismVersions)
      .values({
        mechanismId: mechanism.id,
        roundId: round.id,
        name: input.name,
        description: input.description,
        position: (stats.last ?? 0) + 1,
      })
      .returning({ id: mechanismVersions.id, mechanismId: mechanismVersions.mechanismId })
      .get();
    return version;
  });
}

export const updateInput = mechanismText.extend({
  versionId: z.uuid("Unknown mechanism"),
  /** Required once the round is open: the panel is told why the text changed. */
  reason: text(LIMITS.editReason).optional(),
  /** The version's updatedAt when the editor loaded it: a later save by someone else is a conflict. */
  expectedUpdatedAt: z.date("Reload the page and try again").optional(),
});

export function update(db: DB, actor: Actor, input: z.infer<typeof updateInput>) {
  return writeTransaction(db, (tx) => {
    const { version, round } = getVersion(tx, actor, input.versionId);
    if (round.status === "closed") badRequest(`Round ${round.number} is closed; its text can no longer change.`);
    if (input.expectedUpdatedAt && input.expectedUpdatedAt.getTime() !== version.updatedAt.getTime()) {
      conflict("Someone else saved this draft meanwhile. Your text is still in the form: compare it with theirs, then save again.");
    }
    if (version.name === input.name && version.description === input.description) return { changed: false };
    if (round.status === "draft") {
      const blocked = editBlocker(tx, round, version);
      if (blocked) badRequest(blocked);
    }
    const now = new Date();
    if (round.status === "open") {
      if (!input.reason) {
        badRequest("This round is open: say why you are changing the published text (the panel will see it).");
      }
      tx.insert(mechanismEdits)
        .values({
          versionId: version.id,
          editorId: actor.user.id,
          editedAt: now,
          reason: input.reason,
          beforeName: version.name,
          beforeDescription: version.description,
          afterName: input.name,
          afterDescription: input.description,
        })
        .run();
      recordAudit(tx, actor, "mechanism.edit_published", version.id, {
        round: round.number,
        reason: input.reason,
        before: { name: version.name, description: version.description },
        after: { name: input.name, description: input.description },
      });
    }
    // Strictly later than before, so a save in the same millisecond still counts as a change.
    const updatedAt = new Date(Math.max(now.getTime(), version.updatedAt.getTime() + 1));
    tx.update(mechanismVersions)
      .set({ name: input.name, description: input.description, updatedAt })
      .where(eq(mechanismVersions.id, version.id))
      .run();
    return { changed: true };
  });
}

export function reorder(db: DB, actor: Actor, roundNumber: number, versionIds: string[]) {
  return writeTransaction(db, (tx) => {
    const round = getRound(tx, actor, { number: roundNumber });
    requireDraft(round, "reordering");
    const current = tx.select({ id: mechanismVersions.id }).from(mechanismVersions).where(eq(mechanismVersions.roundId, round.id)).all();
    const known = new Set(current.map((v) => v.id));
    if (versionIds.length !== known.size || new Set(versionIds).size !== known.size || !versionIds.every((id) => known.has(id))) {
      badRequest("The new order must list each of the round's mechanisms exactly once. Reload and try again.");
    }
    versionIds.forEach((id, i) => {
      tx.update(mechanismVersions)
        .set({ position: i + 1 })
        .where(eq(mechanismVersions.id, id))
        .run();
    });
  });
}

export function remove(db: DB, actor: Actor, versionId: string) {
  return writeTransaction(db, (tx) => {
    const { version, round } = getVersion(tx, actor, versionId);
    requireDraft(round, "removing a mechanism");
    const blocked = removalBlocker(tx, actor, round, version);
    if (blocked) badRequest(blocked);
    tx.delete(mechanismVersions).where(eq(mechanismVersions.id, version.id)).run();
    const left = tx.select({ n: count() }).from(mechanismVersions).where(eq(mechanismVersions.mechanismId, version.mechanismId)).get()!.n;
    if (left === 0) tx.delete(mechanisms).where(eq(mechanisms.id, version.mechanismId)).run();
    // Close the gap so positions stay 1..n.
    const rest = tx
      .select({ id: mechanismVersions.id })
      .from(mechanismVersions)
      .where(eq(mechanismVersions.roundId, round.id))
      .orderBy(asc(mechanismVersions.position))
      .all();
    rest.forEach((v, i) =>
      tx
        .update(mechanismVersions)
        .set({ position: i + 1 })
        .where(eq(mechanismVersions.id, v.id))
        .run(),
    );
  });
}
