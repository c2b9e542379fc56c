/**
 * Malformed-input fuzzing of every procedure, derived from its input schema: for each procedure
 * of the router, inputs are generated from its zod parsers (valid-shaped, one field broken,
 * fields missing or extra, wrong types, huge and odd strings, odd numbers) and sent by a
 * facilitator and by a stakeholder of the consultation. Every call must succeed or be refused
 * with a 4xx TRPCError and a readable message, and a refused call must change nothing.
 *
 * FUZZ_RUNS (runs per procedure and role) and FUZZ_SEED reproduce or widen a run.
 */
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { callPath, routerProcedures, setupWithContent, snapshot, withTemporaryOutbox, type ContentWorld } from "./helpers";

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 50);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

// The few zod 4 internals the generators read: a schema's kind, its children and its checks.
type CheckDef = { check: string; minimum?: number; maximum?: number; value?: number; format?: string };
type Def = {
  type: string;
  format?: string;
  shape?: Record<string, Schema>;
  options?: Schema[];
  innerType?: Schema;
  in?: Schema;
  element?: Schema;
  values?: unknown[];
  entries?: Record<string, unknown>;
  checks?: { _zod: { def: CheckDef } }[];
};
type Schema = { _zod: { def: Def } };

const def = (s: Schema) => s._zod.def;

/** Length or value bounds and integer-ness, read from the schema's checks. */
function bounds(s: Schema): { min?: number; max?: number; int: boolean } {
  const out: { min?: number; max?: number; int: boolean } = { int: false };
  for (const c of def(s).checks ?? []) {
    const d = c._zod.def;
    if (d.check === "min_length") out.min = d.minimum;
    if (d.check === "max_length") out.max = d.maximum;
    if (d.check === "greater_than") out.min = d.value;
    if (d.check === "less_than") out.max = d.value;
    if (d.check === "number_format" && /int/.test(d.format ?? "")) out.int = true;
  }
  return out;
}

/** Several object parsers (consultationInput + the procedure's own) read as one object. */
function mergedInput(inputs: unknown[]): Schema | null {
  const schemas = inputs as Schema[];
  if (schemas.length === 0) return null;
  if (!schemas.every((s) => def(s).type === "object")) return schemas[schemas.length - 1];
  const shape = Object.assign({}, ...schemas.map((s) => def(s).shape));
  return { _zod: { def: { type: "object", shape, checks: [] } } };
}

// ---- Odd values ----

const HUGE = 100_000;
const hugeStrings = [
  "x".repeat(HUGE),
  " ".repeat(HUGE),
  "<".repeat(HUGE),
  "\u{1F600}".repeat(HUGE / 2),
  "a,b@c.org,researcher\n".repeat(HUGE / 20),
];
const unicodeEdges = [
  "\uD800", // lone high surrogate
  "\uDFFF", // lone low surrogate
  "a\uD83D", // half an emoji
  "\u202Eevil\u202C", // right-to-left override
  "\u200F\u200E\u061C", // RTL/LTR marks
  "\u200B\u200C\u200D\u2060\uFEFF", // zero-width characters and BOM
  "👩‍👩‍👧‍👦🏳️‍🌈", // emoji sequences
  "\u0000",
  "a\u0000b",
  "e\u0301\u0301\u0301", // stacked combining marks
  "Ω≈ç√∫ åß∂ƒ 田中さん مرحبا",
  "\r\n\t\v\f",
  "'; DROP TABLE users; --",
  "\"\\'`",
  "%s%n%x{0}${x}",
  "__proto__",
  "constructor",
  "<script>alert(1)</script>",
  "=cmd|' /C calc'!A0",
];
const weirdNumbers = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  -1,
  0.5,
  1.5,
  2 ** 31,
  2 ** 53,
  -(2 ** 53),
  2 ** 64,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -1e308,
];
const pollution = [JSON.parse('{"__proto__": {"polluted": true}}') as unknown, { constructor: { prototype: { polluted: true } } }];

const oddString = fc.oneof(
  fc.constantFrom(...hugeStrings),
  fc.constantFrom(...unicodeEdges),
  fc.string({ unit: "binary", maxLength: 30 }), // any code point, lone surrogates included
  fc.constantFrom("", " ", "\n\n", "null", "undefined", "0", "-1", "1e400", "NaN", "true", "[]", "{}"),
);
const oddNumber = fc.oneof(fc.constantFrom(...weirdNumbers), fc.double(), fc.integer({ min: -1_000_000, max: 1_000_000 }));
/** Values of every wrong type a request could carry (superjson brings dates, maps, sets, bigints...). */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  oddNumber,
  oddString,
  fc.constantFrom<unknown>(null, undefined, true, false, 10n ** 30n, new Date(NaN), new Date(0), /x/, new Map([["a", 1]]), new Set([1])),
  fc.constantFrom(...pollution),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
  fc.constant(Array.from({ length: 5_000 }, (_, i) => i)),
  fc.object({ maxDepth: 2 }),
);

// ---- Generators from a schema ----

type Pool = { world: ContentWorld; ids: string[]; byHint: [RegExp, string[]][] };

function pool(w: ContentWorld): Pool {
  const versions = [...w.versions, ...w.other.versions];
  const comments = [w.commentId, w.replyId];
  const members = [w.a.membershipId, w.b.membershipId, w.cara.membershipId, w.other.stakeholder.membershipId];
  const byHint: [RegExp, string[]][] = [
    [/^version/, versions],
    [/^mechanism/, w.mechanismIds],
    [/^(comment|parent)/, comments],
    [/^flag/, [w.flagId]],
    [/^membership/, members],
  ];
  return {
    world: w,
    ids: [w.consultationId, w.other.consultationId, ...versions, ...w.mechanismIds, ...comments, w.flagId, ...members],
    byHint,
  };
}

function idArb(p: Pool, key: string): fc.Arbitrary<string> {
  if (key === "consultationId") {
    // Mostly the caller's own consultation, so the procedure itself is reached.
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant(p.world.consultationId) },
      { weight: 1, arbitrary: fc.constant(p.world.other.consultationId) },
      { weight: 1, arbitrary: fc.uuid() },
    );
  }
  const hinted = p.byHint.find(([re]) => re.test(key))?.[1] ?? p.ids;
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...hinted) },
    { weight: 1, arbitrary: fc.constantFrom(...p.ids) },
    { weight: 1, arbitrary: fc.uuid() },
  );
}

function textArb(min: number, max: number): fc.Arbitrary<string> {
  const filler = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...unicodeEdges), fc.string({ unit: "binary", maxLength: 20 }));
  const lead = "Abc".repeat(Math.ceil(min / 3)).slice(0, min);
  return fc.tuple(filler, filler).map(([a, b]) => (lead + a + b).slice(0, max));
}

/** Plausible strings for fields whose name says what they hold. */
function hintedString(p: Pool, key: string): fc.Arbitrary<string> | null {
  if (key === "slug") return fc.oneof(fc.constant(p.world.slug), fc.string({ maxLength: 20 }));
  if (key === "cursor") {
    return fc.oneof(
      fc.constantFrom(
        "1700000000000_00000000-0000-4000-8000-000000000000",
        "NaN_x",
        "_",
        "1e400_x",
        "-1_",
        "8640000000000001_x",
        "9".repeat(99),
        "0_" + "z".repeat(97),
      ),
      fc.tuple(fc.integer(), fc.string({ maxLength: 40 })).map(([n, s]) => `${n}_${s}`),
    );
  }
  if (key === "text") {
    // A pasted panel list: some good lines, some broken ones.
    const line = fc.oneof(
      fc
        .tuple(textArb(1, 40), fc.constantFrom("researcher", "service user", "practitioner", "manager", "nobody", ""))
        .map(([n, pp]) => `${n}, ${pp}`),
      fc.tuple(textArb(1, 40), fc.emailAddress(), fc.constantFrom("researcher", "opinion leader")).map(([n, e, pp]) => `${n}; ${e}; ${pp}`),
      fc.constantFrom(...unicodeEdges),
    );
    return fc.array(line, { maxLength: 8 }).map((lines) => lines.join("\n"));
  }
  return null;
}

function validArb(s: Schema, p: Pool, key = ""): fc.Arbitrary<unknown> {
  const d = def(s);
  switch (d.type) {
    case "object": {
      const shape = d.shape ?? {};
      const required = Object.keys(shape).filter((k) => !["optional", "default", "prefault"].includes(def(shape[k]).type));
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, validArb(v, p, k)]));
      return fc.record(fields, { requiredKeys: required });
    }
    case "string": {
      if (d.format === "uuid" || d.format === "guid") return idArb(p, key);
      if (d.format === "email")
        return fc.oneof(fc.emailAddress(), fc.constantFrom("ann@example.org", "OSCAR@example.org", "new.person@example.org"));
      const hinted = hintedString(p, key);
      if (hinted) return hinted;
      const b = bounds(s);
      return textArb(b.min ?? 0, b.max ?? 200);
    }
    case "number": {
      const b = bounds(s);
      const min = b.min ?? -1000;
      const max = b.max ?? 1000;
      // Low values first: rounds 1-3 exist, ratings run 1-5.
      return fc.oneof(fc.integer({ min, max: Math.min(max, min + 4) }), fc.integer({ min, max }));
    }
    case "boolean":
      return fc.boolean();
    case "literal":
      return fc.constantFrom(...(d.values ?? [null]));
    case "enum":
      return fc.constantFrom(...Object.values(d.entries ?? {}));
    case "union":
      return fc.oneof(...(d.options ?? []).map((o) => validArb(o, p, key)));
    case "optional":
      return fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: validArb(d.innerType!, p, key) });
    case "nullable":
      return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: validArb(d.innerType!, p, key) });
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return validArb(d.innerType!, p, key);
    case "pipe":
      return validArb(d.in!, p, key);
    case "array": {
      const b = bounds(s);
      const min = b.min ?? 0;
      return fc.array(validArb(d.element!, p, key), { minLength: min, maxLength: Math.min(b.max ?? 5, min + 4) });
    }
    default:
      return fc.anything({ maxDepth: 1 });
  }
}

const MISSING = Symbol("missing");

/** Something this schema must reject, or that probes its edges: wrong types, odd values, broken fields. */
function malformedArb(s: Schema, p: Pool, key = ""): fc.Arbitrary<unknown> {
  const d = def(s);
  switch (d.type) {
    case "object": {
      const shape = d.shape ?? {};
      const keys = Object.keys(shape);
      const base = validArb(s, p, key) as fc.Arbitrary<Record<string, unknown>>;
      const extraKey = fc.oneof(
        fc.constantFrom("__proto__", "constructor", "id", "role", "membershipId", "userId", "consultationId"),
        fc.string({ maxLength: 10 }),
      );
      const extra = fc.tuple(base, fc.array(fc.tuple(extraKey, wrongType), { minLength: 1, maxLength: 3 })).map(([o, more]) => {
        const copy: Record<string, unknown> = { ...o };
        for (const [k, v] of more) Object.defineProperty(copy, k, { value: v, enumerable: true, configurable: true, writable: true });
        return copy;
      });
      if (keys.length === 0) return fc.oneof(wrongType, extra);
      // One field broken (or missing), the rest valid.
      const oneBroken = fc.constantFrom(...keys).chain((k) =>
        fc
          .tuple(base, fc.oneof({ weight: 4, arbitrary: malformedArb(shape[k], p, k) }, { weight: 1, arbitrary: fc.constant(MISSING) }))
          .map(([o, v]) => {
            const copy: Record<string, unknown> = { ...o };
            if (v === MISSING) delete copy[k];
            else copy[k] = v;
            return copy;
          }),
      );
      return fc.oneof({ weight: 1, arbitrary: wrongType }, { weight: 6, arbitrary: oneBroken }, { weight: 2, arbitrary: extra });
    }
    case "string":
      return fc.oneof(oddString, wrongType, d.format === "uuid" ? fc.uuid().map((u) => u.toUpperCase()) : oddString);
    case "number":
      return fc.oneof(oddNumber, oddNumber.map(String), fc.bigInt(), wrongType);
    case "array":
      return fc.oneof(
        wrongType,
        fc.constant([]),
        fc.array(fc.oneof(malformedArb(d.element!, p, key), validArb(d.element!, p, key)), { minLength: 1, maxLength: 6 }),
        validArb(d.element!, p, key).map((v) => Array.from({ length: 1_000 }, () => v)),
      );
    case "union":
      return fc.oneof(wrongType, ...(d.options ?? []).map((o) => malformedArb(o, p, key)));
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return malformedArb(d.innerType!, p, key);
    case "pipe":
      return malformedArb(d.in!, p, key);
    case "literal":
    case "enum": {
      const allowed = d.type === "literal" ? (d.values ?? []) : Object.values(d.entries ?? {});
      const variants = allowed.flatMap((v) =>
        typeof v === "string" ? [v.toUpperCase(), ` ${v}`, `${v}\u0000`] : [String(v), Number(v) + 0.5],
      );
      return fc.oneof(wrongType, fc.constantFrom(...(variants.length ? variants : [null])));
    }
    default:
      return wrongType;
  }
}

function inputArb(inputs: unknown[], p: Pool): fc.Arbitrary<unknown> {
  const schema = mergedInput(inputs);
  if (!schema) return fc.oneof(fc.constant(undefined), wrongType);
  return fc.oneof(
    { weight: 6, arbitrary: malformedArb(schema, p) },
    { weight: 2, arbitrary: validArb(schema, p) },
    { weight: 1, arbitrary: wrongType },
  );
}

// ---- The property ----

/** Readable: not raw JSON (a zod dump), not a database message, not an echo of a huge input. */
function expectReadable(message: string, context: string) {
  expect(message.trim().length, `${context}: empty message`).toBeGreaterThan(0);
  expect(message, `${context}: raw JSON message`).not.toMatch(/^\s*[[{]/);
  expect(message, `${context}: database or object message`).not.toMatch(/SQLITE_|SqliteError|\[object Object\]|ZodError/);
  expect(message.length, `${context}: message too long`).toBeLessThan(2_000);
}

function describeInput(input: unknown): string {
  const text = (() => {
    try {
      return JSON.stringify(input, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
    } catch {
      return String(input);
    }
  })();
  return text === undefined ? "undefined" : text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}

const procedures = routerProcedures();

// panel.sendEmail writes to the outbox of a throwaway data directory instead of sending mail.
withTemporaryOutbox("all");

describe("malformed input", () => {
  it("covers every procedure of the router, each with an input parser or none at all", () => {
    expect(procedures.length).toBeGreaterThan(30);
    for (const [name, proc] of procedures) expect(Array.isArray(proc._def.inputs), name).toBe(true);
  });

  const parsers = new Map(procedures.map(([name, proc]) => [name, proc._def.inputs]));
  const kinds = new Map(procedures.map(([name, proc]) => [name, proc._def.type]));
  const cases = procedures.flatMap(([name]) => (["facilitator", "stakeholder"] as const).map((role) => [name, role] as const));

  it.each(cases)(
    "%s as %s: a 4xx or success, never a 5xx; a refusal changes nothing",
    async (procedurePath, role) => {
      const world = await setupWithContent();
      const caller = role === "facilitator" ? world.facilitator : world.a.caller;
      const arb = inputArb(parsers.get(procedurePath)!, pool(world));
      await fc.assert(
        fc.asyncProperty(arb, async (input) => {
          // The calls are synchronous underneath: let the test runner's messages through between them.
          await new Promise((resolve) => setImmediate(resolve));
          const before = snapshot(world.db);
          let error: unknown = null;
          try {
            const result = await callPath(caller, procedurePath, input);
            // A subscription that accepted its input must also produce its first event without a 5xx.
            if (kinds.get(procedurePath) === "subscription") {
              const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
              await iterator.next();
              await iterator.return?.();
            }
          } catch (e) {
            error = e;
          }
          if (error === null) return;
          const context = `${procedurePath} as ${role} with ${describeInput(input)}`;
          if (!(error instanceof TRPCError)) throw new Error(`${context}: threw a non-TRPCError: ${String(error)}`);
          const status = getHTTPStatusCodeFromError(error);
          if (status >= 500 || error.code === "INTERNAL_SERVER_ERROR") {
            throw new Error(
              `${context}: ${error.code} (${status}): ${error.message}${error.cause ? ` / cause: ${String(error.cause)}` : ""}`,
            );
          }
          expect(status, context).toBeGreaterThanOrEqual(400);
          expectReadable(error.message, context);
          expect(snapshot(world.db), `${context}: a refused call changed the database`).toEqual(before);
        }),
        { numRuns: NUM_RUNS, seed: SEED, endOnFailure: true },
      );
      // Nothing leaked onto Object.prototype from the pollution payloads.
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    },
    30_000 + NUM_RUNS * 200,
  );
});
