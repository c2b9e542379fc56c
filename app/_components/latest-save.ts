/**
 * Saves that must land in the order they were chosen. Arrow keys in a radio group change the
 * value at every step (1, 2, 3): sent at once, three requests may reach the server in any order
 * and leave the middle value saved while the screen shows the last. Here one save runs at a
 * time; while it runs only the latest value waits, and the steps between are skipped.
 *
 * Plain code (no React) so that the order can be tested; rating-control.tsx uses it.
 */
export type LatestSaver<T> = {
  /** Ask for `value` to be saved; resolves when the saves running or waiting have all finished. */
  request(value: T): Promise<void>;
  /** The value being saved or waiting to be, if any. */
  pending(): T | undefined;
};

export function createLatestSaver<T>(
  save: (value: T) => Promise<unknown>,
  hooks: { onChange?: (pending: T | undefined) => void; onSettled?: (last: T, ok: boolean) => void | Promise<void> } = {},
): LatestSaver<T> {
  let running: Promise<void> | null = null;
  let waiting: { value: T } | null = null;
  let current: { value: T } | null = null;

  const pending = () => (waiting ? waiting.value : current?.value);

  async function drain() {
    try {
      // A value asked for while the last one's onSettled runs gets its own round.
      while (waiting) {
        let last = waiting.value;
        let ok = true;
        while (waiting) {
          current = waiting;
          waiting = null;
          last = current.value;
          try {
            await save(current.value);
            ok = true;
          } catch {
            // The caller's mutation shows the error; a newer value still gets its own attempt.
            ok = false;
          }
        }
        try {
          await hooks.onSettled?.(last, ok);
        } catch {
          // Refreshing the page after a save is best effort; the save itself is done.
        }
      }
    } finally {
      current = null;
      running = null;
      hooks.onChange?.(undefined);
    }
  }

  return {
    request(value) {
      waiting = { value };
      hooks.onChange?.(value);
      running ??= drain();
      return running;
    },
    pending,
  };
}
