/**
 * The tRPC endpoint. Before tRPC parses anything, a request is held to what the app itself ever
 * sends: at most MAX_BATCH calls in one batch, and a body of at most 1 MB (8 MB for the source
 * importer, whose files may be 5 MB before base64), so one request cannot make the server read
 * or work without bound.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createRequestContext } from "@/server/context";
import { BODY_LIMITS, MAX_BATCH, readBodyWithin, refuseRequest } from "@/server/http-limits";
import { appRouter } from "@/server/root";

const ENDPOINT = "/api/trpc";

async function handler(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const paths = url.pathname.slice(url.pathname.indexOf(ENDPOINT) + ENDPOINT.length + 1).split(",");
  if (url.searchParams.get("batch") === "1" && paths.length > MAX_BATCH) {
    return refuseRequest(400, `Too many calls in one request: at most ${MAX_BATCH} are allowed, this one had ${paths.length}.`);
  }

  let request = req;
  if (req.body) {
    const limit = paths.some((p) => BODY_LIMITS.importPaths.has(p)) ? BODY_LIMITS.import : BODY_LIMITS.default;
    const body = await readBodyWithin(req, limit);
    if (body instanceof Response) return body;
    request = new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
  }

  return fetchRequestHandler({
    endpoint: ENDPOINT,
    req: request,
    router: appRouter,
    maxBatchSize: MAX_BATCH,
    createContext: () => createRequestContext(request),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"} failed`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
