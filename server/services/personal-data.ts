/**
 * Personal data: a stakeholder downloads everything they contributed; a facilitator erases a
 * stakeholder on request, keeping or removing their contributions as the consultation's policy says.
 */
import { and, asc, count, eq, inArray, isNull, ne } from "drizzle-orm";
import type { DB } from "@/db";
import {
  accounts,
  auditLog,
  comments,
  flagEndorsements,
  flags,
  invitations,
  meetingAnswers,
  meetingAttendance,
  meetingItems,
  meetingNotes,
  meetingQuestions,
  meetingQuotes,
  meetings,
  mechanismVersions,
  memberships,
  ratings,
  rounds,
  sessions,
  users,
} from "@/db/schema";
import { PERSPECTIVE_LABELS, pseudonym } from "@/shared/domain";
import { badRequest, recordAudit, type Actor, type Membership, type Tx } from "./actor";
import { getStakeholder } from "./panel";
import { writeTransaction } from "@/db/transaction";

export const WITHDRAWN_NAME = "Withdrawn participant";

export function exportMine(db: DB, actor: Actor) {
  const m = actor.membership;
  const me = db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, actor.user.id)).get();
  const myRatings = db
    .select({
      round: rounds.number,
      mechanism: mechanismVersions.name,
      value: ratings.value,
      createdAt: ratings.createdAt,
      updatedAt: ratings.updatedAt,
    })
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
  // Meetings: what was quoted as theirs, when they were there, and their answers to quick questions.
  const itemTitle = (i: { title: string | null; mechanism: string | null }) => i.mechanism ?? i.title ?? null;
  const myQuotes = db
    .select({
      meeting: meetings.title,
      round: rounds.number,
      itemTitle: meetingItems.title,
      mechanism: mechanismVersions.name,
      quote: meetingQuotes.body,
      recordedAt: meetingQuotes.createdAt,
    })
    .from(meetingQuotes)
    .innerJoin(meetings, eq(meetings.id, meetingQuotes.meetingId))
    .innerJoin(rounds, eq(rounds.id, meetings.roundId))
    .leftJoin(meetingItems, eq(meetingItems.id, meetingQuotes.itemId))
    .leftJoin(mechanismVersions, eq(mechanismVersions.id, meetingItems.versionId))
    .where(eq(meetingQuotes.membershipId, m.id))
    .orderBy(asc(meetingQuotes.createdAt))
    .all()
    .map(({ itemTitle: title, mechanism, ...q }) => ({ ...q, agendaItem: itemTitle({ title, mechanism }) }));
  const myAttendance = db
    .select({ meeting: meetings.title, round: rounds.number, source: meetingAttendance.source, since: meetingAttendance.joinedAt })
    .from(meetingAttendance)
    .innerJoin(meetings, eq(meetings.id, meetingAttendance.meetingId))
    .innerJoin(rounds, eq(rounds.id, meetings.roundId))
    .where(eq(meetingAttendance.membershipId, m.id))
    .orderBy(asc(meetingAttendance.joinedAt))
    .all()
    .map((a) => ({ ...a, source: a.source === "joined" ? "joined from your device" : "recorded by a facilitator" }));
  const myAnswers = db
    .select({
      meeting: meetings.title,
      question: meetingQuestions.prompt,
      answer: meetingAnswers.body,
      createdAt: meetingAnswers.createdAt,
    })
    .from(meetingAnswers)
    .innerJoin(meetingQuestions, eq(meetingQuestions.id, meetingAnswers.questionId))
    .innerJoin(meetings, eq(meetings.id, meetingQuestions.meetingId))
    .where(eq(meetingAnswers.membershipId, m.id))
    .orderBy(asc(meetingAnswers.createdAt))
    .all();
  const myNotes = db
    .select({ meeting: meetings.title, note: meetingNotes.body, createdAt: meetingNotes.createdAt })
    .from(meetingNotes)
    .innerJoin(meetings, eq(meetings.id, meetingNotes.meetingId))
    .where(and(eq(meetingNotes.authorId, actor.user.id), eq(meetings.consultationId, actor.consultation.id)))
    .orderBy(asc(meetingNotes.createdAt))
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
    meetings: { quotesAttributedToYou: myQuotes, attendance: myAttendance, quickQuestionAnswers: myAnswers, notesYouTook: myNotes },
  };
}

/**
 * Erases one stakeholder of this consultation. Their name, email and access go; what they
 * contributed stays under "Withdrawn participant" or is removed, per the consultation's policy.
 * Replies by others to a removed comment stay, under a note that it was deleted.
 */
export function erase(db: DB, actor: Actor, membershipId: string) {
  const policy = actor.consultation.erasurePolicy;
  return writeTransaction(db, (tx) => {
    const { membership } = getStakeholder(tx, actor, membershipId);
    if (membership.withdrawnAt) badRequest("This person has already been erased.");
    const now = new Date();
    if (policy === "remove") {
      tx.delete(ratings).where(eq(ratings.membershipId, membership.id)).run();
      tx.delete(flagEndorsements).where(eq(flagEndorsements.membershipId, membership.id)).run();
      tx.delete(flags).where(eq(flags.membershipId, membership.id)).run();
      // Comments with replies become empty "deleted" placeholders; the rest go entirely.
      const mine = tx
        .select({ id: comments.id })
        .from(comments)
        .where(eq(comments.membershipId, membership.id))
        .all()
        .map((c) => c.id);
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
    eraseFromMeetings(tx, actor, membership, policy);
    tx.update(memberships)
      .set({ displayName: WITHDRAWN_NAME, withdrawnAt: now, noteTaker: false })
      .where(eq(memberships.id, membership.id))
      .run();
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
  });
}

/** At least this many current panel members must share a perspective for it to stay on an erased person's quotes. */
export const QUOTE_PERSPECTIVE_MIN_OTHERS = 2;

/**
 * Meetings, whatever the policy: their quick-question answers and their attendance are deleted.
 * Quotes attributed to them are deleted under the "remove" policy; under "anonymise" they are
 * detached from the person and keep only the perspective, and only when at least
 * QUOTE_PERSPECTIVE_MIN_OTHERS other current members share it: in a panel with one carer, "a
 * patient, service user or carer" would still name them, so such quotes become unattributed.
 * Notes and quotes they took as a note-taker stay in the record without their name.
 */
function eraseFromMeetings(tx: Tx, actor: Actor, membership: Membership, policy: "anonymise" | "remove") {
  tx.delete(meetingAnswers).where(eq(meetingAnswers.membershipId, membership.id)).run();
  tx.delete(meetingAttendance).where(eq(meetingAttendance.membershipId, membership.id)).run();
  if (policy === "remove") {
    tx.delete(meetingQuotes).where(eq(meetingQuotes.membershipId, membership.id)).run();
  } else {
    const others = membership.perspective
      ? tx
          .select({ n: count() })
          .from(memberships)
          .where(
            and(
              eq(memberships.consultationId, actor.consultation.id),
              eq(memberships.role, "stakeholder"),
              eq(memberships.perspective, membership.perspective),
              isNull(memberships.withdrawnAt),
              ne(memberships.id, membership.id),
            ),
          )
          .get()!.n
      : 0;
    const perspective = others >= QUOTE_PERSPECTIVE_MIN_OTHERS ? membership.perspective : null;
    tx.update(meetingQuotes).set({ membershipId: null, perspective }).where(eq(meetingQuotes.membershipId, membership.id)).run();
  }
  const ownMeetings = tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.consultationId, actor.consultation.id));
  tx.update(meetingNotes)
    .set({ authorId: null })
    .where(and(eq(meetingNotes.authorId, membership.userId), inArray(meetingNotes.meetingId, ownMeetings)))
    .run();
  tx.update(meetingQuotes)
    .set({ recordedBy: null })
    .where(and(eq(meetingQuotes.recordedBy, membership.userId), inArray(meetingQuotes.meetingId, ownMeetings)))
    .run();
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
