/**
 * The live event source: publish(channel, data) and subscribe(channel, afterId). Everything live
 * (meetings today) goes through these two functions and nothing else, so the in-memory version
 * below can later be swapped for one backed by the database's own notifications (PostgreSQL
 * LISTEN/NOTIFY, or an events table every app instance tails) when several instances serve one
 * consultation: keep the same signatures, keep ids increasing per channel, keep "resync".
 *
 * Each channel keeps a bounded ring buffer of its recent events with increasing ids, so a client
 * that reconnects with the last id it saw (SSE's Last-Event-ID) gets exactly what it missed. When
 * the buffer no longer reaches back that far, or the id comes from before this process started,
 * the subscriber is told to resync (take a fresh snapshot) instead of silently missing events.
 * Subscribers that fall too far behind are resynced the same way, so no queue grows unbounded.
 */
import crypto from "node:crypto";

/** Events kept per channel for catching up. */
export const BUFFER_SIZE = 200;
/** Undelivered events one subscriber may have waiting before it is resynced instead. */
export const MAX_PENDING = 500;

/** Ids look like "<epoch>.<seq>": the epoch changes on every start, so old ids cannot be mistaken. */
const EPOCH = crypto.randomBytes(4).toString("hex");

export type BusEvent<T = unknown> = { id: string; data: T };
/** What a subscriber receives: an event, or "take a fresh snapshot; events up to `id` are in it". */
export type Delivery<T = unknown> = { kind: "event"; id: string; data: T } | { kind: "resync"; id: string };

type Listener = (event: BusEvent) => void;
/**
 * `lastSeq`: the channel's latest event. `horizon`: everything up to this sequence number is no
 * longer in the ring (evicted, or from before the channel existed here), so an id at or below it
 * cannot be caught up from and gets a resync.
 */
type Channel = { lastSeq: number; horizon: number; ring: BusEvent[]; listeners: Set<Listener> };

const channels = new Map<string, Channel>();
/** One sequence for all channels: an id is never reused while the process runs. */
let seq = 0;

function channelOf(name: string): Channel {
  let c = channels.get(name);
  if (!c) {
    c = { lastSeq: seq, horizon: seq, ring: [], listeners: new Set() };
    channels.set(name, c);
  }
  return c;
}

const idOf = (seq: number) => `${EPOCH}.${seq}`;

function seqOf(id: string): number | null {
  const [epoch, seq] = id.split(".");
  const n = Number(seq);
  return epoch === EPOCH && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** Publishes an event to everyone subscribed to the channel; returns its id. */
export function publish<T>(channel: string, data: T): string {
  const c = channelOf(channel);
  c.lastSeq = ++seq;
  const event: BusEvent = { id: idOf(c.lastSeq), data };
  c.ring.push(event);
  if (c.ring.length > BUFFER_SIZE) c.horizon = seqOf(c.ring.shift()!.id)!;
  for (const listener of [...c.listeners]) listener(event);
  return event.id;
}

/** The id of the channel's latest event: a snapshot taken now is "as of" this id. */
export function lastId(channel: string): string {
  return idOf(channelOf(channel).lastSeq);
}

/**
 * Events of the channel after `afterId` (or from now on, when undefined), until `signal` aborts.
 * Listening starts synchronously, before the first await, so nothing published after this call
 * returns can be missed.
 */
export function subscribe<T = unknown>(channel: string, afterId: string | undefined, signal: AbortSignal): AsyncGenerator<Delivery<T>> {
  const c = channelOf(channel);
  const pending: Delivery[] = [];
  let wake: (() => void) | null = null;
  let overflowed = false;

  // Catch-up from the ring buffer.
  if (afterId !== undefined) {
    const after = seqOf(afterId);
    // Below the horizon: the events after it are gone. Beyond the last sequence: not one of ours.
    if (after === null || after < c.horizon || after > seq) {
      pending.push({ kind: "resync", id: idOf(c.lastSeq) });
    } else {
      for (const e of c.ring) if (seqOf(e.id)! > after) pending.push({ kind: "event", id: e.id, data: e.data });
    }
  }

  const listener: Listener = (event) => {
    if (overflowed) return;
    if (pending.length >= MAX_PENDING) {
      // Too slow a reader: drop what it has not read and send one resync instead.
      overflowed = true;
      pending.length = 0;
      pending.push({ kind: "resync", id: event.id });
    } else {
      pending.push({ kind: "event", id: event.id, data: event.data });
    }
    wake?.();
  };
  c.listeners.add(listener);
  const onAbort = () => wake?.();
  signal.addEventListener("abort", onAbort);

  const stop = () => {
    c.listeners.delete(listener);
    signal.removeEventListener("abort", onAbort);
    // A channel nobody listens to keeps only its (bounded) buffer; see forget() for the rest.
  };

  async function* run(): AsyncGenerator<Delivery<T>> {
    try {
      while (!signal.aborted) {
        const next = pending.shift();
        if (next) {
          if (next.kind === "resync") overflowed = false;
          yield next as Delivery<T>;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
    } finally {
      stop();
    }
  }
  return run();
}

/** Drops a finished channel's buffer (e.g. a meeting that ended) once nobody listens to it. */
export function forget(channel: string): void {
  const c = channels.get(channel);
  if (c && c.listeners.size === 0) channels.delete(channel);
}

/** For tests and the bench: how many channels, buffered events and listeners are held. */
export function stats() {
  let buffered = 0;
  let listeners = 0;
  for (const c of channels.values()) {
    buffered += c.ring.length;
    listeners += c.listeners.size;
  }
  return { channels: channels.size, buffered, listeners };
}
