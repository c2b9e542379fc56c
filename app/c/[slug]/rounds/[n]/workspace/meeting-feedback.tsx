"use client";
/** Notes and quotes from the previous round's meetings, to cite as the feedback behind a decision. */
import type { WorkspaceMechanism } from "./types";

export const meetingSourceKey = (f: { kind: "meeting_note" | "meeting_quote"; id: string }) =>
  `${f.kind === "meeting_note" ? "note" : "quote"}:${f.id}`;

export function MeetingFeedbackPicker(props: {
  mechanism: WorkspaceMechanism;
  previousRound: number;
  selected: Set<string>;
  toggle: (key: string) => void;
}) {
  const items = props.mechanism.meetingFeedback;
  if (items.length === 0) return null;
  return (
    <details style={{ marginTop: "0.5rem" }}>
      <summary>
        Notes and quotes from round {props.previousRound} meetings ({items.length})
      </summary>
      {items.map((f) => {
        const key = meetingSourceKey(f);
        return (
          <label key={key} className="choice">
            <input type="checkbox" checked={props.selected.has(key)} onChange={() => props.toggle(key)} />
            <span className="prewrap">{f.label}</span>
          </label>
        );
      })}
    </details>
  );
}
