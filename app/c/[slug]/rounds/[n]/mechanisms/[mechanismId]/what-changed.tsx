"use client";
/**
 * "What changed since the previous round" on a mechanism's page, and the pieces the round's
 * changes page and the mechanism's history reuse: word diffs, decisions, the feedback they cite
 * and where a mechanism came from. Everything arrives computed from the server.
 */
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/app/_trpc/client";
import type { DecisionView, OriginView, Segment, SourceView, TextDiff } from "@/server/services/changes";
import type { ResultsView } from "@/server/services/delphi";
import type { TriagedFlag } from "@/server/services/history";
import { formatFigure } from "@/shared/stats";

const added: React.CSSProperties = { background: "#dcf3e3", color: "#0f3d20", textDecoration: "underline", textDecorationThickness: "2px" };
const removed: React.CSSProperties = { background: "#fde4e1", color: "#6b140d", textDecoration: "line-through" };

/**
 * A word diff, readable with or without colour: added words are underlined, removed ones struck
 * through, and screen readers hear "added" / "removed" around them (ins and del alone are
 * usually not announced).
 */
export function DiffText({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.kind === "same" ? (
          <span key={i}>{s.text}</span>
        ) : s.kind === "added" ? (
          <ins key={i} style={added}>
            <span className="visually-hidden">[added: </span>
            {s.text}
            <span className="visually-hidden">]</span>
          </ins>
        ) : (
          // A removal straight before an addition gets a little room, so "old new" does not read as one word.
          <del key={i} style={segments[i + 1]?.kind === "added" ? { ...removed, marginRight: "0.25em" } : removed}>
            <span className="visually-hidden">[removed: </span>
            {s.text}
            <span className="visually-hidden">]</span>
          </del>
        ),
      )}
    </>
  );
}

export function DiffLegend() {
  return (
    <p className="muted small">
      <ins style={added}>Underlined on green</ins>: added. <del style={removed}>Struck through on red</del>: removed.
    </p>
  );
}

/** The text of a version against the one before: the name (if renamed) and the description. */
export function TextChanges({ diff, since }: { diff: TextDiff; since: string }) {
  if (!diff.changed) return <p className="muted">The text is the same as in {since}.</p>;
  return (
    <div className="stack">
      {diff.nameChanged && (
        <p>
          <strong>Name: </strong>
          <DiffText segments={diff.name} />
        </p>
      )}
      <p className="prewrap" style={{ borderLeft: "4px solid var(--line)", paddingLeft: "0.75rem" }}>
        <DiffText segments={diff.description} />
      </p>
      <DiffLegend />
    </div>
  );
}

const IQR = <abbr title="interquartile range">IQR</abbr>;

/** "You (Stakeholder 1, service user)" reads as "you (…)" inside a sentence. */
export function inSentence(label: string): string {
  return label.startsWith("You (") ? `you${label.slice(3)}` : label;
}

/** "median 4, IQR 1, 17 ratings" for the text of a cited summary. */
export function ResultsInline({ results }: { results: ResultsView }) {
  if (results.tooFew) return <span>{`${results.groupLabel}: ${results.tooFew}`}</span>;
  const s = results.summary;
  if (!s) return <span className="muted">(the group&apos;s results are not shown to the panel in this round)</span>;
  if (s.n === 0) return <span>no ratings{results.group === "perspective" ? ` from ${results.groupLabel}` : ""}</span>;
  return (
    <span>
      {results.group === "perspective" ? `${results.groupLabel}: ` : ""}median {formatFigure(s.median)}, {IQR} {formatFigure(s.iqr)}, {s.n}{" "}
      {s.n === 1 ? "rating" : "ratings"}
    </span>
  );
}

function Source({ source }: { source: SourceView }) {
  switch (source.kind) {
    case "comment": {
      const where = [source.on ? `on “${source.on}”` : "", source.roundNumber ? `round ${source.roundNumber}` : ""]
        .filter(Boolean)
        .join(", ");
      if (source.state === "deleted") {
        return (
          <span className="muted">
            A comment by {inSentence(source.author)}
            {where && ` (${where})`}, since deleted by its author.
          </span>
        );
      }
      return (
        <>
          {source.excerpt !== null ? (
            <q className="prewrap">{source.excerpt}</q>
          ) : (
            <span className="muted">A comment the facilitators hid from the panel</span>
          )}{" "}
          <span className="muted small">
            — {source.author}
            {where && `, ${where}`}
          </span>{" "}
          {source.state === "hidden" && <span className="badge warn">Hidden</span>}
        </>
      );
    }
    case "flag":
      return (
        <span>
          The missing mechanism “{source.name}”, flagged by {inSentence(source.author)}
          {source.roundNumber ? ` in round ${source.roundNumber}` : ""}
        </span>
      );
    case "ratings":
      return (
        <span>
          Ratings of “{source.mechanismName}”{source.roundNumber ? ` in round ${source.roundNumber}` : ""}:{" "}
          <ResultsInline results={source.results} />
        </span>
      );
    case "meeting_note":
      return (
        <>
          <span className="prewrap">{source.excerpt}</span>{" "}
          <span className="muted small">
            — notes of the meeting “{source.meetingTitle}”{source.roundNumber ? `, round ${source.roundNumber}` : ""}
          </span>
        </>
      );
    case "meeting_quote":
      return (
        <>
          <q className="prewrap">{source.excerpt}</q>{" "}
          <span className="muted small">
            — {source.speaker}, at the meeting “{source.meetingTitle}”{source.roundNumber ? ` (round ${source.roundNumber})` : ""}
          </span>
        </>
      );
  }
}

/** The feedback a decision cites, as a list. */
export function Sources({ sources, heading = "What led to this" }: { sources: SourceView[]; heading?: string }) {
  if (sources.length === 0) return null;
  return (
    <div>
      <p style={{ marginBottom: "0.25rem" }}>
        <strong>{heading}:</strong>
      </p>
      <ul style={{ marginTop: 0 }}>
        {sources.map((s, i) => (
          <li key={i} style={{ marginBottom: "0.35rem" }}>
            <Source source={s} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A decision: its label, rationale, status note and sources. */
export function Decision({ decision, children }: { decision: DecisionView; children?: React.ReactNode }) {
  return (
    <div className="stack">
      <p>
        <span className="badge closed">{decision.label}</span>
        {decision.draft && (
          <>
            {" "}
            <span className="badge draft">Draft decision</span>
          </>
        )}
      </p>
      {children}
      <p className="prewrap">
        <strong>Why: </strong>
        {decision.rationale}
      </p>
      {decision.statusNote && <StatusNote note={decision.statusNote} />}
      <Sources sources={decision.sources} />
    </div>
  );
}

export function StatusNote({ note }: { note: string }) {
  return (
    <div className="alert warn" role="note">
      <strong>Status note: </strong>
      <span className="prewrap">{note}</span>
    </div>
  );
}

/** Where a mechanism came from, in a sentence, with what the flag said when it began as one. */
export function Origin({ origin, slug }: { origin: OriginView; slug: string }) {
  switch (origin.kind) {
    case "initial":
      return <p>It was one of the first draft&apos;s mechanisms.</p>;
    case "added":
      return (
        <p className="prewrap">
          Added by the facilitators in round {origin.roundNumber}
          {origin.note ? `: ${origin.note}` : "."}
        </p>
      );
    case "flag":
      return origin.flag ? (
        <div className="stack">
          <p>
            Proposed by {inSentence(origin.flag.author)} as the missing mechanism “{origin.flag.name}”
            {origin.flag.roundNumber ? ` in round ${origin.flag.roundNumber}` : ""}, and accepted into round {origin.roundNumber}.
          </p>
          <dl className="small" style={{ margin: "0 0 0.9em" }}>
            <dt>
              <strong>What the flag covered</strong>
            </dt>
            <dd className="prewrap">{origin.flag.covers}</dd>
            <dt>
              <strong>Why it mattered</strong>
            </dt>
            <dd className="prewrap">{origin.flag.whyItMatters}</dd>
          </dl>
        </div>
      ) : (
        <p>Accepted into round {origin.roundNumber} from a panel member&apos;s missing-mechanism flag (since withdrawn).</p>
      );
    case "split":
      return (
        <div className="stack">
          <p>
            Split from{" "}
            {origin.from ? (
              <Link href={`/c/${slug}/mechanisms/${origin.from.mechanismId}/history`}>“{origin.from.name}”</Link>
            ) : (
              "another mechanism"
            )}{" "}
            in round {origin.roundNumber}.
          </p>
          {origin.decision && (
            <>
              <p className="prewrap">
                <strong>Why: </strong>
                {origin.decision.rationale}
              </p>
              <Sources sources={origin.decision.sources} />
            </>
          )}
        </div>
      );
  }
}

export function MergedFlags({ flags }: { flags: TriagedFlag[] }) {
  if (flags.length === 0) return null;
  return (
    <ul>
      {flags.map((f) => (
        <li key={f.id}>
          The missing mechanism “{f.name}”, flagged by {inSentence(f.author)}, was merged into this one{f.reason ? `: ${f.reason}` : "."}
        </li>
      ))}
    </ul>
  );
}

type Props = { consultationId: string; slug: string; round: number; mechanismId: string };

/** On the mechanism page: the status note, what changed since the last round and why, and the history link. */
export function WhatChanged(props: Props) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(
    trpc.history.forMechanismPage.queryOptions({
      consultationId: props.consultationId,
      round: props.round,
      mechanismId: props.mechanismId,
    }),
  );
  const historyLink = (
    <p>
      <Link href={`/c/${props.slug}/mechanisms/${props.mechanismId}/history`}>History of this mechanism across rounds</Link>
    </p>
  );
  const c = data.changes;
  if (!c) return historyLink;
  const since = `round ${c.previousRound}`;
  return (
    <>
      {c.decision?.statusNote && <StatusNote note={c.decision.statusNote} />}
      <section className="card" aria-labelledby="what-changed-heading">
        <h2 id="what-changed-heading" style={{ marginTop: 0 }}>
          What changed since {since}
        </h2>
        {c.draft && <p className="alert info">Round {props.round} is a draft: the panel will see this when it is published.</p>}
        {c.carried ? (
          <>
            {c.decision ? (
              <Decision decision={{ ...c.decision, statusNote: "" }}>{c.diff && <TextChanges diff={c.diff} since={since} />}</Decision>
            ) : (
              <>
                {c.diff && <TextChanges diff={c.diff} since={since} />}
                <p className="muted">No decision has been recorded for it yet.</p>
              </>
            )}
          </>
        ) : (
          c.origin && (
            <>
              <p>
                <span className="badge open">New in round {props.round}</span>
              </p>
              <Origin origin={c.origin} slug={props.slug} />
            </>
          )
        )}
        {c.mergedIn.length > 0 && (
          <>
            <h3>Merged into this mechanism</h3>
            <ul className="plain">
              {c.mergedIn.map((m) => (
                <li key={m.mechanismId} className="list-item">
                  <p>
                    <Link href={`/c/${props.slug}/mechanisms/${m.mechanismId}/history`}>“{m.name}”</Link> (round {c.previousRound})
                  </p>
                  <p className="prewrap">
                    <strong>Why: </strong>
                    {m.decision.rationale}
                  </p>
                  <Sources sources={m.decision.sources} />
                </li>
              ))}
            </ul>
          </>
        )}
        {c.mergedFlags.length > 0 && (
          <>
            <h3>Missing mechanisms merged into this one</h3>
            <MergedFlags flags={c.mergedFlags} />
          </>
        )}
        <p className="row">
          <Link href={`/c/${props.slug}/rounds/${props.round}/changes`}>Everything that changed in round {props.round}</Link>
          <span aria-hidden="true">·</span>
          <Link href={`/c/${props.slug}/mechanisms/${props.mechanismId}/history`}>History of this mechanism</Link>
        </p>
      </section>
    </>
  );
}
