"use client";
/**
 * Comments by mechanism (and by passage where anchored), filtered by the author's perspective,
 * each quotable as "“…” — Stakeholder 7, service user". The page holds the first few of each
 * group; "Show all" fetches the rest of that group only.
 */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert, formatDate, Loading } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";
import { PERSPECTIVE_VALUES, type PerspectiveValue } from "@/shared/domain";
import type { CommentGroupCount, SummaryReport } from "@/server/services/report";
import type { ReportComment } from "@/server/services/report-types";
import styles from "./summary.module.css";

type Filter = "all" | PerspectiveValue | "none";

/** Perspectives as groups of people, for the filter and what it announces. */
const GROUPS: Record<Filter, string> = {
  all: "everyone",
  practitioner: "practitioners and managers",
  service_user: "patients, service users and carers",
  opinion_leader: "opinion leaders",
  researcher: "researchers",
  none: "facilitators",
};

/** How many comments a group preview shows; the server sends at least this many per perspective. */
const PREVIEW = 5;

const matches = (c: ReportComment, filter: Filter) => filter === "all" || (c.author.perspective ?? "none") === filter;
const countOf = (g: CommentGroupCount, filter: Filter) => (filter === "all" ? g.total : g.byPerspective[filter]);

export function CommentsSection({ data, consultationId }: { data: SummaryReport; consultationId: string }) {
  const [filter, setFilter] = useState<Filter>("all");
  const position = new Map(data.mechanisms.map((m) => [`${m.round}:${m.mechanismId}`, m.position]));
  const nameOf = new Map(data.mechanisms.map((m) => [`${m.round}:${m.mechanismId}`, m.name]));
  // Round by round, in the order the panel read the mechanisms; comments on flags last.
  const groups = [...data.commentGroups].sort(
    (a, b) =>
      a.round - b.round ||
      (position.get(`${a.round}:${a.mechanismId}`) ?? Infinity) - (position.get(`${b.round}:${b.mechanismId}`) ?? Infinity),
  );
  const total = groups.reduce((n, g) => n + countOf(g, filter), 0);
  const all = groups.reduce((n, g) => n + g.total, 0);
  const shown = groups.filter((g) => countOf(g, filter) > 0);

  return (
    <section aria-labelledby="comments">
      <h2 id="comments">Comments</h2>
      {all === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <>
          <div className={`card ${styles.filter}`}>
            <div>
              <label htmlFor="comment-filter">Show comments from</label>
              <select id="comment-filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
                <option value="all">Everyone</option>
                {PERSPECTIVE_VALUES.map((p) => (
                  <option key={p} value={p}>
                    {GROUPS[p].charAt(0).toUpperCase() + GROUPS[p].slice(1)}
                  </option>
                ))}
                <option value="none">Facilitators</option>
              </select>
            </div>
            <p role="status" style={{ margin: 0 }}>
              {filter === "all"
                ? `${all} ${all === 1 ? "comment" : "comments"} from everyone.`
                : `${total} of ${all} comments are from ${GROUPS[filter]}.`}
            </p>
          </div>
          {shown.length === 0 && <p className="muted">No comments from {GROUPS[filter]}.</p>}
          {shown.map((g) => {
            const key = `${g.round}:${g.mechanismId}`;
            const name = g.mechanismId
              ? (nameOf.get(key) ??
                data.comments.find((c) => c.round === g.round && c.mechanismId === g.mechanismId)?.mechanism ??
                "A mechanism")
              : "Missing-mechanism flags";
            return (
              <CommentGroup
                key={key}
                group={g}
                name={name}
                showRound={data.round === null}
                filter={filter}
                preview={data.comments.filter((c) => c.round === g.round && c.mechanismId === g.mechanismId)}
                consultationId={consultationId}
              />
            );
          })}
        </>
      )}
    </section>
  );
}

function CommentGroup(props: {
  group: CommentGroupCount;
  name: string;
  showRound: boolean;
  filter: Filter;
  preview: ReportComment[];
  consultationId: string;
}) {
  const { group: g, filter } = props;
  const trpc = useTRPC();
  const [expanded, setExpanded] = useState(false);
  const count = countOf(g, filter);
  const all = useQuery(
    trpc.summary.comments.queryOptions(
      { consultationId: props.consultationId, round: g.round, mechanismId: g.mechanismId },
      { enabled: expanded, staleTime: 60_000 },
    ),
  );
  const source = expanded && all.data ? all.data : props.preview;
  const matching = source.filter((c) => matches(c, filter));
  const visible = expanded && all.data ? matching : matching.slice(0, PREVIEW);
  const byId = new Map(source.map((c) => [c.id, c]));
  const headingId = `comments-${g.round}-${g.mechanismId ?? "flags"}`;
  const listId = `${headingId}-list`;

  // Sub-groups: comments on the whole mechanism first, then each quoted passage (or each flag).
  const subgroups = new Map<string, ReportComment[]>();
  for (const c of visible) {
    const sub = g.mechanismId ? (c.passage ?? "") : (c.flag ?? "");
    subgroups.set(sub, [...(subgroups.get(sub) ?? []), c]);
  }
  const ordered = [...subgroups.entries()].sort((a, b) => (a[0] === "" ? -1 : b[0] === "" ? 1 : 0));
  const titled = ordered.length > 1 || (ordered[0] && ordered[0][0] !== "");

  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId} style={{ marginBottom: "0.2rem" }}>
        {props.name}
        {props.showRound && <span className="muted small"> · round {g.round}</span>}
      </h3>
      <p className="muted small">
        {count} {count === 1 ? "comment" : "comments"}
        {filter !== "all" && ` from ${GROUPS[filter]}`}
      </p>
      <div id={listId}>
        {ordered.map(([sub, list]) => (
          <div key={sub || "whole"}>
            {titled && (
              <h4 className={styles.passage}>
                {!g.mechanismId ? (
                  <>On the flag &ldquo;{sub}&rdquo;</>
                ) : sub ? (
                  <>On the passage &ldquo;{sub}&rdquo;</>
                ) : (
                  "On the whole mechanism"
                )}
              </h4>
            )}
            {list.map((c) => (
              <Quote key={c.id} comment={c} parent={c.replyTo ? byId.get(c.replyTo) : undefined} />
            ))}
          </div>
        ))}
      </div>
      {expanded && all.isPending && <Loading what={`all comments on ${props.name}`} />}
      {expanded && all.isError && <ErrorAlert error={all.error} />}
      {count > PREVIEW && (
        <button type="button" className="secondary" aria-expanded={expanded} aria-controls={listId} onClick={() => setExpanded((x) => !x)}>
          {expanded ? `Show the first ${PREVIEW} only` : `Show all ${count}`}
          <span className="visually-hidden"> comments on {props.name}</span>
        </button>
      )}
    </section>
  );
}

/** A comment as a report would quote it: “…” — Stakeholder 7, service user. */
function Quote({ comment: c, parent }: { comment: ReportComment; parent: ReportComment | undefined }) {
  if (c.hidden) {
    return (
      <div className={`${styles.quote} ${styles.hidden}`}>
        <p className="muted" style={{ margin: 0 }}>
          {c.body} <span className="small">(by {c.author.label}; not for quoting)</span>
        </p>
      </div>
    );
  }
  return (
    <figure className={styles.quote}>
      <blockquote>&ldquo;{c.body}&rdquo;</blockquote>
      <figcaption>
        — {c.author.label}
        <span className="small">
          {" "}
          · {c.replyTo ? `in reply to ${parent ? parent.author.label : "an earlier comment"} · ` : ""}
          <time dateTime={new Date(c.createdAt).toISOString()} suppressHydrationWarning>
            {formatDate(c.createdAt)}
          </time>
        </span>
      </figcaption>
    </figure>
  );
}
