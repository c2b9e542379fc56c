/**
 * The rating control's saves (app/_components/latest-save.ts): arrow keys through the scale send
 * 1, 2, 3 in quick succession; the server must end with 3, and the page must say so.
 */
import { describe, expect, it } from "vitest";
import { createLatestSaver } from "@/app/_components/latest-save";

/** A save whose requests the test answers by hand, in any order. */
function manualServer() {
  const calls: { value: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  let stored: number | null = null;
  const save = (value: number) =>
    new Promise<void>((resolve, reject) => {
      calls.push({
        value,
        resolve: () => {
          stored = value;
          resolve();
        },
        reject,
      });
    });
  return { calls, save, stored: () => stored };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("createLatestSaver", () => {
  it("sends one save at a time, skips the steps between, and ends with the latest value", async () => {
    const server = manualServer();
    const settled: [number, boolean][] = [];
    const shown: (number | undefined)[] = [];
    const saver = createLatestSaver(server.save, { onSettled: (v, ok) => void settled.push([v, ok]), onChange: (p) => shown.push(p) });

    const done = saver.request(1);
    void saver.request(2);
    void saver.request(3);
    // Only the first is in flight; 2 was replaced by 3 while it waited.
    expect(server.calls.map((c) => c.value)).toEqual([1]);
    expect(saver.pending()).toBe(3);

    server.calls[0].resolve();
    await tick();
    expect(server.calls.map((c) => c.value)).toEqual([1, 3]);
    expect(settled).toEqual([]);
    server.calls[1].resolve();
    await done;

    expect(server.stored()).toBe(3);
    // Said once, for the value the person ended on.
    expect(settled).toEqual([[3, true]]);
    expect(saver.pending()).toBeUndefined();
    expect(shown.at(-1)).toBeUndefined();
  });

  it("tries the newer value after a failed save, and reports a failure of the last one", async () => {
    const server = manualServer();
    const settled: [number, boolean][] = [];
    const saver = createLatestSaver(server.save, { onSettled: (v, ok) => void settled.push([v, ok]) });
    void saver.request(4);
    void saver.request(5);
    server.calls[0].reject(new Error("offline"));
    await tick();
    expect(server.calls.map((c) => c.value)).toEqual([4, 5]);
    server.calls[1].resolve();
    await tick();
    expect(settled).toEqual([[5, true]]);

    const last = saver.request(2);
    server.calls[2].reject(new Error("The round is closed"));
    await last;
    expect(settled).toEqual([
      [5, true],
      [2, false],
    ]);
    expect(server.stored()).toBe(5);
  });

  it("a value chosen while the page refreshes after a save gets its own save", async () => {
    const server = manualServer();
    let release: () => void = () => {};
    const settled: number[] = [];
    const saver = createLatestSaver(server.save, {
      onSettled: (v) => {
        settled.push(v);
        if (settled.length === 1) return new Promise<void>((r) => (release = r));
      },
    });
    const done = saver.request(1);
    server.calls[0].resolve();
    await tick();
    // Refreshing after "1" when the person moves on to 2.
    void saver.request(2);
    release();
    await tick();
    expect(server.calls.map((c) => c.value)).toEqual([1, 2]);
    server.calls[1].resolve();
    await done;
    expect(settled).toEqual([1, 2]);
    expect(server.stored()).toBe(2);
  });
});
