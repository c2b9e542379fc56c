/**
 * A small HTTP client for tRPC over HTTP, on node:http with its own keep-alive agent per server.
 * Own agent (not the global fetch pool) so that a crashed server's dead sockets are dropped with
 * its agent, and so every failure is reported precisely: an HTTP status, or status 0 for a
 * network error (refused, reset, timeout).
 */
import http from "node:http";
import superjson from "superjson";

export const SESSION_COOKIE = "authjs.session-token";

export type CallResult =
  | { ok: true; status: number; data: unknown; ms: number }
  | { ok: false; status: number; message: string; ms: number };

const REQUEST_TIMEOUT_MS = 30_000;

export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  private readonly url: URL;

  constructor(readonly baseUrl: string) {
    this.url = new URL(baseUrl);
  }

  /** Raw request; resolves with status 0 on network errors instead of throwing. */
  request(
    method: "GET" | "POST",
    pathWithQuery: string,
    opts: { cookie?: string; body?: string } = {},
  ): Promise<{ status: number; body: string; error?: string; ms: number }> {
    const started = performance.now();
    return new Promise((resolve) => {
      const headers: http.OutgoingHttpHeaders = {};
      // No Origin header: server/context.ts treats requests without one as same-origin, as it
      // does for a browser's same-site fetch. (An Origin from another host would be refused.)
      if (opts.cookie) headers.cookie = opts.cookie;
      if (opts.body !== undefined) {
        headers["content-type"] = "application/json";
        headers["content-length"] = Buffer.byteLength(opts.body);
      }
      let settled = false;
      const done = (r: { status: number; body: string; error?: string }) => {
        if (settled) return;
        settled = true;
        resolve({ ...r, ms: performance.now() - started });
      };
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path: pathWithQuery,
          headers,
          agent: this.agent,
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", (e) => done({ status: 0, body: "", error: `response: ${e.message}` }));
        },
      );
      req.on("timeout", () => req.destroy(new Error(`timed out after ${REQUEST_TIMEOUT_MS} ms`)));
      req.on("error", (e: NodeJS.ErrnoException) =>
        // reusedSocket tells a reset of an idle keep-alive connection (the server closed it as we
        // sent) from a reset of a fresh one.
        done({ status: 0, body: "", error: `${e.code ?? e.message}${req.reusedSocket ? " on a reused connection" : " on a new connection"} after ${Math.round(performance.now() - started)} ms` }),
      );
      if (opts.body !== undefined) req.write(opts.body);
      req.end();
    });
  }

  async query(proc: string, input: unknown, sessionToken?: string): Promise<CallResult> {
    const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
    return this.trpc("GET", `/api/trpc/${proc}?input=${encoded}`, sessionToken);
  }

  async mutation(proc: string, input: unknown, sessionToken?: string): Promise<CallResult> {
    return this.trpc("POST", `/api/trpc/${proc}`, sessionToken, JSON.stringify(superjson.serialize(input)));
  }

  private async trpc(method: "GET" | "POST", p: string, sessionToken?: string, body?: string): Promise<CallResult> {
    const cookie = sessionToken ? `${SESSION_COOKIE}=${sessionToken}` : undefined;
    const res = await this.request(method, p, { cookie, body });
    if (res.status === 0) return { ok: false, status: 0, message: res.error ?? "network error", ms: res.ms };
    let parsed: { result?: { data?: unknown }; error?: { json?: { message?: string } } } | undefined;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      // not JSON (an HTML error page, a proxy): report the start of it
    }
    if (res.status === 200 && parsed?.result) {
      const data = parsed.result.data as Parameters<typeof superjson.deserialize>[0];
      return { ok: true, status: 200, data: superjson.deserialize(data), ms: res.ms };
    }
    const message = parsed?.error?.json?.message ?? res.body.slice(0, 200);
    return { ok: false, status: res.status, message, ms: res.ms };
  }

  /** Drops pooled connections (after a crash they point at a dead process). */
  close(): void {
    this.agent.destroy();
  }
}

/** p50/p95/max of a list of latencies, rounded to 0.1 ms. */
export function percentiles(values: number[]): { p50: number; p95: number; max: number } {
  if (values.length === 0) return { p50: 0, p95: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(at(0.5)), p95: r(at(0.95)), max: r(sorted[sorted.length - 1]) };
}
