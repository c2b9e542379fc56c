/**
 * db/schema.ts (SQLite, the truth) and db/schema-pg.ts (PostgreSQL) declare the same database:
 * the same tables, columns (name, property, type through the documented mapping, nullability,
 * defaults, primary key, uniqueness, enum values), composite primary keys, foreign keys (with
 * their actions), unique constraints, indexes (name, columns, uniqueness, WHERE), checks and
 * relations; the app sees the same row types on both (checked by the compiler, below). The
 * committed migrations of both engines are not stale: drizzle-kit's offline API diffs each
 * folder's latest snapshot against its schema file and must find nothing to migrate.
 */
import fs from "node:fs";
import path from "node:path";
import {
  createTableRelationsHelpers,
  extractTablesRelationalConfig,
  getTableName,
  is,
  Many,
  One,
  SQL,
  Table,
  type Column,
} from "drizzle-orm";
import { getTableConfig as getPgTableConfig, PgDialect, PgTable, type IndexedColumn } from "drizzle-orm/pg-core";
import { getTableConfig as getSqliteTableConfig, SQLiteSyncDialect, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as pgSchema from "@/db/schema-pg";
import * as sqliteSchema from "@/db/schema";

// ---------------------------------------------------------------------------------------------
// Compile-time: the TypeScript row types the app sees are identical on both engines.

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type TablesOf<S> = { [K in keyof S as S[K] extends Table ? K : never]: S[K] };
type SqliteTables = TablesOf<typeof sqliteSchema>;
type PgTables = TablesOf<typeof pgSchema>;
type RowTypeParity = {
  [K in keyof SqliteTables & keyof PgTables]: SqliteTables[K] extends Table
    ? PgTables[K] extends Table
      ? [
          Same<SqliteTables[K]["$inferSelect"], PgTables[K]["$inferSelect"]>,
          Same<SqliteTables[K]["$inferInsert"], PgTables[K]["$inferInsert"]>,
        ]
      : never
    : never;
};
// Each entry must be [true, true]: a differing select or insert type is a compile error here.
const rowTypesMatch: { [K in keyof RowTypeParity]: [true, true] } = {} as RowTypeParity;
// Both files export the same tables (by export name).
const sameExports: [Same<keyof SqliteTables, keyof PgTables>] = [true];
void rowTypesMatch;
void sameExports;

// ---------------------------------------------------------------------------------------------
// The type mapping (kept in step with the table at the top of db/schema-pg.ts).

type ColumnLike = Column & { mode?: string; withTimezone?: boolean; precision?: number };

/** SQLite column type -> the PostgreSQL column type(s) it may become, with extra conditions. */
const TYPE_MAP: Record<string, { pg: string; check?: (pg: ColumnLike, lite: ColumnLike) => string | null }> = {
  SQLiteText: { pg: "PgText" },
  SQLiteTextJson: { pg: "PgJsonb" },
  SQLiteBoolean: { pg: "PgBoolean" },
  SQLiteInteger: { pg: "PgInteger" },
  SQLiteTimestamp: {
    pg: "PgTimestamp",
    check: (pg, lite) =>
      lite.mode !== "timestamp_ms"
        ? `sqlite mode ${lite.mode} (only timestamp_ms is mapped)`
        : pg.withTimezone !== true || pg.precision !== 3
          ? `pg timestamp must be (3) with time zone, is (${pg.precision}) withTimezone=${pg.withTimezone}`
          : null,
  },
  SQLiteReal: { pg: "PgDoublePrecision" },
  // pg-core has no bytea builder: a customType whose SQL type is bytea.
  SQLiteBlobBuffer: {
    pg: "PgCustomColumn",
    check: (pg) => ((pg as unknown as { getSQLType(): string }).getSQLType() === "bytea" ? null : "custom column is not bytea"),
  },
};

/**
 * Plain integers that hold values beyond PostgreSQL's int4 (SQLite integers are 64-bit): epoch
 * milliseconds. These, and only these, are `bigint({ mode: "number" })` in PostgreSQL.
 */
const WIDE_INTEGERS = new Set(["rate_limit_window.reset_at"]);

function typeMismatch(table: string, lite: ColumnLike, pg: ColumnLike): string | null {
  const key = `${table}.${lite.name}`;
  if (lite.columnType === "SQLiteInteger" && WIDE_INTEGERS.has(key)) {
    return pg.columnType === "PgBigInt53" ? null : `${key} holds epoch ms: expected PgBigInt53, got ${pg.columnType}`;
  }
  const rule = TYPE_MAP[lite.columnType];
  if (!rule) return `${key}: no mapping for ${lite.columnType} (add it to TYPE_MAP and to schema-pg.ts's header)`;
  if (pg.columnType !== rule.pg) return `${key}: ${lite.columnType} maps to ${rule.pg}, got ${pg.columnType}`;
  const extra = rule.check?.(pg, lite);
  return extra ? `${key}: ${extra}` : null;
}

// ---------------------------------------------------------------------------------------------
// Normalised descriptions of both schemas

function tablesOf<T extends Table>(
  schema: Record<string, unknown>,
  kind: typeof SQLiteTable | typeof PgTable,
): Map<string, { exportName: string; table: T }> {
  const out = new Map<string, { exportName: string; table: T }>();
  for (const [exportName, value] of Object.entries(schema)) {
    if (is(value, kind)) out.set(getTableName(value as Table), { exportName, table: value as T });
  }
  return out;
}

const liteTables = tablesOf<SQLiteTable>(sqliteSchema, SQLiteTable);
const pgTables = tablesOf<PgTable>(pgSchema, PgTable);

const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();
/** A partial index's WHERE, rendered and made dialect-neutral ($1 -> ?). */
function whereText(where: SQL | undefined, dialect: SQLiteSyncDialect | PgDialect): string | null {
  if (!where) return null;
  const q = dialect.sqlToQuery(where);
  return `${q.sql.replace(/\$\d+/g, "?")} ${JSON.stringify(q.params)}`;
}

const action = (a: string | undefined) => a ?? "no action";
const propertyOf = (table: Table, column: Column) => Object.entries(table).find(([, c]) => c === column)?.[0] ?? "?";

interface Described {
  columns: Record<string, Record<string, unknown>>;
  primaryKeys: string[];
  foreignKeys: string[];
  uniqueConstraints: string[];
  indexes: string[];
  checks: string[];
}

function describeColumn(table: Table, c: ColumnLike) {
  return {
    property: propertyOf(table, c),
    dataType: c.dataType,
    notNull: c.notNull,
    primary: c.primary,
    hasDefault: c.hasDefault,
    default: c.default instanceof SQL ? "<sql>" : c.default,
    defaultFn: typeof c.defaultFn === "function" ? String(c.defaultFn) : null,
    onUpdateFn: typeof c.onUpdateFn === "function" ? String(c.onUpdateFn) : null,
    isUnique: c.isUnique,
    uniqueName: c.isUnique ? c.uniqueName : null,
    enumValues: c.enumValues ?? null,
    generated: c.generated ? "generated" : null,
  };
}

function describeSqlite(table: SQLiteTable): Described {
  const cfg = getSqliteTableConfig(table);
  return {
    columns: Object.fromEntries(cfg.columns.map((c) => [c.name, describeColumn(table, c as ColumnLike)])),
    primaryKeys: cfg.primaryKeys.map((pk) => `${pk.getName()} (${pk.columns.map((c) => c.name).join(", ")})`),
    foreignKeys: cfg.foreignKeys
      .map((fk) => {
        const r = fk.reference();
        return `${fk.getName()}: (${r.columns.map((c) => c.name).join(", ")}) -> ${getTableName(r.foreignTable)} (${r.foreignColumns.map((c) => c.name).join(", ")}) on delete ${action(fk.onDelete)} on update ${action(fk.onUpdate)}`;
      })
      .sort(),
    uniqueConstraints: cfg.uniqueConstraints.map((u) => `${u.name} (${u.columns.map((c) => c.name).join(", ")})`).sort(),
    indexes: cfg.indexes
      .map((i) => {
        const cols = i.config.columns.map((c) => (is(c, SQL) ? `<sql ${sqliteDialect.sqlToQuery(c).sql}>` : c.name));
        return `${i.config.unique ? "unique " : ""}${i.config.name} (${cols.join(", ")}) where ${whereText(i.config.where, sqliteDialect)}`;
      })
      .sort(),
    checks: cfg.checks.map((c) => c.name).sort(),
  };
}

function describePg(table: PgTable): Described {
  const cfg = getPgTableConfig(table);
  return {
    columns: Object.fromEntries(cfg.columns.map((c) => [c.name, describeColumn(table, c as ColumnLike)])),
    primaryKeys: cfg.primaryKeys.map((pk) => `${pk.getName()} (${pk.columns.map((c) => c.name).join(", ")})`),
    foreignKeys: cfg.foreignKeys
      .map((fk) => {
        const r = fk.reference();
        return `${fk.getName()}: (${r.columns.map((c) => c.name).join(", ")}) -> ${getTableName(r.foreignTable)} (${r.foreignColumns.map((c) => c.name).join(", ")}) on delete ${action(fk.onDelete)} on update ${action(fk.onUpdate)}`;
      })
      .sort(),
    uniqueConstraints: cfg.uniqueConstraints
      .map((u) => `${u.name} (${u.columns.map((c) => c.name).join(", ")})${u.nullsNotDistinct ? " nulls not distinct" : ""}`)
      .sort(),
    indexes: cfg.indexes
      .map((i) => {
        const cols = i.config.columns.map((col) => {
          if (is(col, SQL)) return `<sql ${pgDialect.sqlToQuery(col).sql}>`;
          const c = col as IndexedColumn;
          // SQLite's indexes here carry no order or operator class: anything but pg's default
          // (asc, nulls last) would make the two engines' indexes differ.
          const order = c.indexConfig?.order ?? "asc";
          const nulls = c.indexConfig?.nulls ?? (order === "asc" ? "last" : "first");
          const extra = [
            order !== "asc" ? order : null,
            nulls !== (order === "asc" ? "last" : "first") ? `nulls ${nulls}` : null,
            c.indexConfig?.opClass ?? null,
          ].filter(Boolean);
          return extra.length ? `${c.name} ${extra.join(" ")}` : c.name;
        });
        const method = i.config.method && i.config.method !== "btree" ? ` using ${i.config.method}` : "";
        return `${i.config.unique ? "unique " : ""}${i.config.name} (${cols.join(", ")})${method} where ${whereText(i.config.where, pgDialect)}`;
      })
      .sort(),
    checks: cfg.checks.map((c) => c.name).sort(),
  };
}

/** Every difference between the two declarations of one table, as readable lines. */
function differences(name: string, lite: SQLiteTable, pg: PgTable): string[] {
  const out: string[] = [];
  const a = describeSqlite(lite);
  const b = describePg(pg);
  const liteCols = getSqliteTableConfig(lite).columns;
  const pgCols = new Map(getPgTableConfig(pg).columns.map((c) => [c.name, c]));

  for (const col of liteCols) if (!pgCols.has(col.name)) out.push(`${name}.${col.name}: missing in schema-pg.ts`);
  for (const col of pgCols.keys()) if (!(col in a.columns)) out.push(`${name}.${col}: only in schema-pg.ts`);
  for (const col of liteCols) {
    const other = pgCols.get(col.name);
    if (!other) continue;
    const t = typeMismatch(name, col as ColumnLike, other as ColumnLike);
    if (t) out.push(`type ${t}`);
    const x = a.columns[col.name];
    const y = b.columns[col.name];
    for (const key of Object.keys(x)) {
      if (JSON.stringify(x[key]) !== JSON.stringify(y[key])) {
        out.push(`${name}.${col.name}.${key}: sqlite ${JSON.stringify(x[key])} vs pg ${JSON.stringify(y[key])}`);
      }
    }
  }
  for (const key of ["primaryKeys", "foreignKeys", "uniqueConstraints", "indexes", "checks"] as const) {
    for (const s of a[key]) if (!b[key].includes(s)) out.push(`${name} ${key}: sqlite has "${s}", pg does not`);
    for (const s of b[key]) if (!a[key].includes(s)) out.push(`${name} ${key}: pg has "${s}", sqlite does not`);
  }
  return out;
}

function describeRelations(schema: Record<string, unknown>): string[] {
  const { tables } = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  const out: string[] = [];
  for (const [tsName, t] of Object.entries(tables)) {
    for (const [relName, rel] of Object.entries(t.relations)) {
      const kind = is(rel, One) ? "one" : is(rel, Many) ? "many" : "?";
      const fields =
        is(rel, One) && rel.config
          ? ` ${rel.config.fields.map((f) => f.name).join(",")} -> ${rel.config.references.map((f) => f.name).join(",")}`
          : "";
      out.push(`${tsName}.${relName}: ${kind} ${rel.referencedTableName}${fields}${rel.relationName ? ` (${rel.relationName})` : ""}`);
    }
  }
  return out.sort();
}

// ---------------------------------------------------------------------------------------------

describe("schema parity: db/schema.ts (SQLite) and db/schema-pg.ts (PostgreSQL)", () => {
  it("declares the same set of tables under the same export names", () => {
    expect([...pgTables.keys()].sort()).toEqual([...liteTables.keys()].sort());
    expect(liteTables.size).toBeGreaterThanOrEqual(30);
    const exportNames = (m: Map<string, { exportName: string }>) => [...m].map(([t, v]) => `${t} as ${v.exportName}`).sort();
    expect(exportNames(pgTables)).toEqual(exportNames(liteTables));
  });

  it("declares every table alike: columns, types, defaults, keys, foreign keys, uniques, indexes", () => {
    const diffs: string[] = [];
    for (const [name, { table }] of liteTables) {
      const other = pgTables.get(name);
      if (other) diffs.push(...differences(name, table, other.table));
    }
    expect(diffs, `schema-pg.ts differs from schema.ts:\n${diffs.join("\n")}`).toEqual([]);
  });

  it("knows every SQLite column type it meets (the mapping table is complete)", () => {
    const seen = new Set<string>();
    for (const { table } of liteTables.values()) for (const c of getSqliteTableConfig(table).columns) seen.add(c.columnType);
    for (const t of seen) expect(TYPE_MAP, `no pg mapping for ${t}`).toHaveProperty(t);
    for (const key of WIDE_INTEGERS) {
      const [t, c] = key.split(".");
      expect(
        getSqliteTableConfig(liteTables.get(t)!.table).columns.some((col) => col.name === c),
        `${key} not in schema.ts`,
      ).toBe(true);
    }
  });

  it("declares the same relations", () => {
    expect(describeRelations(pgSchema)).toEqual(describeRelations(sqliteSchema));
  });
});

// ---------------------------------------------------------------------------------------------
// The committed migrations

const root = path.resolve(__dirname, "../..");

function latestSnapshot(folder: string): unknown {
  const journal = JSON.parse(fs.readFileSync(path.join(root, folder, "meta", "_journal.json"), "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  const last = journal.entries.at(-1)!;
  const file = path.join(root, folder, "meta", `${String(last.idx).padStart(4, "0")}_snapshot.json`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

describe("committed migrations", () => {
  it("db/migrations-pg creates every table of schema-pg.ts, and no other", () => {
    const dir = path.join(root, "db", "migrations-pg");
    const created = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".sql"))) {
      const text = fs.readFileSync(path.join(dir, f), "utf8");
      for (const m of text.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"(?:[^"]+"\.")?([^"]+)"/g)) created.add(m[1]);
      for (const m of text.matchAll(/DROP TABLE (?:IF EXISTS )?"(?:[^"]+"\.")?([^"]+)"/g)) created.delete(m[1]);
    }
    expect([...created].sort()).toEqual([...pgTables.keys()].sort());
  });

  // drizzle-kit's own offline diff (what `drizzle-kit generate` runs): the latest committed
  // snapshot against the schema file must need no statements. `drizzle-kit check` only checks
  // the migration folder's internal consistency, not whether it matches the schema.
  it("db/migrations-pg is not stale (nothing left for drizzle-kit generate)", async () => {
    const { generateDrizzleJson, generateMigration } = await import("drizzle-kit/api");
    const prev = latestSnapshot("db/migrations-pg") as Parameters<typeof generateMigration>[0];
    const statements = await generateMigration(prev, generateDrizzleJson(pgSchema as Record<string, unknown>));
    expect(statements, "run `npm run db:generate:pg` and commit the migration").toEqual([]);
  }, 60_000);

  it("db/migrations (SQLite) is not stale either", async () => {
    const { generateSQLiteDrizzleJson, generateSQLiteMigration } = await import("drizzle-kit/api");
    const prev = latestSnapshot("db/migrations") as Parameters<typeof generateSQLiteMigration>[0];
    const statements = await generateSQLiteMigration(prev, await generateSQLiteDrizzleJson(sqliteSchema as Record<string, unknown>));
    expect(statements, "run `npm run db:generate` and commit the migration").toEqual([]);
  }, 60_000);
});
