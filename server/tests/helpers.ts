/**
 * Test helpers: a fresh migrated in-memory database per test, people and their tRPC callers,
 * consultations built through the same procedures the app uses, and a way to check that a
 * refused call changed nothing.
 */
import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { eq } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from "vitest";
import { openDatabase, type DB } from "@/db";
import { memberships, users } from "@/db/schema";
import { SERVER_BUSY_TIMEOUT_MS } from "@/db/write-lock";
import type { PerspectiveValue } from "@/shared/domain";
import { appRouter, createCaller } from "@/server/root";
import type { SessionUser } from "@/server/trpc";

export type Caller = ReturnType<typeof createCaller>;

// Publishing a round emails the panel: whatever a test publishes, its mail lands in a throwaway
// outbox, never in the real ./data (withTemporaryOutbox gives a test its own to read).
if (!process.env.DATA_DIR) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "roundtable-tests-"));
  process.env.DATA_DIR = scratch;
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
}

export function freshDb(): DB {
  return openDatabase(":memory:");
}

export function callerFor(db: DB, user: SessionUser | null, sameOrigin = true): Caller {
  return createCaller({ db, user, sameOrigin });
}

/** A user row written straight into the users table (as the operator CLI or Auth.js would). */
export function createUser(db: DB, name: string, opts: { email?: string; canCreate?: boolean } = {}): SessionUser {
  const email = opts.email ?? `${name.toLowerCase().replace(/\W+/g, ".")}@example.org`;
  return db
    .insert(users)
    .values({ name, email, canCreateConsultations: opts.canCreate ?? false })
    .returning({ id: users.id, name: users.name, email: users.email })
    .get();
}

export type ConsultationInput = Parameters<Caller["consultation"]["create"]>[0];

export function consultationInput(overrides: Partial<ConsultationInput> = {}): ConsultationInput {
  return {
    title: "Leading integrated teams",
    researchQuestion: "What aspects of leadership of integrated teams work, for whom and when?",
    description: "A test consultation.",
    scaleMax: 5,
    anonymity: "pseudonymous",
    ...overrides,
  };
}

/** Adds mechanisms to a draft round and returns their version ids in order. */
export async function addMechanisms(caller: Caller, consultationId: string, round: number, names: string[]) {
  const ids: string[] = [];
  for (const name of names) {
    const v = await caller.mechanism.add({
      consultationId,
      round,
      name,
      description: `What "${name}" means for leaders of integrated teams.`,
    });
    ids.push(v.id);
  }
  return ids;
}

export type Member = { membershipId: string; user: SessionUser; caller: Caller };

/** Adds a stakeholder through panel.add, then builds a caller for the user it created. */
export async function addStakeholder(
  db: DB,
  facilitator: Caller,
  consultationId: string,
  person: { name: string; email?: string | null; perspective: PerspectiveValue },
): Promise<Member> {
  const { id } = await facilitator.panel.add({ consultationId, ...person });
  const user = db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.id, id))
    .get()!;
  return { membershipId: id, user, caller: callerFor(db, user) };
}

/**
 * The usual cast: a facilitator's consultation (round 1 open with three mechanisms unless
 * `open: false`) with stakeholders A and B, and an outsider consultation with its own facilitator
 * and stakeholder, also open.
 */
export async function setup(
  opts: {
    open?: boolean;
    anonymity?: "named" | "pseudonymous";
    scaleMax?: 5 | 9;
    mechanisms?: string[];
    /** A database file instead of memory, opened as the server opens it (short busy_timeout). */
    file?: string;
    /** The consultation's minimum group size for figures by perspective (default 3). */
    minGroupSize?: number;
  } = {},
) {
  const db = opts.file ? openDatabase(opts.file, { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS }) : freshDb();
  const facilitatorUser = createUser(db, "Fran Facilitator", { canCreate: true });
  const facilitator = callerFor(db, facilitatorUser);
  const { id: consultationId, slug } = await facilitator.consultation.create(
    consultationInput({ anonymity: opts.anonymity ?? "pseudonymous", scaleMax: opts.scaleMax ?? 5, minGroupSize: opts.minGroupSize }),
  );
  const versions = await addMechanisms(
    facilitator,
    consultationId,
    1,
    opts.mechanisms ?? ["Building trust", "Taking a wider view", "Working with power"],
  );
  // Published before the panel is added, so no "round 1 is open" emails (and links) are made:
  // tests of links and the outbox start from none.
  if (opts.open !== false) await facilitator.round.publish({ consultationId, round: 1 });
  const a = await addStakeholder(db, facilitator, consultationId, {
    name: "Ann Able",
    email: "ann@example.org",
    perspective: "practitioner",
  });
  const b = await addStakeholder(db, facilitator, consultationId, {
    name: "Bob Baker",
    email: "bob@example.org",
    perspective: "service_user",
  });

  const outsiderUser = createUser(db, "Olga Outsider", { canCreate: true });
  const outsiderFacilitator = callerFor(db, outsiderUser);
  const other = await outsiderFacilitator.consultation.create(consultationInput({ title: "Another review" }));
  const otherVersions = await addMechanisms(outsiderFacilitator, other.id, 1, ["Elsewhere mechanism"]);
  await outsiderFacilitator.round.publish({ consultationId: other.id, round: 1 });
  const outsider = await addStakeholder(db, outsiderFacilitator, other.id, {
    name: "Oscar Other",
    email: "oscar@example.org",
    perspective: "researcher",
  });

  return {
    db,
    consultationId,
    slug,
    versions,
    facilitator,
    facilitatorUser,
    a,
    b,
    other: {
      consultationId: other.id,
      versions: otherVersions,
      facilitator: outsiderFacilitator,
      facilitatorUser: outsiderUser,
      stakeholder: outsider,
    },
  };
}

export type World = Awaited<ReturnType<typeof setup>>;

/** Every row of every table, to compare before and after a refused call. */
export function snapshot(db: DB): Record<string, unknown[]> {
  const sqlite = db.$client;
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as {
    name: string;
  }[];
  return Object.fromEntries(tables.map(({ name }) => [name, sqlite.prepare(`select * from "${name}" order by rowid`).all()]));
}

/** Runs a call that must fail with `code` (and a message matching `message`) and change nothing. */
export async function expectRefused(
  db: DB,
  call: () => Promise<unknown>,
  code: TRPC_ERROR_CODE_KEY,
  message?: RegExp | string,
): Promise<TRPCError> {
  const before = snapshot(db);
  const error = await call().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}, but the call succeeded`).toBeInstanceOf(TRPCError);
  const trpcError = error as TRPCError;
  expect(trpcError.code, trpcError.message).toBe(code);
  if (message) expect(trpcError.message).toMatch(message);
  expect(snapshot(db)).toEqual(before);
  return trpcError;
}

/** The row count of one table. */
export function countRows(db: DB, table: string): number {
  return (db.$client.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
}

// Added for the authorization matrix and the fuzz tests (security suite).

export type RouterProcedure = { _def: { type: "query" | "mutation" | "subscription"; inputs: unknown[] } };

/** Every procedure of the app router by dotted path, as the router itself lists them. */
export function routerProcedures(): [string, RouterProcedure][] {
  // At run time `_def.procedures` is flat: "panel.add" -> procedure.
  return Object.entries(appRouter._def.procedures as unknown as Record<string, RouterProcedure>);
}

/** Calls a procedure by its dotted path, e.g. "panel.add". */
export function callPath(caller: Caller, path: string, input?: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input?: unknown,
  ) => Promise<unknown>;
  return fn(input);
}

/**
 * setup() plus something of everything: a comment by A with a reply by B, a flag raised by B,
 * a rating by A, and a stakeholder (Cara) who has not responded yet.
 */
export async function setupWithContent() {
  const w = await setup();
  const consultationId = w.consultationId;
  const { mechanisms } = await w.facilitator.mechanism.listForRound({ consultationId, round: 1 });
  const { id: commentId } = await w.a.caller.comment.add({
    consultationId,
    target: { versionId: w.versions[0] },
    body: "Trust comes first in our team.",
  });
  const { id: replyId } = await w.b.caller.comment.add({
    consultationId,
    target: { versionId: w.versions[0] },
    parentId: commentId,
    body: "Agreed.",
  });
  const { id: flagId } = await w.b.caller.flag.create({
    consultationId,
    round: 1,
    name: "Use of power",
    covers: "How leaders share power.",
    whyItMatters: "Social care staff feel unheard.",
  });
  await w.a.caller.rating.set({ consultationId, versionId: w.versions[0], value: 4 });
  const cara = await addStakeholder(w.db, w.facilitator, consultationId, {
    name: "Cara Clean",
    email: "cara@example.org",
    perspective: "opinion_leader",
  });
  return { ...w, mechanismIds: mechanisms.map((m) => m.mechanismId), commentId, replyId, flagId, cara };
}

export type ContentWorld = Awaited<ReturnType<typeof setupWithContent>>;

/**
 * Points DATA_DIR at a throwaway folder so emails land in its outbox (with https links), for the
 * whole file ("all") or per test ("each"); restores the environment afterwards. Returns the folder.
 */
export function withTemporaryOutbox(scope: "all" | "each"): () => string {
  const saved = { DATA_DIR: process.env.DATA_DIR, AUTH_URL: process.env.AUTH_URL, SMTP_URL: process.env.SMTP_URL };
  let dir = "";
  const [before, after] = scope === "all" ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "roundtable-test-"));
    process.env.DATA_DIR = dir;
    process.env.AUTH_URL = "https://roundtable.example.org";
    delete process.env.SMTP_URL;
    vi.spyOn(console, "log").mockImplementation(() => {}); // the outbox prints its links
  });
  after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });
  return () => dir;
}

/**
 * Texts that show nothing (each at least 5 characters long, past every "at least" limit it
 * is tried against): free-text inputs must treat them as empty.
 */
export const INVISIBLE_TEXTS = [
  "\u200B\u200B\u200B\u200B\u200B", // zero-width space
  "\u200C\u200D\u2060\u200B\u200C", // zero-width non-joiner, joiner, word joiner
  "\uFEFF\u00AD\u00AD\u200E\u200F", // byte-order mark, soft hyphens, LTR/RTL marks
  "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069", // bidi embeddings, overrides, isolates
  " \u00A0\u3000\u200B\t\n\u2800 ", // no-break, ideographic and braille blank spaces
];
