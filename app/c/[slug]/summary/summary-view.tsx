"use client";
/**
 * The facilitators' feedback summary of the whole consultation or of one round: participation,
 * each mechanism's figures and consensus, comments by mechanism and passage, flags, and what
 * changed between rounds. Everything is shown under pseudonyms; every chart has its table.
 */
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Empty, formatDate, StatusBadge } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";
import { MEETING_MODE_LABELS, PERSPECTIVE_LABELS, PERSPECTIVE_VALUES } from "@/shared/domain";
import type { ReportMechanism } from "@/server/services/report-types";
import type { SummaryReport } from "@/server/services/report";
import { ChangesSection, FlagsSection } from "./changes-and-flags";
import { CommentsSection } from "./comments-section";
import { MeetingsSection } from "./evidence-and-meetings";
import { band, FigureCells, FigureHeaders, MechanismCard, signed } from "./mechanism-card";
import styles from "./summary.module.css";

type Props = { consultationId: string; slug: string; round: number | undefined };

export function SummaryView(props: Props) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.summary.report.queryOptions({ consultationId: props.consultationId, round: props.round }));
  const base = `/c/${props.slug}/summary`;
  const focused = props.round ? data.rounds.find((r) => r.number === props.round) : undefined;
  const published = data.rounds.filter((r) => r.status !== "draft");

  return (
    <>
      <h1>Feedback summary</h1>
      <p className="muted">
        {focused ? (
          <>
            Round {focused.number}: {focused.title}
          </>
        ) : (
          "The whole consultation"
        )}
        {" · "}
        {data.consultation.consensusRuleText}
        {" · "}people appear under their pseudonyms
      </p>

      <nav aria-label="Rounds of the summary">
        <ul className={styles.rounds}>
          <li>
            <Link href={base} aria-current={props.round === undefined ? "page" : undefined}>
              Whole consultation
            </Link>
          </li>
          {data.rounds.map((r) => (
            <li key={r.number}>
              <Link href={`${base}?round=${r.number}`} aria-current={props.round === r.number ? "page" : undefined}>
                Round {r.number}
                {r.status === "draft" ? " (draft)" : r.status === "open" ? " (open)" : ""}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {/* The export controls live here: this section's contents belong to the exports. */}
      <section id="exports" className="card" aria-labelledby="exports-heading">
        <h2 id="exports-heading">Download {props.round === undefined ? "the whole consultation" : `round ${props.round}`}</h2>
        {/* A plain GET form: the route answers with the file as an attachment, so the page stays
            where it is, and it works with the keyboard, a screen reader and without JavaScript. */}
        <form method="get" action={`/c/${props.slug}/export`}>
          {props.round !== undefined && <input type="hidden" name="round" value={props.round} />}
          <fieldset>
            <legend>Format</legend>
            {[
              ["docx", "Word report (DOCX)", "headings, tables and charts, and the mechanisms as a table for a paper"],
              ["pdf", "PDF report", "the same report on A4 pages, to print or circulate"],
              ["md", "Markdown report", "the same report as plain text"],
              [
                "xlsx",
                "Excel workbook (XLSX)",
                "ratings, statistics, comments, flags, participants, evidence, configurations and meeting notes, a sheet each",
              ],
              ["csv", "CSV files for R (zip)", "the same tables as the workbook"],
              ["json", "JSON", "everything, in a documented and versioned structure, to archive"],
            ].map(([value, label, hint], i) => (
              <label key={value} className="choice">
                <input type="radio" name="format" value={value} defaultChecked={i === 0} />
                <span>
                  {label} <span className="hint">{hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <label className="choice">
            <input type="checkbox" name="names" value="1" aria-describedby="export-names-warning" />
            <span>Include stakeholders&apos; names</span>
          </label>
          <p id="export-names-warning" className="alert warn small">
            Without this, people appear only under their pseudonyms. With names, the file is personal data: keep it within the research
            team. Every download is recorded in the audit log, saying whether it had names.
          </p>
          <button type="submit">Download</button>
        </form>
      </section>

      {published.length === 0 ? (
        <Empty>
          No round has opened yet. The summary fills in once the panel starts responding to round 1; until then you can set the consensus
          rule in <Link href={`/c/${props.slug}/settings`}>Settings</Link>.
        </Empty>
      ) : focused?.status === "draft" ? (
        <Empty>Round {focused.number} is still a draft: the panel has not seen it, so it has no results yet.</Empty>
      ) : (
        <Report data={data} consultationId={props.consultationId} />
      )}
    </>
  );
}

function Report({ data, consultationId }: { data: SummaryReport; consultationId: string }) {
  const open = data.rounds.filter((r) => r.status === "open" && data.participation.some((p) => p.round === r.number));
  return (
    <>
      <nav aria-label="Sections of the summary">
        <ul className={styles.toc}>
          <li>
            <a href="#participation">Participation</a>
          </li>
          <li>
            <a href="#mechanisms">Mechanisms</a>
          </li>
          <li>
            <a href="#comments">Comments</a>
          </li>
          {data.meetings.length > 0 && (
            <li>
              <a href="#meetings">Meetings</a>
            </li>
          )}
          <li>
            <a href="#flags">Missing mechanisms</a>
          </li>
          {data.changes.length > 0 && (
            <li>
              <a href="#changes">What changed</a>
            </li>
          )}
        </ul>
      </nav>
      {open.map((r) => (
        <p key={r.number} className="alert info">
          Round {r.number} is still open: its figures will change as more of the panel responds.
        </p>
      ))}
      <Participation data={data} />
      <Mechanisms data={data} />
      <CommentsSection data={data} consultationId={consultationId} />
      {data.meetings.length > 0 && <MeetingsSection meetings={data.meetings} wholeConsultation={data.round === null} />}
      <FlagsSection flags={data.flags} wholeConsultation={data.round === null} />
      <ChangesSection changes={data.changes} />
    </>
  );
}

function Participation({ data }: { data: SummaryReport }) {
  const rows = data.participation;
  const withdrawn = rows.reduce((n, p) => Math.max(n, p.withdrawnResponded ?? 0), 0);
  const percent = (x: number | null) => (x === null ? "–" : `${x}%`);
  return (
    <section aria-labelledby="participation">
      <h2 id="participation">Participation</h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Participation by round</caption>
          <thead>
            <tr>
              <th scope="col">Round</th>
              <th scope="col" className="num">
                Invited
              </th>
              <th scope="col" className="num">
                Responded
              </th>
              <th scope="col" className="num">
                Response rate
              </th>
              <th scope="col" className="num">
                Came back from the round before
              </th>
              <th scope="col" className="num">
                Attrition
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.round}>
                <th scope="row">Round {p.round}</th>
                <td className="num">{p.invited}</td>
                <td className="num">{p.responded}</td>
                <td className="num">{percent(p.responseRate)}</td>
                <td className="num">{p.retainedFromPrevious ?? "–"}</td>
                <td className="num">{percent(p.attritionPercent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Responded: rated, commented or flagged at least once in the round. Attrition: the share of the previous round&apos;s respondents who
        did not respond in this one.
        {withdrawn > 0 &&
          ` People erased at their request are not counted here, although what they contributed stays in the figures as "Withdrawn participant".`}
      </p>

      <h3>By perspective</h3>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Respondents out of those invited, by perspective and round</caption>
          <thead>
            <tr>
              <th scope="col">Perspective</th>
              <th scope="col" className="num">
                On the panel
              </th>
              {rows.map((p) => (
                <th key={p.round} scope="col" className="num">
                  Responded in round {p.round}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {PERSPECTIVE_VALUES.map((v) => (
              <tr key={v}>
                <th scope="row">{PERSPECTIVE_LABELS[v]}</th>
                <td className="num">{data.panel[v]}</td>
                {rows.map((p) => {
                  const x = p.byPerspective[v];
                  return (
                    <td key={p.round} className="num">
                      {x.responded} of {x.invited}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>Rounds</h3>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Rounds of the consultation</caption>
          <thead>
            <tr>
              <th scope="col">Round</th>
              <th scope="col">Status</th>
              <th scope="col">How it ran</th>
              <th scope="col">Opened</th>
              <th scope="col">Closed</th>
              <th scope="col" className="num">
                Mechanisms
              </th>
            </tr>
          </thead>
          <tbody>
            {data.rounds.map((r) => (
              <tr key={r.number}>
                <th scope="row">
                  {r.number}. {r.title}
                </th>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>{MEETING_MODE_LABELS[r.meetingMode]}</td>
                <td>{r.openedAt ? formatDate(r.openedAt) : "–"}</td>
                <td>{r.closedAt ? formatDate(r.closedAt) : "–"}</td>
                <td className="num">{r.mechanismCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Mechanisms({ data }: { data: SummaryReport }) {
  const roundNumbers = [...new Set(data.mechanisms.map((m) => m.round))];
  const title = (n: number) => data.rounds.find((r) => r.number === n)?.title ?? "";
  const met = data.mechanisms.filter((m) => m.stats.consensus === true).length;
  return (
    <section aria-labelledby="mechanisms">
      <h2 id="mechanisms">Mechanisms</h2>
      <p className="muted">
        {data.consultation.consensusRule === null
          ? "No consensus rule was set before round 1 opened, so no mechanism is judged against one; the shares at the top and the bottom of the scale are shown instead."
          : `Consensus rule: ${data.consultation.consensusRuleText}.`}
        {data.consultation.consensusRule !== null && data.round !== null && ` ${met} of ${data.mechanisms.length} mechanisms meet it.`}
      </p>
      {roundNumbers.length === 0 && <Empty>No mechanisms in this round.</Empty>}
      {roundNumbers.map((n) => {
        const list = data.mechanisms.filter((m) => m.round === n);
        const Heading = data.round === null ? "h3" : null;
        return (
          <div key={n}>
            {Heading && (
              <h3>
                Round {n}: {title(n)}{" "}
                <span className="muted small">
                  ({list.filter((m) => m.stats.consensus === true).length} of {list.length} meet the rule)
                </span>
              </h3>
            )}
            <Glance list={list} consultation={data.consultation} round={n} />
            {list.map((m) => (
              <MechanismCard
                key={m.versionId}
                mechanism={m}
                consultation={data.consultation}
                headingLevel={Heading ? 4 : 3}
                expanded={data.round !== null}
              />
            ))}
          </div>
        );
      })}
    </section>
  );
}

/** Every mechanism of a round in one table, each name leading to its figures below. */
function Glance({ list, consultation, round }: { list: ReportMechanism[]; consultation: SummaryReport["consultation"]; round: number }) {
  const changed = list.some((m) => m.change);
  return (
    <div className="table-wrap">
      <table className={styles.compact}>
        <caption className={styles.caption}>Round {round} at a glance</caption>
        <thead>
          <tr>
            <th scope="col">Mechanism</th>
            <FigureHeaders top={band(consultation.topBand)} bottom={band(consultation.bottomBand)} />
            {changed && (
              <th scope="col" className="num">
                Median since round {round - 1}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {list.map((m) => (
            <tr key={m.versionId}>
              <th scope="row" style={{ fontWeight: 400 }}>
                <a href={`#m-${m.versionId}`}>{m.name}</a>
              </th>
              <FigureCells s={m.stats} />
              {changed && <td className="num">{m.change ? signed(m.change.medianDelta) : "new"}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
