"use client";
/** Small shared pieces for showing state: errors, loading, empty lists, status badges. */
import { useEffect, useRef } from "react";

type MaybeTrpcError = { message?: string; data?: { fieldErrors?: Record<string, string[] | undefined> | null } | null };

export function errorText(error: unknown): string {
  const e = error as MaybeTrpcError | null;
  if (!e) return "";
  if (e.message === "Failed to fetch" || e.message === "fetch failed") {
    return "Could not reach Roundtable. Check your connection and try again; nothing was saved.";
  }
  return e.message || "Something went wrong. Please try again.";
}

/** A field's first error from a tRPC/zod failure, if any. */
export function fieldError(error: unknown, field: string): string | undefined {
  return (error as MaybeTrpcError | null)?.data?.fieldErrors?.[field]?.[0];
}

export function ErrorAlert({ error, focus = false }: { error: unknown; focus?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error && focus) ref.current?.focus();
  }, [error, focus]);
  if (!error) return null;
  return (
    <div ref={ref} className="alert error" role="alert" tabIndex={-1}>
      {errorText(error)}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function StatusBadge({ status }: { status: "draft" | "open" | "closed" }) {
  const text = { draft: "Draft", open: "Open", closed: "Closed" }[status];
  return <span className={`badge ${status}`}>{text}</span>;
}

export function formatDate(d: Date | string | number | null | undefined): string {
  if (!d) return "";
  // One fixed time zone, so the server's HTML and the browser's render agree (UK studies).
  return new Date(d).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/London",
  });
}

/** A labelled progress bar, e.g. mechanisms rated or panel members who have responded. */
export function ProgressBar({ label, value, max }: { label: string; value: number; max: number }) {
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value}>
      <span style={{ width: `${max ? (100 * value) / max : 0}%` }} />
    </div>
  );
}

/** What a stakeholder sees on a page meant for facilitators (the data is never fetched). */
export function FacilitatorsOnly({ title }: { title: string }) {
  return (
    <>
      <h1>{title}</h1>
      <div className="alert info" role="alert">
        This page is for the consultation&apos;s facilitators.
      </div>
    </>
  );
}
