/**
 * Deterministic generator of a large consultation for `npm run bench`.
 *
 *   tsx bench/generate.ts bench/data/bench.db
 *
 * Writes a FRESH database (any existing file is removed) migrated through the app's own
 * openDatabase(), so the schema is exactly what the server expects. Every id, text, value and
 * timestamp comes from a seeded PRNG and a fixed base date: two runs give byte-identical content,
 * except each session's `expires`, which must lie in the future of the day the bench runs.
 *
 * Shape (see GENERATED below): 1 facilitator, 500 stakeholders, 30 mechanisms, 3 rounds
 * (1 and 2 closed, 3 open), 39,000 ratings, 20,000 comments, 200 flags with endorsements, and a
 * session per user. The 200 "writer" stakeholders have NO round-3 ratings: the write benchmark
 * (c) inserts them (30 per writer = 6,000, which brings the total to 45,000 = 500 x 30 x 3).
 *
 * Raw SQL with prepared statements inside one transaction: drizzle's builder would build and
 * prepare a statement per row, which takes minutes for 80k rows instead of about a second.
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../db";
import { PERSPECTIVE_VALUES, SCALE_PRESETS, type PerspectiveValue } from "@/shared/domain";

// ---------------------------------------------------------------------------------------------
// Sizes

export const GENERATED = {
  stakeholders: 500,
  writers: 200,
  mechanisms: 30,
  rounds: 3,
  comments: 20_000,
  /** Comments (threads + replies) on the one open-round mechanism the page benchmark reads. */
  hotComments: 760,
  flagComments: 300,
  flags: 200,
  scaleMax: 5 as const,
};

const DAY = 24 * 60 * 60 * 1000;
/** Content timestamps are fixed so the data set is the same every run. */
const BASE = Date.UTC(2025, 0, 6, 9, 0, 0);
/** [opened, closed-or-"now"] of each round. */
const ROUND_WINDOWS: Array<[number, number]> = [
  [BASE, BASE + 14 * DAY],
  [BASE + 30 * DAY, BASE + 44 * DAY],
  [BASE + 60 * DAY, BASE + 67 * DAY],
];

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (sfc32): small, fast, good enough statistically, and identical on every platform.

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    // Hash the seed string into four 32-bit words (cyrb128).
    let h1 = 1779033703,
      h2 = 3144134277,
      h3 = 1013904242,
      h4 = 2773480762;
    for (let i = 0; i < seed.length; i++) {
      const k = seed.charCodeAt(i);
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
    this.a = h1 >>> 0;
    this.b = h2 >>> 0;
    this.c = h3 >>> 0;
    this.d = h4 >>> 0;
    for (let i = 0; i < 15; i++) this.next(); // discard the weakly mixed first outputs
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    const t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const r = (t + this.d) | 0;
    this.c = (this.c + r) | 0;
    return (r >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** A version-4-shaped UUID, so the app's z.uuid() inputs accept it. */
  uuid(): string {
    const b = Array.from({ length: 16 }, () => this.int(256));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Text

const WORDS = (
  "leaders team trust power shared purpose social care health integrated services staff managers " +
  "patients carers budget governance boundaries meetings decisions priorities community practice " +
  "learning conflict culture pressure resilience evidence outcomes context commissioning partners " +
  "professions nurses doctors therapists voluntary sector council hospital primary care discharge " +
  "referral waiting time workload rota funding accountability clarity vision communication respect " +
  "listen explain agree disagree support challenge example experience local national policy change"
).split(" ");

function sentence(rng: Rng, minWords: number, maxWords: number): string {
  const n = rng.between(minWords, maxWords);
  const words = Array.from({ length: n }, () => rng.pick(WORDS));
  const s = words.join(" ");
  return s.charAt(0).toUpperCase() + s.slice(1) + ".";
}

function paragraph(rng: Rng, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(rng, 6, 18)).join(" ");
}

const MECHANISM_NAMES = [
  "Inspiring intent to work together",
  "Taking a wider view",
  "Creating the conditions to work together",
  "Clarifying complexity",
  "Planning and coordinating",
  "Balancing multiple perspectives",
  "Working with power",
  "Commitment to learning and development",
  "Fostering resilience",
  "Adaptability of leadership style",
];

function mechanismName(i: number): string {
  return i < MECHANISM_NAMES.length ? MECHANISM_NAMES[i] : `Generated mechanism ${i + 1}`;
}

const FIRST = ["Alex", "Sam", "Jo", "Priya", "Tom", "Aisha", "Mark", "Lena", "Chris", "Fatima", "Owen", "Mei", "Ruth", "Dev", "Nia"];
const LAST = ["Patel", "Smith", "Jones", "Okafor", "Brown", "Khan", "Evans", "Nguyen", "Taylor", "Hughes", "Ali", "Walsh"];

// ---------------------------------------------------------------------------------------------
// The manifest: everything the bench needs to address the generated data over HTTP.

export type BenchPerson = { userId: string; membershipId: string; token: string };
export type BenchStakeholder = BenchPerson & { writer: boolean; pseudonymNumber: number };

export type Manifest = {
  dbPath: string;
  consultationId: string;
  slug: string;
  scaleMax: number;
  roundIds: string[];
  /** Round 3's versions in position order. */
  openVersions: Array<{ versionId: string; mechanismId: string }>;
  hot: { mechanismId: string; versionId: string; comments: number; threads: number };
  facilitator: BenchPerson;
  stakeholders: BenchStakeholder[];
  counts: Record<string, number>;
};

// ---------------------------------------------------------------------------------------------

function removeDatabase(file: string) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
}

export function generate(dbPath: string, seed = "roundtable-bench-v1"): Manifest {
  const file = path.resolve(dbPath);
  removeDatabase(file);
  const db = openDatabase(file); // creates the directory and applies the committed migrations
  const sqlite = db.$client;
  // A throwaway file being filled in one transaction: durability of each page is irrelevant here.
  sqlite.pragma("synchronous = OFF");
  const rng = new Rng(seed);
  const expires = Date.now() + 30 * DAY; // the only run-dependent value (sessions must be live)

  const ins = {
    user: sqlite.prepare(
      "insert into user (id, name, email, emailVerified, image, can_create_consultations, created_at) values (?, ?, ?, ?, null, ?, ?)",
    ),
    session: sqlite.prepare('insert into session ("sessionToken", "userId", expires) values (?, ?, ?)'),
    consultation: sqlite.prepare(
      "insert into consultation (id, slug, title, research_question, description, scale_max, scale_labels, anonymity, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, 'pseudonymous', ?, ?)",
    ),
    membership: sqlite.prepare(
      "insert into membership (id, consultation_id, user_id, role, perspective, pseudonym_number, display_name, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    round: sqlite.prepare(
      "insert into round (id, consultation_id, number, title, instructions, status, opened_at, closed_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    mechanism: sqlite.prepare("insert into mechanism (id, consultation_id, created_at) values (?, ?, ?)"),
    version: sqlite.prepare(
      "insert into mechanism_version (id, mechanism_id, round_id, name, description, position, updated_at) values (?, ?, ?, ?, ?, ?, ?)",
    ),
    edit: sqlite.prepare(
      "insert into mechanism_edit (id, version_id, editor_id, edited_at, reason, before_name, before_description, after_name, after_description) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    rating: sqlite.prepare("insert into rating (id, version_id, membership_id, value, created_at, updated_at) values (?, ?, ?, ?, ?, ?)"),
    flag: sqlite.prepare(
      "insert into flag (id, round_id, membership_id, name, covers, why_it_matters, created_at) values (?, ?, ?, ?, ?, ?, ?)",
    ),
    endorsement: sqlite.prepare("insert into flag_endorsement (flag_id, membership_id, created_at) values (?, ?, ?)"),
    comment: sqlite.prepare(
      "insert into comment (id, round_id, version_id, flag_id, parent_id, membership_id, body, created_at, edited_at, deleted_at, hidden_at, hidden_by, hidden_reason) values (?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?)",
    ),
  };

  const counts: Record<string, number> = {
    users: 0,
    sessions: 0,
    memberships: 0,
    mechanisms: 0,
    versions: 0,
    edits: 0,
    ratings: 0,
    flags: 0,
    endorsements: 0,
    comments: 0,
    replies: 0,
  };

  const manifest = sqlite.transaction((): Manifest => {
    // People -----------------------------------------------------------------------------------
    const person = (name: string, email: string, facilitator: boolean) => {
      const userId = rng.uuid();
      const token = rng.uuid();
      ins.user.run(userId, name, email, BASE - 20 * DAY, facilitator ? 1 : 0, BASE - 20 * DAY);
      ins.session.run(token, userId, expires);
      counts.users++;
      counts.sessions++;
      return { userId, token };
    };
    const fac = person("Bench Facilitator", "facilitator@bench.test", true);
    const consultationId = rng.uuid();
    const slug = "bench-leadership";
    ins.consultation.run(
      consultationId,
      slug,
      "Benchmark: leadership of integrated teams",
      "What aspects of leadership of integrated teams work, for whom and in what circumstances?",
      paragraph(rng, 3),
      GENERATED.scaleMax,
      JSON.stringify(SCALE_PRESETS[GENERATED.scaleMax]),
      fac.userId,
      BASE - 20 * DAY,
    );
    const facilitator: BenchPerson = { ...fac, membershipId: rng.uuid() };
    ins.membership.run(
      facilitator.membershipId,
      consultationId,
      fac.userId,
      "facilitator",
      null,
      null,
      "Bench Facilitator",
      BASE - 20 * DAY,
    );
    counts.memberships++;

    // Perspective mix of a large panel: mostly practitioners, then service users and researchers.
    const perspectiveWeights: Array<[PerspectiveValue, number]> = [
      ["practitioner", 0.35],
      ["service_user", 0.25],
      ["opinion_leader", 0.15],
      ["researcher", 0.25],
    ];
    const pseudonyms = rng.shuffle(Array.from({ length: GENERATED.stakeholders }, (_, i) => i + 1));
    const stakeholders: BenchStakeholder[] = [];
    for (let i = 0; i < GENERATED.stakeholders; i++) {
      const name = `${rng.pick(FIRST)} ${rng.pick(LAST)} ${i + 1}`;
      const p = person(name, `stakeholder${i + 1}@bench.test`, false);
      let r = rng.next();
      let perspective: PerspectiveValue = PERSPECTIVE_VALUES[0];
      for (const [value, w] of perspectiveWeights) {
        perspective = value;
        if ((r -= w) < 0) break;
      }
      const membershipId = rng.uuid();
      ins.membership.run(membershipId, consultationId, p.userId, "stakeholder", perspective, pseudonyms[i], name, BASE - 15 * DAY);
      counts.memberships++;
      // The first 200 are the write benchmark's writers (perspectives are random, so mixed).
      stakeholders.push({ ...p, membershipId, writer: i < GENERATED.writers, pseudonymNumber: pseudonyms[i] });
    }

    // Rounds, mechanisms, versions -------------------------------------------------------------
    const roundIds = ROUND_WINDOWS.map(([opened, closed], r) => {
      const id = rng.uuid();
      const open = r === ROUND_WINDOWS.length - 1;
      ins.round.run(id, consultationId, r + 1, `Round ${r + 1}`, paragraph(rng, 2), open ? "open" : "closed", opened, open ? null : closed);
      return id;
    });
    const mechanismIds = Array.from({ length: GENERATED.mechanisms }, () => {
      const id = rng.uuid();
      ins.mechanism.run(id, consultationId, BASE - 10 * DAY);
      counts.mechanisms++;
      return id;
    });
    // versions[r][m]
    const versions = roundIds.map((roundId, r) =>
      mechanismIds.map((mechanismId, m) => {
        const id = rng.uuid();
        const name = r === 0 ? mechanismName(m) : `${mechanismName(m)}${r === 2 && m % 4 === 0 ? " (revised)" : ""}`;
        ins.version.run(id, mechanismId, roundId, name, paragraph(rng, rng.between(3, 8)), m + 1, ROUND_WINDOWS[r][0] - DAY);
        counts.versions++;
        return { id, name };
      }),
    );
    const openRound = 2;
    const hotIndex = 4; // position 5 of the open round carries the 700+ comments

    // Published-text edits in the open round (the page shows them).
    const editVersions = [hotIndex, hotIndex, 1, 9, 13, 17, 25];
    editVersions.forEach((m, k) => {
      const v = versions[openRound][m];
      const before = paragraph(rng, 3);
      ins.edit.run(
        rng.uuid(),
        v.id,
        fac.userId,
        ROUND_WINDOWS[openRound][0] + (k + 1) * 3600_000,
        sentence(rng, 5, 12),
        v.name,
        before,
        v.name,
        paragraph(rng, 3),
      );
      counts.edits++;
    });

    // Ratings: everyone rated everything in rounds 1-2; round 3 only the 300 non-writers so far.
    // Each mechanism has its own centre so distributions differ (some reach consensus, some not).
    const centres = mechanismIds.map(() => 1.5 + rng.next() * 3.5);
    roundIds.forEach((_, r) => {
      const [from, to] = ROUND_WINDOWS[r];
      for (const s of stakeholders) {
        if (r === openRound && s.writer) continue;
        for (let m = 0; m < GENERATED.mechanisms; m++) {
          const noise = (rng.next() + rng.next() - 1) * 2.2;
          const value = Math.min(GENERATED.scaleMax, Math.max(1, Math.round(centres[m] + noise + r * 0.2)));
          const at = from + rng.int(to - from);
          ins.rating.run(rng.uuid(), versions[r][m].id, s.membershipId, value, at, at);
          counts.ratings++;
        }
      }
    });

    // Flags and endorsements ---------------------------------------------------------------------
    const flagsPerRound = [70, 70, 60];
    const flagTargets: Array<{ id: string; round: number }> = [];
    flagsPerRound.forEach((n, r) => {
      const [from, to] = ROUND_WINDOWS[r];
      for (let f = 0; f < n; f++) {
        const id = rng.uuid();
        const author = rng.pick(stakeholders);
        const at = from + rng.int(to - from - DAY);
        ins.flag.run(id, roundIds[r], author.membershipId, sentence(rng, 2, 6).slice(0, 100), paragraph(rng, 2), paragraph(rng, 2), at);
        counts.flags++;
        flagTargets.push({ id, round: r });
        const endorsers = new Set<string>();
        const wanted = rng.int(31);
        while (endorsers.size < wanted) {
          const e = rng.pick(stakeholders);
          if (e.membershipId !== author.membershipId) endorsers.add(e.membershipId);
        }
        for (const e of endorsers) {
          ins.endorsement.run(id, e, at + rng.int(DAY));
          counts.endorsements++;
        }
      }
    });

    // Comments -----------------------------------------------------------------------------------
    // How many comments each target gets: the hot mechanism its fixed count, the flags theirs,
    // the rest drawn over the other 89 versions with uneven weights (some draw far more talk).
    type Target = { round: number; versionId: string | null; flagId: string | null; n: number };
    const targets: Target[] = [];
    const others: Target[] = [];
    versions.forEach((row, r) =>
      row.forEach((v, m) => {
        const t: Target = { round: r, versionId: v.id, flagId: null, n: 0 };
        targets.push(t);
        if (r === openRound && m === hotIndex) t.n = GENERATED.hotComments;
        else others.push(t);
      }),
    );
    const weights = others.map(() => 0.2 + rng.next() ** 2);
    const total = weights.reduce((a, b) => a + b, 0);
    let remaining = GENERATED.comments - GENERATED.hotComments - GENERATED.flagComments;
    // Multinomial draw by inverse CDF keeps the exact total.
    const cdf: number[] = [];
    weights.reduce((acc, w, i) => (cdf[i] = acc + w / total), 0);
    for (; remaining > 0; remaining--) {
      const u = rng.next();
      let i = cdf.findIndex((c) => u < c);
      if (i < 0) i = others.length - 1;
      others[i].n++;
    }
    const flagTargetRows: Target[] = flagTargets.map((f) => ({ round: f.round, versionId: null, flagId: f.id, n: 0 }));
    for (let k = 0; k < GENERATED.flagComments; k++) rng.pick(flagTargetRows).n++;
    targets.push(...flagTargetRows);

    let hotThreads = 0;
    for (const t of targets) {
      if (t.n === 0) continue;
      const [from, to] = ROUND_WINDOWS[t.round];
      // Sorted times so a reply always comes after the thread it answers.
      const times = Array.from({ length: t.n }, () => from + rng.int(to - from)).sort((a, b) => a - b);
      const threads: string[] = [];
      times.forEach((at, k) => {
        const id = rng.uuid();
        const reply = k > 0 && rng.next() < 0.3;
        const parentId = reply ? rng.pick(threads) : null;
        // Facilitators answer now and then; everyone else is the panel.
        const author = reply && rng.next() < 0.1 ? facilitator.membershipId : rng.pick(stakeholders).membershipId;
        const roll = rng.next();
        const deletedAt = roll < 0.01 ? at + 3600_000 : null;
        const hidden = roll >= 0.01 && roll < 0.015;
        ins.comment.run(
          id,
          roundIds[t.round],
          t.versionId,
          t.flagId,
          parentId,
          author,
          paragraph(rng, rng.between(1, 4)),
          at,
          deletedAt,
          hidden ? at + 7200_000 : null,
          hidden ? fac.userId : null,
          hidden ? "Off topic for this mechanism." : null,
        );
        counts.comments++;
        if (reply) counts.replies++;
        else threads.push(id);
      });
      if (t.versionId === versions[openRound][hotIndex].id) hotThreads = threads.length;
    }

    return {
      dbPath: file,
      consultationId,
      slug,
      scaleMax: GENERATED.scaleMax,
      roundIds,
      openVersions: versions[openRound].map((v, m) => ({ versionId: v.id, mechanismId: mechanismIds[m] })),
      hot: {
        mechanismId: mechanismIds[hotIndex],
        versionId: versions[openRound][hotIndex].id,
        comments: GENERATED.hotComments,
        threads: hotThreads,
      },
      facilitator,
      stakeholders,
      counts,
    };
  })();

  // Fold the WAL back into the main file and close, so the file can be copied as is.
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return manifest;
}

// CLI: `tsx bench/generate.ts <path>` writes the database and <path>.manifest.json next to it.
if (process.argv[1] && /generate\.ts$/.test(process.argv[1])) {
  const target = process.argv[2] ?? "bench/data/bench.db";
  const started = performance.now();
  const manifest = generate(target);
  fs.writeFileSync(`${manifest.dbPath}.manifest.json`, JSON.stringify(manifest, null, 2));
  console.log(`Generated ${manifest.dbPath} in ${((performance.now() - started) / 1000).toFixed(1)} s:`, JSON.stringify(manifest.counts));
}
