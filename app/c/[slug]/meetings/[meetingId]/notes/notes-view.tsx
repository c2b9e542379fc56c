"use client";
/**
 * Taking notes during a meeting: by default the panel follows the item on screen (the live
 * meeting's event stream moves it); "Choose the item myself" lets a note-taker catch up on an
 * earlier item or write about the meeting as a whole.
 */
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ErrorAlert, Loading } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";
import { useLiveMeeting } from "../control/live";
import { MeetingHeading } from "../../meeting-status";
import { NotesPanel } from "../notes-panel";

export function NotesView(props: { consultationId: string; slug: string; meetingId: string }) {
  const trpc = useTRPC();
  const idp = useId();
  const { view, connection } = useLiveMeeting(props.consultationId, props.meetingId);
  const agenda = useQuery(
    trpc.meetingRecord.notes.queryOptions({ consultationId: props.consultationId, meetingId: props.meetingId, itemId: undefined }),
  );
  const [follow, setFollow] = useState(true);
  const [chosen, setChosen] = useState<string>("");
  if (agenda.isPending) return <Loading what="the agenda" />;
  if (agenda.isError) return <ErrorAlert error={agenda.error} />;
  const items = agenda.data.items;
  const onScreen = items.find((i) => i.id === view.currentItemId);
  const itemId = follow ? (view.currentItemId ?? null) : chosen || null;
  const base = `/c/${props.slug}/meetings/${props.meetingId}`;

  return (
    <>
      <MeetingHeading back={{ href: base, label: "Meeting record" }} title={`Notes: ${agenda.data.meeting.title}`} status={view.status} />
      <p aria-live="polite">
        {view.status === "live" ? (
          <>
            On screen now: <strong>{onScreen?.title ?? "nothing yet"}</strong>
            {connection === "reconnecting" && <span className="muted"> (reconnecting…)</span>}
          </>
        ) : view.status === "ended" ? (
          "The meeting has ended; you can still tidy up the notes."
        ) : (
          "The meeting has not started yet."
        )}
      </p>
      <fieldset>
        <legend>Which item the notes are about</legend>
        <label className="choice">
          <input type="radio" name={`${idp}-mode`} checked={follow} onChange={() => setFollow(true)} />
          <span>Follow the item on screen</span>
        </label>
        <label className="choice">
          <input
            type="radio"
            name={`${idp}-mode`}
            checked={!follow}
            onChange={() => {
              setChosen(view.currentItemId ?? "");
              setFollow(false);
            }}
          />
          <span>Choose the item myself</span>
        </label>
        {!follow && (
          <div className="field" style={{ marginLeft: "1.8rem" }}>
            <label htmlFor={`${idp}-item`}>Agenda item</label>
            <select id={`${idp}-item`} value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="">The meeting as a whole</option>
              {items.map((i, n) => (
                <option key={i.id} value={i.id}>
                  {n + 1}. {i.title}
                </option>
              ))}
            </select>
          </div>
        )}
      </fieldset>
      <NotesPanel consultationId={props.consultationId} meetingId={props.meetingId} currentItemId={itemId} />
    </>
  );
}
