"use client";
/**
 * The agenda of a planned meeting: mechanisms and free items with minutes each; add, remove,
 * move up and down (buttons, so it works from the keyboard), and one Save for the whole agenda
 * (one transaction on the server). Focus stays on the moved item's button.
 */
import { useMutation } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useEffect, useId, useRef, useState } from "react";
import { ErrorAlert } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { LIMITS } from "@/shared/domain";
import type { AppRouter } from "@/server/root";
import { minutesText } from "../meeting-status";

type Plan = inferRouterOutputs<AppRouter>["meetingPlan"]["byId"];
type Row = { key: string; id: string | null; kind: "mechanism" | "free"; versionId: string | null; title: string; minutes: string };

let counter = 0;
const rowsOf = (items: Plan["items"]): Row[] =>
  items.map((i) => ({ key: i.id, id: i.id, kind: i.kind, versionId: i.versionId, title: i.title, minutes: String(i.plannedMinutes) }));

export function AgendaEditor(props: { consultationId: string; data: Plan }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const idp = useId();
  const [rows, setRows] = useState<Row[]>(() => rowsOf(props.data.items));
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState("");
  const [freeTitle, setFreeTitle] = useState("");
  const [freeMinutes, setFreeMinutes] = useState("10");
  const [freeError, setFreeError] = useState<string | null>(null);
  const [pick, setPick] = useState("");
  const focusNext = useRef<string | null>(null);
  const editable = props.data.meeting.status !== "ended";

  useEffect(() => {
    if (focusNext.current) {
      document.getElementById(focusNext.current)?.focus();
      focusNext.current = null;
    }
  });

  const save = useMutation(
    trpc.meetingPlan.setAgenda.mutationOptions({
      onSuccess: async (r) => {
        setRows(rowsOf(r.items));
        setDirty(false);
        setStatus("Agenda saved.");
        await refresh();
      },
    }),
  );

  const change = (next: Row[], message: string) => {
    setRows(next);
    setDirty(true);
    setStatus(message);
  };
  const move = (index: number, by: -1 | 1) => {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(index + by, 0, row);
    const to = index + by;
    // Keep focus on the same button if it still makes sense, else on the other one.
    const dir = (by === -1 && to === 0) || (by === 1 && to === next.length - 1) ? (by === -1 ? "down" : "up") : by === -1 ? "up" : "down";
    focusNext.current = `${idp}-${row.key}-${dir}`;
    change(next, `${row.title} moved to position ${to + 1} of ${next.length}.`);
  };
  const remove = (index: number) => {
    const row = rows[index];
    const next = rows.filter((_, i) => i !== index);
    focusNext.current = next.length ? `${idp}-${next[Math.min(index, next.length - 1)].key}-remove` : `${idp}-add-free-title`;
    change(next, `${row.title} removed from the agenda.`);
  };

  const onAgenda = new Set(rows.map((r) => r.versionId));
  const available = props.data.mechanisms.filter((m) => !onAgenda.has(m.versionId));
  const total = rows.reduce((s, r) => s + (Number(r.minutes) || 0), 0);
  const tooMany = rows.length >= LIMITS.agendaItems.max;

  return (
    <section className="card" aria-labelledby={`${idp}-h`}>
      <h2 id={`${idp}-h`} style={{ marginTop: 0 }}>
        Agenda
      </h2>
      <p>
        <strong>Total planned time: {minutesText(total)}</strong> for {rows.length} {rows.length === 1 ? "item" : "items"}
        {dirty && (
          <span className="badge warn" style={{ marginLeft: "0.5rem" }}>
            Not saved yet
          </span>
        )}
      </p>
      <p role="status" aria-live="polite" className="visually-hidden">
        {status}
      </p>
      <ErrorAlert error={save.error} focus />
      {rows.length === 0 ? (
        <p className="muted">The agenda is empty. Add the round&apos;s mechanisms or free items below.</p>
      ) : (
        <ol className="plain" aria-label="Agenda items">
          {rows.map((r, index) => (
            <li key={r.key} className="list-item">
              <div className="spread">
                <div style={{ flex: "1 1 16rem" }}>
                  <span className="muted small">
                    {index + 1}. {r.kind === "mechanism" ? "Mechanism" : "Free item"}
                  </span>
                  {r.kind === "free" ? (
                    <div className="field" style={{ marginBottom: 0 }}>
                      <label htmlFor={`${idp}-${r.key}-title`} className="visually-hidden">
                        Title of item {index + 1}
                      </label>
                      <input
                        id={`${idp}-${r.key}-title`}
                        value={r.title}
                        maxLength={LIMITS.agendaItemTitle.max}
                        disabled={!editable}
                        onChange={(e) =>
                          change(
                            rows.map((x) => (x.key === r.key ? { ...x, title: e.target.value } : x)),
                            "",
                          )
                        }
                      />
                    </div>
                  ) : (
                    <div>
                      <strong>{r.title}</strong>
                    </div>
                  )}
                </div>
                <div className="field" style={{ marginBottom: 0, width: "7rem" }}>
                  <label htmlFor={`${idp}-${r.key}-minutes`}>
                    Minutes<span className="visually-hidden"> for {r.title}</span>
                  </label>
                  <input
                    id={`${idp}-${r.key}-minutes`}
                    type="number"
                    inputMode="numeric"
                    min={LIMITS.agendaMinutes.min}
                    max={LIMITS.agendaMinutes.max}
                    value={r.minutes}
                    disabled={!editable}
                    onChange={(e) =>
                      change(
                        rows.map((x) => (x.key === r.key ? { ...x, minutes: e.target.value } : x)),
                        "",
                      )
                    }
                  />
                </div>
              </div>
              {editable && (
                <div className="row" style={{ marginTop: "0.4rem" }}>
                  <button
                    id={`${idp}-${r.key}-up`}
                    type="button"
                    className="secondary"
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    Move up<span className="visually-hidden"> {r.title}</span>
                  </button>
                  <button
                    id={`${idp}-${r.key}-down`}
                    type="button"
                    className="secondary"
                    disabled={index === rows.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    Move down<span className="visually-hidden"> {r.title}</span>
                  </button>
                  <button id={`${idp}-${r.key}-remove`} type="button" className="secondary" onClick={() => remove(index)}>
                    Remove<span className="visually-hidden"> {r.title}</span>
                  </button>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {editable && (
        <>
          <div className="row" style={{ alignItems: "flex-end", marginTop: "1rem" }}>
            <div className="field" style={{ marginBottom: 0 }}>
              <label htmlFor={`${idp}-pick`}>Add a mechanism of the round</label>
              <select id={`${idp}-pick`} value={pick} onChange={(e) => setPick(e.target.value)} disabled={available.length === 0}>
                <option value="">{available.length ? "Choose a mechanism" : "All the round's mechanisms are on the agenda"}</option>
                {available.map((m) => (
                  <option key={m.versionId} value={m.versionId}>
                    {m.name}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="secondary"
              disabled={!pick || tooMany}
              onClick={() => {
                const m = available.find((x) => x.versionId === pick);
                if (!m) return;
                setPick("");
                change(
                  [...rows, { key: `new-${++counter}`, id: null, kind: "mechanism", versionId: m.versionId, title: m.name, minutes: "5" }],
                  `${m.name} added at the end.`,
                );
              }}
            >
              Add mechanism
            </button>
          </div>
          <form
            noValidate
            className="row"
            style={{ alignItems: "flex-end", marginTop: "1rem" }}
            aria-label="Add a free item"
            onSubmit={(e) => {
              e.preventDefault();
              const title = freeTitle.trim();
              if (title.length < LIMITS.agendaItemTitle.min) {
                setFreeError(`Give the item a title (at least ${LIMITS.agendaItemTitle.min} characters).`);
                return;
              }
              setFreeError(null);
              setFreeTitle("");
              change(
                [...rows, { key: `new-${++counter}`, id: null, kind: "free", versionId: null, title, minutes: freeMinutes || "5" }],
                `${title} added at the end.`,
              );
            }}
          >
            <div className="field" style={{ marginBottom: 0, flex: "1 1 14rem" }}>
              <label htmlFor={`${idp}-add-free-title`}>Free item (e.g. Welcome, Any other business)</label>
              <input
                id={`${idp}-add-free-title`}
                value={freeTitle}
                maxLength={LIMITS.agendaItemTitle.max}
                onChange={(e) => setFreeTitle(e.target.value)}
                aria-invalid={!!freeError || undefined}
                aria-describedby={freeError ? `${idp}-free-error` : undefined}
              />
            </div>
            <div className="field" style={{ marginBottom: 0, width: "7rem" }}>
              <label htmlFor={`${idp}-add-free-minutes`}>Minutes</label>
              <input
                id={`${idp}-add-free-minutes`}
                type="number"
                inputMode="numeric"
                min={LIMITS.agendaMinutes.min}
                max={LIMITS.agendaMinutes.max}
                value={freeMinutes}
                onChange={(e) => setFreeMinutes(e.target.value)}
              />
            </div>
            <button type="submit" className="secondary" disabled={tooMany}>
              Add free item
            </button>
          </form>
          {freeError && (
            <p id={`${idp}-free-error`} className="field-error">
              {freeError}
            </p>
          )}
          {tooMany && <p className="muted">An agenda has at most {LIMITS.agendaItems.max} items.</p>}
          <div className="row" style={{ marginTop: "1rem" }}>
            <button
              type="button"
              disabled={save.isPending || !dirty}
              onClick={() =>
                save.mutate({
                  consultationId: props.consultationId,
                  meetingId: props.data.meeting.id,
                  items: rows.map((r) =>
                    r.kind === "mechanism"
                      ? { kind: "mechanism" as const, id: r.id, versionId: r.versionId!, minutes: Number(r.minutes) }
                      : { kind: "free" as const, id: r.id, title: r.title, minutes: Number(r.minutes) },
                  ),
                })
              }
            >
              {save.isPending ? "Saving…" : "Save agenda"}
            </button>
            {dirty && (
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setRows(rowsOf(props.data.items));
                  setDirty(false);
                  setStatus("Changes to the agenda undone.");
                }}
              >
                Undo changes
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
