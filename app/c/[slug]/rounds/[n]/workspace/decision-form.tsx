"use client";
/**
 * One mechanism of the previous round in the workspace: its text and ratings, the saved decision,
 * and the form that records or changes it with the feedback behind it. The form remembers which
 * saved decision it started from, so a save over another facilitator's change is refused and
 * shown side by side instead of replacing it silently.
 */
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { ErrorAlert, fieldError, formatDate } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { DECISION_KIND_LABELS, DECISION_KIND_VALUES, LIMITS, type DecisionKind } from "@/shared/domain";
import { formatFigure } from "@/shared/stats";
import { FieldError, MergeTargetSelect } from "./form-parts";
import { MeetingFeedbackPicker } from "./meeting-feedback";
import type { RoundMechanism, WorkspaceContext, WorkspaceFlag, WorkspaceMechanism } from "./types";

const KIND_HINTS: Record<DecisionKind, string> = {
  keep: "It goes into the next round unchanged.",
  revise: "Rename it or rewrite its description.",
  merge: "Its content joins another mechanism of the next round.",
  split: "It becomes two or more new mechanisms.",
  drop: "It does not go into the next round.",
  keep_with_note: "Unchanged, with a note the panel sees (e.g. no empirical evidence found).",
};

const SPLIT = { min: 2, max: 10 };

type SectionProps = {
  ctx: WorkspaceContext;
  mechanism: WorkspaceMechanism;
  flags: WorkspaceFlag[];
  roundMechanisms: RoundMechanism[];
  scaleLabels: string[];
};

export function DecisionSection(props: SectionProps) {
  const m = props.mechanism;
  const d = m.decision;
  const [editing, setEditing] = useState(false);
  const changeButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const headingId = `mechanism-${m.mechanismId}`;
  const showForm = props.ctx.editable && (editing || !d);

  useEffect(() => {
    if (!showForm && refocus.current) {
      changeButton.current?.focus();
      refocus.current = false;
    }
  }, [showForm]);

  const draftChanged = m.draft && (m.draft.name !== m.previous.name || m.draft.description !== m.previous.description);
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="spread">
        <h3 id={headingId} style={{ margin: 0 }}>
          {m.previous.name}
        </h3>
        {d ? <span className="badge open">{d.label}</span> : <span className="badge draft">No decision yet</span>}
      </div>
      <h4>Round {props.ctx.previousRound} text</h4>
      <p className="prewrap">{m.previous.description}</p>
      <RatingSummary mechanism={m} scaleLabels={props.scaleLabels} round={props.ctx.previousRound} />
      <p className="muted small">
        {m.commentCount} {m.commentCount === 1 ? "comment" : "comments"} in round {props.ctx.previousRound}
      </p>
      {draftChanged && m.draft && (
        <div className="alert info">
          <strong>Round {props.ctx.round} draft:</strong> {m.draft.name}
          <p className="prewrap" style={{ margin: "0.3rem 0 0" }}>
            {m.draft.description}
          </p>
        </div>
      )}

      {showForm ? (
        <DecisionForm
          {...props}
          onDone={() => {
            refocus.current = true;
            setEditing(false);
          }}
          onCancel={
            d
              ? () => {
                  refocus.current = true;
                  setEditing(false);
                }
              : undefined
          }
        />
      ) : d ? (
        <>
          <SavedDecision decision={d} />
          {props.ctx.editable && (
            <button type="button" className="secondary" ref={changeButton} onClick={() => setEditing(true)}>
              Change decision<span className="visually-hidden"> on {m.previous.name}</span>
            </button>
          )}
        </>
      ) : (
        <p className="muted">No decision recorded.</p>
      )}
    </section>
  );
}

function RatingSummary({ mechanism: m, scaleLabels, round }: { mechanism: WorkspaceMechanism; scaleLabels: string[]; round: number }) {
  const r = m.ratings;
  if (r.n === 0) return <p className="muted">No ratings in round {round}.</p>;
  return (
    <>
      <p>
        <strong>
          {r.n} {r.n === 1 ? "rating" : "ratings"}
        </strong>{" "}
        · median {formatFigure(r.median)} · interquartile range {formatFigure(r.iqr)} ({formatFigure(r.q1)} to {formatFigure(r.q3)})
      </p>
      {/* One row of counts under the scale points: short on the page, scrolls sideways on a phone
          (focusable, so the keyboard can scroll it too). */}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={`Round ${round} ratings of ${m.previous.name}, by rating`}>
        <table>
          <caption className="muted small" style={{ textAlign: "left", padding: "0.4rem 0.6rem" }}>
            Round {round} ratings of {m.previous.name}
          </caption>
          <thead>
            <tr>
              <th scope="row">Rating</th>
              {scaleLabels.map((label, i) => (
                <th key={i} scope="col" className="num small">
                  {i + 1} · {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Count</th>
              {r.distribution.map((count, i) => (
                <td key={i} className="num">
                  {count}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}

type Decision = NonNullable<WorkspaceMechanism["decision"]>;

function SavedDecision({ decision: d }: { decision: Decision }) {
  return (
    <div className="stack" style={{ marginBottom: "0.75rem" }}>
      <p>
        <strong>Rationale:</strong> <span className="prewrap">{d.rationale}</span>
      </p>
      {d.kind === "keep_with_note" && (
        <p>
          <strong>Status note:</strong> <span className="prewrap">{d.statusNote}</span>
        </p>
      )}
      {d.mergeInto && (
        <p>
          <strong>Merged into:</strong> {d.mergeInto.name ?? "a mechanism no longer in the draft"}
        </p>
      )}
      {d.kind === "split" && (
        <div>
          <strong>Split into:</strong>
          <ul>
            {d.splitInto.map((p) => (
              <li key={p.mechanismId}>{p.name}</li>
            ))}
          </ul>
        </div>
      )}
      <div>
        <strong>
          Feedback behind this decision: {d.sources.length} {d.sources.length === 1 ? "item" : "items"} linked
        </strong>
        {d.sources.length > 0 && (
          <ul className="small">
            {d.sources.map((s, i) => (
              <li key={i}>{s.label}</li>
            ))}
          </ul>
        )}
      </div>
      <p className="muted small">
        Decided by {d.decidedBy} · {formatDate(d.updatedAt)}
      </p>
    </div>
  );
}

type Part = { name: string; description: string };

function sourceKeys(d: Decision | null): string[] {
  return (d?.sources ?? []).map((s) =>
    s.kind === "comment"
      ? `comment:${s.commentId}`
      : s.kind === "flag"
        ? `flag:${s.flagId}`
        : s.kind === "meeting_note"
          ? `note:${s.meetingNoteId}`
          : s.kind === "meeting_quote"
            ? `quote:${s.meetingQuoteId}`
            : "ratings",
  );
}

function DecisionForm(props: SectionProps & { onDone: () => void; onCancel?: () => void }) {
  const { ctx, mechanism: m } = props;
  const d = m.decision;
  const trpc = useTRPC();
  const refresh = useRefresh();
  const idp = `d-${m.mechanismId}`;
  const [kind, setKind] = useState<DecisionKind | "">(d?.kind ?? "");
  const [rationale, setRationale] = useState(d?.rationale ?? "");
  const [statusNote, setStatusNote] = useState(d?.statusNote ?? "");
  const [revisedName, setRevisedName] = useState(m.draft?.name ?? m.previous.name);
  const [revisedDescription, setRevisedDescription] = useState(m.draft?.description ?? m.previous.description);
  const [mergeInto, setMergeInto] = useState(d?.mergeInto?.mechanismId ?? "");
  const [parts, setParts] = useState<Part[]>(
    d?.splitInto.length
      ? d.splitInto.map((p) => ({ name: p.name, description: p.description }))
      : [
          { name: "", description: "" },
          { name: "", description: "" },
        ],
  );
  const [sources, setSources] = useState<Set<string>>(() => new Set(sourceKeys(d)));
  // What this form was loaded with: the server refuses the save if someone changed it since.
  const [loaded] = useState({ decision: d?.updatedAt ?? null, draft: m.draft?.updatedAt ?? null });
  const [conflicted, setConflicted] = useState(false);
  const focusPart = useRef<number | null>(null);
  // After a conflict the workspace is reloaded and shows what was saved meanwhile: the next save
  // knowingly replaces that.
  const base = conflicted ? (d?.updatedAt ?? null) : loaded.decision;
  const draftBase = conflicted ? (m.draft?.updatedAt ?? null) : loaded.draft;

  useEffect(() => {
    if (focusPart.current !== null) {
      document.getElementById(`${idp}-part-${focusPart.current}-name`)?.focus();
      focusPart.current = null;
    }
  }, [parts.length, idp]);

  const save = useMutation(
    trpc.decision.set.mutationOptions({
      onSuccess: async () => {
        setConflicted(false);
        await refresh();
        ctx.announce(`Decision saved for ${m.previous.name}: ${kind ? DECISION_KIND_LABELS[kind] : ""}.`);
        props.onDone();
      },
      onError: async (error) => {
        if (error.data?.code === "CONFLICT") {
          setConflicted(true);
          await refresh();
        }
      },
    }),
  );
  const fe = (field: string) => fieldError(save.error, field);
  const describedBy = (field: string) => (fe(field) ? `${idp}-${field}-error` : undefined);

  const toggle = (key: string) =>
    setSources((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  // Merge targets: anything in the next round's draft except this mechanism and its own split parts.
  const ownParts = new Set(d?.splitInto.map((p) => p.mechanismId) ?? []);
  const targets = props.roundMechanisms.filter((r) => r.mechanismId !== m.mechanismId && !ownParts.has(r.mechanismId));

  function submit() {
    const list = [...sources].map((key) => {
      if (key === "ratings") return { kind: "ratings" as const, versionId: m.previous.versionId };
      const [k, id] = key.split(":");
      if (k === "note") return { kind: "meeting_note" as const, meetingNoteId: id };
      if (k === "quote") return { kind: "meeting_quote" as const, meetingQuoteId: id };
      return k === "flag" ? { kind: "flag" as const, flagId: id } : { kind: "comment" as const, commentId: id };
    });
    save.mutate({
      consultationId: ctx.consultationId,
      round: ctx.round,
      mechanismId: m.mechanismId,
      kind: kind as DecisionKind, // an empty choice is refused by the server with a field message
      rationale,
      statusNote: kind === "keep_with_note" ? statusNote : undefined,
      revisedName: kind === "revise" ? revisedName : undefined,
      revisedDescription: kind === "revise" ? revisedDescription : undefined,
      mergeIntoMechanismId: kind === "merge" ? mergeInto || null : undefined,
      splitInto: kind === "split" ? parts : undefined,
      sources: list,
      expectedUpdatedAt: base,
      expectedDraftUpdatedAt: kind === "revise" ? draftBase : undefined,
    });
  }

  return (
    <form
      noValidate
      aria-label={`Decision on ${m.previous.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <ErrorAlert error={save.error} focus />
      {conflicted && (
        <div className="alert warn">
          <p style={{ marginTop: 0 }}>
            <strong>Saved meanwhile by another facilitator:</strong>{" "}
            {d ? `${d.label} (${d.decidedBy}, ${formatDate(d.updatedAt)}). Rationale: ${d.rationale}` : "the decision was removed."}
          </p>
          <p style={{ marginBottom: 0 }}>
            Your choices are still in the form below. Compare them, then save again to replace theirs, or cancel.
          </p>
        </div>
      )}

      <fieldset aria-describedby={describedBy("kind")}>
        <legend>
          What happens to {m.previous.name} in round {ctx.round}?
        </legend>
        {DECISION_KIND_VALUES.map((k) => (
          <label key={k} className="choice">
            <input type="radio" name={`${idp}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} />
            <span>
              {DECISION_KIND_LABELS[k]}
              <span className="hint">{KIND_HINTS[k]}</span>
            </span>
          </label>
        ))}
        <FieldError id={`${idp}-kind-error`} text={fe("kind")} />
      </fieldset>

      {kind === "revise" && (
        <>
          <div className="field">
            <label htmlFor={`${idp}-revisedName`}>Revised name</label>
            <input
              id={`${idp}-revisedName`}
              value={revisedName}
              maxLength={LIMITS.mechanismName.max}
              onChange={(e) => setRevisedName(e.target.value)}
              aria-invalid={!!fe("revisedName") || undefined}
              aria-describedby={describedBy("revisedName")}
            />
            <FieldError id={`${idp}-revisedName-error`} text={fe("revisedName")} />
          </div>
          <div className="field">
            <label htmlFor={`${idp}-revisedDescription`}>Revised description</label>
            <textarea
              id={`${idp}-revisedDescription`}
              rows={6}
              value={revisedDescription}
              maxLength={LIMITS.mechanismDescription.max}
              onChange={(e) => setRevisedDescription(e.target.value)}
              aria-invalid={!!fe("revisedDescription") || undefined}
              aria-describedby={describedBy("revisedDescription")}
            />
            <FieldError id={`${idp}-revisedDescription-error`} text={fe("revisedDescription")} />
          </div>
        </>
      )}

      {kind === "keep_with_note" && (
        <div className="field">
          <label htmlFor={`${idp}-statusNote`}>
            Status note{" "}
            <span className="hint">
              Shown to the panel with the mechanism, e.g. “No empirical evidence found; kept at the panel&apos;s request”.
            </span>
          </label>
          <textarea
            id={`${idp}-statusNote`}
            rows={3}
            value={statusNote}
            maxLength={LIMITS.statusNote.max}
            onChange={(e) => setStatusNote(e.target.value)}
            aria-invalid={!!fe("statusNote") || undefined}
            aria-describedby={describedBy("statusNote")}
          />
          <FieldError id={`${idp}-statusNote-error`} text={fe("statusNote")} />
        </div>
      )}

      {kind === "merge" && (
        <MergeTargetSelect
          idp={idp}
          field="mergeIntoMechanismId"
          hint={`A mechanism of the round ${ctx.round} draft.`}
          value={mergeInto}
          onChange={setMergeInto}
          targets={targets}
          error={fe("mergeIntoMechanismId")}
        />
      )}

      {kind === "split" && (
        <fieldset aria-describedby={describedBy("splitInto")}>
          <legend>New mechanisms it is split into</legend>
          <FieldError id={`${idp}-splitInto-error`} text={fe("splitInto")} />
          {parts.map((p, i) => (
            <fieldset key={i}>
              <legend>New mechanism {i + 1}</legend>
              <div className="field">
                <label htmlFor={`${idp}-part-${i}-name`}>Name</label>
                <input
                  id={`${idp}-part-${i}-name`}
                  value={p.name}
                  maxLength={LIMITS.mechanismName.max}
                  onChange={(e) => setParts(parts.map((q, j) => (j === i ? { ...q, name: e.target.value } : q)))}
                />
              </div>
              <div className="field">
                <label htmlFor={`${idp}-part-${i}-description`}>Description</label>
                <textarea
                  id={`${idp}-part-${i}-description`}
                  rows={3}
                  value={p.description}
                  maxLength={LIMITS.mechanismDescription.max}
                  onChange={(e) => setParts(parts.map((q, j) => (j === i ? { ...q, description: e.target.value } : q)))}
                />
              </div>
              <button
                type="button"
                className="secondary"
                disabled={parts.length <= SPLIT.min}
                onClick={() => {
                  focusPart.current = Math.max(0, i - 1);
                  setParts(parts.filter((_, j) => j !== i));
                  ctx.announce(`New mechanism ${i + 1} removed.`);
                }}
              >
                Remove new mechanism {i + 1}
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            className="secondary"
            disabled={parts.length >= SPLIT.max}
            onClick={() => {
              focusPart.current = parts.length;
              setParts([...parts, { name: "", description: "" }]);
            }}
          >
            Add another new mechanism
          </button>
        </fieldset>
      )}

      <div className="field">
        <label htmlFor={`${idp}-rationale`}>
          Rationale <span className="hint">Why you decided this. The panel will see it in the next round.</span>
        </label>
        <textarea
          id={`${idp}-rationale`}
          rows={3}
          value={rationale}
          maxLength={LIMITS.rationale.max}
          onChange={(e) => setRationale(e.target.value)}
          aria-invalid={!!fe("rationale") || undefined}
          aria-describedby={describedBy("rationale")}
        />
        <FieldError id={`${idp}-rationale-error`} text={fe("rationale")} />
      </div>

      <fieldset aria-describedby={describedBy("sources")}>
        <legend>Feedback behind this decision</legend>
        <FieldError id={`${idp}-sources-error`} text={fe("sources")} />
        <label className="choice">
          <input type="checkbox" checked={sources.has("ratings")} onChange={() => toggle("ratings")} />
          <span>
            The round {ctx.previousRound} ratings ({m.ratings.n} {m.ratings.n === 1 ? "rating" : "ratings"}
            {m.ratings.median !== null && `, median ${formatFigure(m.ratings.median)}`})
          </span>
        </label>
        {props.flags.map((f) => (
          <label key={f.id} className="choice">
            <input type="checkbox" checked={sources.has(`flag:${f.id}`)} onChange={() => toggle(`flag:${f.id}`)} />
            <span>
              Flag “{f.name}” ({f.proposer})
            </span>
          </label>
        ))}
        {m.commentCount > 0 || m.decision?.sources.some((s) => s.kind === "comment") ? (
          <CommentPicker ctx={ctx} mechanism={m} selected={sources} toggle={toggle} />
        ) : (
          <p className="muted small">
            No comments on {m.previous.name} in round {ctx.previousRound} to cite.
          </p>
        )}
        <MeetingFeedbackPicker mechanism={m} previousRound={ctx.previousRound} selected={sources} toggle={toggle} />
      </fieldset>

      <div className="row">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save decision"}
          <span className="visually-hidden"> on {m.previous.name}</span>
        </button>
        {props.onCancel && (
          <button type="button" className="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/**
 * The mechanism's comments of the previous round to cite, a page at a time (comment.list), loaded
 * only when opened. Comments already cited stay listed even before their page is loaded.
 */
function CommentPicker(props: {
  ctx: WorkspaceContext;
  mechanism: WorkspaceMechanism;
  selected: Set<string>;
  toggle: (key: string) => void;
}) {
  const { ctx, mechanism: m } = props;
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const query = useInfiniteQuery({
    ...trpc.comment.list.infiniteQueryOptions(
      { consultationId: ctx.consultationId, target: { versionId: m.previous.versionId }, limit: 10 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
    enabled: open,
  });
  const loaded = (query.data?.pages ?? []).flatMap((p) =>
    p.threads.flatMap((t) => [{ ...t, reply: false }, ...t.replies.map((r) => ({ ...r, reply: true }))]),
  );
  const citable = loaded.filter((c) => c.state === "visible" && c.body !== null);
  const loadedIds = new Set(citable.map((c) => c.id));
  const linked = (m.decision?.sources ?? []).filter((s) => s.kind === "comment" && s.commentId && !loadedIds.has(s.commentId));

  return (
    <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)} open={open} style={{ marginTop: "0.5rem" }}>
      <summary>
        Comments on {m.previous.name} in round {ctx.previousRound} ({m.commentCount})
      </summary>
      {linked.map((s) => (
        <label key={s.commentId} className="choice">
          <input
            type="checkbox"
            checked={props.selected.has(`comment:${s.commentId}`)}
            onChange={() => props.toggle(`comment:${s.commentId}`)}
          />
          <span>{s.label}</span>
        </label>
      ))}
      {query.isPending && open && <p className="loading">Loading comments…</p>}
      <ErrorAlert error={query.error} />
      {query.isSuccess && citable.length === 0 && linked.length === 0 && <p className="muted">No comments to cite.</p>}
      {citable.map((c) => (
        <label key={c.id} className="choice" style={c.reply ? { marginLeft: "1.5rem" } : undefined}>
          <input type="checkbox" checked={props.selected.has(`comment:${c.id}`)} onChange={() => props.toggle(`comment:${c.id}`)} />
          <span>
            <span className="author" style={{ fontWeight: 700 }}>
              {c.reply ? "Reply by " : ""}
              {c.author.label}
            </span>
            : “{excerpt(c.body ?? "")}”
          </span>
        </label>
      ))}
      {query.hasNextPage && (
        <button
          type="button"
          className="secondary"
          disabled={query.isFetchingNextPage}
          onClick={async () => {
            const before = citable.length;
            const result = await query.fetchNextPage();
            const now = (result.data?.pages ?? [])
              .flatMap((p) => p.threads.flatMap((t) => [t, ...t.replies]))
              .filter((c) => c.state === "visible").length;
            ctx.announce(`${now - before} more comments shown.`);
          }}
        >
          {query.isFetchingNextPage ? "Loading…" : "Show more comments"}
        </button>
      )}
    </details>
  );
}

function excerpt(body: string, max = 240): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}
