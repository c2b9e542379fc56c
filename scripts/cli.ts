/**
 * The operator's command line: `npm run cli -- <command>`.
 *   facilitator add <email> [--name "Full Name"]   allow someone to create consultations
 *   signin-link <email>                             print a one-time sign-in link (24 hours)
 *   backup <path>                                   online backup of the database while it serves
 *   seed-demo                                       add the demo consultation to an empty database
 *   export --consultation <slug> --format <f> --out <path> [--round <n>] [--names]
 *                                                   write a feedback report or data export
 */
import { DomainError } from "@/server/errors";
import { eq } from "drizzle-orm";
import fs from "node:fs";
import path from "node:path";
import { backupDatabase, closeDatabase, databasePath, openDatabase } from "@/db";
import { isEmpty, seedDemo } from "@/db/seed";
import { consultations, users } from "@/db/schema";
import { EXPORT_FORMATS } from "@/server/export";
import { exportQuery, runExport } from "@/server/export/run";
import { describeZodError } from "@/server/trpc";
import { email as emailSchema } from "@/server/services/panel";
import { authSecret } from "@/server/config";
import { createSignInLink } from "@/server/services/invitations";

const USAGE = `Usage: npm run cli -- <command>
  facilitator add <email> [--name "Full Name"]   allow this person to create consultations
  signin-link <email>                             print a one-time sign-in link (valid 24 hours)
  backup <path>                                   copy the database while the app keeps running
  seed-demo                                       add the demo consultation to an empty database
  export --consultation <slug> --format <${EXPORT_FORMATS.join("|")}> --out <path> [--round <n>] [--names]
                                                  write the feedback report or the data of a consultation
                                                  (all rounds, or one); pseudonymised unless --names

Exit codes: 0 done, 1 failed (nothing found, a file problem), 2 the command was not understood.`;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

/** The command was not understood: say why, show how, exit 2. */
function usage(message: string): never {
  fail(`${message}\n\n${USAGE}`, 2);
}

function parseEmail(raw: string | undefined): string {
  const parsed = emailSchema.safeParse(raw ?? "");
  if (!parsed.success) fail(`Give a valid email address.\n\n${USAGE}`);
  return parsed.data;
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (command === "backup") return backup(rest[0]);
  if (command === "export") return exportCommand(rest);
  const db = openDatabase(databasePath());
  switch (command) {
    case "facilitator": {
      if (rest[0] !== "add") fail(USAGE);
      const email = parseEmail(rest[1]);
      const nameAt = rest.indexOf("--name");
      const name = nameAt >= 0 ? rest[nameAt + 1] : undefined;
      const existing = db.select().from(users).where(eq(users.email, email)).get();
      if (existing) {
        db.update(users)
          .set({ canCreateConsultations: true, ...(name ? { name } : {}) })
          .where(eq(users.id, existing.id))
          .run();
        console.log(`${email} can now create consultations.`);
      } else {
        db.insert(users)
          .values({ email, name: name ?? email.split("@")[0], canCreateConsultations: true })
          .run();
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
  closeDatabase(db);
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
  await backupDatabase(db, out);
  closeDatabase(db);
  console.log(`Backed up ${source} to ${out}`);
}

/** Options as `--name value` pairs and `--flag`s; anything else is a usage error. */
function parseOptions(args: string[], flags: string[], valued: string[]): Map<string, string | true> {
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const name = args[i].replace(/^--/, "");
    if (!args[i].startsWith("--") || (!flags.includes(name) && !valued.includes(name))) usage(`Unknown option: ${args[i]}`);
    if (options.has(name)) usage(`--${name} is given twice.`);
    if (flags.includes(name)) options.set(name, true);
    else {
      const value = args[++i];
      if (value === undefined || value.startsWith("--")) usage(`--${name} needs a value.`);
      options.set(name, value);
    }
  }
  return options;
}

/**
 * A feedback report or data export written to a file, for automation. It is recorded in the
 * consultation's audit log as done from the command line (there is no signed-in person).
 */
async function exportCommand(args: string[]) {
  const options = parseOptions(args, ["names"], ["consultation", "round", "format", "out"]);
  const slug = options.get("consultation");
  const out = options.get("out");
  if (typeof slug !== "string") usage("Give the consultation: --consultation <slug> (the part of its address after /c/).");
  if (typeof out !== "string") usage("Give the file to write: --out <path> (or a folder to write it in).");
  const parsed = exportQuery.safeParse({
    format: options.get("format") ?? undefined,
    round: options.get("round") ?? undefined,
    names: options.has("names") ? "1" : undefined,
  });
  if (!parsed.success) usage(describeZodError(parsed.error));

  const source = databasePath();
  if (!fs.existsSync(source)) fail(`There is no database at ${source}. Set DATA_DIR to the app's data directory.`);
  const db = openDatabase(source);
  try {
    const consultation = db.select({ id: consultations.id }).from(consultations).where(eq(consultations.slug, slug)).get();
    if (!consultation) fail(`No consultation has the address ${slug}. It is the part after /c/ in the consultation's address.`);
    const file = await runExport(db, { commandLine: true, consultationId: consultation.id }, parsed.data);
    // A folder (existing, or written with a trailing slash) gets the file under its usual name.
    const isFolder = out.endsWith("/") || (fs.existsSync(out) && fs.statSync(out).isDirectory());
    const target = path.resolve(isFolder ? path.join(out, file.filename) : out);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Written beside the target, then renamed: a reader never sees half a file.
    const partial = `${target}.partial-${process.pid}`;
    fs.writeFileSync(partial, file.bytes);
    fs.renameSync(partial, target);
    console.log(
      `Wrote ${target} (${file.bytes.byteLength.toLocaleString("en-GB")} bytes)${parsed.data.names ? ", with stakeholders' names" : ""}.`,
    );
  } catch (error) {
    if (error instanceof DomainError && error.kind === "NOT_FOUND") fail(error.message);
    throw error;
  } finally {
    closeDatabase(db);
  }
}

main(process.argv.slice(2)).catch((error) => fail(String(error)));
