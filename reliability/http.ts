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
  { ok: true; status: number; data: unknown; ms: number } | { ok: false; status: number; message: string; ms: number };

/**
 * How long a request may go without any activity before it counts as failed. Browsers wait
 * minutes for an answer; this waits two, so a request that is slow but answered counts as
 * answered (its latency shows in the table's max column), and only one that never comes back
 * is an error.
 */
const REQUEST_TIMEOUT_MS = 120_000;

export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  /** For the one retry below: a connection of its own, never a pooled one. */
  private readonly freshAgent = new http.Agent({ keepAlive: false });
  private readonly url: URL;
  /** Requests re-sent after their pooled connection was reset before any answer (see request()). */
  retriedResets = 0;

  /**
   * retryStaleConnections: re-send once, on a new connection, a request whose *reused* keep-alive
   * connection was reset before any byte of answer came back. Browsers do the same (Chromium
   * retries such requests, POST included): the server closed an idle connection just as the
   * request went out, so it never read it. That happens when the server's event loop stalls
   * longer than Node's 5 s keepAliveTimeout (seen on a loaded 2-core machine). Off in the crash
   * check, where resets are the point, and with RELIABILITY_STRICT=1.
   */
  constructor(
    readonly baseUrl: string,
    private readonly options: { retryStaleConnections?: boolean } = {},
  ) {
    this.url = new URL(baseUrl);
  }

  /** Raw request; resolves with status 0 on network errors instead of throwing. */
  async request(
    method: "GET" | "POST",
    pathWithQuery: string,
    opts: { cookie?: string; body?: string } = {},
  ): Promise<{ status: number; body: string; error?: string; ms: number }> {
    const started = performance.now();
    let r = await this.send(this.agent, method, pathWithQuery, opts);
    const retry = this.options.retryStaleConnections ?? !process.env.RELIABILITY_STRICT;
    if (r.staleReset && retry) {
      this.retriedResets++;
      r = await this.send(this.freshAgent, method, pathWithQuery, opts);
    }
    return { status: r.status, body: r.body, error: r.error, ms: performance.now() - started };
  }

  private send(
    agent: http.Agent,
    method: "GET" | "POST",
    pathWithQuery: string,
    opts: { cookie?: string; body?: string },
  ): Promise<{ status: number; body: string; error?: string; staleReset?: boolean }> {
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
      let answered = false;
      // For failure reports: when (if ever) a new connection was established.
      let connectedAfter: number | undefined;
      const done = (r: { status: number; body: string; error?: string; staleReset?: boolean }) => {
        if (settled) return;
        settled = true;
        resolve(r);
      };
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path: pathWithQuery,
          headers,
          agent,
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", (e) => done({ status: 0, body: "", error: `response: ${e.message}` }));
        },
      );
      req.on("socket", (socket) => {
        if (!socket.connecting) return;
        socket.once("connect", () => (connectedAfter = Math.round(performance.now() - started)));
      });
      req.on("timeout", () => {
        const phase = req.reusedSocket
          ? "request sent on a reused connection"
          : connectedAfter === undefined
            ? "connection never established"
            : `connected after ${connectedAfter} ms, ${req.socket?.bytesWritten ?? 0} bytes sent, no answer`;
        req.destroy(new Error(`timed out after ${REQUEST_TIMEOUT_MS} ms (${phase})`));
      });
      req.on("error", (e: NodeJS.ErrnoException) => {
        const code = e.code ?? e.message;
        const staleReset = req.reusedSocket && !answered && (code === "ECONNRESET" || code === "EPIPE");
        done({
          status: 0,
          body: "",
          error: `${code} on a ${req.reusedSocket ? "reused" : "new"} connection after ${Math.round(performance.now() - started)} ms`,
          staleReset,
        });
      });
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
    this.freshAgent.destroy();
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
