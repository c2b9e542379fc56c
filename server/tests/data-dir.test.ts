/**
 * The data directory: /api/health reports "degraded" when it cannot be written or its disk is
 * (nearly) full, and `npm start` with an unusable DATA_DIR says so in one sentence and exits.
 *
 * Tests run as root, and root ignores permission bits, so "cannot write" is made real another way:
 * DATA_DIR points below a regular file, where no process can create anything. That proves the
 * check really tries to write; the permission-denied wording is only reached on a real server.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { openDatabase } from "@/db";
import "./helpers"; // a throwaway DATA_DIR for the process database

const saved = { DATA_DIR: process.env.DATA_DIR, MIN_FREE_DISK_MB: process.env.MIN_FREE_DISK_MB };
let scratch = "";
let blocked = "";

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "roundtable-datadir-"));
  fs.writeFileSync(path.join(scratch, "a-file"), "not a directory");
  blocked = path.join(scratch, "a-file", "data");
  return () => fs.rmSync(scratch, { recursive: true, force: true });
});

afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

async function health() {
  const res = GET();
  return { status: res.status, body: (await res.json()) as { status: string; reason?: string } };
}

describe("/api/health", () => {
  it("says ok when the data directory is writable with room on its disk", async () => {
    expect(await health()).toEqual({ status: 200, body: { status: "ok", database: "ok" } });
  });

  it("says degraded when the data directory cannot be written, while the open database still answers", async () => {
    await health(); // the database is open
    process.env.DATA_DIR = blocked;
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "degraded", database: "ok" });
    expect(body.reason).toMatch(/^The data directory cannot be written \(.+\)\.$/);
    expect(body.reason).not.toContain(scratch); // no server paths to the public
  });

  it("says degraded when the disk is nearly full (threshold from MIN_FREE_DISK_MB)", async () => {
    process.env.MIN_FREE_DISK_MB = String(1024 ** 4); // more than any disk here has: "nearly full"
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "degraded", database: "ok" });
    expect(body.reason).toMatch(/^The disk holding the data directory has only [\d,]+ MB free \(at least [\d,]+ MB is needed\)\.$/);
  });
});

describe("an unusable DATA_DIR", () => {
  it("makes opening the database fail with one sentence that says what to do", () => {
    expect(() => openDatabase(path.join(blocked, "roundtable.db"))).toThrow(
      `Roundtable cannot write to its data directory ${blocked} (part of that path is a file, not a directory): set DATA_DIR to a writable directory or fix its permissions.`,
    );
  });

  it("stops npm start with that sentence, exit code 1 and no stack trace", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: blocked, PORT: "3999" };
    delete env.AUTH_SECRET; // start.ts keeps its secret in the data directory
    delete env.NODE_OPTIONS;
    const run = spawnSync("npx", ["tsx", "scripts/start.ts"], { env, encoding: "utf8", timeout: 60_000 });
    const output = `${run.stdout}${run.stderr}`.trim();
    expect(run.status, output).toBe(1);
    expect(output).toBe(
      `Roundtable cannot write to its data directory ${blocked} (part of that path is a file, not a directory): set DATA_DIR to a writable directory or fix its permissions.`,
    );
    expect(output).not.toMatch(/\n\s+at /);
  });
});
