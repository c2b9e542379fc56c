"use client";
import { RatingDistribution } from "@/app/_components/rating-distribution";
import { ratingText, UNSURE } from "@/shared/domain";
/**
 * Delphi feedback on a mechanism carried over from the previous round: that round's distribution
 * (a table, with bars for the eye), median and interquartile range for the group the round's
 * setting allows, and the viewer's own previous rating beside it.
 */
import { useSuspenseQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import type { ResultsView } from "@/server/services/delphi";
import { formatFigure } from "@/shared/stats";

type Props = { consultationId: string; round: number; mechanismId: string; role: "facilitator" | "stakeholder" };

/** Whose results the viewer is looking at, in a sentence. */
export function whoseResults(results: ResultsView, roundNumber: number): string {
  if (results.group === "all") return `Everyone's ratings in round ${roundNumber}.`;
  if (results.group === "perspective") return `Results from ${results.groupLabel}, like you (round ${roundNumber}).`;
  switch (results.reason) {
    case "setting":
      return `The research team chose not to show the group's results from round ${roundNumber} in this round.`;
    case "no_perspective":
      return `Results are shown by perspective in this round, and no perspective is recorded for you, so no group results are shown.`;
    default:
      return `The group's results from round ${roundNumber} are not shared yet.`;
  }
}

/** Median, IQR and count in one line. */
export function SummaryLine({ results }: { results: ResultsView }) {
  if (results.tooFew) {
    return (
      <p>
        <strong>
          {results.groupLabel.charAt(0).toUpperCase() + results.groupLabel.slice(1)}: {results.tooFew}.
        </strong>{" "}
        So that nobody&apos;s rating can be worked out, figures for so small a group are not shown.
      </p>
    );
  }
  const s = results.summary;
  if (!s) return null;
  if (s.n === 0) return <p>Nobody{results.group === "perspective" ? ` among ${results.groupLabel}` : ""} rated it.</p>;
  return (
    <p style={{ fontSize: "1.1rem" }}>
      <strong>Median {formatFigure(s.median)}</strong> · <abbr title="interquartile range">IQR</abbr> {formatFigure(s.iqr)} (
      {formatFigure(s.q1)} to {formatFigure(s.q3)}) · {s.n} {s.n === 1 ? "rating" : "ratings"}
    </p>
  );
}

/**
 * The distribution as a table (what screen readers read), with a bar per row for the eye and
 * the viewer's own rating marked in words, not only by colour.
 */
export function DistributionTable({
  results,
  scaleLabels,
  caption,
  myRating,
}: {
  results: ResultsView;
  scaleLabels: string[];
  caption: string;
  myRating: number | null;
}) {
  const s = results.summary;
  if (!s || s.n === 0) return null;
  return <RatingDistribution caption={caption} distribution={s.distribution} total={s.n} scaleLabels={scaleLabels} mine={myRating} />;
}

export function DelphiFeedback(props: Props) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(
    trpc.history.forMechanismPage.queryOptions({
      consultationId: props.consultationId,
      round: props.round,
      mechanismId: props.mechanismId,
    }),
  );
  const d = data.delphi;
  if (!d) return null;
  const facilitator = props.role === "facilitator";
  const previous = d.roundNumber;
  return (
    <section className="card" aria-labelledby="delphi-heading">
      <h2 id="delphi-heading" style={{ marginTop: 0 }}>
        How the panel rated it in round {previous}
      </h2>
      {facilitator ? (
        <p>
          You see everyone&apos;s ratings{d.roundOpen ? ` so far (round ${previous} is still open)` : ""}. In round {props.round} the panel
          sees: <strong>{d.settingLabel.toLowerCase()}</strong>.
        </p>
      ) : (
        <p>{whoseResults(d.results, previous)}</p>
      )}
      <SummaryLine results={d.results} />
      {!facilitator && (
        <p>
          <strong>
            {d.myRating !== null
              ? d.myRating === UNSURE
                ? `You answered “unsure” in round ${previous}.`
                : `You rated it ${ratingText(d.myRating, d.scaleLabels)} in round ${previous}.`
              : `You did not rate it in round ${previous}.`}
          </strong>
        </p>
      )}
      <DistributionTable
        results={d.results}
        scaleLabels={d.scaleLabels}
        myRating={d.myRating}
        caption={`Round ${previous} ratings of this mechanism${d.results.group === "perspective" ? ` from ${d.results.groupLabel}` : ""}`}
      />
      {!facilitator && d.results.summary && (
        <p className="muted small">
          The median is the middle rating; the interquartile range is the spread of the middle half of the ratings. You can keep or change
          your view in this round.
        </p>
      )}
    </section>
  );
}
