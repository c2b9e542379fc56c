/**
 * The errors services throw: a kind and a sentence for the person who caused it. Services know
 * nothing of tRPC or HTTP; the tRPC boundary (server/trpc.ts) and the download routes map the kind
 * to their own codes.
 */
export type DomainErrorKind = "BAD_REQUEST" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT";

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** The HTTP status of each kind, for routes that answer without tRPC. */
export const HTTP_STATUS: Record<DomainErrorKind, number> = { BAD_REQUEST: 400, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

/** What a person reads when another process holds the database's write lock too long (HTTP 503). */
export const BUSY_MESSAGE = "The database is busy just now, so nothing was saved. Please try again in a moment.";
