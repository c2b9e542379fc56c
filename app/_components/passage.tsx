"use client";
/**
 * A mechanism's description with the passages people commented on highlighted, and the ways to
 * pick a passage to comment on: selecting it in the text with the mouse, or, from the keyboard,
 * in a read-only copy of the text (Shift + arrow keys). The chosen passage is handed to the
 * comment form through a small per-mechanism store, so the two need not sit side by side.
 */
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Fragment, useEffect, useId, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { LIMITS } from "@/shared/domain";
import type { AnchorView, CarriedPassage, CommentView } from "@/server/services/comments";
import { ErrorAlert } from "./feedback";
import styles from "./passage.module.css";

// ---------------------------------------------------------------------------------------------
// The chosen passage, shared by the description and the comment form of one mechanism version

export type ChosenPassage = { start: number; end: number; quote: string };
type Choice = { passage: ChosenPassage | null; /** Bumped to ask the comment form to take focus. */ focus: number };

const NONE: Choice = { passage: null, focus: 0 };
const choices = new Map<string, Choice>();
const listeners = new Set<() => void>();

function setChoice(versionId: string, choice: Choice) {
  choices.set(versionId, choice);
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function choosePassage(versionId: string, passage: ChosenPassage) {
  setChoice(versionId, { passage, focus: (choices.get(versionId)?.focus ?? 0) + 1 });
}

export function clearPassage(versionId: string) {
  setChoice(versionId, { passage: null, focus: choices.get(versionId)?.focus ?? 0 });
}

/** The passage chosen for a new comment on this version ("" for none: a flag's discussion, a reply). */
export function usePassageChoice(versionId: string): Choice {
  return useSyncExternalStore(
    subscribe,
    () => (versionId ? (choices.get(versionId) ?? NONE) : NONE),
    () => NONE,
  );
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Whitespace at either end of a selection is not part of the passage. */
function trimmed(text: string, start: number, end: number): ChosenPassage | null {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? { start, end, quote: text.slice(start, end) } : null;
}

/** A textarea counts "\r\n" as one character: map its positions back to the stored text. */
function fromTextarea(text: string, position: number): number {
  if (!text.includes("\r")) return position;
  let i = 0;
  for (let seen = 0; i < text.length && seen < position; seen++) i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
  return i;
}

/** Long quotes are shortened where they are repeated (the highlight shows them in full). */
export function shortQuote(quote: string, max = 200): string {
  return quote.length <= max ? quote : `${quote.slice(0, max).trimEnd()}…`;
}

/** Footnote numbers of the listed comments' passages, in the order they appear in the text. */
export function passageNumbers(threads: Pick<CommentView, "id" | "anchor">[]): Map<string, number> {
  const placed = threads
    .filter((t) => t.anchor?.start != null)
    .sort((a, b) => a.anchor!.start! - b.anchor!.start! || a.anchor!.end! - b.anchor!.end!);
  return new Map(placed.map((t, i) => [t.id, i + 1]));
}

/** Letters for the previous round's passages ("a", "b", … "z", "aa"), in text order. */
export function carriedLetters(passages: CarriedPassage[]): Map<string, string> {
  const placed = passages.filter((p) => p.start !== null).sort((a, b) => a.start! - b.start! || a.end! - b.end!);
  const letter = (i: number): string => (i < 26 ? String.fromCharCode(97 + i) : letter(Math.floor(i / 26) - 1) + letter(i % 26));
  return new Map(placed.map((p, i) => [p.commentId, letter(i)]));
}

function listOptions(consultationId: string, versionId: string) {
  return { consultationId, target: { versionId } };
}

// ---------------------------------------------------------------------------------------------
// The description

type Highlight = {
  id: string;
  start: number;
  end: number;
  kind: "current" | "carried";
  label: string;
  name: string;
  href: string;
  refId: string;
};

type PassageProps = {
  consultationId: string;
  versionId: string;
  description: string;
  /** The round's number: from round 2 on, the previous round's passages are shown too. */
  round: number;
  /** The round is open: passages can be chosen for a new comment. */
  canWrite: boolean;
};

export function Passage(props: PassageProps) {
  const trpc = useTRPC();
  // The same query as the comment list below (same key), so the two share one cache entry.
  const list = useInfiniteQuery(
    trpc.comment.list.infiniteQueryOptions(listOptions(props.consultationId, props.versionId), {
      getNextPageParam: (last) => last.nextCursor,
    }),
  );
  const carried = useQuery(
    trpc.comment.carriedAnchors.queryOptions(
      { consultationId: props.consultationId, versionId: props.versionId },
      { enabled: props.round > 1 },
    ),
  );
  const threads = list.data?.pages.flatMap((p) => p.threads) ?? [];
  const numbers = passageNumbers(threads);
  const letters = carriedLetters(carried.data?.passages ?? []);

  // Positions come from a query of their own: for the moment after an edit when the two disagree,
  // a passage is only drawn where it fits the text on screen.
  const fits = (a: Pick<AnchorView, "quote" | "start" | "end" | "status">) =>
    a.start !== null &&
    a.end !== null &&
    a.end <= props.description.length &&
    (a.status === "fuzzy" || props.description.slice(a.start, a.end) === a.quote);
  const highlights: Highlight[] = [];
  for (const t of threads) {
    const n = numbers.get(t.id);
    if (n === undefined || !t.anchor || !fits(t.anchor)) continue;
    highlights.push({
      id: t.id,
      start: t.anchor.start!,
      end: t.anchor.end!,
      kind: "current",
      label: String(n),
      name: `Comment ${n} on this passage, by ${t.author.label}`,
      href: `#comment-${t.id}`,
      refId: `passage-${t.id}`,
    });
  }
  for (const p of carried.data?.passages ?? []) {
    const letter = letters.get(p.commentId);
    if (letter === undefined || !fits(p)) continue;
    highlights.push({
      id: p.commentId,
      start: p.start!,
      end: p.end!,
      kind: "carried",
      label: letter,
      name: `Round ${carried.data!.fromRound} comment ${letter} on this passage, by ${p.author}`,
      href: `#carried-${p.commentId}`,
      refId: `passage-${p.commentId}`,
    });
  }

  const textRef = useRef<HTMLParagraphElement>(null);
  const [selected, setSelected] = useState<ChosenPassage | null>(null);
  const [tooLong, setTooLong] = useState(false);
  // Mouse (or caret-browsing) selections in the highlighted text, read when the button or key is released.
  useEffect(() => {
    if (!props.canWrite) return;
    const read = (event: Event) => {
      const root = textRef.current;
      if (!root || (event.target instanceof Element && event.target.closest("[data-keeps-selection]"))) return;
      const selection = window.getSelection();
      if (!selection || selection.rangeCount === 0) return;
      const range = selection.getRangeAt(0);
      if (range.collapsed || !range.intersectsNode(root)) {
        // A click or typing elsewhere: forget a selection that is no longer there.
        setSelected(null);
        setTooLong(false);
        return;
      }
      // A drag that runs past either end of the description keeps the part inside it.
      const start = root.contains(range.startContainer) ? offsetIn(root, range.startContainer, range.startOffset) : 0;
      const end = root.contains(range.endContainer) ? offsetIn(root, range.endContainer, range.endOffset) : props.description.length;
      const passage = trimmed(props.description, start, end);
      setTooLong(!!passage && passage.quote.length > LIMITS.anchorQuote.max);
      setSelected(passage && passage.quote.length <= LIMITS.anchorQuote.max ? passage : null);
    };
    document.addEventListener("mouseup", read);
    document.addEventListener("keyup", read);
    return () => {
      document.removeEventListener("mouseup", read);
      document.removeEventListener("keyup", read);
    };
  }, [props.canWrite, props.description]);

  return (
    <>
      <p ref={textRef} className={`prewrap ${styles.text}`}>
        {renderHighlighted(props.description, highlights)}
      </p>
      {highlights.length > 0 && (
        <p className="small muted">
          {numbers.size > 0 && "Highlighted passages have comments: the numbers after them lead to the comments. "}
          {letters.size > 0 &&
            `Underlined passages were commented on in round ${carried.data!.fromRound}: the letters lead to those comments.`}
        </p>
      )}
      <ErrorAlert error={carried.error} />
      {props.canWrite && (
        <PassagePicker
          versionId={props.versionId}
          description={props.description}
          selected={selected}
          tooLong={tooLong}
          onChosen={() => {
            setSelected(null);
            window.getSelection()?.removeAllRanges();
          }}
        />
      )}
    </>
  );
}

/**
 * The offset in the description of a DOM position inside the highlighted text: the length of the
 * text before it, leaving out the footnote links (marked data-skip), which are not description.
 */
function offsetIn(root: HTMLElement, node: Node, offset: number): number {
  const range = document.createRange();
  range.setStart(root, 0);
  range.setEnd(node, offset);
  const before = range.cloneContents();
  before.querySelectorAll("[data-skip]").forEach((e) => e.remove());
  return before.textContent?.length ?? 0;
}

/**
 * The description cut at every highlight's edges; each piece is marked when a passage covers it,
 * and a footnote link to the comment follows the end of each passage. User text stays text.
 */
function renderHighlighted(text: string, highlights: Highlight[]): ReactNode[] {
  const cuts = [...new Set([0, text.length, ...highlights.flatMap((h) => [h.start, h.end])])]
    .filter((c) => c >= 0 && c <= text.length)
    .sort((a, b) => a - b);
  const out: ReactNode[] = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    const [from, to] = [cuts[i], cuts[i + 1]];
    const covering = highlights.filter((h) => h.start < to && h.end > from);
    const piece = text.slice(from, to);
    if (covering.length === 0) out.push(<Fragment key={`t${from}`}>{piece}</Fragment>);
    else {
      const current = covering.some((h) => h.kind === "current");
      const earlier = covering.some((h) => h.kind === "carried");
      const className = [current && styles.current, earlier && styles.carried, covering.length > 1 && styles.overlap]
        .filter(Boolean)
        .join(" ");
      out.push(
        <mark key={`m${from}`} className={className}>
          {piece}
        </mark>,
      );
    }
    for (const h of highlights.filter((h) => h.end === to)) {
      out.push(
        <a
          key={`r${h.kind}${h.id}`}
          id={h.refId}
          href={h.href}
          className={`${styles.ref} ${h.kind === "carried" ? styles.refCarried : ""}`}
          data-skip=""
        >
          <span aria-hidden="true">{h.label}</span>
          <span className="visually-hidden">{h.name}</span>
        </a>,
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Choosing a passage

function PassagePicker(props: {
  versionId: string;
  description: string;
  selected: ChosenPassage | null;
  tooLong: boolean;
  onChosen: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState("");
  const panelId = useId();
  const areaId = useId();
  const hintId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) area.current?.focus();
  }, [open]);
  // Chromium does not move the caret in a `readonly` textarea, so Shift + arrows could not select
  // in one: the copy stays editable for the caret but refuses every change (typing, pasting,
  // cutting, dropping), and says it is read only to assistive technology.
  useEffect(() => {
    const el = area.current;
    if (!el) return;
    const refuse = (e: Event) => e.preventDefault();
    el.addEventListener("beforeinput", refuse);
    return () => el.removeEventListener("beforeinput", refuse);
  }, [open]);
  // Enough rows to show a usual description whole; the text itself sets the width (no fixed sizes).
  const rows = Math.min(16, Math.max(4, props.description.split("\n").length + Math.ceil(props.description.length / 70)));

  const choose = (passage: ChosenPassage) => {
    choosePassage(props.versionId, passage);
    setOpen(false);
    setMessage("");
    props.onChosen();
  };

  const useSelection = () => {
    const el = area.current;
    if (!el) return;
    const start = fromTextarea(props.description, el.selectionStart);
    const end = fromTextarea(props.description, el.selectionEnd);
    const passage = trimmed(props.description, start, end);
    if (!passage) {
      setMessage("No text is selected yet. Move to the start of the passage, then hold Shift and use the arrow keys to select it.");
      el.focus();
    } else if (passage.quote.length > LIMITS.anchorQuote.max) {
      setMessage(`That selection is too long: select at most ${LIMITS.anchorQuote.max.toLocaleString("en-GB")} characters.`);
      el.focus();
    } else choose(passage);
  };

  return (
    <div className={styles.picker}>
      <div className="row">
        {props.selected && (
          // Pressing the mouse on this button must not clear the selection it is about.
          <button type="button" data-keeps-selection="" onMouseDown={(e) => e.preventDefault()} onClick={() => choose(props.selected!)}>
            Comment on the selected text
          </button>
        )}
        <button
          ref={toggle}
          type="button"
          className="secondary"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => {
            setMessage("");
            setOpen(!open);
          }}
        >
          Comment on a passage
        </button>
      </div>
      {props.tooLong && (
        <p className="small muted" role="status">
          That selection is too long to comment on: select at most {LIMITS.anchorQuote.max.toLocaleString("en-GB")} characters.
        </p>
      )}
      {open && (
        <div id={panelId} className={styles.panel}>
          <label htmlFor={areaId}>Select the passage you want to comment on</label>
          <p id={hintId} className="hint">
            The description, read only. Move to where the passage starts, then hold Shift and use the arrow keys (or drag with the mouse) to
            select it, and choose “Use the selected text”.
          </p>
          <textarea
            id={areaId}
            ref={area}
            aria-readonly="true"
            // No on-screen keyboard on touch screens: this box is for selecting, not typing.
            inputMode="none"
            value={props.description}
            // Controlled and never updated: anything that slips past `beforeinput` is put back.
            onChange={() => {}}
            rows={rows}
            aria-describedby={hintId}
            className={styles.source}
          />
          <div className="row">
            <button type="button" onClick={useSelection}>
              Use the selected text
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setOpen(false);
                setMessage("");
                toggle.current?.focus();
              }}
            >
              Cancel
            </button>
          </div>
          <p role="status" aria-live="polite" className={message ? "field-error" : undefined}>
            {message}
          </p>
        </div>
      )}
    </div>
  );
}

/** Shown in the comment form: the passage the new comment will be attached to, and a way to drop it. */
export function ChosenPassageNote(props: { id: string; passage: ChosenPassage; onClear: () => void }) {
  return (
    <div className={styles.chosen}>
      <p id={props.id}>
        Your comment will be attached to the passage <span className={styles.quote}>“{shortQuote(props.passage.quote)}”</span>
      </p>
      <button type="button" className="link" onClick={props.onClear}>
        Clear the passage<span className="visually-hidden"> and comment on the whole mechanism</span>
      </button>
    </div>
  );
}

/** Above a comment on a passage: which passage, and whether it is still in the text. */
export function AnchorNote(props: { anchor: AnchorView; commentId: string; number: number | undefined }) {
  const a = props.anchor;
  if (a.status === "changed" || props.number === undefined) {
    return (
      <p className={styles.note}>
        <span className="badge warn">Passage changed</span> This comment is on a passage that is no longer in the description:{" "}
        <span className={styles.quote}>“{shortQuote(a.quote)}”</span>
      </p>
    );
  }
  return (
    <p className={styles.note}>
      On{" "}
      <a href={`#passage-${props.commentId}`}>
        passage {props.number}
        <span className="visually-hidden"> in the description</span>
      </a>
      : <span className={styles.quote}>“{shortQuote(a.quote)}”</span>
      {a.status === "fuzzy" && <span className="muted"> (the wording has been edited a little since)</span>}
    </p>
  );
}

// ---------------------------------------------------------------------------------------------
// The previous round's passages

export function CarriedPassages(props: { consultationId: string; versionId: string; round: number }) {
  const trpc = useTRPC();
  const carried = useQuery(
    trpc.comment.carriedAnchors.queryOptions(
      { consultationId: props.consultationId, versionId: props.versionId },
      { enabled: props.round > 1 },
    ),
  );
  const headingId = useId();
  const data = carried.data;
  if (!data || data.fromRound === null || data.passages.length === 0) return null;
  const letters = carriedLetters(data.passages);
  const found = data.passages.filter((p) => letters.has(p.commentId)).sort((a, b) => a.start! - b.start!);
  const changed = data.passages.filter((p) => !letters.has(p.commentId));
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} style={{ marginTop: 0 }}>
        Passages commented on in round {data.fromRound}
      </h2>
      {found.length > 0 && (
        <>
          <p className="muted">
            {found.length === 1 ? "This passage is" : `These ${found.length} passages are`} still in the text and underlined in it.
          </p>
          <ol className="plain">
            {found.map((p) => (
              <li key={p.commentId} id={`carried-${p.commentId}`} tabIndex={-1} className={styles.carriedItem}>
                <a href={`#passage-${p.commentId}`} className={styles.letter}>
                  {letters.get(p.commentId)}
                  <span className="visually-hidden"> (show the passage in the text)</span>
                </a>{" "}
                <span className={styles.quote}>“{shortQuote(p.quote)}”</span>
                {p.status === "fuzzy" && <span className="muted"> (since edited a little)</span>}
                <CarriedComment passage={p} />
              </li>
            ))}
          </ol>
        </>
      )}
      {changed.length > 0 && (
        <>
          <h3 className={styles.changedHeading}>Passage changed</h3>
          <p className="muted">
            {changed.length === 1 ? "This passage is" : `These ${changed.length} passages are`} no longer in this round&apos;s text, so{" "}
            {changed.length === 1 ? "it cannot be" : "they cannot be"} highlighted.
          </p>
          <ul className="plain">
            {changed.map((p) => (
              <li key={p.commentId} id={`carried-${p.commentId}`} tabIndex={-1} className={styles.carriedItem}>
                <span className="badge warn">Passage changed</span> <span className={styles.quote}>“{shortQuote(p.quote)}”</span>
                <CarriedComment passage={p} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function CarriedComment({ passage }: { passage: CarriedPassage }) {
  return (
    <p className={styles.carriedComment}>
      <span className={styles.author}>{passage.author}</span>: {passage.excerpt}
    </p>
  );
}
