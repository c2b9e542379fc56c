"use client";
/** The panel's missing-mechanism flags and what became of them; what changed between rounds and why. */
import type { ReportChange, ReportFlag } from "@/server/services/report-types";
import { decisionLabel } from "./mechanism-card";
import styles from "./summary.module.css";

export function FlagsSection({ flags, wholeConsultation }: { flags: ReportFlag[]; wholeConsultation: boolean }) {
  return (
    <section aria-labelledby="flags">
      <h2 id="flags">Missing mechanisms</h2>
      {flags.length === 0 ? (
        <p className="muted">No one flagged a missing mechanism.</p>
      ) : (
        <ul className="plain">
          {flags.map((f, i) => (
            <li key={`${f.round}-${i}`} className="list-item">
              <h3 style={{ fontSize: "1.05rem", marginBottom: "0.2rem" }}>
                {f.name}
                {wholeConsultation && <span className="muted small"> · round {f.round}</span>}
              </h3>
              <p className="muted small">
                Flagged by {f.proposer.label} · supported by {f.endorsements} {f.endorsements === 1 ? "other" : "others"}
              </p>
              <p>
                <strong>What it covers:</strong> {f.covers}
              </p>
              <p>
                <strong>Why it matters:</strong> {f.whyItMatters}
              </p>
              <p style={{ marginBottom: 0 }}>
                <strong>Decision:</strong> {f.triageLabel}
                {f.mechanism && <> (&ldquo;{f.mechanism}&rdquo;)</>}
                {f.triageReason && <>. {f.triageReason}</>}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ChangesSection({ changes }: { changes: ReportChange[] }) {
  if (changes.length === 0) return null;
  const rounds = [...new Set(changes.map((c) => c.round))];
  return (
    <section aria-labelledby="changes">
      <h2 id="changes">What changed between rounds, and why</h2>
      {rounds.map((n) => (
        <div key={n}>
          <h3>
            From round {n - 1} to round {n}
          </h3>
          <ul className="plain">
            {changes
              .filter((c) => c.round === n)
              .map((c, i) => (
                <li key={i} className="list-item">
                  <p style={{ marginBottom: "0.3rem" }}>
                    <strong>{c.mechanism}</strong>
                    {c.becomes && <> → {c.becomes}</>}
                    {" · "}
                    {decisionLabel(c.decision)}
                  </p>
                  {c.decision.rationale && <p style={{ marginBottom: "0.3rem" }}>{c.decision.rationale}</p>}
                  {c.decision.statusNote && (
                    <p style={{ marginBottom: "0.3rem" }}>
                      <strong>Status note:</strong> {c.decision.statusNote}
                    </p>
                  )}
                  {c.decision.sources.length > 0 && (
                    <details>
                      <summary>
                        Feedback behind it ({c.decision.sources.length})<span className="visually-hidden"> for {c.mechanism}</span>
                      </summary>
                      <ul className={styles.sources}>
                        {c.decision.sources.map((s, j) => (
                          <li key={j}>{s}</li>
                        ))}
                      </ul>
                    </details>
                  )}
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
