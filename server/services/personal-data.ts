/**
 * Personal data: a stakeholder downloads everything they contributed; a facilitator erases a
 * stakeholder on request, keeping or removing their contributions as the consultation's policy says.
 */
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { DB } from "@/db";
import {
  accounts,
  auditLog,
  comments,
  flagEndorsements,
  flags,
  invitations,
  mechanismVersions,
  memberships,
  ratings,
  rounds,
  sessions,
  users,
} from "@/db/schema";
import { PERSPECTIVE_LABELS, pseudonym } from "../domain";
import { badRequest, recordAudit, type Actor } from "./actor";
import { getStakeholder } from "./panel";

export const WITHDRAWN_NAME = "Withdrawn participant";

export function exportMine(db: DB, actor: Actor) {
  const m = actor.membership;
  const me = db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, actor.user.id)).get();
  const myRatings = db
    .select({ round: rounds.number, mechanism: mechanismVersions.name, value: ratings.value, createdAt: ratings.createdAt, updatedAt: ratings.updatedAt })
    .from(ratings)
    .innerJoin(mechanismVersions, eq(mechanismVersions.id, ratings.versionId))
    .innerJoin(rounds, eq(rounds.id, mechanismVersions.roundId))
    .where(eq(ratings.membershipId, m.id))
    .orderBy(asc(rounds.number), asc(mechanismVersions.position))
    .all();
  const myComments = db
    .select({
      id: comments.id,
      round: rounds.number,
      mechanism: mechanismVersions.name,
      flag: flags.name,
      inReplyTo: comments.parentId,
      body: comments.body,
      passage: comments.anchorQuote,
      createdAt: comments.createdAt,
      editedAt: comments.editedAt,
      deletedAt: comments.deletedAt,
      hiddenAt: comments.hiddenAt,
      hiddenReason: comments.hiddenReason,
    })
    .from(comments)
    .innerJoin(rounds, eq(rounds.id, comments.roundId))
    .leftJoin(mechanismVersions, eq(mechanismVersions.id, comments.versionId))
    .leftJoin(flags, eq(flags.id, comments.flagId))
    .where(eq(comments.membershipId, m.id))
    .orderBy(asc(comments.createdAt))
    .all();
  const myFlags = db
    .select({ round: rounds.number, name: flags.name, covers: flags.covers, whyItMatters: flags.whyItMatters, createdAt: flags.createdAt })
    .from(flags)
    .innerJoin(rounds, eq(rounds.id, flags.roundId))
    .where(eq(flags.membershipId, m.id))
    .orderBy(asc(flags.createdAt))
    .all();
  const myEndorsements = db
    .select({ flag: flags.name, createdAt: flagEndorsements.createdAt })
    .from(flagEndorsements)
    .innerJoin(flags, eq(flags.id, flagEndorsements.flagId))
    .where(eq(flagEndorsements.membershipId, m.id))
    .all();
  return {
    format: "roundtable.personal-data",
    version: 1,
    exportedAt: new Date(),
    consultation: { title: actor.consultation.title, slug: actor.consultation.slug },
    you: {
      name: m.displayName,
      email: me?.email ?? null,
      role: m.role,
      perspective: m.perspective ? PERSPECTIVE_LABELS[m.perspective] : null,
      pseudonym: m.role === "stakeholder" ? pseudonym(m) : null,
      joinedPanel: m.createdAt,
    },
    ratings: myRatings,
    comments: myComments,
    flags: myFlags,
    endorsements: myEndorsements,
  };
}

/**
 * Erases one stakeholder of this consultation. Their name, email and access go; what they
 * contributed stays under "Withdrawn participant" or is removed, per the consultation's policy.
 * Replies by others to a removed comment stay, under a note that it was deleted.
 */
export function erase(db: DB, actor: Actor, membershipId: string) {
  const policy = actor.consultation.erasurePolicy;
  return db.transaction(
    (tx) => {
      const { membership } = getStakeholder(tx, actor, membershipId);
      if (membership.withdrawnAt) badRequest("This person has already been erased.");
      const now = new Date();
      if (policy === "remove") {
        tx.delete(ratings).where(eq(ratings.membershipId, membership.id)).run();
        tx.delete(flagEndorsements).where(eq(flagEndorsements.membershipId, membership.id)).run();
        tx.delete(flags).where(eq(flags.membershipId, membership.id)).run();
        // Comments with replies become empty "deleted" placeholders; the rest go entirely.
        const mine = tx.select({ id: comments.id }).from(comments).where(eq(comments.membershipId, membership.id)).all().map((c) => c.id);
        const withReplies = mine.length
          ? tx
              .selectDistinct({ id: comments.parentId })
              .from(comments)
              .where(and(inArray(comments.parentId, mine), ne(comments.membershipId, membership.id)))
              .all()
              .map((r) => r.id!)
          : [];
        const keep = mine.filter((id) => withReplies.includes(id));
        const drop = mine.filter((id) => !withReplies.includes(id));
        if (keep.length) tx.update(comments).set({ body: "", deletedAt: now }).where(inArray(comments.id, keep)).run();
        if (drop.length) tx.delete(comments).where(inArray(comments.id, drop)).run();
      }
      tx.update(memberships).set({ displayName: WITHDRAWN_NAME, withdrawnAt: now }).where(eq(memberships.id, membership.id)).run();
      tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.membershipId, membership.id)).run();
      // The account itself goes only if it is not used for another consultation.
      const elsewhere = tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.userId, membership.userId), ne(memberships.id, membership.id)))
        .get();
      if (!elsewhere) {
        tx.delete(sessions).where(eq(sessions.userId, membership.userId)).run();
        tx.delete(accounts).where(eq(accounts.userId, membership.userId)).run();
        tx.update(users).set({ name: null, email: null, emailVerified: null, image: null }).where(eq(users.id, membership.userId)).run();
      }
      // Earlier log entries about this person keep what happened but lose their name.
      for (const entry of tx.select().from(auditLog).where(eq(auditLog.targetId, membership.id)).all()) {
        tx.update(auditLog)
          .set({ details: redact(entry.details ?? {}, membership.displayName) as Record<string, unknown> })
          .where(eq(auditLog.id, entry.id))
          .run();
      }
      // The audit entry names the pseudonym, not the person.
      recordAudit(tx, actor, "panel.erase", membership.id, { pseudonym: pseudonym(membership), policy });
      return { policy };
    },
    { behavior: "immediate" },
  );
}

/** Replaces a person's name wherever it appears in a log entry's details. */
function redact(value: unknown, name: string): unknown {
  if (typeof value === "string") return value.split(name).join(WITHDRAWN_NAME);
  if (Array.isArray(value)) return value.map((v) => redact(v, name));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, name)]));
  }
  return value;
}
