/**
 * The live-meeting case of `npm run bench` (issue 6, "Figures"): 200 panel members' event streams
 * (real sessions, real SSE through `next start`) plus the presenter's, one more member casting
 * ratings. Measured:
 *  - the time from sending a rating to its event arriving on the presenter's stream (p50/p95 over
 *    BENCH_LIVE_RATINGS ratings, sent one after another; target p95 < 250 ms), and until the last
 *    of the 200 participants' streams has it too (results are shown, so every stream carries it);
 *  - the server's memory per connection: resident memory of the server's process group with the
 *    streams open minus without, divided by the number of streams;
 *  - what the connections cost in sockets: each SSE stream holds one HTTP/1.1 connection (one
 *    socket and file descriptor on the server) for as long as it is open.
 *
 * The meeting is written straight into the app's copy of the database (live, on round 3, results
 * shown, everyone attending), so the case measures the stream and not the meeting's set-up.
 */
import Database from "better-sqlite3";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import superjson from "superjson";
import type { Manifest } from "./generate";

export const LIVE_TARGETS = { rating_to_presenter_p95_ms: 250 };
const STREAMS = Number(process.env.BENCH_LIVE_STREAMS ?? 200);
const RATINGS = Number(process.env.BENCH_LIVE_RATINGS ?? 200);

type Log = (...args: unknown[]) => void;

/** Resident memory (MB) and open file descriptors of a process group, from /proc. */
function groupUsage(pgid: number): { rssMb: number; fds: number } {
  let kb = 0;
  let fds = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(f[2]) !== pgid) continue;
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      fds += fs.readdirSync(`/proc/${entry}/fd`).length;
    } catch {
      // exited meanwhile
    }
  }
  return { rssMb: Math.round((kb / 1024) * 10) / 10, fds };
}

function setUpMeeting(dbFile: string, m: Manifest, participants: string[]): string {
  const db = new Database(dbFile);
  try {
    const meetingId = crypto.randomUUID();
    const now = Date.now();
    db.transaction(() => {
      const itemIds = m.openVersions.map(() => crypto.randomUUID());
      db.prepare(
        "insert into meeting (id, consultation_id, round_id, title, format, status, short_code, started_at, current_item_id, item_started_at, results_visible, created_at, updated_at) values (?, ?, ?, 'Bench meeting', 'hybrid', 'live', ?, ?, null, ?, 1, ?, ?)",
      ).run(meetingId, m.consultationId, m.roundIds[2], `BENCH${crypto.randomBytes(3).toString("hex").toUpperCase()}`, now, now, now, now);
      const item = db.prepare(
        "insert into meeting_item (id, meeting_id, position, kind, version_id, planned_minutes, spent_seconds) values (?, ?, ?, 'mechanism', ?, 5, 0)",
      );
      m.openVersions.forEach((v, i) => item.run(itemIds[i], meetingId, i + 1, v.versionId));
      db.prepare("update meeting set current_item_id = ? where id = ?").run(itemIds[0], meetingId);
      const attend = db.prepare(
        "insert into meeting_attendance (meeting_id, membership_id, source, created_at) values (?, ?, 'joined', ?)",
      );
      for (const id of participants) attend.run(meetingId, id, now);
    })();
    return meetingId;
  } finally {
    db.close();
  }
}

type Stream = { close: () => void; firstEvent: Promise<void>; onResults: ((t: number) => void) | null };

/** One SSE stream of meeting.events, read with a plain HTTP client (no browser). */
function openStream(base: string, agent: http.Agent, token: string, consultationId: string, meetingId: string): Stream {
  const input = encodeURIComponent(JSON.stringify(superjson.serialize({ consultationId, meetingId })));
  const url = new URL(`${base}/api/trpc/meeting.events?input=${input}`);
  let resolveFirst!: () => void;
  let rejectFirst!: (e: Error) => void;
  const firstEvent = new Promise<void>((res, rej) => {
    resolveFirst = res;
    rejectFirst = rej;
  });
  const stream: Stream = { close: () => req.destroy(), firstEvent, onResults: null };
  const req = http.get(url, { agent, headers: { cookie: `authjs.session-token=${token}`, accept: "text/event-stream" } }, (res) => {
    if (res.statusCode !== 200) {
      rejectFirst(new Error(`meeting.events: HTTP ${res.statusCode}`));
      res.resume();
      return;
    }
    res.setEncoding("utf8");
    let buffer = "";
    res.on("data", (chunk: string) => {
      const t = performance.now();
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!/^id:/m.test(message)) continue; // pings, the connection's opening message
        resolveFirst();
        if (message.includes('"type":"results"')) stream.onResults?.(t);
      }
    });
  });
  req.on("error", (e) => rejectFirst(e));
  return stream;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const r1 = (n: number) => Math.round(n * 10) / 10;

export async function runLiveCase(opts: { base: string; serverPgid: number; m: Manifest; dbFile: string; log: Log }) {
  const { base, serverPgid, m, dbFile, log } = opts;
  const participants = m.stakeholders.slice(0, STREAMS);
  const rater = m.stakeholders[STREAMS];
  const meetingId = setUpMeeting(
    dbFile,
    m,
    [...participants, rater].map((p) => p.membershipId),
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

  // Warm-up: the first streams and ratings load and compile the code paths; memory measured
  // before that would count the code, not the connections.
  const warm = participants.slice(0, 20).map((p) => openStream(base, agent, p.token, m.consultationId, meetingId));
  await Promise.all(warm.map((s) => s.firstEvent));
  for (let i = 0; i < 20; i++) {
    const body = JSON.stringify(
      superjson.serialize({ consultationId: m.consultationId, versionId: m.openVersions[1].versionId, value: (i % m.scaleMax) + 1 }),
    );
    await fetch(`${base}/api/trpc/rating.set`, {
      method: "POST",
      headers: { cookie: `authjs.session-token=${rater.token}`, "content-type": "application/json", origin: base },
      body,
    });
  }
  for (const s of warm) s.close();
  await new Promise((r) => setTimeout(r, 2000));
  const idle = groupUsage(serverPgid);
  log(
    `live: server at rest: ${idle.rssMb} MB resident, ${idle.fds} open files; opening ${STREAMS} participants' streams and the presenter's`,
  );

  const presenter = openStream(base, agent, m.facilitator.token, m.consultationId, meetingId);
  const streams = participants.map((p) => openStream(base, agent, p.token, m.consultationId, meetingId));
  const opened0 = performance.now();
  await Promise.all([presenter.firstEvent, ...streams.map((s) => s.firstEvent)]);
  const openSeconds = (performance.now() - opened0) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  const busy = groupUsage(serverPgid);
  const perConnectionKb = ((busy.rssMb - idle.rssMb) * 1024) / (STREAMS + 1);
  log(
    `live: ${STREAMS + 1} streams open in ${openSeconds.toFixed(1)} s: ${busy.rssMb} MB resident (+${r1(busy.rssMb - idle.rssMb)} MB), ${busy.fds} open files (+${busy.fds - idle.fds})`,
  );

  // Ratings, one after another: each waits for its event on the presenter's and every participant's stream.
  const toPresenter: number[] = [];
  const toAll: number[] = [];
  const versionId = m.openVersions[0].versionId;
  const cookie = `authjs.session-token=${rater.token}`;
  for (let i = 0; i < RATINGS; i++) {
    const value = (i % m.scaleMax) + 1;
    const sent = performance.now();
    let presenterAt = 0;
    let pending = streams.length;
    let lastAt = 0;
    const arrived = new Promise<void>((resolve) => {
      const check = () => presenterAt && pending === 0 && resolve();
      presenter.onResults = (t) => {
        presenter.onResults = null;
        presenterAt = t;
        check();
      };
      for (const s of streams) {
        s.onResults = (t) => {
          s.onResults = null;
          pending--;
          lastAt = Math.max(lastAt, t);
          check();
        };
      }
    });
    const body = JSON.stringify(superjson.serialize({ consultationId: m.consultationId, versionId, value }));
    const res = await fetch(`${base}/api/trpc/rating.set`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: base },
      body,
    });
    if (res.status !== 200) throw new Error(`rating.set: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
    const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 10_000));
    if ((await Promise.race([arrived, timeout])) === "timeout")
      throw new Error(`live: rating ${i + 1}'s event did not reach every stream within 10 s`);
    toPresenter.push(presenterAt - sent);
    toAll.push(lastAt - sent);
  }
  for (const s of [presenter, ...streams]) s.close();
  agent.destroy();
  await new Promise((r) => setTimeout(r, 1000));
  const after = groupUsage(serverPgid);

  toPresenter.sort((a, b) => a - b);
  toAll.sort((a, b) => a - b);
  const results = {
    live_streams: STREAMS + 1,
    live_ratings: RATINGS,
    live_rating_to_presenter_p50_ms: r1(percentile(toPresenter, 50)),
    live_rating_to_presenter_p95_ms: r1(percentile(toPresenter, 95)),
    live_rating_to_presenter_max_ms: r1(toPresenter.at(-1)!),
    live_rating_to_all_participants_p50_ms: r1(percentile(toAll, 50)),
    live_rating_to_all_participants_p95_ms: r1(percentile(toAll, 95)),
    live_streams_open_seconds: r1(openSeconds),
    live_server_rss_idle_mb: idle.rssMb,
    live_server_rss_streams_mb: busy.rssMb,
    live_server_rss_after_close_mb: after.rssMb,
    live_server_kb_per_connection: r1(perConnectionKb),
    live_server_open_files_idle: idle.fds,
    live_server_open_files_streams: busy.fds,
    live_server_open_files_after_close: after.fds,
    live_targets: LIVE_TARGETS,
  };
  const rows: Array<[string, string, string, boolean | null]> = [
    [
      `live: rating → presenter's stream p50 / p95 (ms)`,
      `${results.live_rating_to_presenter_p50_ms} / ${results.live_rating_to_presenter_p95_ms}`,
      `p95 < ${LIVE_TARGETS.rating_to_presenter_p95_ms}`,
      results.live_rating_to_presenter_p95_ms < LIVE_TARGETS.rating_to_presenter_p95_ms,
    ],
    [
      `live: rating → all ${STREAMS} participants p50 / p95 (ms)`,
      `${results.live_rating_to_all_participants_p50_ms} / ${results.live_rating_to_all_participants_p95_ms}`,
      "",
      null,
    ],
    [`live: server memory per stream (KB)`, String(results.live_server_kb_per_connection), "", null],
    [`live: server RSS idle / ${STREAMS + 1} streams / closed (MB)`, `${idle.rssMb} / ${busy.rssMb} / ${after.rssMb}`, "", null],
    [`live: server open files idle / streams / closed`, `${idle.fds} / ${busy.fds} / ${after.fds}`, "", null],
  ];
  return { results, rows };
}
