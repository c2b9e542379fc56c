"use client";
/**
 * Pairs of sources that look like one work (same DOI, or same first author, year and title), each
 * with a choice of which to keep; merging moves the other's links and configurations to it. A pair
 * that is two different works (a preprint and its article…) can be dismissed, and listed again.
 */
import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { ConfirmButton } from "@/app/_components/confirm";
import { Empty, ErrorAlert } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import type { DuplicatePairs } from "../types";

type Pair = DuplicatePairs["pairs"][number];
type Side = Pair["a"];

export function DuplicatesView({ consultationId, slug }: { consultationId: string; slug: string }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.source.duplicates.queryOptions({ consultationId }));
  const [done, setDone] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  // The pair acted on leaves the list: say what happened and put focus back at the top, not on <body>.
  const onDone = (text: string) => {
    setDone(text);
    heading.current?.focus();
  };
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Possible duplicate sources
      </h1>
      <p>
        Two sources are listed here when they have the same DOI, or the same first author, year and title (ignoring case, accents and
        punctuation). Choose the one to keep: the other&apos;s evidence links and configurations move to it, and the details it lacks (DOI,
        venue, year…) are filled in from the other. When the two are different works (a preprint and the article, two reports of one study),
        say so and they are no longer listed.
      </p>
      <div role="status" aria-live="polite">
        {done && <p className="alert success">{done}</p>}
      </div>
      {data.pairs.length === 0 ? (
        <Empty>
          No possible duplicates. <Link href={`/c/${slug}/evidence/sources`}>Back to the sources</Link>
        </Empty>
      ) : (
        <>
          {data.total > data.pairs.length && (
            <p className="muted">
              Showing the first {data.pairs.length} of {data.total}
              {data.capped ? " or more" : ""} pairs; merge or dismiss these to see the rest.
            </p>
          )}
          <ol className="stack" style={{ paddingLeft: "1.2rem" }}>
            {data.pairs.map((p) => (
              <PairCard key={`${p.a.id}|${p.b.id}`} consultationId={consultationId} pair={p} onDone={onDone} />
            ))}
          </ol>
        </>
      )}
      {data.distinctTotal > 0 && (
        <section aria-labelledby="distinct-heading" style={{ marginTop: "2rem" }}>
          <h2 id="distinct-heading">Marked as different works ({data.distinctTotal})</h2>
          <p className="muted">These pairs match the rules but a facilitator said they are different works.</p>
          <ul className="plain">
            {data.distinct.map((d) => (
              <DistinctRow key={`${d.a.id}|${d.b.id}`} consultationId={consultationId} pair={d} onDone={onDone} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function DistinctRow({
  consultationId,
  pair,
  onDone,
}: {
  consultationId: string;
  pair: DuplicatePairs["distinct"][number];
  onDone: (text: string) => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const unmark = useMutation(
    trpc.source.unmarkDistinct.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onDone(`${bothCited(pair.a, pair.b)}: listed as possible duplicates again.`);
      },
    }),
  );
  return (
    <li className="list-item">
      <ErrorAlert error={unmark.error} />
      <p style={{ margin: 0 }}>
        <strong>{pair.a.citation}</strong> {pair.a.title}
        <br />
        <strong>{pair.b.citation}</strong> {pair.b.title}
      </p>
      <button
        type="button"
        className="secondary"
        disabled={unmark.isPending}
        onClick={() => unmark.mutate({ consultationId, firstId: pair.a.id, secondId: pair.b.id })}
      >
        List as possible duplicates again<span className="visually-hidden">: {bothCited(pair.a, pair.b).replace(/^The/, "the")}</span>
      </button>
    </li>
  );
}

/** The pair in a sentence; two records of one work usually share their citation. */
function bothCited(a: Side, b: Side) {
  return a.citation === b.citation ? `The two records of ${a.citation}` : `${a.citation} and ${b.citation}`;
}

function Describe({ s }: { s: Side }) {
  return (
    <>
      <strong>{s.citation}</strong> {s.title}
      <dl className="small" style={{ margin: "0.4rem 0 0" }}>
        <div>
          <dt style={{ display: "inline" }}>Venue: </dt>
          <dd style={{ display: "inline", margin: 0 }}>{s.venue || "none"}</dd>
        </div>
        <div>
          <dt style={{ display: "inline" }}>DOI: </dt>
          <dd style={{ display: "inline", margin: 0 }}>{s.doi ?? "none"}</dd>
        </div>
        <div>
          <dt style={{ display: "inline" }}>Reference number: </dt>
          <dd style={{ display: "inline", margin: 0 }}>{s.ref ?? "none"}</dd>
        </div>
        <div>
          <dt style={{ display: "inline" }}>Kind and stage: </dt>
          <dd style={{ display: "inline", margin: 0 }}>
            {s.kindLabel}
            {s.searchStage ? `, ${s.searchStage}` : ""}
          </dd>
        </div>
        <div>
          <dt style={{ display: "inline" }}>Used by: </dt>
          <dd style={{ display: "inline", margin: 0 }}>
            {s.links} evidence {s.links === 1 ? "link" : "links"}, {s.configurations}{" "}
            {s.configurations === 1 ? "configuration" : "configurations"}
          </dd>
        </div>
      </dl>
    </>
  );
}

function PairCard({ consultationId, pair, onDone }: { consultationId: string; pair: Pair; onDone: (text: string) => void }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  // Proposed: keep the one already used more, then the more complete one, then the older one.
  const score = (s: Side) =>
    (s.links + s.configurations) * 10 +
    [s.doi, s.venue, s.year, s.ref, s.authors.length || null].filter((v) => v !== null && v !== "").length;
  const [keep, setKeep] = useState<"a" | "b">(score(pair.b) > score(pair.a) ? "b" : "a");
  const kept = pair[keep];
  const other = pair[keep === "a" ? "b" : "a"];
  const merge = useMutation(
    trpc.source.merge.mutationOptions({
      onSuccess: async (r) => {
        const moved = r.movedLinks + r.combinedLinks;
        await refresh();
        onDone(
          `Merged into ${kept.citation}: ${moved} evidence ${moved === 1 ? "link" : "links"} and ${r.movedConfigurations} ${r.movedConfigurations === 1 ? "configuration" : "configurations"} moved${r.filled.length ? `; added its ${r.filled.join(", ")}` : ""}.`,
        );
      },
    }),
  );
  const distinct = useMutation(
    trpc.source.markDistinct.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onDone(
          `${bothCited(pair.a, pair.b)}: marked as different works, no longer listed as possible duplicates (see the end of the page to undo).`,
        );
      },
    }),
  );
  const name = `keep-${pair.a.id}`;
  return (
    <li className="card">
      <fieldset style={{ margin: 0 }}>
        <legend>{pair.reason === "doi" ? "Same DOI" : "Same first author, year and title"}: which one to keep?</legend>
        {(["a", "b"] as const).map((side) => (
          <label key={side} className="choice">
            <input type="radio" name={name} checked={keep === side} onChange={() => setKeep(side)} />
            <span>
              Keep <Describe s={pair[side]} />
            </span>
          </label>
        ))}
      </fieldset>
      <ErrorAlert error={merge.error ?? distinct.error} />
      <div className="row" style={{ marginTop: "0.75rem" }}>
        <ConfirmButton
          className="button"
          label={merge.isPending ? "Merging…" : "Merge these two"}
          disabled={merge.isPending}
          title={`Merge into ${kept.citation}?`}
          body={
            <>
              <p>
                “{other.title}” ({other.citation}) will be deleted. Its {other.links} evidence {other.links === 1 ? "link" : "links"} and{" "}
                {other.configurations} {other.configurations === 1 ? "configuration" : "configurations"} move to “{kept.title}”.
              </p>
              <p>Where both are linked to the same mechanism, the kept link stays and the other&apos;s extract is added to it.</p>
            </>
          }
          confirmLabel="Merge"
          onConfirm={() => merge.mutate({ consultationId, keepId: kept.id, removeId: other.id })}
        />
        <button
          type="button"
          className="secondary"
          disabled={distinct.isPending}
          onClick={() => distinct.mutate({ consultationId, firstId: pair.a.id, secondId: pair.b.id })}
        >
          {distinct.isPending ? "Saving…" : "These are different works"}
        </button>
      </div>
    </li>
  );
}
