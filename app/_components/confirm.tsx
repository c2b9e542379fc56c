"use client";
/**
 * A button that asks before doing something that cannot be undone, in a native modal <dialog>
 * (focus is trapped and Escape cancels, for keyboard and screen-reader users).
 */
import { useId, useRef } from "react";

export function ConfirmButton(props: {
  label: React.ReactNode;
  title: string;
  body: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  danger?: boolean;
  className?: string;
  disabled?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button
        type="button"
        className={props.className ?? "secondary"}
        disabled={props.disabled}
        onClick={() => dialog.current?.showModal()}
      >
        {props.label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId}>
        <h2 id={titleId} style={{ marginTop: 0 }}>
          {props.title}
        </h2>
        <div>{props.body}</div>
        <form method="dialog" className="row" style={{ marginTop: "1rem" }}>
          <button
            type="button"
            className={props.danger ? "danger" : undefined}
            onClick={() => {
              dialog.current?.close();
              props.onConfirm();
            }}
          >
            {props.confirmLabel}
          </button>
          <button type="submit" className="secondary" autoFocus>
            Cancel
          </button>
        </form>
      </dialog>
    </>
  );
}
