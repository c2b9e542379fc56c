/**
 * How much one request to the tRPC endpoint may ask of the server, and the refusals when it asks
 * for more (in tRPC's own error shape, so the app's client shows the message).
 */
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import superjson from "superjson";
import { LIMITS } from "@/shared/domain";

/** The most calls in one batch; the browser's batch link sends at most this many (app/_trpc/client.tsx). */
export const MAX_BATCH = LIMITS.trpcBatch.max;

const MB = 1024 * 1024;

export const BODY_LIMITS = {
  /** Every other input is a few form fields; 1 MB leaves room for 20 of the longest at once. */
  default: 1 * MB,
  /**
   * A source file of LIMITS.importBytes in base64 (4/3 of it), plus up to 5,000 choices: 8 MB
   * for the two procedures that carry one.
   */
  import: Math.max(8 * MB, Math.ceil((LIMITS.importBytes.max * 4) / 3) + MB),
  importPaths: new Set(["source.importPreview", "source.importCommit"]),
} as const;

const CODES = { 400: "BAD_REQUEST", 413: "PAYLOAD_TOO_LARGE" } as const;

export function refuseRequest(status: keyof typeof CODES, message: string): Response {
  const code = CODES[status];
  const error = { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: status } };
  return Response.json({ error: superjson.serialize(error) }, { status, headers: { "cache-control": "no-store" } });
}

function tooLarge(limit: number): Response {
  return refuseRequest(413, `The request is too large (at most ${limit / MB} MB) and was not read.`);
}

/**
 * The request's body, read only while it stays within `limit` bytes: a declared Content-Length
 * over the limit is refused before reading, and a body streamed without one is cut off as soon as
 * it passes the limit. Gives the bytes, or the refusal to send back.
 */
export async function readBodyWithin(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | Response> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await req.body?.cancel().catch(() => {});
    return tooLarge(limit);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return tooLarge(limit);
      }
      chunks.push(value);
    }
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
