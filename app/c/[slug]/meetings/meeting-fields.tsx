"use client";
/** A meeting's title, format and planned date and time (UK time), for planning and editing. */
import { fieldError } from "@/app/_components/feedback";
import { LIMITS, MEETING_FORMAT_LABELS, MEETING_FORMAT_VALUES, type MeetingFormat } from "@/shared/domain";
import { fromUkInputs, toUkInputs } from "@/server/uk-time";

export type MeetingDraft = { title: string; format: MeetingFormat; date: string; time: string };

export function draftOf(m: { title: string; format: MeetingFormat; scheduledAt: Date | null }): MeetingDraft {
  const at = m.scheduledAt ? toUkInputs(m.scheduledAt) : { date: "", time: "" };
  return { title: m.title, format: m.format, ...at };
}

/** The scheduled moment, null when left empty, or a sentence saying what is wrong. */
export function scheduleOf(d: MeetingDraft): { ok: true; at: Date | null } | { ok: false; message: string } {
  if (!d.date && !d.time) return { ok: true, at: null };
  if (!d.date) return { ok: false, message: "Give the date as well as the time, or clear both." };
  const r = fromUkInputs(d.date, d.time || "00:00");
  return r.ok ? { ok: true, at: r.date } : r;
}

export function MeetingFields(props: {
  idp: string;
  value: MeetingDraft;
  onChange: (d: MeetingDraft) => void;
  error: unknown;
  scheduleError: string | null;
}) {
  const { value: v, idp } = props;
  const set = (patch: Partial<MeetingDraft>) => props.onChange({ ...v, ...patch });
  const titleError = fieldError(props.error, "title");
  const whenError = props.scheduleError ?? fieldError(props.error, "scheduledAt");
  return (
    <>
      <div className="field">
        <label htmlFor={`${idp}-title`}>Title</label>
        <input
          id={`${idp}-title`}
          value={v.title}
          maxLength={LIMITS.meetingTitle.max}
          onChange={(e) => set({ title: e.target.value })}
          aria-invalid={!!titleError || undefined}
          aria-describedby={titleError ? `${idp}-title-error` : undefined}
        />
        {titleError && (
          <p id={`${idp}-title-error`} className="field-error">
            {titleError}
          </p>
        )}
      </div>
      <fieldset>
        <legend>How it is held</legend>
        {MEETING_FORMAT_VALUES.map((f) => (
          <label key={f} className="choice">
            <input type="radio" name={`${idp}-format`} value={f} checked={v.format === f} onChange={() => set({ format: f })} />
            <span>{MEETING_FORMAT_LABELS[f]}</span>
          </label>
        ))}
      </fieldset>
      <fieldset aria-describedby={whenError ? `${idp}-when-error` : `${idp}-when-hint`}>
        <legend>When (optional, UK time)</legend>
        <p id={`${idp}-when-hint`} className="hint">
          Shown on the meetings list. Leave empty if it is not fixed yet.
        </p>
        <div className="row">
          <div className="field">
            <label htmlFor={`${idp}-date`}>Date</label>
            <input id={`${idp}-date`} type="date" value={v.date} onChange={(e) => set({ date: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${idp}-time`}>Time</label>
            <input id={`${idp}-time`} type="time" value={v.time} onChange={(e) => set({ time: e.target.value })} />
          </div>
        </div>
        {whenError && (
          <p id={`${idp}-when-error`} className="field-error">
            {whenError}
          </p>
        )}
      </fieldset>
    </>
  );
}
