import { defineConfig } from "drizzle-kit";

/** PostgreSQL migrations (db/schema-pg.ts mirrors db/schema.ts; see its header). */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema-pg.ts",
  out: "./db/migrations-pg",
});
