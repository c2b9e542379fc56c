"use client";
/** "You said, we did": every decision on the previous round's mechanisms, new mechanisms and flags. */
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Empty, StatusBadge } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";
import type { DecisionKind } from "@/shared/domain";
import type { DecisionEntry, RoundChanges } from "@/server/services/history";
import { Decision, inSentence, Origin, TextChanges } from "../mechanisms/[mechanismId]/what-changed";

type Props = { consultationId: string; slug: string; round: number };

const GROUPS: { kind: DecisionKind; heading: string; one: string; many: string }[] = [
  { kind: "revise", heading: "Revised", one: "revised", many: "revised" },
  { kind: "merge", heading: "Merged into another mechanism", one: "merged into another", many: "merged into others" },
  { kind: "split", heading: "Split into several mechanisms", one: "split", many: "split" },
  { kind: "drop", heading: "Dropped", one: "dropped", many: "dropped" },
  { kind: "keep_with_note", heading: "Kept, with a status note", one: "kept with a status note", many: "kept with a status note" },
  { kind: "keep", heading: "Kept as they were", one: "kept as it was", many: "kept as they were" },
];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function ChangesView(props: Props) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.history.roundChanges.queryOptions({ consultationId: props.consultationId, round: props.round }));
  const base = `/c/${props.slug}`;
  const previous = data.previous.number;
  return (
    <>
      <p className="breadcrumbs">
        <Link href={`${base}/rounds/${props.round}`}>Round {props.round}</Link> <StatusBadge status={data.round.status} />
      </p>
      <h1>You said, we did</h1>
      <p>
        What the research team did with the panel&apos;s feedback on round {previous} when preparing round {props.round}: each
        mechanism&apos;s decision with the reasons and the feedback behind it, the new mechanisms and what happened to every missing
        mechanism flagged.
      </p>
      {data.draft && (
        <div className="alert warn" role="note">
          <strong>Draft.</strong> Round {props.round} has not been published: only facilitators can see this page, and it will change as
          decisions are recorded.
        </div>
      )}
      <Summary data={data} />

      {GROUPS.map((g) => {
        const entries = data.decisions.filter((d) => d.decision.kind === g.kind);
        if (entries.length === 0) return null;
        return (
          <section key={g.kind} aria-labelledby={`group-${g.kind}`}>
            <h2 id={`group-${g.kind}`}>
              {g.heading} ({entries.length})
            </h2>
            {entries.map((e) => (
              <Entry key={e.mechanismId} entry={e} slug={props.slug} round={props.round} previous={previous} />
            ))}
          </section>
        );
      })}

      <section aria-labelledby="group-new">
        <h2 id="group-new">New mechanisms ({data.added.length})</h2>
        {data.added.length === 0 ? (
          <Empty>No new mechanisms in round {props.round}.</Empty>
        ) : (
          data.added.map((a) => (
            <article key={a.mechanismId} className="card" aria-labelledby={`new-${a.mechanismId}`}>
              <h3 id={`new-${a.mechanismId}`}>
                <Link href={`${base}/rounds/${props.round}/mechanisms/${a.mechanismId}`}>{a.name}</Link>
              </h3>
              <Origin origin={a.origin} slug={props.slug} />
            </article>
          ))
        )}
      </section>

      <section aria-labelledby="group-flags">
        <h2 id="group-flags">
          Missing mechanisms flagged in round {previous} ({data.flags.length})
        </h2>
        {data.flags.length === 0 ? (
          <Empty>Nobody flagged a missing mechanism in round {previous}.</Empty>
        ) : (
          data.flags.map((f) => (
            <article key={f.id} className="card" aria-labelledby={`flag-${f.id}`}>
              <h3 id={`flag-${f.id}`}>“{f.name}”</h3>
              <p className="muted small">
                Flagged by {inSentence(f.author)}
                {f.endorsements > 0 && ` · supported by ${plural(f.endorsements, "other person", "others")}`}
              </p>
              <p className="prewrap">{f.covers}</p>
              <p>
                <span className={f.triage ? "badge closed" : "badge draft"}>{f.triageLabel}</span>
                {f.mechanism && (
                  <>
                    {" "}
                    {f.triage === "accepted" ? "as " : "into "}
                    <Link href={`${base}/rounds/${props.round}/mechanisms/${f.mechanism.mechanismId}`}>“{f.mechanism.name}”</Link>
                  </>
                )}
              </p>
              {f.reason && (
                <p className="prewrap">
                  <strong>{f.triage === "declined" ? "Why it was declined: " : "Why: "}</strong>
                  {f.reason}
                </p>
              )}
            </article>
          ))
        )}
      </section>

      {data.undecided.length > 0 && (
        <section aria-labelledby="group-undecided">
          <h2 id="group-undecided">Waiting for a decision ({data.undecided.length})</h2>
          <p>
            These round {previous} mechanisms have no decision yet; round {props.round} cannot be published until they do.
          </p>
          <ul>
            {data.undecided.map((u) => (
              <li key={u.mechanismId}>{u.name}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function Summary({ data }: { data: RoundChanges }) {
  const s = data.summary;
  const flagged = s.flags.accepted + s.flags.merged + s.flags.declined + s.flags.untriaged;
  const flagParts = [
    s.flags.accepted && `${s.flags.accepted} accepted`,
    s.flags.merged && `${s.flags.merged} merged into existing mechanisms`,
    s.flags.declined && `${s.flags.declined} declined`,
    s.flags.untriaged && `${s.flags.untriaged} not decided yet`,
  ].filter(Boolean);
  return (
    <section className="card" aria-labelledby="summary-heading">
      <h2 id="summary-heading" style={{ marginTop: 0 }}>
        In short
      </h2>
      <ul>
        {GROUPS.filter((g) => s[g.kind] > 0).map((g) => (
          <li key={g.kind}>
            {plural(s[g.kind], "mechanism", "mechanisms")} {s[g.kind] === 1 ? g.one : g.many}
          </li>
        ))}
        <li>{plural(s.added, "new mechanism", "new mechanisms")}</li>
        <li>
          {plural(flagged, "missing mechanism flagged", "missing mechanisms flagged")}
          {flagParts.length > 0 && `: ${flagParts.join(", ")}`}
        </li>
        {s.undecided > 0 && <li>{plural(s.undecided, "mechanism", "mechanisms")} still waiting for a decision</li>}
      </ul>
    </section>
  );
}

function Entry({ entry: e, slug, round, previous }: { entry: DecisionEntry; slug: string; round: number; previous: number }) {
  const base = `/c/${slug}`;
  const id = `decision-${e.mechanismId}`;
  const showText = e.diff && (e.diff.changed || e.decision.kind === "revise");
  return (
    <article className="card" aria-labelledby={id}>
      <h3 id={id}>
        {e.after ? (
          <Link href={`${base}/rounds/${round}/mechanisms/${e.mechanismId}`}>{e.after.name}</Link>
        ) : (
          <Link href={`${base}/mechanisms/${e.mechanismId}/history`}>{e.before.name}</Link>
        )}
      </h3>
      {e.after && e.after.name !== e.before.name && (
        <p className="muted small">
          Called “{e.before.name}” in round {previous}.
        </p>
      )}
      <Decision decision={e.decision}>
        {e.mergeInto && (
          <p>
            Merged into <Link href={`${base}/rounds/${round}/mechanisms/${e.mergeInto.mechanismId}`}>“{e.mergeInto.name}”</Link>.
          </p>
        )}
        {e.splitInto.length > 0 && (
          <p>
            Split into{" "}
            {e.splitInto.map((p, i) => (
              <span key={p.mechanismId}>
                {i > 0 && (i === e.splitInto.length - 1 ? " and " : ", ")}
                <Link href={`${base}/rounds/${round}/mechanisms/${p.mechanismId}`}>“{p.name}”</Link>
              </span>
            ))}
            .
          </p>
        )}
        {e.mergedFrom.length > 0 && <p>It also takes in {e.mergedFrom.map((m) => `“${m.name}”`).join(", ")}, merged into it.</p>}
        {showText && e.diff && (
          <details open={e.decision.kind === "revise"}>
            <summary>Changes to the text since round {previous}</summary>
            <TextChanges diff={e.diff} since={`round ${previous}`} />
          </details>
        )}
      </Decision>
    </article>
  );
}
