/**
 * Fixed-window counters in this process's memory: enough for one app instance, and they reset on
 * restart, which errs on the side of letting people in. Used for sign-in emails and invitation links.
 */
type Window = { count: number; resetAt: number };

export class RateLimit {
  private windows = new Map<string, Window>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one attempt; false when the key is over its limit for the current window. */
  hit(key: string, now = Date.now()): boolean {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, w);
      if (this.windows.size > 10_000) this.sweep(now);
    }
    w.count += 1;
    return w.count <= this.limit;
  }

  /** Whether the key is over its limit, without counting an attempt. */
  blocked(key: string, now = Date.now()): boolean {
    const w = this.windows.get(key);
    return !!w && w.resetAt > now && w.count >= this.limit;
  }

  minutesLeft(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    return w ? Math.max(1, Math.ceil((w.resetAt - now) / 60_000)) : 0;
  }

  private sweep(now: number) {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}

const MINUTE = 60_000;
const limits = globalThis as unknown as { roundtableLimits?: ReturnType<typeof create> };

function create() {
  return {
    /** Sign-in links per email address. */
    signInPerEmail: new RateLimit(3, 15 * MINUTE),
    /** Sign-in links per client address. */
    signInPerClient: new RateLimit(10, 15 * MINUTE),
    /** Failed invitation-link attempts (unknown, used, revoked or expired tokens) per client address. */
    invitationFailures: new RateLimit(20, 15 * MINUTE),
  };
}

export function rateLimits() {
  limits.roundtableLimits ??= create();
  return limits.roundtableLimits;
}

/**
 * The client's address, as scripts/serve.mjs decided it from the socket (or, with TRUST_PROXY, from
 * what the trusted proxy appended); it overwrites the header on every request, so a client cannot
 * choose it. Under `next dev` nobody sets it and every client shares one key.
 */
export function clientKey(headers: Headers): string {
  return headers.get("x-roundtable-client") || "unknown";
}
