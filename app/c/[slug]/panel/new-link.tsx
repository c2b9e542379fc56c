"use client";
/**
 * A freshly created personal link. Only its hash is stored, so this is the one chance to copy
 * it; focus moves here so keyboard and screen-reader users find it straight away.
 */
import { useEffect, useRef, useState } from "react";
import { formatDay } from "./types";

export type IssuedLink = { memberId: string; name: string; path: string; expiresAt: Date };

export function NewLink({ link, onDone }: { link: IssuedLink; onDone: () => void }) {
  const box = useRef<HTMLElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [copyStatus, setCopyStatus] = useState("");
  // window exists only in the browser; this component only appears after a click.
  const url = `${window.location.origin}${link.path}`;

  useEffect(() => {
    box.current?.focus();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopyStatus("Link copied");
    } catch {
      // The clipboard API needs a secure context and permission; fall back to a selection.
      input.current?.select();
      setCopyStatus("Could not copy automatically: the link is selected, copy it with your usual shortcut.");
    }
  }

  return (
    <section ref={box} tabIndex={-1} className="alert info" aria-labelledby="new-link-heading">
      <h3 id="new-link-heading" style={{ marginTop: 0 }}>
        Personal link for {link.name}
      </h3>
      <p>
        Send this link to {link.name} yourself. It replaces any earlier link, works once, and expires on {formatDay(link.expiresAt)}. It is
        shown only now: copy it before you leave this page.
      </p>
      <div className="field">
        <label htmlFor="new-link-url">Link</label>
        <input id="new-link-url" ref={input} type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <div className="row">
        <button type="button" onClick={copy}>
          Copy link
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Done
        </button>
      </div>
      <p role="status" className="small" style={{ margin: "0.5rem 0 0" }}>
        {copyStatus}
      </p>
    </section>
  );
}
