/**
 * Personal invitation links (our own tokens: random, stored as SHA-256, single use, expiring,
 * revocable) and the sign-in links the operator command line prints (Auth.js verification tokens).
 */
import crypto from "node:crypto";
import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import type { DB } from "@/db";
import { consultations, invitations, memberships, sessions, users, verificationTokens } from "@/db/schema";
import { INVITATION_DAYS, publicUrl } from "../config";
import { linkMail, sendMail } from "../email";
import { badRequest, recordAudit, type Actor, type Tx } from "./actor";
import { getStakeholder } from "./panel";
import { writeTransaction } from "@/db/transaction";

const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_DAYS = 30;

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

function newToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

function revokeActive(tx: Tx, membershipId: string, now: Date): number {
  return tx
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(eq(invitations.membershipId, membershipId), isNull(invitations.usedAt), isNull(invitations.revokedAt)))
    .run().changes;
}

/** A new link for one stakeholder; `replace` makes any earlier unused link stop working. */
function issue(tx: Tx, actor: Actor, membershipId: string, emailed: boolean, replace = true) {
  const now = new Date();
  if (replace) revokeActive(tx, membershipId, now);
  const token = newToken();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * DAY_MS);
  const row = tx
    .insert(invitations)
    .values({
      membershipId,
      tokenHash: hashToken(token),
      createdBy: actor.user.id,
      createdAt: now,
      expiresAt,
      emailedAt: emailed ? now : null,
    })
    .returning({ id: invitations.id })
    .get();
  return { id: row.id, path: `/invite/${token}`, expiresAt };
}

/**
 * New personal links for several stakeholders at once (the round emails), in one transaction.
 * Earlier unused links are left working: the person may still have an earlier invitation in their
 * inbox or bookmarked, and a round email should add a way in, not take one away. Each link still
 * works once and expires on its own. The caller has checked the memberships are its own stakeholders.
 */
export function issueEmailedLinks(db: DB, actor: Actor, membershipIds: string[]) {
  return writeTransaction(db, (tx) => new Map(membershipIds.map((id) => [id, issue(tx, actor, id, true, false)] as const)));
}

/** Deletes links whose email could not be sent: nobody ever received them. */
export function discardLinks(db: DB, invitationIds: string[]) {
  if (invitationIds.length === 0) return;
  db.delete(invitations).where(inArray(invitations.id, invitationIds)).run();
}

export function createLink(db: DB, actor: Actor, membershipId: string) {
  return writeTransaction(db, (tx) => {
    const { membership } = getStakeholder(tx, actor, membershipId);
    if (membership.withdrawnAt) badRequest("This person was erased at their request and cannot be invited again.");
    const { path, expiresAt } = issue(tx, actor, membership.id, false);
    recordAudit(tx, actor, "invitation.link", membership.id, { name: membership.displayName });
    return { path, expiresAt };
  });
}

/**
 * Emails a new link. Earlier links keep working until the mail has gone, so a mail failure
 * never leaves the person without a working link.
 */
export async function sendByEmail(db: DB, actor: Actor, membershipId: string) {
  const { membership, email } = getStakeholder(db, actor, membershipId);
  if (membership.withdrawnAt) badRequest("This person was erased at their request and cannot be invited again.");
  if (!email) badRequest(`${membership.displayName} has no email address: copy their personal link instead.`);
  const link = writeTransaction(db, (tx) => issue(tx, actor, membership.id, true, false));
  try {
    await sendMail(
      linkMail({
        to: email,
        subject: `Invitation: ${actor.consultation.title}`,
        intro: `Hello ${membership.displayName}, you are invited to join the stakeholder panel of "${actor.consultation.title}" on Roundtable. You do not need a password: the button below signs you in.`,
        action: "Join the consultation",
        url: `${publicUrl()}${link.path}`,
        footer: `This personal link is for you only. It works once and expires on ${link.expiresAt.toUTCString()}. If it stops working, ask the research team for a new one.`,
      }),
    );
  } catch (error) {
    db.delete(invitations).where(eq(invitations.id, link.id)).run();
    console.error("[email] invitation not sent", error);
    badRequest("The email could not be sent. Check the mail settings, or copy the personal link instead.");
  }
  writeTransaction(db, (tx) => {
    tx.update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.membershipId, membership.id),
          ne(invitations.id, link.id),
          isNull(invitations.usedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .run();
    recordAudit(tx, actor, "invitation.email", membership.id, { name: membership.displayName });
  });
  return { expiresAt: link.expiresAt };
}

export function revoke(db: DB, actor: Actor, membershipId: string) {
  return writeTransaction(db, (tx) => {
    const { membership } = getStakeholder(tx, actor, membershipId);
    const n = revokeActive(tx, membership.id, new Date());
    if (n === 0) badRequest(`${membership.displayName} has no unused link to revoke.`);
    recordAudit(tx, actor, "invitation.revoke", membership.id, { name: membership.displayName });
  });
}

export type InvitationCheck =
  | { state: "valid"; name: string; consultationTitle: string; slug: string }
  | { state: "used" | "expired" | "revoked"; name: string; consultationTitle: string; slug: string }
  | { state: "unknown" };

function lookup(db: DB | Tx, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return db
    .select({
      invitation: invitations,
      name: memberships.displayName,
      userId: memberships.userId,
      consultationTitle: consultations.title,
      slug: consultations.slug,
    })
    .from(invitations)
    .innerJoin(memberships, eq(memberships.id, invitations.membershipId))
    .innerJoin(consultations, eq(consultations.id, memberships.consultationId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .get();
}

export function check(db: DB | Tx, token: string, now = new Date()): InvitationCheck {
  const row = lookup(db, token);
  if (!row) return { state: "unknown" };
  const inv = row.invitation;
  const base = { name: row.name, consultationTitle: row.consultationTitle, slug: row.slug };
  if (inv.usedAt) return { state: "used", ...base };
  if (inv.revokedAt) return { state: "revoked", ...base };
  if (inv.expiresAt.getTime() <= now.getTime()) return { state: "expired", ...base };
  return { state: "valid", ...base };
}

/** Uses up the link and opens a database session for its stakeholder, in one transaction. */
export function accept(db: DB, token: string) {
  return writeTransaction(db, (tx) => {
    const now = new Date();
    const result = check(tx, token, now);
    if (result.state !== "valid") return { ok: false as const, result };
    const row = lookup(tx, token)!;
    tx.update(invitations).set({ usedAt: now }).where(eq(invitations.id, row.invitation.id)).run();
    const sessionToken = crypto.randomUUID();
    const expires = new Date(now.getTime() + SESSION_DAYS * DAY_MS);
    tx.insert(sessions).values({ sessionToken, userId: row.userId, expires }).run();
    return { ok: true as const, sessionToken, expires, slug: row.slug };
  });
}

/**
 * A one-time Auth.js email sign-in link, made without sending mail: the operator's way in.
 * The token is stored the way Auth.js stores it (SHA-256 of token + secret).
 */
export function createSignInLink(db: DB, emailAddress: string, secret: string, callbackPath = "/") {
  const identifier = emailAddress.trim().toLowerCase();
  const user = db.select({ id: users.id }).from(users).where(eq(users.email, identifier)).get();
  if (!user) return null;
  const token = newToken();
  db.insert(verificationTokens)
    .values({
      identifier,
      token: crypto.createHash("sha256").update(`${token}${secret}`).digest("hex"),
      expires: new Date(Date.now() + DAY_MS),
    })
    .run();
  const params = new URLSearchParams({ callbackUrl: `${publicUrl()}${callbackPath}`, token, email: identifier });
  return `${publicUrl()}/api/auth/callback/email?${params}`;
}
