/**
 * Simulated stakeholders and the ledger of what the server acknowledged.
 *
 * Each simulated stakeholder is a closed loop with no think time (maximum pressure on a 2-core
 * machine) and strictly sequential: it sends its next request only after the previous answer.
 * That ordering is what makes the rating check exact: for a (membership, mechanism version)
 * pair only one stakeholder ever writes, so the last value the server acknowledged must be the
 * value in the database, with no concurrent write that could legitimately have won instead.
 */
import crypto from "node:crypto";
import type { Fixture, Stakeholder } from "./fixture";
import { percentiles, type CallResult, type HttpClient } from "./http";

export type Op = "round.byNumber" | "mechanism.byId" | "comment.list" | "rating.set" | "comment.add";
export const READ_OPS: Op[] = ["round.byNumber", "mechanism.byId", "comment.list"];
export const WRITE_OPS: Op[] = ["rating.set", "comment.add"];

type WriteStatus = "pending" | "acked" | "failed";
export type RatingEvent = { value: number; status: WriteStatus };

const pairKey = (membershipId: string, versionId: string) => `${membershipId}|${versionId}`;

/** Everything written, and which of those writes the server acknowledged (HTTP 200). */
export class Ledger {
  /** Per (membership, version): every rating.set sent, in the order that stakeholder sent them. */
  readonly ratings = new Map<string, RatingEvent[]>();
  /** Acknowledged comments by the id the server returned. */
  readonly ackedComments = new Map<string, { body: string; membershipId: string; versionId: string }>();
  /** Every comment body sent (bodies are unique), whatever the outcome. */
  readonly attemptedCommentBodies = new Set<string>();

  beginRating(membershipId: string, versionId: string, value: number): RatingEvent {
    const key = pairKey(membershipId, versionId);
    const events = this.ratings.get(key) ?? [];
    const event: RatingEvent = { value, status: "pending" };
    events.push(event);
    this.ratings.set(key, events);
    return event;
  }

  lastAckedRating(membershipId: string, versionId: string): number | null {
    const events = this.ratings.get(pairKey(membershipId, versionId)) ?? [];
    for (let i = events.length - 1; i >= 0; i--) if (events[i].status === "acked") return events[i].value;
    return null;
  }

  ackedRatingCount(): number {
    let n = 0;
    for (const events of this.ratings.values()) n += events.filter((e) => e.status === "acked").length;
    return n;
  }

  /**
   * What was acknowledged up to now: per pair the index of its last acknowledged rating, and the
   * acknowledged comment ids. The backup check takes this just before starting the backup.
   */
  snapshot(): LedgerSnapshot {
    const ratings = new Map<string, number>();
    for (const [key, events] of this.ratings) {
      for (let i = events.length - 1; i >= 0; i--) {
        if (events[i].status === "acked") {
          ratings.set(key, i);
          break;
        }
      }
    }
    return { ratings, commentIds: new Set(this.ackedComments.keys()) };
  }
}

export type LedgerSnapshot = { ratings: Map<string, number>; commentIds: Set<string> };

export type OpStats = { requests: number; ok: number; byStatus: Map<number, number>; latencies: number[] };

/** Counters for one phase of load. */
export class LoadStats {
  readonly ops = new Map<Op, OpStats>();
  /** First few unexpected answers, to print on failure. */
  readonly samples: string[] = [];
  /** Reads of a stakeholder's own rating that did not return what it had just been acknowledged. */
  staleReads = 0;
  startedAt = performance.now();
  endedAt = 0;

  record(op: Op, r: CallResult): void {
    const s: OpStats = this.ops.get(op) ?? { requests: 0, ok: 0, byStatus: new Map<number, number>(), latencies: [] };
    s.requests++;
    s.latencies.push(r.ms);
    s.byStatus.set(r.status, (s.byStatus.get(r.status) ?? 0) + 1);
    if (r.ok) s.ok++;
    else if (this.samples.length < 8) {
      const at = ((performance.now() - r.ms - this.startedAt) / 1000).toFixed(1);
      this.samples.push(`${op} sent at ${at} s -> ${r.status || "network error"}: ${r.message}`);
    }
    this.ops.set(op, s);
  }

  /** Requests that took longer than the given time (answered or not). */
  slowerThan(ms: number): number {
    let n = 0;
    for (const s of this.ops.values()) for (const l of s.latencies) if (l > ms) n++;
    return n;
  }

  private sum(ops: Op[], f: (s: OpStats) => number): number {
    return ops.reduce((n, op) => n + (this.ops.has(op) ? f(this.ops.get(op)!) : 0), 0);
  }

  get requests() {
    return this.sum([...READ_OPS, ...WRITE_OPS], (s) => s.requests);
  }
  get reads() {
    return this.sum(READ_OPS, (s) => s.requests);
  }
  get writes() {
    return this.sum(WRITE_OPS, (s) => s.requests);
  }
  get writesAcked() {
    return this.sum(WRITE_OPS, (s) => s.ok);
  }
  /** Answers with a given status class: 5 for 5xx, 4 for 4xx, 0 for network errors. */
  countClass(cls: 0 | 4 | 5): number {
    let n = 0;
    for (const s of this.ops.values()) {
      for (const [status, count] of s.byStatus) if (Math.floor(status / 100) === cls) n += count;
    }
    return n;
  }
  get seconds() {
    return ((this.endedAt || performance.now()) - this.startedAt) / 1000;
  }

  /** One line per operation: count, errors, p50/p95/max latency. */
  table(): string {
    const rows = [...READ_OPS, ...WRITE_OPS]
      .filter((op) => this.ops.has(op))
      .map((op) => {
        const s = this.ops.get(op)!;
        const p = percentiles(s.latencies);
        const errors = s.requests - s.ok;
        return `    ${op.padEnd(16)} ${String(s.requests).padStart(7)} req  ${String(errors).padStart(5)} err  p50 ${String(p.p50).padStart(7)} ms  p95 ${String(p.p95).padStart(7)} ms  max ${String(p.max).padStart(7)} ms`;
      });
    return rows.join("\n");
  }
}

export type Mix = Partial<Record<Op, number>>;

/** Mostly reads, as a panel does, with a steady stream of both kinds of write. */
export const MIXED: Mix = {
  "round.byNumber": 0.15,
  "mechanism.byId": 0.2,
  "comment.list": 0.15,
  "rating.set": 0.35,
  "comment.add": 0.15,
};
export const WRITES_ONLY: Mix = { "rating.set": 0.7, "comment.add": 0.3 };

function pick(mix: Mix): Op {
  const entries = Object.entries(mix) as [Op, number][];
  const total = entries.reduce((n, [, w]) => n + w, 0);
  let r = Math.random() * total;
  for (const [op, w] of entries) {
    r -= w;
    if (r <= 0) return op;
  }
  return entries[entries.length - 1][0];
}

const runTag = crypto.randomBytes(3).toString("hex");
let commentSeq = 0;

export type LoadOptions = {
  client: HttpClient;
  fixture: Fixture;
  stakeholders: Stakeholder[];
  mix: Mix;
  ledger: Ledger;
  stats: LoadStats;
  /** Checked before each request: the loop ends when it returns true. */
  shouldStop: () => boolean;
  /**
   * Crash mode: the server is expected to die, so a network error ends that stakeholder's loop
   * instead of being retried against a dead port.
   */
  stopOnNetworkError?: boolean;
};

/** One simulated stakeholder: sequential requests until told to stop. */
async function stakeholderLoop(o: LoadOptions, who: Stakeholder): Promise<void> {
  const { client, fixture, ledger, stats } = o;
  const consultationId = fixture.consultationId;
  while (!o.shouldStop()) {
    const op = pick(o.mix);
    const mech = fixture.mechanisms[Math.floor(Math.random() * fixture.mechanisms.length)];
    let result: CallResult;
    switch (op) {
      case "round.byNumber":
        result = await client.query(op, { consultationId, round: fixture.round }, who.sessionToken);
        break;
      case "mechanism.byId": {
        result = await client.query(op, { consultationId, round: fixture.round, mechanismId: mech.mechanismId }, who.sessionToken);
        if (result.ok) {
          // Read-your-writes: this stakeholder is sequential, so its last acknowledged rating is
          // the only value the page may show.
          const shown = (result.data as { myRating: number | null }).myRating;
          const expected = ledger.lastAckedRating(who.membershipId, mech.versionId);
          if (shown !== expected) {
            stats.staleReads++;
            if (stats.samples.length < 8) stats.samples.push(`mechanism.byId showed rating ${shown}, last acknowledged ${expected}`);
          }
        }
        break;
      }
      case "comment.list":
        result = await client.query(op, { consultationId, target: { versionId: mech.versionId } }, who.sessionToken);
        break;
      case "rating.set": {
        const value = 1 + Math.floor(Math.random() * 5);
        const event = ledger.beginRating(who.membershipId, mech.versionId, value);
        result = await client.mutation(op, { consultationId, versionId: mech.versionId, value }, who.sessionToken);
        event.status = result.ok ? "acked" : "failed";
        break;
      }
      case "comment.add": {
        const body = `Reliability ${runTag} comment ${++commentSeq}: how this works for us.`;
        ledger.attemptedCommentBodies.add(body);
        result = await client.mutation(op, { consultationId, target: { versionId: mech.versionId }, body }, who.sessionToken);
        if (result.ok) {
          const id = (result.data as { id: string }).id;
          ledger.ackedComments.set(id, { body, membershipId: who.membershipId, versionId: mech.versionId });
        }
        break;
      }
    }
    stats.record(op, result);
    if (!result.ok && result.status === 0 && o.stopOnNetworkError) return;
  }
}

/** Runs every given stakeholder's loop concurrently until shouldStop() (or, in crash mode, the server dies). */
export async function runLoad(o: LoadOptions): Promise<LoadStats> {
  o.stats.startedAt = performance.now();
  await Promise.all(o.stakeholders.map((s) => stakeholderLoop(o, s)));
  o.stats.endedAt = performance.now();
  return o.stats;
}
