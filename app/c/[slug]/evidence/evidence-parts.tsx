/**
 * Pieces of the evidence base shared by the facilitators' pages and the panel's mechanism page:
 * the effect mark (a letter and its word, never colour alone) and the context-mechanism-outcome
 * card with its labelled parts.
 */
import type { ReactNode } from "react";
import { EVIDENCE_EFFECT_LABELS, type EvidenceEffect } from "@/shared/domain";
import type { ConfigurationView, EffectCounts } from "@/server/services/evidence";
import styles from "./evidence.module.css";

export const EFFECT_SYMBOL: Record<EvidenceEffect, string> = { supports: "S", weakens: "W", refines: "R" };

/** "S" with "Supports" for screen readers (or shown beside it with `withWord`). */
export function EffectMark(props: { effect: EvidenceEffect; withWord?: boolean }) {
  const word = EVIDENCE_EFFECT_LABELS[props.effect];
  return (
    <span className={`${styles.mark} ${styles[props.effect]}`}>
      <span aria-hidden="true">{EFFECT_SYMBOL[props.effect]}</span>
      {props.withWord ? <span style={{ fontWeight: 600 }}> {word}</span> : <span className="visually-hidden">{word}</span>}
    </span>
  );
}

export function EffectLegend() {
  return (
    <ul className={styles.legend} aria-label="Legend">
      {(Object.keys(EFFECT_SYMBOL) as EvidenceEffect[]).map((e) => (
        <li key={e}>
          <EffectMark effect={e} /> {EVIDENCE_EFFECT_LABELS[e].toLowerCase()} the mechanism
        </li>
      ))}
      <li>An empty cell: not linked</li>
    </ul>
  );
}

/** "Evidence from 13 sources: 11 support, 1 weakens, 1 refines". */
export function countsSentence(c: EffectCounts): string {
  if (c.total === 0) return "No sources linked yet";
  const verb = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `Evidence from ${c.total} ${c.total === 1 ? "source" : "sources"}: ${verb(c.supports, "supports", "support")}, ${verb(c.weakens, "weakens", "weaken")}, ${verb(c.refines, "refines", "refine")}`;
}

/** "22 papers reported of 36 included", or null when there is no published count. */
export function publishedSentence(reported: number | null, included: number | null): string | null {
  if (reported === null) return null;
  return `${reported} ${reported === 1 ? "paper" : "papers"} reported${included !== null ? ` of ${included} included` : ""} in the review`;
}

export function ConfigurationCard(props: { configuration: ConfigurationView; headingLevel?: 3 | 4; actions?: ReactNode; id?: string }) {
  const c = props.configuration;
  const H = props.headingLevel === 4 ? "h4" : "h3";
  return (
    <article
      className={`${styles.cmo}${c.polarity === "absent" ? ` ${styles.absent}` : ""}`}
      id={props.id}
      aria-labelledby={`${props.id ?? c.id}-title`}
    >
      <H id={`${props.id ?? c.id}-title`}>
        Configuration {c.number}
        <span className="muted" style={{ fontWeight: 400 }}>
          {" "}
          · mechanism {c.polarity === "present" ? "present" : "absent"}
        </span>
      </H>
      <dl>
        <dt>Context</dt>
        <dd>{c.context}</dd>
        <dt>Mechanism: resource</dt>
        <dd>{c.resource}</dd>
        <dt>Mechanism: reasoning</dt>
        <dd>{c.reasoning}</dd>
        <dt>Outcomes</dt>
        <dd>
          <ul className={styles.outcomes}>
            {c.outcomes.map((o, i) => (
              <li key={i}>
                <span className={`${styles.sign} ${o.sign === "+" ? styles.present : styles.absentSign}`}>
                  <span aria-hidden="true">{o.sign === "+" ? "+ " : "− "}</span>
                  {o.sign === "+" ? "Present" : "Absent"}:
                </span>{" "}
                {o.text}
              </li>
            ))}
          </ul>
        </dd>
        <dt>Source</dt>
        <dd>{c.source ? c.source.citation : <span className="muted">No single source</span>}</dd>
      </dl>
      {props.actions}
    </article>
  );
}
