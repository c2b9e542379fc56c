/**
 * Load generation for the bench: a thin layer over autocannon that
 *  - gives every autocannon connection its own identity (session cookie, request sequence),
 *    because autocannon's shared `requests` array cannot tell connections apart;
 *  - starts the measured load only once every connection is open and has been answered once
 *    (the "gate", below);
 *  - records every response's latency itself, because autocannon's histogram has no p95;
 *  - reports throughput as successful responses per wall-clock second of the measured part.
 *
 * Why the gate: a saturated Node server (the app and the floor alike) accepts new connections
 * only a few at a time. Without the gate, the first connections to get in keep the server busy
 * and the others wait seconds for their first answer, so a run of 200 "concurrent" writers
 * really measures about 50 writers plus the server's accept queue, and p95 measures the queue.
 * Each connection therefore first sends GET /api/health; its next request is held back until
 * all connections have had their answer, then all start together.
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
  /** Seconds of measured load after the gate opens; ignored when `perConnection` is set. */
  duration?: number;
  /** Exactly this many requests per connection (every one answered before the run ends). */
  perConnection?: number;
  /**
   * Paced instead of back-to-back: each connection sends one request every this many ms (phases
   * spread evenly over the interval), as people clicking through pages do. Latency is then the
   * server's answer time at that offered rate, not the queue a closed loop of clients builds.
   */
  intervalMs?: number;
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
  /** Socket errors by kind (code or message), e.g. {"ECONNRESET": 2, "request timed out": 1}. */
  errorKinds: Record<string, number>;
  /** Seconds it took until every connection was open and answered once. */
  gateSeconds: number;
  seconds: number;
  /** 2xx responses per second. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statusCodes: Record<string, number>;
};

const GATE_REQUEST: RequestSpec = { method: "GET", path: "/api/health", headers: {} };
const GATE_TIMEOUT_MS = 60_000;

/** autocannon's Client, with the private method the gate wraps (autocannon 9.x). */
type ClientInternals = autocannon.Client & { _doRequest: (...args: unknown[]) => void };

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export async function load(opts: LoadOptions): Promise<Measured> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const errorKinds: Record<string, number> = {};
  let ok = 0;
  let non2xx = 0;
  let nextIndex = 0;

  const started = performance.now();
  let openedAt = 0;
  const held: Array<() => void> = [];
  let stopTimer: NodeJS.Timeout | undefined;
  let gateFailed: Error | null = null;

  let finish: (err: unknown, result?: autocannon.Result) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (err, result) => (err || !result ? reject(err ?? new Error("autocannon gave no result")) : resolve(result));
  });

  const openGate = () => {
    openedAt = performance.now();
    clearTimeout(gateTimer);
    if (!opts.perConnection) stopTimer = setTimeout(() => instance.stop(), (opts.duration ?? 10) * 1000);
    for (const send of held.splice(0)) send();
  };

  // With a callback autocannon returns its event emitter (without one, a bare promise).
  const instance = autocannon(
    {
      url: opts.url,
      connections: opts.connections,
      // The gate request counts towards autocannon's amount; the duration is ended by us.
      ...(opts.perConnection
        ? { amount: (opts.perConnection + 1) * opts.connections }
        : { duration: (opts.duration ?? 10) + GATE_TIMEOUT_MS / 1000 + 5 }),
      // Generous: on a crowded machine a slow answer should show in the latency figures, not be
      // abandoned and counted as an error (a browser's fetch has no timeout at all).
      timeout: 30,
      setupClient(client) {
        const index = nextIndex++;
        const conn = opts.connection(index);
        let built = 0;
        let answered = 0;
        // A fresh request object per connection, built again before every send from this
        // connection's own closure (setupRequest runs on each rebuild).
        client.setRequests([
          {
            setupRequest: (req) => {
              const spec = built++ === 0 ? GATE_REQUEST : conn.next();
              return { ...req, method: spec.method, path: spec.path, headers: spec.headers, body: spec.body };
            },
          },
        ]);
        // Fires before the connection builds its next request, so the connection can attribute
        // this status to the request it just sent.
        client.on("response", (status: number) => {
          if (answered++ === 0) {
            if (status !== 200) gateFailed ??= new Error(`GET /api/health answered ${status}`);
            return;
          }
          conn.onStatus?.(status);
        });
        // The gate: the first send (on connect) goes out; the next waits for all connections.
        const internals = client as ClientInternals;
        const direct = internals._doRequest.bind(client);
        let due = 0; // paced mode: when this connection's next request is due
        const send = (...args: unknown[]) => {
          if (!opts.intervalMs) return direct(...args);
          const now = performance.now();
          due = due === 0 ? openedAt + (index / opts.connections) * opts.intervalMs : Math.max(due + opts.intervalMs, now);
          setTimeout(
            () => {
              if (!(client as unknown as { destroyed: boolean }).destroyed) direct(...args);
            },
            Math.max(0, due - now),
          );
        };
        let sentFirst = false;
        internals._doRequest = (...args: unknown[]) => {
          if (!sentFirst) {
            sentFirst = true;
            return direct(...args);
          }
          if (openedAt) return send(...args);
          held.push(() => send(...args));
          if (held.length === opts.connections) openGate();
        };
      },
    },
    (err, result) => finish(err, result),
  );
  const gateTimer = setTimeout(() => {
    gateFailed ??= new Error(`not all ${opts.connections} connections were answered within ${GATE_TIMEOUT_MS / 1000} s`);
    instance.stop();
  }, GATE_TIMEOUT_MS);

  let errors = 0;
  let timeouts = 0;
  instance.on("reqError", (error: Error & { code?: string }) => {
    const kind = error?.code ?? error?.message ?? String(error);
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    if (!openedAt) return; // before the gate opens, trouble shows as a gate failure instead
    errors++;
    if (/timed out/.test(kind)) timeouts++;
  });
  instance.on("response", (_client, status, _bytes, responseTime) => {
    if (!openedAt) return; // gate requests are not part of the measurement
    latencies.push(responseTime);
    statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    if (status >= 200 && status < 300) ok++;
    else non2xx++;
  });
  await finished.finally(() => {
    clearTimeout(stopTimer);
    clearTimeout(gateTimer);
  });
  if (gateFailed) throw gateFailed;
  const seconds = (performance.now() - openedAt) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    ok,
    non2xx,
    errors,
    timeouts,
    errorKinds,
    gateSeconds: round2((openedAt - started) / 1000),
    seconds: round2(seconds),
    rps: round2(ok / seconds),
    p50: round2(percentile(sorted, 50)),
    p95: round2(percentile(sorted, 95)),
    p99: round2(percentile(sorted, 99)),
    max: round2(sorted.length ? sorted[sorted.length - 1] : NaN),
    statusCodes,
  };
}
