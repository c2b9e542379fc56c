import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { users } from "@/db/schema";
import { batchedWrite } from "../services/write-batch";

describe("batchedWrite (group commit)", () => {
  it("commits writes of the same turn together; a failing write rolls back alone", async () => {
    const db = openDatabase(":memory:");
    const jobs = Array.from({ length: 20 }, (_, i) =>
      batchedWrite(db, (tx) => {
        tx.insert(users)
          .values({ name: `Person ${i}` })
          .run();
        if (i === 7) throw new Error("this one fails after writing");
        return i;
      }),
    );
    const results = await Promise.allSettled(jobs);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(19);
    expect(results[7]).toMatchObject({ status: "rejected", reason: new Error("this one fails after writing") });
    expect(db.select({ n: count() }).from(users).get()!.n).toBe(19);
    expect(db.select().from(users).where(eq(users.name, "Person 7")).get()).toBeUndefined();
    // Later writes start a new batch.
    await batchedWrite(db, (tx) => tx.insert(users).values({ name: "Later" }).run());
    expect(db.select({ n: count() }).from(users).get()!.n).toBe(20);
  });

  it("tells every caller when the shared commit cannot happen", async () => {
    const db = openDatabase(":memory:");
    const pending = [1, 2, 3].map((i) =>
      batchedWrite(db, (tx) =>
        tx
          .insert(users)
          .values({ name: `P${i}` })
          .run(),
      ),
    );
    db.$client.close(); // before the batch runs: the commit cannot happen
    const results = await Promise.allSettled(pending);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
  });
});
