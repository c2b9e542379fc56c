"use client";
/**
 * The live meeting in the browser, shared by the control, presenter and participant views: the
 * view from the server (prefetched by the page) kept current by the meeting's event stream (SSE,
 * which reconnects by itself and resumes from the last event it saw). Nothing polls.
 */
import { useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import type { LiveEventOut, LiveView } from "@/server/services/meeting-live";

export type { LiveView };

function apply(view: LiveView, e: LiveEventOut): LiveView {
  switch (e.type) {
    case "state":
      return e.view;
    case "results": {
      const item = view.items.find((i) => i.id === view.currentItemId);
      if (!view.current || item?.versionId !== e.versionId) return view;
      return { ...view, current: { ...view.current, results: e.results } };
    }
    case "comments": {
      const item = view.items.find((i) => i.id === view.currentItemId);
      if (!view.current || item?.versionId !== e.versionId) return view;
      return { ...view, current: { ...view.current, newComments: e.count } };
    }
    case "attendance":
      return { ...view, attendance: e.count };
    case "answers":
      return view.question?.id === e.questionId ? { ...view, question: { ...view.question, answerCount: e.count } } : view;
  }
}

export type Connection = "connecting" | "live" | "reconnecting" | "ended";

export function useLiveMeeting(consultationId: string, meetingId: string): { view: LiveView; connection: Connection } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.meeting.live.queryOptions({ consultationId, meetingId });
  const { data: view } = useSuspenseQuery({ ...options, staleTime: Infinity, refetchOnWindowFocus: false });
  const [seen, setSeen] = useState(false);
  const sub = useSubscription(
    trpc.meeting.events.subscriptionOptions(
      { consultationId, meetingId },
      {
        // No stream for a meeting that is over: there is nothing more to hear.
        enabled: view.status !== "ended",
        onData: (event) => {
          setSeen(true);
          queryClient.setQueryData(options.queryKey, (old) => (old ? apply(old, event.data) : old));
        },
      },
    ),
  );
  const connection: Connection =
    view.status === "ended" ? "ended" : sub.status === "pending" ? "live" : seen ? "reconnecting" : "connecting";
  return { view, connection };
}

/** Seconds spent on the current item (earlier visits plus this one), ticking once a second. */
export function useItemSeconds(view: LiveView): number {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (view.status !== "live") return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [view.status]);
  const item = view.items.find((i) => i.id === view.currentItemId);
  if (!item) return 0;
  const visit = view.itemStartedAt && now !== null ? Math.max(0, Math.floor((now - new Date(view.itemStartedAt).getTime()) / 1000)) : 0;
  return item.spentSeconds + visit;
}

export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

/** "3:10 of 10:00" or "2:05 over time (12:05 of 10:00)": over-time is said in words, not only colour. */
export function timerText(seconds: number, plannedMinutes: number): { text: string; over: boolean } {
  const planned = plannedMinutes * 60;
  if (seconds <= planned) return { text: `${formatDuration(seconds)} of ${formatDuration(planned)}`, over: false };
  return { text: `${formatDuration(seconds - planned)} over time (${formatDuration(seconds)} of ${formatDuration(planned)})`, over: true };
}

export function ConnectionNote({ connection }: { connection: Connection }) {
  const text =
    connection === "connecting" ? "Connecting to the meeting…" : connection === "reconnecting" ? "Connection lost: reconnecting…" : "";
  return (
    <p role="status" aria-live="polite" className={text ? "alert warn live-connection" : "visually-hidden"}>
      {text}
    </p>
  );
}

/** Bars with their counts in text, as a list a screen reader reads in order. */
export function ResultsBars({
  results,
  scaleLabels,
  large = false,
}: {
  results: { distribution: number[]; n: number; unsure: number };
  scaleLabels: string[];
  large?: boolean;
}) {
  const max = Math.max(1, ...results.distribution);
  return (
    <div className={large ? "live-bars large" : "live-bars"}>
      <ul className="plain" aria-label={`Ratings so far: ${results.n} ${results.n === 1 ? "rating" : "ratings"}`}>
        {results.distribution.map((count, i) => (
          <li key={i}>
            <span className="live-bar-label">
              <strong>{i + 1}</strong> {scaleLabels[i]}
            </span>
            <span className="live-bar-track" aria-hidden="true">
              <span className="live-bar" style={{ width: `${(100 * count) / max}%` }} />
            </span>
            <span className="live-bar-count">
              {count}
              <span className="visually-hidden"> {count === 1 ? "rating" : "ratings"}</span>
            </span>
          </li>
        ))}
      </ul>
      <p className="live-bars-total">
        {results.n} {results.n === 1 ? "rating" : "ratings"}
        {results.unsure > 0 ? `, ${results.unsure} unsure` : ""}
      </p>
    </div>
  );
}
