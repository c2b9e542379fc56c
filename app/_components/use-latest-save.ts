"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { createLatestSaver, type LatestSaver } from "./latest-save";

/**
 * A rating control's saves, one at a time and the latest last (see latest-save.ts). `pending` is
 * the value to show while saves are under way, `error` the last save's error; `onSettled` runs
 * once the latest has been saved.
 */
export function useLatestSave<T>(save: (value: T) => Promise<unknown>, onSettled: (last: T, ok: boolean) => void | Promise<void>) {
  const [pending, setPending] = useState<T | undefined>(undefined);
  // The last save's error, cleared by the next save that succeeds.
  const [error, setError] = useState<unknown>(null);
  // The newest callbacks, so the saver made once keeps using the current props.
  const latest = useRef({ save, onSettled });
  useEffect(() => {
    latest.current = { save, onSettled };
  });
  const saver = useRef<LatestSaver<T> | null>(null);
  const request = useCallback((value: T) => {
    saver.current ??= createLatestSaver<T>(
      (v) =>
        latest.current.save(v).then(
          (r) => {
            setError(null);
            return r;
          },
          (e: unknown) => {
            setError(e);
            throw e;
          },
        ),
      {
        onChange: setPending,
        onSettled: (last, ok) => latest.current.onSettled(last, ok),
      },
    );
    return saver.current.request(value);
  }, []);
  return { request, pending, error };
}
