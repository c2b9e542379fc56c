/**
 * `npm start`: one command from a fresh clone to a running app. Keeps AUTH_SECRET in the data
 * directory, builds when the build is missing or older than the sources, migrates, seeds the
 * demo into an empty database, prints a one-time sign-in link, then serves the build
 * (scripts/serve.mjs: `next start` that decides the client's address itself).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { closeDatabase, databasePath, dataDir, openDatabase } from "@/db";
import { isEmpty, seedDemo } from "@/db/seed";
import { authSecret, publicUrl } from "@/server/config";
import { createSignInLink } from "@/server/services/invitations";
import { exitUnlessDataDirUsable } from "@/db/data-dir";

exitUnlessDataDirUsable(dataDir()); // before anything writes there (the AUTH_SECRET file, the database)

const root = process.cwd();
const port = process.env.PORT ?? "3000";
process.env.PORT = port;
process.env.AUTH_SECRET = authSecret();
process.env.AUTH_TRUST_HOST ??= "true";
process.env.NEXT_TELEMETRY_DISABLED = "1";

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const sources = Math.max(
    ...["app", "server", "db"].map((d) => newestSource(path.join(root, d))),
    ...["package.json", "next.config.js", "proxy.ts", "instrumentation.ts"]
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.statSync(f).mtimeMs),
  );
  if (built >= sources) return;
  console.log(built ? "Sources changed since the last build: building…" : "No production build yet: building (about a minute)…");
  const result = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error("The build failed; see the messages above.");
    process.exit(result.status ?? 1);
  }
}

buildIfNeeded();

const db = openDatabase(databasePath());
let seededEmail: string | null = null;
if (isEmpty(db)) {
  seededEmail = seedDemo(db).facilitatorEmail;
  console.log(`Seeded the demo consultation into ${databasePath()}`);
}
const signInEmail = process.env.DEMO_SIGNIN_EMAIL ?? seededEmail ?? "facilitator@roundtable.test";
const link = createSignInLink(db, signInEmail, process.env.AUTH_SECRET);
closeDatabase(db);

const server = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs"), "-p", port], { stdio: "inherit", env: process.env });
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => server.kill(sig));

const banner = `
Roundtable is running on ${publicUrl()} (data in ${path.dirname(databasePath())})
${
  link
    ? `Sign in as the demo facilitator (${signInEmail}) with this one-time link (valid 24 hours):\n  ${link}`
    : `No user ${signInEmail} exists. Add one with: npm run cli -- facilitator add <email>`
}
Another link later: npm run cli -- signin-link <email>
`;

// Print the way in once the server answers, so it is the last thing on the screen.
void (async () => {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return console.log(banner);
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(banner);
})();
