"use client";
import { RatingDistribution } from "@/app/_components/rating-distribution";
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
      {m.ratingCount === 0 ? (
        <p className="muted">No ratings yet</p>
      ) : (
        <RatingDistribution
          caption={`Ratings for ${m.name}`}
          distribution={m.distribution}
          total={m.ratingCount}
          scaleLabels={scaleLabels}
        />
      )}

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
