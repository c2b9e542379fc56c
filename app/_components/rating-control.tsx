"use client";
/**
 * The relevance rating, as the mechanism page and the meeting's participant view both offer it:
 * the scale (1..n and "Unsure") and its saves. Arrow keys step through the scale, so the saves go
 * one at a time with the latest last (latest-save.ts); removing the rating (null) goes through the
 * same queue, so it cannot overtake a save still on its way.
 */
import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { UNSURE, UNSURE_LABEL } from "@/shared/domain";
import { createLatestSaver, type LatestSaver } from "./latest-save";

type Target = { consultationId: string; versionId: string; meetingId?: string };

/**
 * `shown` is the value to check (the one being saved, else `current`), `status` what to announce,
 * `error` the last save's error (cleared by the next that succeeds). `afterSave` refreshes what
 * shows the saved value; it runs once the latest value has been saved.
 */
export function useRating(target: Target & { current: number | null; scaleLabels: string[]; afterSave: () => Promise<void> }) {
  const trpc = useTRPC();
  const set = useMutation(trpc.rating.set.mutationOptions());
  const clear = useMutation(trpc.rating.clear.mutationOptions());
  const [pending, setPending] = useState<number | null | undefined>(undefined);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<unknown>(null);

  const save = (value: number | null) =>
    value === null
      ? clear.mutateAsync({ consultationId: target.consultationId, versionId: target.versionId })
      : set.mutateAsync({ consultationId: target.consultationId, versionId: target.versionId, value, meetingId: target.meetingId });
  const settled = async (last: number | null, ok: boolean) => {
    if (!ok) setStatus("");
    else if (last === null) setStatus("Your rating was removed.");
    else setStatus(last === UNSURE ? "Saved: unsure." : `Saved: ${last}, ${target.scaleLabels[last - 1]}.`);
    await target.afterSave();
  };
  // The newest callbacks, so the saver made once keeps using the current props.
  const latest = useRef({ save, settled });
  useEffect(() => {
    latest.current = { save, settled };
  });
  const saver = useRef<LatestSaver<number | null> | null>(null);
  const choose = useCallback((value: number | null) => {
    saver.current ??= createLatestSaver<number | null>(
      (v) =>
        latest.current.save(v).then(
          () => setError(null),
          (e: unknown) => {
            setError(e);
            throw e;
          },
        ),
      { onChange: setPending, onSettled: (last, ok) => latest.current.settled(last, ok) },
    );
    setStatus("Saving…");
    void saver.current.request(value);
  }, []);

  return { shown: pending !== undefined ? pending : target.current, status, error, choose };
}

/** The scale as a radio group; `name` must be unique on the page. */
export function RatingScale(props: {
  name: string;
  scaleLabels: string[];
  shown: number | null;
  disabled: boolean;
  onChoose: (value: number) => void;
}) {
  const { scaleLabels } = props;
  return (
    <fieldset className="scale" disabled={props.disabled}>
      <legend>
        How relevant is this mechanism? (1 = {scaleLabels[0].toLowerCase()}, {scaleLabels.length} ={" "}
        {scaleLabels[scaleLabels.length - 1].toLowerCase()})
      </legend>
      {scaleLabels.map((label, i) => (
        <label key={i}>
          <input type="radio" name={props.name} value={i + 1} checked={props.shown === i + 1} onChange={() => props.onChoose(i + 1)} />
          <span className="point">{i + 1}</span>
          <span className="label">{label}</span>
        </label>
      ))}
      <label className="unsure">
        <input type="radio" name={props.name} value={UNSURE} checked={props.shown === UNSURE} onChange={() => props.onChoose(UNSURE)} />
        <span className="label">{UNSURE_LABEL}</span>
      </label>
    </fieldset>
  );
}
