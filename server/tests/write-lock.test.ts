/**
 * A write lock held by another process (issue 11, item 5): reads keep flowing, a write waits for
 * the lock without freezing the process, and one that cannot get it in time is refused with 503
 * and a sentence, having written nothing. The other process is played by a second connection to
 * the same file, which takes the lock exactly as another process would.
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sessions } from "@/db/schema";
import { exportResponse } from "@/server/export/http";
import { countRows, expectRefused, setup, snapshot } from "./helpers";

const dirs: string[] = [];
const holders: Database.Database[] = [];

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roundtable-lock-"));
  dirs.push(dir);
  return path.join(dir, "roundtable.db");
}

/** Another process's connection holding the write lock. */
function holdLock(file: string): Database.Database {
  const other = new Database(file);
  other.exec("BEGIN IMMEDIATE");
  holders.push(other);
  return other;
}

afterEach(() => {
  for (const h of holders.splice(0)) {
    if (h.inTransaction) h.exec("ROLLBACK");
    h.close();
  }
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  delete process.env.WRITE_LOCK_WAIT_MS;
});

describe("a write lock held elsewhere", () => {
  it("lets reads and timers run while a comment waits, and saves the comment once the lock is free", async () => {
    const file = tempFile();
    const w = await setup({ file });
    const other = holdLock(file);
    let settled = false;
    const pending = w.a.caller.comment
      .add({ consultationId: w.consultationId, target: { versionId: w.versions[0] }, body: "Trust takes time to build." })
      .finally(() => (settled = true));

    // The process is not frozen: a timer fires on time and a read answers, while the write waits.
    const timerStart = performance.now();
    await new Promise((r) => setTimeout(r, 50));
    expect(performance.now() - timerStart).toBeLessThan(500);
    const readStart = performance.now();
    const round = await w.a.caller.round.byNumber({ consultationId: w.consultationId, round: 1 });
    expect(round.mechanismCount).toBe(3);
    expect(performance.now() - readStart).toBeLessThan(500);
    expect(settled).toBe(false);

    other.exec("ROLLBACK");
    const comment = await pending;
    expect(comment.id).toBeTruthy();
    expect(countRows(w.db, "comment")).toBe(1);
  });

  it("refuses a write that cannot get the lock in time with 503 and a sentence, and writes nothing", async () => {
    const file = tempFile();
    const w = await setup({ file });
    process.env.WRITE_LOCK_WAIT_MS = "300";
    holdLock(file);
    const error = await expectRefused(
      w.db,
      () => w.a.caller.rating.set({ consultationId: w.consultationId, versionId: w.versions[0], value: 4 }),
      "SERVICE_UNAVAILABLE",
      /busy just now, so nothing was saved\. Please try again/,
    );
    expect(error.message).not.toMatch(/SQLITE/);
    await expectRefused(
      w.db,
      () => w.a.caller.comment.add({ consultationId: w.consultationId, target: { versionId: w.versions[0] }, body: "Still here." }),
      "SERVICE_UNAVAILABLE",
    );
  });

  it("answers a download (which is audited) with 503 and a sentence while the lock stays taken, and with the file once it is free", async () => {
    const file = tempFile();
    const w = await setup({ file });
    const token = "lock-test-session";
    w.db
      .insert(sessions)
      .values({ sessionToken: token, userId: w.facilitatorUser.id, expires: new Date(Date.now() + 3_600_000) })
      .run();
    const download = () =>
      exportResponse(
        w.db,
        new Request(`http://localhost:3000/c/${w.slug}/export?format=md`, {
          headers: { cookie: `authjs.session-token=${token}`, "sec-fetch-site": "same-origin" },
        }),
        w.slug,
      );
    process.env.WRITE_LOCK_WAIT_MS = "300";
    const other = holdLock(file);
    const before = snapshot(w.db);
    const refused = await download();
    expect(refused.status).toBe(503);
    expect(await refused.text()).toMatch(/busy just now, so nothing was saved/);
    expect(snapshot(w.db)).toEqual(before);
    other.exec("ROLLBACK");
    const served = await download();
    expect(served.status).toBe(200);
    expect(served.headers.get("content-disposition")).toContain(".md");
  });
});
