"use client";
import { ratingText, UNSURE } from "@/shared/domain";
/** A mechanism across rounds: where it came from, every version, each round's ratings and decisions. */
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { StatusBadge } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";
import type { DecisionWithLinks, HistoryVersion } from "@/server/services/history";
import { DistributionTable, SummaryLine, whoseResults } from "../../../rounds/[n]/mechanisms/[mechanismId]/delphi-feedback";
import { Decision, MergedFlags, Origin, Sources, TextChanges } from "../../../rounds/[n]/mechanisms/[mechanismId]/what-changed";

type Props = {
  consultationId: string;
  slug: string;
  mechanismId: string;
  role: "facilitator" | "stakeholder";
  scaleLabels: string[];
};

export function HistoryView(props: Props) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(
    trpc.history.mechanism.queryOptions({ consultationId: props.consultationId, mechanismId: props.mechanismId }),
  );
  const latest = data.versions[data.versions.length - 1];
  return (
    <>
      <p className="breadcrumbs">
        <Link href={`/c/${props.slug}/rounds/${latest.roundNumber}/mechanisms/${props.mechanismId}`}>
          {latest.name} (round {latest.roundNumber})
        </Link>{" "}
        · History
      </p>
      <h1>History of “{data.name}”</h1>

      <section className="card" aria-labelledby="origin-heading">
        <h2 id="origin-heading" style={{ marginTop: 0 }}>
          Where it came from
        </h2>
        <Origin origin={data.origin} slug={props.slug} />
      </section>

      {data.fate && <Fate fate={data.fate} slug={props.slug} />}

      <h2>Round by round</h2>
      <ol className="plain">
        {data.versions.map((v, i) => (
          <li key={v.versionId}>
            <Version {...props} version={v} previous={i > 0 ? data.versions[i - 1].roundNumber : null} />
          </li>
        ))}
      </ol>
    </>
  );
}

function Fate({ fate, slug }: { fate: DecisionWithLinks; slug: string }) {
  const link = (l: { mechanismId: string; name: string }) => (
    <Link key={l.mechanismId} href={`/c/${slug}/rounds/${fate.roundNumber}/mechanisms/${l.mechanismId}`}>
      “{l.name}”
    </Link>
  );
  return (
    <div className="alert info" role="note">
      <p>
        <strong>
          {fate.kind === "merge" && (
            <>
              Merged into {fate.mergeInto ? link(fate.mergeInto) : "another mechanism"} in round {fate.roundNumber}.
            </>
          )}
          {fate.kind === "split" && (
            <>
              Split in round {fate.roundNumber}
              {fate.splitInto.length > 0 && (
                <>
                  {" "}
                  into{" "}
                  {fate.splitInto.map((p, i) => (
                    <span key={p.mechanismId}>
                      {i > 0 && (i === fate.splitInto.length - 1 ? " and " : ", ")}
                      {link(p)}
                    </span>
                  ))}
                </>
              )}
              .
            </>
          )}
          {fate.kind === "drop" && <>Dropped in round {fate.roundNumber}.</>}
        </strong>
        {fate.draft && " (a draft decision: the panel does not see it yet)"}
      </p>
      <p className="prewrap" style={{ marginBottom: 0 }}>
        Why: {fate.rationale}
      </p>
    </div>
  );
}

function Version(props: Props & { version: HistoryVersion; previous: number | null }) {
  const v = props.version;
  const id = `round-${v.roundNumber}`;
  const facilitator = props.role === "facilitator";
  return (
    <article className="card" aria-labelledby={id}>
      <div className="spread">
        <h2 id={id} style={{ marginTop: 0 }}>
          Round {v.roundNumber}: {v.name}
        </h2>
        <StatusBadge status={v.roundStatus} />
      </div>
      {v.draft && <p className="muted">Round {v.roundNumber} is a draft: the panel does not see this version yet.</p>}
      <p>
        <Link href={`/c/${props.slug}/rounds/${v.roundNumber}/mechanisms/${props.mechanismId}`}>
          Open it in round {v.roundNumber}
          <span className="visually-hidden">: {v.name}</span>
        </Link>
      </p>

      {(v.mergedIn.length > 0 || v.mergedFlags.length > 0) && (
        <>
          <h3>Merged into it for round {v.roundNumber}</h3>
          <ul>
            {v.mergedIn.map((m) => (
              <li key={m.mechanismId}>
                <Link href={`/c/${props.slug}/mechanisms/${m.mechanismId}/history`}>“{m.name}”</Link>: {m.decision.rationale}
                <Sources sources={m.decision.sources} />
              </li>
            ))}
          </ul>
          <MergedFlags flags={v.mergedFlags} />
        </>
      )}

      {v.diff && props.previous !== null ? (
        <>
          <h3>Text, compared with round {props.previous}</h3>
          <TextChanges diff={v.diff} since={`round ${props.previous}`} />
        </>
      ) : (
        <>
          <h3>Text</h3>
          <p className="prewrap">{v.description}</p>
        </>
      )}

      {v.results && (
        <>
          <h3>Ratings in round {v.roundNumber}</h3>
          {facilitator ? (
            <p>Everyone&apos;s ratings{v.results.roundOpen ? " so far: the round is still open" : ""}.</p>
          ) : (
            <p>{whoseResults(v.results, v.roundNumber)}</p>
          )}
          <SummaryLine results={v.results} />
          {!facilitator && (
            <p>
              {v.myRating !== null
                ? v.myRating === UNSURE
                  ? "You answered “unsure”."
                  : `You rated it ${ratingText(v.myRating, props.scaleLabels)}.`
                : `You did not rate it in round ${v.roundNumber}.`}
            </p>
          )}
          <DistributionTable
            results={v.results}
            scaleLabels={props.scaleLabels}
            myRating={v.myRating}
            caption={`Round ${v.roundNumber} ratings${v.results.group === "perspective" ? ` from ${v.results.groupLabel}` : ""}`}
          />
        </>
      )}

      {v.decision && (
        <>
          <h3>Decided for round {v.decision.roundNumber}</h3>
          <Decision decision={v.decision}>
            {v.decision.mergeInto && (
              <p>
                Merged into{" "}
                <Link href={`/c/${props.slug}/mechanisms/${v.decision.mergeInto.mechanismId}/history`}>“{v.decision.mergeInto.name}”</Link>.
              </p>
            )}
            {v.decision.splitInto.length > 0 && (
              <p>
                Split into{" "}
                {v.decision.splitInto.map((p, i) => (
                  <span key={p.mechanismId}>
                    {i > 0 && (i === v.decision!.splitInto.length - 1 ? " and " : ", ")}
                    <Link href={`/c/${props.slug}/mechanisms/${p.mechanismId}/history`}>“{p.name}”</Link>
                  </span>
                ))}
                .
              </p>
            )}
          </Decision>
        </>
      )}
    </article>
  );
}
