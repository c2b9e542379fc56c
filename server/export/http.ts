/**
 * The download route's work (app/c/[slug]/export/route.ts), as a function of the database and the
 * request so tests can call it: 401 signed out, 404 for a consultation that is not the caller's,
 * 403 for a stakeholder, 400 for a query that does not make sense, and otherwise the file as an
 * attachment that no cache keeps.
 */
import type { DB } from "@/db";
import { parseCookieHeader } from "../auth/cookie-header";
import { tokenFromCookies, userForSessionToken } from "../auth/session";
import { awaitWriteLock, isDatabaseBusy } from "@/db/write-lock";
import { BUSY_MESSAGE, DomainError, HTTP_STATUS } from "../errors";
import { isSameOrigin } from "../same-origin";
import { describeZodError } from "../trpc";
import { exportAccess, exportQuery, runExport } from "./run";

export function refusal(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

/** attachment; filename="…": ASCII for every browser, and the RFC 5987 form for the rest. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * The gate of every download route: a signed-in facilitator of the consultation, asking from our
 * own pages. Gives the actor, or the refusal to send back.
 */
export function downloadAccess(
  db: DB,
  req: Request,
  slug: string,
  forbiddenMessage?: string,
): { ok: true; actor: Extract<ReturnType<typeof exportAccess>, { ok: true }>["actor"] } | { ok: false; response: Response } {
  const cookies = parseCookieHeader(req.headers.get("cookie"));
  const user = userForSessionToken(
    db,
    tokenFromCookies((name) => cookies.get(name)),
  );
  if (!user) return { ok: false, response: refusal(401, "Please sign in first.") };
  // A link on another site must not make a signed-in facilitator export (and be audited doing so).
  if (!isSameOrigin(req.headers)) return { ok: false, response: refusal(403, "This request came from another site and was refused.") };
  const access = exportAccess(db, user, slug);
  if (!access.ok)
    return { ok: false, response: refusal(access.status, access.status === 403 && forbiddenMessage ? forbiddenMessage : access.message) };
  return { ok: true, actor: access.actor };
}

/** The answer to a download that threw: the service's own refusal in its words, or a logged 500. */
export function failedDownload(what: string, error: unknown): Response {
  if (error instanceof DomainError) return refusal(HTTP_STATUS[error.kind], error.message);
  if (isDatabaseBusy(error)) return refusal(503, BUSY_MESSAGE);
  console.error(`${what} failed`, error);
  return refusal(500, "Something went wrong on our side and the file was not made. Please try again.");
}

/** A generated file as a private, uncached attachment. */
export function fileResponse(file: { bytes: Uint8Array; filename: string; contentType: string }): Response {
  return new Response(new Uint8Array(file.bytes), {
    status: 200,
    headers: {
      "content-type": file.contentType,
      "content-disposition": contentDisposition(file.filename),
      "content-length": String(file.bytes.byteLength),
      "cache-control": "no-store, private",
    },
  });
}

export async function exportResponse(db: DB, req: Request, slug: string): Promise<Response> {
  const access = downloadAccess(db, req, slug);
  if (!access.ok) return access.response;

  const params = new URL(req.url).searchParams;
  const parsed = exportQuery.safeParse({
    format: params.get("format") ?? undefined,
    round: params.get("round") ?? undefined,
    names: params.get("names") ?? undefined,
  });
  if (!parsed.success) return refusal(400, describeZodError(parsed.error));

  try {
    // Every file that leaves is audited: wait for the write lock without blocking other requests.
    await awaitWriteLock(db);
    return fileResponse(await runExport(db, { actor: access.actor }, parsed.data));
  } catch (error) {
    return failedDownload("export", error);
  }
}
