"use client";
/**
 * The mechanism's evidence on its page, when the round shows it to the panel: the counts, the
 * sources with their effect and the evidence in the facilitators' words, and the context-
 * mechanism-outcome configurations, each of which can be commented on (the comment form below
 * takes the chosen configuration). Nothing at all for the panel when the round does not show it.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { chooseConfiguration } from "@/app/_components/configuration-choice";
import { ErrorAlert } from "@/app/_components/feedback";
import { clearPassage } from "@/app/_components/passage";
import { useTRPC } from "@/app/_trpc/client";
import { ConfigurationCard, countsSentence, EffectMark, publishedSentence } from "../../../../evidence/evidence-parts";
import styles from "../../../../evidence/evidence.module.css";

type Props = {
  consultationId: string;
  slug: string;
  round: number;
  mechanismId: string;
  versionId: string;
  role: "facilitator" | "stakeholder";
};

export function EvidenceSection(props: Props) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.evidence.forPanel.queryOptions({ consultationId: props.consultationId, round: props.round, mechanismId: props.mechanismId }),
  );
  const e = query.data;
  const editHref = `/c/${props.slug}/evidence/mechanisms/${props.mechanismId}`;
  if (query.isError) return <ErrorAlert error={query.error} />;
  if (!e) return null;
  if (!e.visible) {
    // The facilitator's preview says why the panel sees no evidence here; the panel sees nothing.
    return props.role === "facilitator" ? (
      <p className="small muted">
        The panel does not see the evidence in round {e.round} (turn it on in the round&apos;s settings).{" "}
        <Link href={editHref}>This mechanism&apos;s evidence</Link>
      </p>
    ) : null;
  }
  const published = publishedSentence(e.reportedSourceCount, e.includedSourceCount);
  return (
    <section className="card" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading" style={{ marginTop: 0 }}>
        Evidence
      </h2>
      <p>
        <strong>{countsSentence(e.counts)}.</strong>
        {published && <> {published}.</>}
      </p>
      {props.role === "facilitator" && (
        <p className="small">
          <Link href={editHref}>Edit this mechanism&apos;s evidence</Link>
        </p>
      )}
      {e.links.length > 0 && (
        // A long list of sources would push the rating far down the page: more than three start
        // folded, the counts above already say what they add up to.
        <details open={e.links.length <= 3}>
          <summary>
            <h3 style={{ display: "inline" }}>Sources ({e.links.length})</h3>
          </summary>
          <ul className={styles.links}>
            {e.links.map((l) => (
              <li key={l.id}>
                <p style={{ margin: 0 }}>
                  <EffectMark effect={l.effect} withWord /> {l.citation}
                </p>
                <p className={styles.extract}>{l.extract}</p>
              </li>
            ))}
          </ul>
        </details>
      )}
      {e.configurations.length > 0 && (
        <>
          <h3>Context-mechanism-outcome configurations</h3>
          <ol className={styles.cards}>
            {e.configurations.map((c) => (
              <li key={c.id}>
                <ConfigurationCard
                  configuration={c}
                  headingLevel={4}
                  id={`configuration-${c.number}`}
                  actions={
                    e.canComment && (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => {
                          // A comment is about a passage or a configuration: this one replaces any chosen passage.
                          clearPassage(props.versionId);
                          chooseConfiguration(props.versionId, { id: c.id, number: c.number, context: c.context });
                        }}
                      >
                        Comment on this configuration<span className="visually-hidden"> (configuration {c.number})</span>
                      </button>
                    )
                  }
                />
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
