"use client";
/** One mechanism's figures: the distribution (bars and their table), consensus, perspectives, change. */
import { PERSPECTIVE_LABELS, PERSPECTIVE_VALUES } from "@/shared/domain";
import type { MechanismStats, ReportMechanism, ConsultationReport } from "@/server/services/report-types";
import { formatFigure } from "@/shared/stats";
import { MechanismEvidence } from "./evidence-and-meetings";
import styles from "./summary.module.css";

type Consultation = ConsultationReport["consultation"];

const pct = (x: number | null) => (x === null ? "–" : `${x}%`);

/** Consensus in words (with a sign for sighted readers; colour only repeats it). */
/** "4-5" or "5": a band of the scale. */
export function band(b: { from: number; to: number } | undefined): string {
  return !b ? "" : b.from === b.to ? `${b.from}` : `${b.from}-${b.to}`;
}

/** The figure columns' headers of a summary table, after its first (row heading) column. */
export function FigureHeaders({ top, bottom }: { top: string; bottom: string }) {
  return (
    <>
      <th scope="col" className="num">
        n
      </th>
      <th scope="col" className="num">
        Median
      </th>
      <th scope="col" className="num">
        IQR
      </th>
      <th scope="col" className="num">
        Rated {top}
      </th>
      <th scope="col" className="num">
        Rated {bottom}
      </th>
      <th scope="col">Consensus</th>
    </>
  );
}

/** The figure cells of one row, matching FigureHeaders. */
export function FigureCells({ s }: { s: MechanismStats }) {
  return (
    <>
      <td className="num">{s.n}</td>
      <td className="num">{formatFigure(s.median)}</td>
      <td className="num">{formatFigure(s.iqr)}</td>
      <td className="num">{pct(s.topPercent)}</td>
      <td className="num">{pct(s.bottomPercent)}</td>
      <td>{s.n === 0 ? <span className="muted">No ratings</span> : <Consensus value={s.consensus} short />}</td>
    </>
  );
}

export function Consensus({ value, short = false }: { value: boolean | null; short?: boolean }) {
  if (value === true) {
    return (
      <span className={styles.met}>
        <span aria-hidden="true">✓ </span>
        {short ? "Met" : "Consensus met"}
      </span>
    );
  }
  if (value === false) {
    return (
      <span className={styles.notMet}>
        <span aria-hidden="true">✗ </span>
        {short ? "Not met" : "Consensus not met"}
      </span>
    );
  }
  return <span className={styles.noVerdict}>{short ? "–" : "No verdict"}</span>;
}

/** "Merged into “Inspiring intent to work together”" rather than the bare kind of decision. */
export function decisionLabel(d: { label: string; mergedInto: string | null }): string {
  return d.mergedInto ? `Merged into “${d.mergedInto}”` : d.label;
}

export function signed(x: number | null): string {
  if (x === null) return "–";
  if (x === 0) return "no change";
  return `${x > 0 ? "+" : "−"}${formatFigure(Math.abs(x))}`;
}

export function MechanismCard({
  mechanism: m,
  consultation,
  headingLevel,
  expanded,
}: {
  mechanism: ReportMechanism;
  consultation: Consultation;
  headingLevel: 3 | 4;
  /** Whether the distribution and the perspectives start open (a round's summary) or folded (the whole consultation's). */
  expanded: boolean;
}) {
  const H = headingLevel === 3 ? "h3" : "h4";
  const id = `m-${m.versionId}`;
  const s = m.stats;
  const top = band(consultation.topBand);
  const bottom = band(consultation.bottomBand);
  return (
    <section className="card" aria-labelledby={id}>
      <H id={id} style={{ margin: "0 0 0.3rem" }}>
        {m.name}
      </H>
      {m.origin && <p className="muted small">{m.origin}</p>}
      {s.n === 0 ? (
        <p className="muted">{(s.unsure ?? 0) > 0 ? `No ratings on the scale yet (${s.unsure} unsure).` : "No ratings yet."}</p>
      ) : (
        <>
          <dl className={styles.figures}>
            <div>
              <dt>Ratings (n)</dt>
              <dd>{s.n}</dd>
            </div>
            {(s.unsure ?? 0) > 0 && (
              <div>
                <dt>Unsure (not in the figures)</dt>
                <dd>{s.unsure}</dd>
              </div>
            )}
            <div>
              <dt>Median</dt>
              <dd>{formatFigure(s.median)}</dd>
            </div>
            <div>
              <dt>Interquartile range</dt>
              <dd>
                {formatFigure(s.iqr)}{" "}
                <span className="muted small" style={{ fontWeight: 400 }}>
                  ({formatFigure(s.q1)} to {formatFigure(s.q3)})
                </span>
              </dd>
            </div>
            <div>
              <dt>Rated {top}</dt>
              <dd>{pct(s.topPercent)}</dd>
            </div>
            <div>
              <dt>Rated {bottom}</dt>
              <dd>{pct(s.bottomPercent)}</dd>
            </div>
            <div>
              <dt>Consensus</dt>
              <dd>
                <Consensus value={s.consensus} short />
              </dd>
            </div>
          </dl>
          {m.change && (
            <p className="small">
              Since round {m.round - 1}
              {m.change.previousName !== m.name && <> (as &ldquo;{m.change.previousName}&rdquo;)</>}: median {signed(m.change.medianDelta)},
              IQR {signed(m.change.iqrDelta)}.
            </p>
          )}
          <details open={expanded || undefined} className={styles.more}>
            <summary>
              Distribution and figures by perspective<span className="visually-hidden"> for {m.name}</span>
            </summary>
            <Distribution stats={s} labels={consultation.scaleLabels} name={m.name} />
            <PerspectiveTable mechanism={m} top={top} bottom={bottom} />
          </details>
        </>
      )}
      <MechanismEvidence mechanism={m} />
      {m.decisionForNextRound && (
        <p className="small">
          <strong>For round {m.round + 1}:</strong> {decisionLabel(m.decisionForNextRound)}. {m.decisionForNextRound.rationale}
          {m.decisionForNextRound.statusNote && <> Status note: {m.decisionForNextRound.statusNote}</>}
        </p>
      )}
    </section>
  );
}

/**
 * The distribution as a table that draws its own bars beside each share: the chart and its text
 * equivalent are the same element, so they cannot disagree. The bars are hidden from screen
 * readers, which read the counts and shares instead.
 */
function Distribution({ stats, labels, name }: { stats: MechanismStats; labels: string[]; name: string }) {
  const max = Math.max(...stats.distribution);
  return (
    <div className="table-wrap">
      <table className={styles.compact}>
        <caption className="visually-hidden">Distribution of the ratings of {name}</caption>
        <thead>
          <tr>
            <th scope="col">Rating</th>
            <th scope="col" className="num">
              Count
            </th>
            <th scope="col" className={styles.barCell}>
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          {stats.distribution.map((count, i) => (
            <tr key={i}>
              <th scope="row" style={{ fontWeight: 400 }}>
                <strong>{i + 1}</strong> {labels[i]}
              </th>
              <td className="num">{count}</td>
              <td className={styles.barCell}>
                <div className={styles.shareRow}>
                  <span className={styles.share}>{stats.n ? `${Math.round((100 * count) / stats.n)}%` : "–"}</span>
                  {/* Scaled to the largest count, so the shape reads at a glance. */}
                  <span className={styles.track} aria-hidden="true">
                    {count > 0 && <span className={styles.bar} style={{ width: `${(100 * count) / max}%` }} />}
                  </span>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The same figures for each perspective, side by side with everyone's. */
function PerspectiveTable({ mechanism: m, top, bottom }: { mechanism: ReportMechanism; top: string; bottom: string }) {
  const rows: [string, MechanismStats][] = [
    ["Everyone", m.stats],
    ...PERSPECTIVE_VALUES.map((p) => [PERSPECTIVE_LABELS[p], m.byPerspective[p]] as [string, MechanismStats]),
  ];
  return (
    <div className="table-wrap">
      <table className={styles.compact}>
        <caption className="visually-hidden">Figures for {m.name} by perspective</caption>
        <thead>
          <tr>
            <th scope="col">By perspective</th>
            <FigureHeaders top={top} bottom={bottom} />
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, s]) => (
            <tr key={label}>
              <th scope="row" style={{ fontWeight: label === "Everyone" ? 700 : 400 }}>
                {label}
              </th>
              <FigureCells s={s} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
