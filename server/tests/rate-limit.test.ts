import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { RateLimit } from "../rate-limit";
import { freshDb } from "./helpers";

describe("RateLimit", () => {
  it("lets the limit through, refuses the next, and opens again after the window", () => {
    const db = freshDb();
    const limit = new RateLimit("test", 3, 1000);
    expect([1, 2, 3].map(() => limit.hit(db, "a", 0))).toEqual([true, true, true]);
    expect(limit.hit(db, "a", 10)).toBe(false);
    expect(limit.blocked(db, "a", 10)).toBe(true);
    expect(limit.hit(db, "b", 10)).toBe(true); // keys are independent
    expect(new RateLimit("other", 3, 1000).blocked(db, "a", 10)).toBe(false); // and so are limits
    expect(limit.blocked(db, "a", 1000)).toBe(false);
    expect(limit.hit(db, "a", 1000)).toBe(true);
  });

  it("says how long to wait, in whole minutes", () => {
    const db = freshDb();
    const limit = new RateLimit("test", 1, 15 * 60_000);
    limit.hit(db, "x", 0);
    expect(limit.minutesLeft(db, "x", 60_000)).toBe(14);
    expect(limit.minutesLeft(db, "x", 15 * 60_000 - 1)).toBe(1);
  });

  it("counts across every process that shares the database, and survives a restart", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roundtable-limits-"));
    try {
      const file = path.join(dir, "roundtable.db");
      const one = openDatabase(file);
      const two = openDatabase(file);
      const limit = new RateLimit("signin-email", 3, 60_000);
      expect(limit.hit(one, "ann@example.org", 0)).toBe(true);
      expect(limit.hit(two, "ann@example.org", 1)).toBe(true);
      expect(limit.hit(one, "ann@example.org", 2)).toBe(true);
      expect(limit.hit(two, "ann@example.org", 3)).toBe(false);
      one.$client.close();
      two.$client.close();
      const restarted = openDatabase(file);
      expect(limit.blocked(restarted, "ann@example.org", 4)).toBe(true);
      restarted.$client.close();
      expect(new Database(file).prepare("select count(*) as n from rate_limit_window").get()).toEqual({ n: 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
