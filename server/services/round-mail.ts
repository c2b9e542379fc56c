/**
 * The emails a round sends the panel: "round N is open" when it is published, and reminders to
 * those who have not responded. Each carries the person's personal sign-in link. Mail goes out
 * after the database work has committed, so a failed email never undoes a publish.
 */
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { auditLog, memberships, users } from "@/db/schema";
import { publicUrl } from "../config";
import type { MeetingMode } from "@/shared/domain";
import { linkMail, sendEach } from "../email";
import { formatUkMoment } from "../uk-time";
import { badRequest, conflict, recordAudit, type Actor } from "./actor";
import { discardLinks, issueEmailedLinks } from "./invitations";
import { activityByMember } from "./overview";
import * as rounds from "./rounds";
import { getRound, type Round } from "./round-state";

/** What the facilitator is told after a round email: how many went, and who has no address. */
export type MailReport = { emailed: number; failed: number; withoutEmail: string[] };

/** At most one reminder per round per hour, so the panel is not flooded. */
export const REMINDER_GAP_MS = 60 * 60 * 1000;

/** How the round runs, as a sentence for the email. */
const MEETING_SENTENCES: Record<MeetingMode, string> = {
  none: "There is no meeting in this round: you respond online, in your own time.",
  in_person: "This round includes a meeting in person; the research team will send you its details.",
  online: "This round includes an online meeting (a video call); the research team will send you its details.",
  drafts_before_meeting: "The drafts come to you before a meeting: please read and rate them ahead of it.",
};

type Person = { id: string; name: string; email: string | null };

/** The panel as email sees it: stakeholders still on it (not erased), in pseudonym order. */
function panel(db: DB, consultationId: string): Person[] {
  return db
    .select({ id: memberships.id, name: memberships.displayName, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.consultationId, consultationId), eq(memberships.role, "stakeholder"), isNull(memberships.withdrawnAt)))
    .orderBy(asc(memberships.pseudonymNumber))
    .all();
}

/** The start of the instructions, for an email: the first paragraph, at most about 300 characters. */
export function instructionsSummary(instructions: string): string {
  const first =
    instructions
      .trim()
      .split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, " ") ?? "";
  if (first.length <= 300) return first;
  const cut = first.slice(0, 300);
  return `${cut.slice(0, cut.lastIndexOf(" ") > 200 ? cut.lastIndexOf(" ") : 300)}…`;
}

function roundLines(round: Round, kind: "open" | "reminder"): string[] {
  const lines: string[] = [];
  if (kind === "open" && round.instructions.trim()) lines.push(`What we ask of you: ${instructionsSummary(round.instructions)}`);
  lines.push(MEETING_SENTENCES[round.meetingMode]);
  if (round.closesAt) lines.push(`The round closes at ${formatUkMoment(round.closesAt)} (UK time).`);
  return lines;
}

/**
 * Emails each person a new personal link with the round's details. Links whose email failed are
 * deleted again (nobody received them); the rest keep working like any other invitation.
 */
async function mailLinks(db: DB, actor: Actor, round: Round, people: Person[], kind: "open" | "reminder") {
  const recipients = people.filter((p): p is Person & { email: string } => !!p.email);
  if (recipients.length === 0) return { emailed: 0, failed: 0 };
  // A new link rather than a reused one: only hashes of links are kept, so an earlier link cannot
  // be sent again, and a used one no longer works anyway. Earlier unused links keep working
  // (issueEmailedLinks), so nobody finds the link they bookmarked or kept in their inbox dead.
  const links = issueEmailedLinks(
    db,
    actor,
    recipients.map((p) => p.id),
  );
  const title = actor.consultation.title;
  const mails = recipients.map((p) => {
    const link = links.get(p.id)!;
    return linkMail({
      to: p.email,
      subject: kind === "open" ? `Round ${round.number} is open: ${title}` : `Reminder: round ${round.number} of ${title}`,
      intro:
        kind === "open"
          ? `Hello ${p.name}, round ${round.number} of the consultation "${title}" is now open for your views: ${round.title}.`
          : `Hello ${p.name}, round ${round.number} of the consultation "${title}" is open, and we have not had your response yet. Every view on the panel counts: a few minutes help.`,
      lines: roundLines(round, kind),
      action: `Open round ${round.number}`,
      url: `${publicUrl()}${link.path}`,
      footer: `This link is for you only and signs you in without a password. It works once and expires at ${formatUkMoment(link.expiresAt)} (UK time). After that, sign in at ${publicUrl()}/signin with this email address.`,
    });
  });
  const sent = await sendEach(mails);
  discardLinks(
    db,
    recipients.filter((_, i) => !sent[i]).map((p) => links.get(p.id)!.id),
  );
  const emailed = sent.filter(Boolean).length;
  return { emailed, failed: sent.length - emailed };
}

/**
 * Publishes the round (rounds.publish: one transaction, refused as a whole), then emails every
 * stakeholder with an email address. Nothing here undoes the publish: a failure is counted.
 */
export async function publishAndAnnounce(db: DB, actor: Actor, number: number): Promise<MailReport> {
  const round = rounds.publish(db, actor, number);
  const people = panel(db, actor.consultation.id);
  const withoutEmail = people.filter((p) => !p.email).map((p) => p.name);
  let result = { emailed: 0, failed: people.length - withoutEmail.length };
  try {
    result = await mailLinks(db, actor, round, people, "open");
  } catch (error) {
    console.error(`[email] round ${round.number} published, but its emails could not be prepared`, error);
  }
  // Only when there was someone to email: the entry says who was told the round is open.
  if (result.emailed + result.failed > 0) {
    recordAudit(db, actor, "round.announce", round.id, { number: round.number, ...result, withoutEmail: withoutEmail.length });
  }
  return { ...result, withoutEmail };
}

/** When the last reminder that reached anyone went, for this round. */
function lastReminderAt(db: DB, actor: Actor, roundId: string): Date | null {
  return (
    db
      .select({ at: auditLog.createdAt })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.consultationId, actor.consultation.id),
          eq(auditLog.action, "round.remind"),
          eq(auditLog.targetId, roundId),
          sql`json_extract(${auditLog.details}, '$.emailed') > 0`,
        ),
      )
      .orderBy(desc(auditLog.createdAt))
      .limit(1)
      .get()?.at ?? null
  );
}

/** Who a reminder would reach now: stakeholders with no rating, comment or flag in the round. */
function waiting(db: DB, actor: Actor, round: Round) {
  const people = panel(db, actor.consultation.id);
  const activity = activityByMember(db, round.id);
  const notYet = people.filter((p) => !activity.rated.get(p.id) && !activity.commented.get(p.id) && !activity.flagged.get(p.id));
  return {
    panelSize: people.length,
    withEmail: notYet.filter((p) => p.email),
    withoutEmail: notYet.filter((p) => !p.email).map((p) => p.name),
  };
}

/** What the reminder button needs to know: who is left, and whether a reminder may go now. */
export function reminderStatus(db: DB, actor: Actor, number: number) {
  const round = getRound(db, actor, { number });
  const w = waiting(db, actor, round);
  const last = lastReminderAt(db, actor, round.id);
  const nextAt = last && last.getTime() + REMINDER_GAP_MS > Date.now() ? new Date(last.getTime() + REMINDER_GAP_MS) : null;
  return {
    status: round.status,
    panelSize: w.panelSize,
    waitingWithEmail: w.withEmail.length,
    waitingWithoutEmail: w.withoutEmail,
    lastSentAt: last,
    nextAt,
  };
}

// Reminders being sent by this process, so a double click or two facilitators at once send one.
const sending = new Set<string>();

export async function remind(db: DB, actor: Actor, number: number): Promise<MailReport> {
  const round = getRound(db, actor, { number });
  if (round.status !== "open") {
    badRequest(
      round.status === "draft"
        ? `Round ${round.number} has not been published yet, so there is nobody to remind.`
        : `Round ${round.number} is closed: reminders can only be sent while a round is open.`,
    );
  }
  const now = Date.now();
  const last = lastReminderAt(db, actor, round.id);
  if (last && now - last.getTime() < REMINDER_GAP_MS) {
    badRequest(
      `A reminder for round ${round.number} went at ${formatUkMoment(last, { now })} (UK time). So that the panel is not flooded, the next one can go from ${formatUkMoment(last.getTime() + REMINDER_GAP_MS, { weekday: false, now })}.`,
    );
  }
  const w = waiting(db, actor, round);
  if (w.withEmail.length === 0) {
    badRequest(
      w.withoutEmail.length === 0
        ? "Everyone on the panel has responded: there is nobody to remind."
        : `Nobody who has not responded has an email address (${w.withoutEmail.length} without one): give them their link from the Panel page.`,
    );
  }
  if (sending.has(round.id)) conflict(`A reminder for round ${round.number} is being sent right now.`);
  sending.add(round.id);
  try {
    const result = await mailLinks(db, actor, round, w.withEmail, "reminder");
    recordAudit(db, actor, "round.remind", round.id, { number: round.number, ...result, withoutEmail: w.withoutEmail.length });
    return { ...result, withoutEmail: w.withoutEmail };
  } finally {
    sending.delete(round.id);
  }
}
