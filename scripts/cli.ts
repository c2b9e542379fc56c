/**
 * The operator's command line: `npm run cli -- <command>`.
 *   facilitator add <email> [--name "Full Name"]   allow someone to create consultations
 *   signin-link <email>                             print a one-time sign-in link (24 hours)
 *   backup <path>                                   online backup of the database while it serves
 *   seed-demo                                       add the demo consultation to an empty database
 */
import { eq } from "drizzle-orm";
import fs from "node:fs";
import path from "node:path";
import { databasePath, openDatabase } from "@/db";
import { isEmpty, seedDemo } from "@/db/seed";
import { users } from "@/db/schema";
import { email as emailSchema } from "@/server/services/panel";
import { authSecret } from "@/server/config";
import { createSignInLink } from "@/server/services/invitations";

const USAGE = `Usage: npm run cli -- <command>
  facilitator add <email> [--name "Full Name"]   allow this person to create consultations
  signin-link <email>                             print a one-time sign-in link (valid 24 hours)
  backup <path>                                   copy the database while the app keeps running
  seed-demo                                       add the demo consultation to an empty database`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function parseEmail(raw: string | undefined): string {
  const parsed = emailSchema.safeParse(raw ?? "");
  if (!parsed.success) fail(`Give a valid email address.\n\n${USAGE}`);
  return parsed.data;
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (command === "backup") return backup(rest[0]);
  const db = openDatabase(databasePath());
  switch (command) {
    case "facilitator": {
      if (rest[0] !== "add") fail(USAGE);
      const email = parseEmail(rest[1]);
      const nameAt = rest.indexOf("--name");
      const name = nameAt >= 0 ? rest[nameAt + 1] : undefined;
      const existing = db.select().from(users).where(eq(users.email, email)).get();
      if (existing) {
        db.update(users).set({ canCreateConsultations: true, ...(name ? { name } : {}) }).where(eq(users.id, existing.id)).run();
        console.log(`${email} can now create consultations.`);
      } else {
        db.insert(users).values({ email, name: name ?? email.split("@")[0], canCreateConsultations: true }).run();
        console.log(`Added ${email}; they can sign in and create consultations.`);
      }
      const link = createSignInLink(db, email, authSecret());
      console.log(`One-time sign-in link (valid 24 hours):\n  ${link}`);
      break;
    }
    case "signin-link": {
      const email = parseEmail(rest[0]);
      const link = createSignInLink(db, email, authSecret());
      if (!link) fail(`No account uses ${email}. Add a facilitator with: npm run cli -- facilitator add ${email}`);
      console.log(link);
      break;
    }
    case "seed-demo": {
      if (!isEmpty(db)) fail("The database is not empty; the demo is only added to a new database.");
      seedDemo(db);
      console.log("Seeded the demo consultation.");
      break;
    }
    default:
      fail(USAGE);
  }
  db.$client.close();
}

/**
 * An online backup of the live database. It copies in one step (a few seconds even for large
 * files) so that a steady stream of writes cannot keep restarting it, and it never creates or
 * migrates a database: a wrong DATA_DIR is an error, not an empty backup.
 */
async function backup(target: string | undefined) {
  if (!target) fail(USAGE);
  const source = databasePath();
  if (!fs.existsSync(source)) fail(`There is no database at ${source}. Set DATA_DIR to the app's data directory.`);
  const out = path.resolve(target);
  if (fs.existsSync(out)) fail(`${out} already exists; choose a new file name.`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const db = openDatabase(source, { migrate: false });
  await db.$client.backup(out, { progress: () => 1_000_000_000 });
  db.$client.close();
  console.log(`Backed up ${source} to ${out}`);
}

main(process.argv.slice(2)).catch((error) => fail(String(error)));
