/**
 * Load generation for the bench: a thin layer over autocannon that
 *  - gives every autocannon connection its own identity (session cookie, request sequence),
 *    because autocannon's shared `requests` array cannot tell connections apart;
 *  - records every response's latency itself, because autocannon's histogram has no p95;
 *  - reports throughput as successful responses per wall-clock second.
 */
import autocannon from "autocannon";

export type RequestSpec = {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
};

/** Per-connection behaviour: the next request to send, and what to do with its status. */
export type Connection = {
  next(): RequestSpec;
  onStatus?(status: number): void;
};

export type LoadOptions = {
  url: string;
  connections: number;
  /** Seconds; ignored when `perConnection` is set. */
  duration?: number;
  /** Exactly this many requests per connection (every one answered before the run ends). */
  perConnection?: number;
  /** Called once per connection, in order 0..connections-1. */
  connection(index: number): Connection;
};

export type Measured = {
  requests: number;
  ok: number;
  non2xx: number;
  /** Socket errors and timeouts (no HTTP answer at all). */
  errors: number;
  timeouts: number;
  seconds: number;
  /** 2xx responses per second. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statusCodes: Record<string, number>;
};

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export async function load(opts: LoadOptions): Promise<Measured> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let ok = 0;
  let non2xx = 0;
  let nextIndex = 0;

  const started = performance.now();
  let finish: (err: unknown, result?: autocannon.Result) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (err, result) => (err || !result ? reject(err ?? new Error("autocannon gave no result")) : resolve(result));
  });
  // With a callback autocannon returns its event emitter (without one, a bare promise).
  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    ...(opts.perConnection ? { amount: opts.perConnection * opts.connections } : { duration: opts.duration ?? 10 }),
    timeout: 10,
    setupClient(client) {
      const conn = opts.connection(nextIndex++);
      // A fresh request object per connection, built again before every send from this
      // connection's own closure (setupRequest runs on each rebuild).
      client.setRequests([
        {
          setupRequest: (req) => {
            const spec = conn.next();
            return { ...req, method: spec.method, path: spec.path, headers: spec.headers, body: spec.body };
          },
        },
      ]);
      // Fires before the connection builds its next request, so the connection can attribute
      // this status to the request it just sent.
      client.on("response", (status: number) => conn.onStatus?.(status));
    },
  }, (err, result) => finish(err, result));
  instance.on("response", (_client, status, _bytes, responseTime) => {
    latencies.push(responseTime);
    statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    if (status >= 200 && status < 300) ok++;
    else non2xx++;
  });
  const result = await finished;
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    ok,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: round2(seconds),
    rps: round2(ok / seconds),
    p50: round2(percentile(sorted, 50)),
    p95: round2(percentile(sorted, 95)),
    p99: round2(percentile(sorted, 99)),
    max: round2(sorted.length ? sorted[sorted.length - 1] : NaN),
    statusCodes,
  };
}
