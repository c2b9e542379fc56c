/**
 * The summary's evidence base and meeting record: per mechanism, its evidence counts and
 * context-mechanism-outcome configurations (collapsed, to keep the figures readable), and per
 * round, the record of its live meetings with their notes, quotes and quick questions.
 */
import { formatDate } from "@/app/_components/feedback";
import { MEETING_FORMAT_LABELS, PERSPECTIVE_SHORT, PERSPECTIVE_VALUES } from "@/shared/domain";
import type { ReportMechanism, ReportMeeting } from "@/server/services/report-types";
import styles from "./summary.module.css";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "9 sources linked (8 support, 1 refines) · the review reports 16 of 36 papers · 1 configuration" */
function evidenceSummary(e: ReportMechanism["evidence"]): string {
  const effects = [
    e.byEffect.supports ? `${e.byEffect.supports} ${e.byEffect.supports === 1 ? "supports" : "support"}` : "",
    e.byEffect.weakens ? `${e.byEffect.weakens} ${e.byEffect.weakens === 1 ? "weakens" : "weaken"}` : "",
    e.byEffect.refines ? `${e.byEffect.refines} ${e.byEffect.refines === 1 ? "refines" : "refine"}` : "",
  ].filter(Boolean);
  const parts = [
    e.linkedSources === 0 ? "no sources linked" : `${plural(e.linkedSources, "source", "sources")} linked (${effects.join(", ")})`,
  ];
  if (e.reportedSources !== null) {
    parts.push(
      e.includedSources === null
        ? `the review reports ${plural(e.reportedSources, "paper", "papers")}`
        : `the review reports ${e.reportedSources} of ${e.includedSources} papers`,
    );
  }
  if (e.configurations.length) parts.push(plural(e.configurations.length, "configuration", "configurations"));
  return parts.join(" · ");
}

/** A mechanism's evidence, and what of its feedback was given in a meeting. */
export function MechanismEvidence({ mechanism: m }: { mechanism: ReportMechanism }) {
  const e = m.evidence;
  const hasEvidence = e.linkedSources > 0 || e.reportedSources !== null || e.configurations.length > 0;
  const inMeeting = m.inMeeting.ratings + m.inMeeting.comments > 0;
  if (!hasEvidence && !inMeeting) return null;
  return (
    <>
      {inMeeting && (
        <p className="small muted">
          Given in the round&apos;s meeting: {plural(m.inMeeting.ratings, "rating", "ratings")} and{" "}
          {plural(m.inMeeting.comments, "comment", "comments")}.
        </p>
      )}
      {hasEvidence && (
        <details className={styles.more}>
          <summary>
            Evidence: {evidenceSummary(e)}
            <span className="visually-hidden"> for {m.name}</span>
          </summary>
          {e.configurations.length === 0 ? (
            <p className="muted small">No context-mechanism-outcome configurations recorded.</p>
          ) : (
            <ol className={styles.configurations}>
              {e.configurations.map((c) => (
                <li key={c.id} className={styles.configuration}>
                  <p className={styles.configurationTitle}>
                    Configuration {c.position}: the mechanism {c.polarity}
                    {c.source && <span className="muted"> · {c.source}</span>}
                  </p>
                  <dl>
                    <dt>Context</dt>
                    <dd>{c.context}</dd>
                    <dt>Resource</dt>
                    <dd>{c.resource}</dd>
                    <dt>Reasoning</dt>
                    <dd>{c.reasoning}</dd>
                    <dt>{c.outcomes.length === 1 ? "Outcome" : "Outcomes"}</dt>
                    <dd>
                      <ul className={styles.outcomes}>
                        {c.outcomes.map((o, i) => (
                          <li key={i}>
                            <span className={o.sign === "+" ? styles.plus : styles.minus} aria-hidden="true">
                              {o.sign === "+" ? "+" : "−"}
                            </span>
                            <span className="visually-hidden">{o.sign === "+" ? "Present: " : "Absent: "}</span>
                            {o.text}
                          </li>
                        ))}
                      </ul>
                    </dd>
                  </dl>
                </li>
              ))}
            </ol>
          )}
        </details>
      )}
    </>
  );
}

function meetingFacts(m: ReportMeeting): string {
  const when = m.startedAt ?? m.scheduledAt;
  const status = m.status === "ended" ? "Held" : m.status === "live" ? "Under way since" : "Planned for";
  const by = PERSPECTIVE_VALUES.filter((p) => m.attendanceByPerspective[p] > 0)
    .map((p) => `${PERSPECTIVE_SHORT[p]} ${m.attendanceByPerspective[p]}`)
    .join(", ");
  const parts = [`${MEETING_FORMAT_LABELS[m.format]}`, when ? `${status} ${formatDate(when)}` : status.replace(/ (since|for)$/, "")];
  parts.push(`${plural(m.attendance, "panel member", "panel members")} attended${by ? ` (by perspective: ${by})` : ""}`);
  if (m.ratingsInMeeting + m.commentsInMeeting > 0) {
    parts.push(`${plural(m.ratingsInMeeting, "rating", "ratings")} and ${plural(m.commentsInMeeting, "comment", "comments")} given in it`);
  }
  return parts.join(" · ");
}

/** The record of each meeting of the rounds shown: notes, quotes and questions per agenda item. */
export function MeetingsSection({ meetings, wholeConsultation }: { meetings: ReportMeeting[]; wholeConsultation: boolean }) {
  return (
    <section aria-labelledby="meetings">
      <h2 id="meetings">Meetings</h2>
      {meetings.length === 0 ? (
        <p className="muted">No meeting was run from Roundtable {wholeConsultation ? "in these rounds" : "in this round"}.</p>
      ) : (
        meetings.map((m) => {
          const captured = m.items.filter((i) => i.notes.length + i.quotes.length + i.questions.length > 0);
          return (
            <section key={m.id} className="card" aria-labelledby={`meeting-${m.id}`}>
              <h3 id={`meeting-${m.id}`} style={{ margin: "0 0 0.3rem" }}>
                {wholeConsultation && `Round ${m.round}: `}
                {m.title}
              </h3>
              <p className="muted small">{meetingFacts(m)}</p>
              {captured.length === 0 && <p className="muted">No notes or quotes were recorded.</p>}
              {captured.map((item) => (
                <div key={`${item.position ?? "general"}`}>
                  <h4 className={styles.passage}>{item.position === null ? item.title : `${item.position}. ${item.title}`}</h4>
                  {item.notes.map((n) => (
                    <p key={n.id} className={styles.note}>
                      {n.text}
                    </p>
                  ))}
                  {item.quotes.map((q) => (
                    <figure key={q.id} className={styles.quote}>
                      <blockquote>&ldquo;{q.text}&rdquo;</blockquote>
                      <figcaption>— {q.attribution}</figcaption>
                    </figure>
                  ))}
                  {item.questions.length > 0 && (
                    <ul className={styles.sources}>
                      {item.questions.map((q, i) => (
                        <li key={i}>
                          Question to the room: &ldquo;{q.prompt}&rdquo; ({plural(q.answers, "answer", "answers")})
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              ))}
            </section>
          );
        })
      )}
    </section>
  );
}
