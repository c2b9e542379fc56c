/** Who is acting, as the base procedures establish it; services take this instead of a request. */
import type { DB } from "@/db";
import { auditLog, type consultations, type memberships } from "@/db/schema";
import { DomainError } from "../errors";

/** The signed-in person, as the session look-up gives it. */
export type SessionUser = { id: string; name: string | null; email: string | null };

export type Consultation = typeof consultations.$inferSelect;
export type Membership = typeof memberships.$inferSelect;

export type Actor = { user: SessionUser; consultation: Consultation; membership: Membership };

export type { Tx } from "@/db/transaction";
import type { Tx } from "@/db/transaction";

export function notFound(what: string): never {
  throw new DomainError("NOT_FOUND", `${what} was not found.`);
}

export function conflict(message: string): never {
  throw new DomainError("CONFLICT", message);
}

export function forbidden(message: string): never {
  throw new DomainError("FORBIDDEN", message);
}

export function badRequest(message: string): never {
  throw new DomainError("BAD_REQUEST", message);
}

export function recordAudit(
  db: DB | Tx,
  actor: Actor,
  action: string,
  targetId: string | null,
  details: Record<string, unknown> = {},
): void {
  db.insert(auditLog)
    .values({
      consultationId: actor.consultation.id,
      actorId: actor.user.id,
      action,
      targetId,
      details,
    })
    .run();
}

/**
 * An entry for something Roundtable did by itself (a round closing at its closing time): no person
 * acted, so there is no actor; the log shows such entries as done by Roundtable.
 */
export function recordSystemAudit(
  db: DB | Tx,
  consultationId: string,
  action: string,
  targetId: string | null,
  details: Record<string, unknown> = {},
): void {
  db.insert(auditLog).values({ consultationId, actorId: null, action, targetId, details }).run();
}
