"use client";
/**
 * Notes and quotes for the agenda item on screen (or the meeting as a whole): a note box with the
 * item's notes (edit, delete), and a "Record a quote" form. Rendered by the control view, the
 * note-taker's page and the record page; it takes the current item as a prop and needs no stream.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ConfirmButton } from "@/app/_components/confirm";
import { ErrorAlert, fieldError, formatDate, Loading } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";
import { LIMITS, PERSPECTIVE_LABELS, PERSPECTIVE_VALUES, type PerspectiveValue } from "@/shared/domain";

type Attribution =
  { kind: "stakeholder"; membershipId: string } | { kind: "perspective"; perspective: PerspectiveValue } | { kind: "none" };

export function NotesPanel(props: { consultationId: string; meetingId: string; currentItemId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { consultationId: props.consultationId, meetingId: props.meetingId, itemId: props.currentItemId };
  const query = useQuery(trpc.meetingRecord.notes.queryOptions(input));
  const [status, setStatus] = useState("");
  const refetch = async (message: string) => {
    // Every view of this meeting's notes (this item, the record page) is now out of date.
    await queryClient.invalidateQueries({ queryKey: trpc.meetingRecord.pathKey() });
    setStatus(message);
  };

  if (query.isPending) return <Loading what="the notes" />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const data = query.data;
  const item = data.items.find((i) => i.id === props.currentItemId);
  const about = item ? item.title : "the meeting as a whole";
  const closed = data.meeting.status === "planned";

  return (
    <section className="card" aria-labelledby={`notes-${props.meetingId}`}>
      <h2 id={`notes-${props.meetingId}`} style={{ marginTop: 0 }}>
        Notes: {about}
      </h2>
      <p role="status" aria-live="polite" className="visually-hidden">
        {status}
      </p>
      {closed ? (
        <p className="muted">Notes and quotes can be taken once the meeting has started.</p>
      ) : (
        <>
          <AddNote
            key={`note-${props.currentItemId}`}
            about={about}
            onSave={(body) => ({ consultationId: props.consultationId, meetingId: props.meetingId, itemId: props.currentItemId, body })}
            onDone={() => refetch("Note saved.")}
          />
          {data.notes.length === 0 ? (
            <p className="muted">No notes for {about} yet.</p>
          ) : (
            <ul className="plain" aria-label={`Notes on ${about}`}>
              {data.notes.map((n) => (
                <NoteRow key={n.id} consultationId={props.consultationId} note={n} onDone={refetch} />
              ))}
            </ul>
          )}
          <h3>Record a quote</h3>
          <QuoteForm
            key={`quote-${props.currentItemId}`}
            consultationId={props.consultationId}
            meetingId={props.meetingId}
            itemId={props.currentItemId}
            speakers={data.speakers}
            onDone={() => refetch("Quote recorded.")}
          />
          {data.quotes.length > 0 && (
            <ul className="plain" aria-label={`Quotes on ${about}`} style={{ marginTop: "1rem" }}>
              {data.quotes.map((q) => (
                <QuoteRow key={q.id} consultationId={props.consultationId} quote={q} speakers={data.speakers} onDone={refetch} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function AddNote(props: {
  about: string;
  onSave: (body: string) => { consultationId: string; meetingId: string; itemId: string | null; body: string };
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [body, setBody] = useState("");
  const add = useMutation(
    trpc.meetingRecord.addNote.mutationOptions({
      onSuccess: () => {
        setBody("");
        props.onDone();
      },
    }),
  );
  const error = fieldError(add.error, "body");
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(props.onSave(body));
      }}
    >
      <ErrorAlert error={error ? null : add.error} />
      <div className="field">
        <label htmlFor={`${id}-note`}>Add a note</label>
        <textarea
          id={`${id}-note`}
          value={body}
          maxLength={LIMITS.meetingNote.max}
          onChange={(e) => setBody(e.target.value)}
          aria-invalid={!!error || undefined}
          aria-describedby={error ? `${id}-note-error` : undefined}
        />
        {error && (
          <p id={`${id}-note-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
      <button type="submit" disabled={add.isPending}>
        {add.isPending ? "Saving…" : "Save note"}
      </button>
    </form>
  );
}

type Note = { id: string; body: string; by: string; createdAt: Date; updatedAt: Date; canEdit: boolean };

function NoteRow(props: { consultationId: string; note: Note; onDone: (message: string) => Promise<void> }) {
  const trpc = useTRPC();
  const { note } = props;
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(note.body);
  const edit = useMutation(
    trpc.meetingRecord.editNote.mutationOptions({
      onSuccess: async () => {
        setEditing(false);
        await props.onDone("Note updated.");
      },
    }),
  );
  const remove = useMutation(trpc.meetingRecord.deleteNote.mutationOptions({ onSuccess: () => props.onDone("Note deleted.") }));
  return (
    <li className="list-item">
      <ErrorAlert error={edit.error ?? remove.error} />
      {editing ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            edit.mutate({ consultationId: props.consultationId, noteId: note.id, body });
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-edit`}>Edit the note</label>
            <textarea
              id={`${id}-edit`}
              value={body}
              maxLength={LIMITS.meetingNote.max}
              onChange={(e) => setBody(e.target.value)}
              autoFocus
            />
          </div>
          <div className="row">
            <button type="submit" disabled={edit.isPending}>
              Save
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="prewrap">{note.body}</p>
          <p className="muted small">
            {note.by} · {formatDate(note.createdAt)}
            {note.updatedAt.getTime() - note.createdAt.getTime() > 1000 ? " · edited" : ""}
          </p>
          {note.canEdit && (
            <div className="row">
              <button type="button" className="secondary" onClick={() => setEditing(true)}>
                Edit<span className="visually-hidden"> this note</span>
              </button>
              <ConfirmButton
                label="Delete note"
                title="Delete this note?"
                body={<p className="prewrap">{note.body.length > 200 ? `${note.body.slice(0, 200)}…` : note.body}</p>}
                confirmLabel="Delete note"
                danger
                disabled={remove.isPending}
                onConfirm={() => remove.mutate({ consultationId: props.consultationId, noteId: note.id })}
              />
            </div>
          )}
        </>
      )}
    </li>
  );
}

type Speaker = { membershipId: string; perspective: PerspectiveValue | null; label: string };

function AttributionFields(props: { idp: string; speakers: Speaker[]; value: Attribution; onChange: (a: Attribution) => void }) {
  const { value, idp } = props;
  const firstSpeaker = props.speakers[0]?.membershipId ?? "";
  return (
    <fieldset>
      <legend>Who said it</legend>
      <label className="choice">
        <input
          type="radio"
          name={`${idp}-who`}
          checked={value.kind === "stakeholder"}
          disabled={props.speakers.length === 0}
          onChange={() => props.onChange({ kind: "stakeholder", membershipId: firstSpeaker })}
        />
        <span>A stakeholder of the panel</span>
      </label>
      {value.kind === "stakeholder" && (
        <div className="field" style={{ marginLeft: "1.8rem" }}>
          <label htmlFor={`${idp}-speaker`}>Stakeholder</label>
          <select
            id={`${idp}-speaker`}
            value={value.membershipId}
            onChange={(e) => props.onChange({ kind: "stakeholder", membershipId: e.target.value })}
          >
            {props.speakers.map((s) => (
              <option key={s.membershipId} value={s.membershipId}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <label className="choice">
        <input
          type="radio"
          name={`${idp}-who`}
          checked={value.kind === "perspective"}
          onChange={() => props.onChange({ kind: "perspective", perspective: "service_user" })}
        />
        <span>Only a perspective (the person is not named)</span>
      </label>
      {value.kind === "perspective" && (
        <div className="field" style={{ marginLeft: "1.8rem" }}>
          <label htmlFor={`${idp}-perspective`}>Perspective</label>
          <select
            id={`${idp}-perspective`}
            value={value.perspective}
            onChange={(e) => props.onChange({ kind: "perspective", perspective: e.target.value as PerspectiveValue })}
          >
            {PERSPECTIVE_VALUES.map((p) => (
              <option key={p} value={p}>
                {PERSPECTIVE_LABELS[p]}
              </option>
            ))}
          </select>
        </div>
      )}
      <label className="choice">
        <input type="radio" name={`${idp}-who`} checked={value.kind === "none"} onChange={() => props.onChange({ kind: "none" })} />
        <span>Unattributed</span>
      </label>
    </fieldset>
  );
}

/** The words of a quote and who said it: the same fields to record a quote and to correct one. */
function QuoteFields(props: {
  idp: string;
  body: string;
  onBody: (body: string) => void;
  error: string | undefined | null;
  speakers: Speaker[];
  attribution: Attribution;
  onAttribution: (a: Attribution) => void;
  autoFocus?: boolean;
}) {
  const { idp, error } = props;
  return (
    <>
      <div className="field">
        <label htmlFor={`${idp}-quote`}>
          Quote <span className="hint">The words as they were said.</span>
        </label>
        <textarea
          id={`${idp}-quote`}
          value={props.body}
          maxLength={LIMITS.meetingQuote.max}
          onChange={(e) => props.onBody(e.target.value)}
          aria-invalid={!!error || undefined}
          aria-describedby={error ? `${idp}-quote-error` : undefined}
          autoFocus={props.autoFocus}
        />
        {error && (
          <p id={`${idp}-quote-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
      <AttributionFields idp={idp} speakers={props.speakers} value={props.attribution} onChange={props.onAttribution} />
    </>
  );
}

function QuoteForm(props: { consultationId: string; meetingId: string; itemId: string | null; speakers: Speaker[]; onDone: () => void }) {
  const trpc = useTRPC();
  const idp = useId();
  const [body, setBody] = useState("");
  const [attribution, setAttribution] = useState<Attribution>({ kind: "none" });
  const add = useMutation(
    trpc.meetingRecord.addQuote.mutationOptions({
      onSuccess: () => {
        setBody("");
        setAttribution({ kind: "none" });
        props.onDone();
      },
    }),
  );
  const error = fieldError(add.error, "body");
  return (
    <form
      noValidate
      aria-label="Record a quote"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ consultationId: props.consultationId, meetingId: props.meetingId, itemId: props.itemId, body, attribution });
      }}
    >
      <ErrorAlert error={error ? null : add.error} />
      <QuoteFields
        idp={idp}
        body={body}
        onBody={setBody}
        error={error}
        speakers={props.speakers}
        attribution={attribution}
        onAttribution={setAttribution}
      />
      <button type="submit" disabled={add.isPending}>
        {add.isPending ? "Saving…" : "Record quote"}
      </button>
    </form>
  );
}

type Quote = {
  id: string;
  body: string;
  createdAt: Date;
  canEdit: boolean;
  attribution: {
    kind: "stakeholder" | "perspective" | "none";
    membershipId: string | null;
    perspective: PerspectiveValue | null;
    label: string;
  };
};

function QuoteRow(props: { consultationId: string; quote: Quote; speakers: Speaker[]; onDone: (message: string) => Promise<void> }) {
  const trpc = useTRPC();
  const { quote } = props;
  const idp = useId();
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(quote.body);
  const [attribution, setAttribution] = useState<Attribution>(() => attributionOf(quote));
  const edit = useMutation(
    trpc.meetingRecord.editQuote.mutationOptions({
      onSuccess: async () => {
        setEditing(false);
        await props.onDone("Quote updated.");
      },
    }),
  );
  const remove = useMutation(trpc.meetingRecord.deleteQuote.mutationOptions({ onSuccess: () => props.onDone("Quote deleted.") }));
  // A speaker who has since left the panel is still offered, so that correcting the words does not
  // silently change who said them.
  const speakers =
    quote.attribution.kind === "stakeholder" &&
    quote.attribution.membershipId &&
    !props.speakers.some((s) => s.membershipId === quote.attribution.membershipId)
      ? [
          ...props.speakers,
          { membershipId: quote.attribution.membershipId, perspective: quote.attribution.perspective, label: quote.attribution.label },
        ]
      : props.speakers;
  const error = fieldError(edit.error, "body");
  // Opening or cancelling the form starts again from the quote as saved.
  const startEditing = (on: boolean) => {
    setBody(quote.body);
    setAttribution(attributionOf(quote));
    setEditing(on);
  };
  if (editing) {
    return (
      <li className="list-item">
        <form
          noValidate
          aria-label="Edit the quote"
          onSubmit={(e) => {
            e.preventDefault();
            edit.mutate({ consultationId: props.consultationId, quoteId: quote.id, body, attribution });
          }}
        >
          <ErrorAlert error={error ? null : edit.error} />
          <QuoteFields
            idp={idp}
            body={body}
            onBody={setBody}
            error={error}
            speakers={speakers}
            attribution={attribution}
            onAttribution={setAttribution}
            autoFocus
          />
          <div className="row">
            <button type="submit" disabled={edit.isPending}>
              {edit.isPending ? "Saving…" : "Save quote"}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                edit.reset();
                startEditing(false);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      </li>
    );
  }
  return (
    <li className="list-item">
      <ErrorAlert error={remove.error} />
      <blockquote className="prewrap" style={{ margin: 0 }}>
        “{quote.body}”
      </blockquote>
      <p className="muted small">
        — {quote.attribution.label} · {formatDate(quote.createdAt)}
      </p>
      {quote.canEdit && (
        <div className="row">
          <button type="button" className="secondary" onClick={() => startEditing(true)}>
            Edit<span className="visually-hidden"> this quote</span>
          </button>
          <ConfirmButton
            label="Delete quote"
            title="Delete this quote?"
            body={<p className="prewrap">“{quote.body.length > 200 ? `${quote.body.slice(0, 200)}…` : quote.body}”</p>}
            confirmLabel="Delete quote"
            danger
            disabled={remove.isPending}
            onConfirm={() => remove.mutate({ consultationId: props.consultationId, quoteId: quote.id })}
          />
        </div>
      )}
    </li>
  );
}

/** The form's value for a quote as it is stored. */
function attributionOf(quote: Quote): Attribution {
  const a = quote.attribution;
  if (a.kind === "stakeholder" && a.membershipId) return { kind: "stakeholder", membershipId: a.membershipId };
  if (a.kind === "perspective" && a.perspective) return { kind: "perspective", perspective: a.perspective };
  return { kind: "none" };
}
