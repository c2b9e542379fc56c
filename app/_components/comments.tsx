"use client";
/**
 * A discussion under a mechanism or a missing-mechanism flag: threads one level deep, paged,
 * with the author's own edit and delete, and the facilitator's hide (with a reason, kept on record).
 */
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { LIMITS } from "@/shared/domain";
import type { CommentView } from "@/server/services/comments";
import { ConfirmButton } from "./confirm";
import { clearConfiguration, shortContext, useConfigurationChoice } from "./configuration-choice";
import { Empty, ErrorAlert, formatDate, Loading } from "./feedback";
import { AnchorNote, ChosenPassageNote, clearPassage, passageNumbers, usePassageChoice } from "./passage";
import { useRefresh } from "./use-refresh";

type Target = { versionId: string } | { flagId: string };

type Props = {
  consultationId: string;
  target: Target;
  canWrite: boolean;
  isFacilitator: boolean;
  /** Shown above the box, e.g. "Comment on this mechanism". */
  formLabel: string;
  headingLevel?: 2 | 3;
};

export function Comments(props: Props) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.comment.list.infiniteQueryOptions(
      { consultationId: props.consultationId, target: props.target },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const threads = query.data?.pages.flatMap((p) => p.threads) ?? [];
  const numbers = passageNumbers(threads);
  const H = props.headingLevel === 3 ? "h3" : "h2";
  return (
    <section aria-label="Comments">
      <H>Comments</H>
      {props.canWrite && <CommentForm {...props} label={props.formLabel} />}
      {query.isPending ? (
        <Loading what="comments" />
      ) : query.isError ? (
        <ErrorAlert error={query.error} />
      ) : threads.length === 0 ? (
        <Empty>No comments yet.{props.canWrite ? " Be the first to add one." : ""}</Empty>
      ) : (
        <ul className="plain">
          {threads.map((t) => (
            <li key={t.id}>
              <Comment {...props} comment={t} passageNumber={numbers.get(t.id)} />
              {t.replies.length > 0 && (
                <ul className="plain">
                  {t.replies.map((r) => (
                    <li key={r.id}>
                      <Comment {...props} comment={r} />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {query.hasNextPage && (
        <button type="button" className="secondary" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? "Loading…" : "Show more comments"}
        </button>
      )}
    </section>
  );
}

function CommentForm(props: Props & { label: string; parentId?: string; onDone?: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const id = useId();
  const [body, setBody] = useState("");
  const [status, setStatus] = useState("");
  const box = useRef<HTMLTextAreaElement>(null);
  // A new comment on a mechanism can be attached to a passage chosen in its description.
  const passageKey = "versionId" in props.target && !props.parentId ? props.target.versionId : "";
  const { passage, focus } = usePassageChoice(passageKey);
  const passageId = useId();
  const seenFocus = useRef(focus);
  // Or one of the mechanism's configurations (evidence cards): a comment is about one or the other.
  const { configuration, focus: configurationFocus } = useConfigurationChoice(passageKey);
  const seenConfigurationFocus = useRef(configurationFocus);
  const configurationId = useId();
  useEffect(() => {
    // A passage was just chosen: bring the person to the box where they write about it.
    if (focus === seenFocus.current) return;
    seenFocus.current = focus;
    if (passageKey) clearConfiguration(passageKey);
    box.current?.focus();
  }, [focus, passageKey]);
  useEffect(() => {
    if (configurationFocus === seenConfigurationFocus.current) return;
    seenConfigurationFocus.current = configurationFocus;
    box.current?.focus();
  }, [configurationFocus]);
  const add = useMutation(
    trpc.comment.add.mutationOptions({
      onSuccess: async () => {
        setBody("");
        if (passageKey) {
          clearPassage(passageKey);
          clearConfiguration(passageKey);
        }
        setStatus(props.parentId ? "Reply posted." : "Comment posted.");
        await refresh();
        props.onDone?.();
      },
    }),
  );
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setStatus("");
        add.mutate({
          consultationId: props.consultationId,
          target: props.target,
          parentId: props.parentId ?? null,
          body,
          anchor: !configuration && passage ? { start: passage.start, end: passage.end, quote: passage.quote } : null,
          configurationId: configuration?.id ?? null,
        });
      }}
      style={{ marginBottom: "1rem" }}
    >
      <ErrorAlert error={add.error} />
      <div className="field">
        <label htmlFor={id}>
          {configuration ? `Comment on configuration ${configuration.number}` : passage ? "Comment on this passage" : props.label}
        </label>
        {configuration && (
          <div className="alert info small" style={{ margin: "0.25rem 0 0.5rem" }}>
            <p id={configurationId} style={{ margin: 0 }}>
              Your comment will be about configuration {configuration.number}: “{shortContext(configuration.context)}”
            </p>
            <button
              type="button"
              className="link"
              onClick={() => {
                clearConfiguration(passageKey);
                box.current?.focus();
              }}
            >
              Clear the configuration<span className="visually-hidden"> and comment on the whole mechanism</span>
            </button>
          </div>
        )}
        {!configuration && passage && (
          <ChosenPassageNote
            id={passageId}
            passage={passage}
            onClear={() => {
              clearPassage(passageKey);
              box.current?.focus();
            }}
          />
        )}
        <textarea
          id={id}
          ref={box}
          value={body}
          maxLength={LIMITS.comment.max}
          rows={props.parentId ? 3 : 4}
          aria-describedby={configuration ? configurationId : passage ? passageId : undefined}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <div className="row">
        <button type="submit" disabled={add.isPending}>
          {add.isPending ? "Posting…" : props.parentId ? "Post reply" : "Post comment"}
        </button>
        {props.onDone && (
          <button type="button" className="secondary" onClick={props.onDone}>
            Cancel
          </button>
        )}
        <span role="status" className="muted">
          {status}
        </span>
      </div>
    </form>
  );
}

function Comment(props: Props & { comment: CommentView; passageNumber?: number }) {
  const c = props.comment;
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [mode, setMode] = useState<"view" | "reply" | "edit" | "hide">("view");
  const [draft, setDraft] = useState(c.body ?? "");
  const [reason, setReason] = useState("");
  const after = useRef<HTMLButtonElement>(null);
  const done = async () => {
    setMode("view");
    await refresh();
  };
  const edit = useMutation(trpc.comment.edit.mutationOptions({ onSuccess: done }));
  const remove = useMutation(trpc.comment.remove.mutationOptions({ onSuccess: done }));
  const hide = useMutation(trpc.comment.hide.mutationOptions({ onSuccess: done }));
  const unhide = useMutation(trpc.comment.unhide.mutationOptions({ onSuccess: done }));
  const ids = { consultationId: props.consultationId, commentId: c.id };
  const editId = useId();
  const reasonId = useId();

  return (
    <article
      id={`comment-${c.id}`}
      // Reached from the footnote link after a highlighted passage.
      tabIndex={-1}
      className={`comment${c.parentId ? " reply" : ""}${c.state === "hidden" ? " hidden-comment" : ""}`}
      aria-label={`Comment by ${c.author.label}`}
    >
      <div className="meta">
        <span className="author">{c.author.label}</span> ·{" "}
        <time dateTime={new Date(c.createdAt).toISOString()}>{formatDate(c.createdAt)}</time>
        {c.editedAt && " · edited"}
        {c.state === "hidden" && (
          <>
            {" "}
            <span className="badge warn">Hidden by a facilitator</span>
          </>
        )}
      </div>
      {c.anchor && <AnchorNote anchor={c.anchor} commentId={c.id} number={props.passageNumber} />}
      {c.configuration && (
        <p className="small" style={{ margin: "0.2rem 0" }}>
          On configuration {c.configuration.number}: <q>{shortContext(c.configuration.context)}</q>
        </p>
      )}
      <ErrorAlert error={edit.error ?? remove.error ?? hide.error ?? unhide.error} />
      {c.state === "deleted" ? (
        <p className="muted">This comment was deleted by its author.</p>
      ) : c.state === "hidden" && c.body === null ? (
        <p className="muted">This comment was hidden by a facilitator.</p>
      ) : mode === "edit" ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            edit.mutate({ ...ids, body: draft });
          }}
        >
          <div className="field">
            <label htmlFor={editId}>Edit your comment</label>
            <textarea id={editId} value={draft} maxLength={LIMITS.comment.max} onChange={(e) => setDraft(e.target.value)} autoFocus />
          </div>
          <div className="row">
            <button type="submit" disabled={edit.isPending}>
              Save
            </button>
            <button type="button" className="secondary" onClick={() => setMode("view")}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="prewrap" style={{ margin: "0.2rem 0" }}>
          {c.body}
        </p>
      )}
      {c.state === "hidden" && c.hiddenReason && <p className="small muted">Reason: {c.hiddenReason}</p>}

      {mode === "view" && c.state !== "deleted" && (
        <div className="row">
          {props.canWrite && !c.parentId && (
            <button type="button" className="link" ref={after} onClick={() => setMode("reply")}>
              Reply<span className="visually-hidden"> to {c.author.label}</span>
            </button>
          )}
          {props.canWrite && c.mine && c.state === "visible" && (
            <button type="button" className="link" onClick={() => setMode("edit")}>
              Edit<span className="visually-hidden"> your comment</span>
            </button>
          )}
          {props.canWrite && c.mine && (
            <ConfirmButton
              label="Delete"
              className="link"
              title="Delete your comment?"
              body={<p>It will be removed from the discussion. Replies to it stay, under a note that it was deleted.</p>}
              confirmLabel="Delete comment"
              danger
              onConfirm={() => remove.mutate(ids)}
            />
          )}
          {props.isFacilitator && c.state === "visible" && !c.mine && (
            <button type="button" className="link" onClick={() => setMode("hide")}>
              Hide<span className="visually-hidden"> comment by {c.author.label}</span>
            </button>
          )}
          {props.isFacilitator && c.state === "hidden" && (
            <button type="button" className="link" onClick={() => unhide.mutate(ids)}>
              Show again
            </button>
          )}
        </div>
      )}
      {mode === "reply" && <CommentForm {...props} label={`Reply to ${c.author.label}`} parentId={c.id} onDone={() => setMode("view")} />}
      {mode === "hide" && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            hide.mutate({ ...ids, reason });
          }}
        >
          <div className="field">
            <label htmlFor={reasonId}>
              Why hide this comment? <span className="hint">Kept on record; the author sees it.</span>
            </label>
            <input id={reasonId} value={reason} maxLength={LIMITS.hideReason.max} onChange={(e) => setReason(e.target.value)} autoFocus />
          </div>
          <div className="row">
            <button type="submit" className="danger" disabled={hide.isPending}>
              Hide comment
            </button>
            <button type="button" className="secondary" onClick={() => setMode("view")}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </article>
  );
}
