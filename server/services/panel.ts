/**
 * The panel: stakeholders added one by one or from a pasted list, their invitation state and
 * their progress in the current round.
 */
import { and, count, desc, eq, inArray, max, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import {
  comments,
  flags,
  invitations,
  meetingAnswers,
  meetingAttendance,
  meetingNotes,
  meetingQuotes,
  meetings,
  mechanismVersions,
  memberships,
  ratings,
  rounds,
  users,
} from "@/db/schema";
import { LIMITS, parsePerspective, PERSPECTIVE_LABELS, PERSPECTIVE_VALUES, pseudonym } from "@/shared/domain";
import { text } from "../validation";
import { publicUrl } from "../config";
import { linkMail, sendMail } from "../email";
import { badRequest, conflict, notFound, recordAudit, type Actor, type Tx } from "./actor";
import { activityByMember } from "./overview";
import { writeTransaction } from "@/db/transaction";

export const email = z
  .email("Enter an email address like name@example.org")
  .max(LIMITS.email.max, "Too long for an email address")
  .transform((e) => e.toLowerCase());

export const memberFields = z.object({
  name: text(LIMITS.personName),
  // Without the error map a bad address reads "Invalid input" (the union's own message).
  email: z
    .union([z.literal("").transform(() => null), email], {
      error: (issue) => issue.errors.flat().find((i) => i.code !== "invalid_value")?.message,
    })
    .nullish(),
  perspective: z.enum(PERSPECTIVE_VALUES, "Choose one of the four perspectives"),
});
export type MemberFields = z.infer<typeof memberFields>;

export type InvitationState = "none" | "link_created" | "emailed" | "joined" | "expired" | "revoked";

function invitationState(inv: typeof invitations.$inferSelect | undefined, now: number): InvitationState {
  if (!inv) return "none";
  if (inv.usedAt) return "joined";
  if (inv.revokedAt) return "revoked";
  if (inv.expiresAt.getTime() < now) return "expired";
  return inv.emailedAt ? "emailed" : "link_created";
}

export function list(db: DB, actor: Actor) {
  const cid = actor.consultation.id;
  const people = db
    .select({
      id: memberships.id,
      role: memberships.role,
      displayName: memberships.displayName,
      perspective: memberships.perspective,
      pseudonymNumber: memberships.pseudonymNumber,
      email: users.email,
      createdAt: memberships.createdAt,
      withdrawnAt: memberships.withdrawnAt,
      noteTaker: memberships.noteTaker,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.consultationId, cid))
    .orderBy(memberships.role, memberships.pseudonymNumber)
    .all();
  const ids = people.map((p) => p.id);
  const invs = ids.length
    ? db
        .select()
        .from(invitations)
        .where(inArray(invitations.membershipId, ids))
        .orderBy(desc(invitations.createdAt), desc(sql`rowid`))
        .all()
    : [];
  // Progress is counted in the open round, or else the latest closed one.
  const roundRows = db.select().from(rounds).where(eq(rounds.consultationId, cid)).all();
  const current =
    roundRows.find((r) => r.status === "open") ?? roundRows.filter((r) => r.status === "closed").sort((a, b) => b.number - a.number)[0];
  const total = current ? db.select({ n: count() }).from(mechanismVersions).where(eq(mechanismVersions.roundId, current.id)).get()!.n : 0;
  const activity = current ? activityByMember(db, current.id) : null;
  const now = Date.now();
  return {
    round: current ? { number: current.number, status: current.status, total } : null,
    members: people.map((p) => {
      const own = invs.filter((i) => i.membershipId === p.id);
      const latest = own[0];
      return {
        id: p.id,
        role: p.role,
        name: p.displayName,
        email: p.email,
        perspective: p.perspective,
        perspectiveLabel: p.perspective ? PERSPECTIVE_LABELS[p.perspective] : null,
        pseudonym: p.role === "stakeholder" ? pseudonym(p) : null,
        withdrawn: p.withdrawnAt !== null,
        noteTaker: p.noteTaker,
        invitation: {
          state: invitationState(latest, now),
          expiresAt: latest?.expiresAt ?? null,
          emailedAt: latest?.emailedAt ?? null,
          everJoined: own.some((i) => i.usedAt),
        },
        rated: activity?.rated.get(p.id) ?? 0,
        comments: activity?.commented.get(p.id) ?? 0,
        flags: activity?.flagged.get(p.id) ?? 0,
      };
    }),
  };
}

function nextPseudonym(tx: Tx, consultationId: string): number {
  const row = tx
    .select({ last: max(memberships.pseudonymNumber) })
    .from(memberships)
    .where(eq(memberships.consultationId, consultationId))
    .get();
  return (row?.last ?? 0) + 1;
}

function insertMember(tx: Tx, actor: Actor, m: MemberFields, pseudonymNumber: number): string {
  let userId: string;
  const existing = m.email ? tx.select({ id: users.id }).from(users).where(eq(users.email, m.email)).get() : undefined;
  if (existing) {
    const already = tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.consultationId, actor.consultation.id), eq(memberships.userId, existing.id)))
      .get();
    if (already) conflict(`${m.email} is already a member of this consultation.`);
    userId = existing.id;
  } else {
    userId = tx
      .insert(users)
      .values({ name: m.name, email: m.email ?? null })
      .returning({ id: users.id })
      .get().id;
  }
  return tx
    .insert(memberships)
    .values({
      consultationId: actor.consultation.id,
      userId,
      role: "stakeholder",
      perspective: m.perspective,
      pseudonymNumber,
      displayName: m.name,
    })
    .returning({ id: memberships.id })
    .get().id;
}

export function add(db: DB, actor: Actor, m: MemberFields) {
  return writeTransaction(db, (tx) => {
    const id = insertMember(tx, actor, m, nextPseudonym(tx, actor.consultation.id));
    recordAudit(tx, actor, "panel.add", id, { name: m.name, perspective: m.perspective });
    return { id };
  });
}

/** Parses "name, email, perspective" lines (comma, semicolon or tab); email is optional. */
export function parsePanelList(raw: string): { members: MemberFields[]; errors: string[] } {
  const lines = raw
    .split(/\r?\n/)
    .map((l, i) => ({ text: l.trim(), n: i + 1 }))
    .filter((l) => l.text);
  const errors: string[] = [];
  const members: MemberFields[] = [];
  if (lines.length === 0) errors.push("Paste at least one line: name, email (optional), perspective.");
  if (lines.length > LIMITS.pasteLines.max) {
    errors.push(`Paste at most ${LIMITS.pasteLines.max} lines at a time (you pasted ${lines.length}).`);
    return { members, errors };
  }
  const seen = new Set<string>();
  for (const line of lines) {
    const parts = line.text
      .split(/\t|;|,/)
      .map((p) => p.trim())
      .filter(Boolean);
    const emailPart = parts.find((p) => p.includes("@"));
    const rest = parts.filter((p) => p !== emailPart);
    const name = rest[0] ?? "";
    const perspective = rest.length > 1 ? parsePerspective(rest[rest.length - 1]) : null;
    if (rest.length < 2 || !perspective) {
      errors.push(
        `Line ${line.n}: give a name and a perspective (practitioner, service user, opinion leader or researcher)${rest.length >= 2 ? `; "${rest[rest.length - 1].slice(0, 40)}" is not one of them` : ""}.`,
      );
      continue;
    }
    const parsed = memberFields.safeParse({ name, email: emailPart ?? null, perspective });
    if (!parsed.success) {
      errors.push(`Line ${line.n}: ${parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; ")}.`);
      continue;
    }
    if (parsed.data.email) {
      if (seen.has(parsed.data.email)) {
        errors.push(`Line ${line.n}: ${parsed.data.email} appears twice in the list.`);
        continue;
      }
      seen.add(parsed.data.email);
    }
    members.push(parsed.data);
  }
  return { members, errors };
}

/** All or nothing: a single bad line leaves the panel as it was and says which line. */
export function addMany(db: DB, actor: Actor, raw: string) {
  const { members, errors } = parsePanelList(raw);
  if (errors.length) {
    badRequest(`Nobody was added. ${errors.slice(0, 8).join(" ")}${errors.length > 8 ? ` (and ${errors.length - 8} more problems)` : ""}`);
  }
  return writeTransaction(db, (tx) => {
    let next = nextPseudonym(tx, actor.consultation.id);
    for (const m of members) insertMember(tx, actor, m, next++);
    recordAudit(tx, actor, "panel.add_many", null, { count: members.length });
    return { added: members.length };
  });
}

export function getStakeholder(db: DB | Tx, actor: Actor, membershipId: string) {
  const m = db
    .select({ membership: memberships, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.id, membershipId), eq(memberships.consultationId, actor.consultation.id)))
    .get();
  if (!m) notFound("This panel member");
  if (m.membership.role !== "stakeholder") badRequest("Facilitators do not need invitations.");
  return m;
}

export const memberUpdate = z.object({
  membershipId: z.uuid("Unknown panel member"),
  name: text(LIMITS.personName),
  perspective: z.enum(PERSPECTIVE_VALUES, "Choose one of the four perspectives"),
});

export function update(db: DB, actor: Actor, input: z.infer<typeof memberUpdate>) {
  return writeTransaction(db, (tx) => {
    const { membership } = getStakeholder(tx, actor, input.membershipId);
    tx.update(memberships).set({ displayName: input.name, perspective: input.perspective }).where(eq(memberships.id, membership.id)).run();
    recordAudit(tx, actor, "panel.update", membership.id, {
      before: { name: membership.displayName, perspective: membership.perspective },
      after: { name: input.name, perspective: input.perspective },
    });
  });
}

export const noteTakerInput = z.object({
  membershipId: z.uuid("Unknown panel member"),
  noteTaker: z.boolean({ error: "Say whether they can take meeting notes" }),
});

/** Lets a stakeholder take notes and quotes in meetings (noteTakerProcedure), or stops it. */
export function setNoteTaker(db: DB, actor: Actor, input: z.infer<typeof noteTakerInput>) {
  return writeTransaction(db, (tx) => {
    const { membership } = getStakeholder(tx, actor, input.membershipId);
    if (membership.withdrawnAt) badRequest("This person was erased at their request and is no longer on the panel.");
    if (membership.noteTaker === input.noteTaker) return { changed: false };
    tx.update(memberships).set({ noteTaker: input.noteTaker }).where(eq(memberships.id, membership.id)).run();
    recordAudit(tx, actor, input.noteTaker ? "panel.note_taker_grant" : "panel.note_taker_remove", membership.id, {
      name: membership.displayName,
    });
    return { changed: true };
  });
}

/**
 * Removing is for people added by mistake; anyone who has contributed stays on the record.
 * Deleting the membership would cascade away their meeting answers and attendance, leave quotes
 * said by them unattributed and notes they took without an author, so those count too.
 */
export function remove(db: DB, actor: Actor, membershipId: string) {
  return writeTransaction(db, (tx) => {
    const { membership } = getStakeholder(tx, actor, membershipId);
    const contributed =
      tx.select({ n: count() }).from(ratings).where(eq(ratings.membershipId, membership.id)).get()!.n +
      tx.select({ n: count() }).from(comments).where(eq(comments.membershipId, membership.id)).get()!.n +
      tx.select({ n: count() }).from(flags).where(eq(flags.membershipId, membership.id)).get()!.n +
      tx.select({ n: count() }).from(meetingAnswers).where(eq(meetingAnswers.membershipId, membership.id)).get()!.n +
      tx.select({ n: count() }).from(meetingAttendance).where(eq(meetingAttendance.membershipId, membership.id)).get()!.n +
      tx.select({ n: count() }).from(meetingQuotes).where(eq(meetingQuotes.membershipId, membership.id)).get()!.n +
      // Notes and quotes they took as a note-taker: by account, so only this consultation's meetings.
      tx
        .select({ n: count() })
        .from(meetingNotes)
        .innerJoin(meetings, eq(meetings.id, meetingNotes.meetingId))
        .where(and(eq(meetingNotes.authorId, membership.userId), eq(meetings.consultationId, actor.consultation.id)))
        .get()!.n +
      tx
        .select({ n: count() })
        .from(meetingQuotes)
        .innerJoin(meetings, eq(meetings.id, meetingQuotes.meetingId))
        .where(and(eq(meetingQuotes.recordedBy, membership.userId), eq(meetings.consultationId, actor.consultation.id)))
        .get()!.n;
    if (contributed > 0) {
      badRequest(
        `${membership.displayName} has already responded or taken part in a meeting, so they stay on the record. Revoke their invitation link to stop further access, or use Erase if they ask for their personal data to be removed.`,
      );
    }
    tx.delete(memberships).where(eq(memberships.id, membership.id)).run();
    recordAudit(tx, actor, "panel.remove", membership.id, { name: membership.displayName });
  });
}

export const facilitatorFields = z.object({
  name: text(LIMITS.personName),
  email,
});

/**
 * Adds a co-facilitator (a review usually has two to five). They sign in with their email address;
 * the email sent here tells them so. Someone already on the panel cannot also facilitate it.
 */
export async function addFacilitator(db: DB, actor: Actor, input: z.infer<typeof facilitatorFields>) {
  const id = writeTransaction(db, (tx) => {
    const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get();
    if (existing) {
      const member = tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.consultationId, actor.consultation.id), eq(memberships.userId, existing.id)))
        .get();
      if (member) {
        conflict(
          member.role === "facilitator"
            ? `${input.email} already facilitates this consultation.`
            : `${input.email} is on this consultation's panel; a panel member cannot also facilitate it.`,
        );
      }
    }
    const userId = existing?.id ?? tx.insert(users).values({ name: input.name, email: input.email }).returning({ id: users.id }).get().id;
    const membershipId = tx
      .insert(memberships)
      .values({ consultationId: actor.consultation.id, userId, role: "facilitator", displayName: input.name })
      .returning({ id: memberships.id })
      .get().id;
    recordAudit(tx, actor, "panel.add_facilitator", membershipId, { name: input.name });
    return membershipId;
  });
  const url = `${publicUrl()}/signin?callbackUrl=${encodeURIComponent(`/c/${actor.consultation.slug}`)}`;
  try {
    await sendMail(
      linkMail({
        to: input.email,
        subject: `You now facilitate: ${actor.consultation.title}`,
        intro: `Hello ${input.name}, ${actor.user.name ?? "a colleague"} added you as a facilitator of "${actor.consultation.title}" on Roundtable. Sign in with this email address; we will send you a link, no password needed.`,
        action: "Sign in to Roundtable",
        url,
        footer: "If you did not expect this, you can ignore this email.",
      }),
    );
  } catch (error) {
    // They are added either way; the page says how they can sign in.
    console.error("[email] facilitator notice not sent", error);
  }
  return { id };
}
