"use client";
import Link from "next/link";
import { formatDate } from "@/app/_components/feedback";
import type { MechanismSummary } from "./types";

type Props = { mechanism: MechanismSummary; scaleLabels: string[]; href: string };

export function MechanismResponses({ mechanism: m, scaleLabels, href }: Props) {
  const headingId = `mechanism-${m.versionId}`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId} style={{ marginBottom: "0.2rem" }}>
        <Link href={href}>{m.name}</Link>
      </h3>
      <p className="muted small">
        {m.ratingCount} {m.ratingCount === 1 ? "rating" : "ratings"}
      </p>
      {m.ratingCount === 0 ? <p className="muted">No ratings yet</p> : <Distribution mechanism={m} scaleLabels={scaleLabels} />}

      <h4>Latest comments</h4>
      {m.latestComments.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <ul className="plain">
          {m.latestComments.map((c) => (
            <li key={c.id} className={c.hidden ? "comment hidden-comment" : "comment"}>
              <p className="meta" style={{ marginBottom: "0.25rem" }}>
                <span className="author">{c.author}</span> ·{" "}
                <time dateTime={new Date(c.createdAt).toISOString()} suppressHydrationWarning>
                  {formatDate(c.createdAt)}
                </time>
                {c.hidden && (
                  <>
                    {" "}
                    <span className="badge warn">Hidden</span>
                  </>
                )}
              </p>
              <p className="prewrap" style={{ marginBottom: "0.25rem" }}>
                {c.body}
              </p>
              {c.hidden && c.hiddenReason && <p className="muted small">Hidden from the panel because: {c.hiddenReason}</p>}
            </li>
          ))}
        </ul>
      )}
      {m.commentCount > 0 && (
        <p>
          <Link href={href}>
            All {m.commentCount} {m.commentCount === 1 ? "comment" : "comments"}
            <span className="visually-hidden"> on {m.name}</span>
          </Link>
        </p>
      )}
    </section>
  );
}

/**
 * The distribution as a table, so it reads the same to screen readers as the bars show on screen.
 * Two columns keep it within a 320px-wide screen; the bar wraps under the count when space is short.
 */
function Distribution({ mechanism: m, scaleLabels }: { mechanism: MechanismSummary; scaleLabels: string[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="muted small" style={{ textAlign: "left", padding: "0.4rem 0.6rem" }}>
          Ratings for {m.name}
        </caption>
        <thead>
          <tr>
            <th scope="col">Rating</th>
            <th scope="col" style={{ width: "60%" }}>
              Count
            </th>
          </tr>
        </thead>
        <tbody>
          {m.distribution.map((count, i) => {
            const share = Math.round((100 * count) / m.ratingCount);
            return (
              <tr key={i}>
                <th scope="row" style={{ fontWeight: 400 }}>
                  <strong>{i + 1}</strong> · {scaleLabels[i]}
                </th>
                <td>
                  <div className="row" style={{ gap: "0.2rem 0.6rem" }}>
                    <span style={{ minWidth: "4.5rem" }}>
                      {count} <span className="muted small">({share}%)</span>
                    </span>
                    {/* A one-column .bars grid, so the bar's width is a share of the space left. */}
                    <div className="bars" style={{ gridTemplateColumns: "1fr", flex: "1 1 5rem" }} aria-hidden="true">
                      <div className="bar" style={{ width: `${share}%` }} />
                    </div>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
