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
import { MEETING_MODE_LABELS, PERSPECTIVE_LABELS, PERSPECTIVE_VALUES } from "@/server/domain";
import type { SummaryReport } from "@/server/services/report";
import { ChangesSection, FlagsSection } from "./changes-and-flags";
import { CommentsSection } from "./comments-section";
import { MechanismCard } from "./mechanism-card";
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
      <section id="exports">{/* exports: H6 */}</section>

      {published.length === 0 ? (
        <Empty>
          No round has opened yet. The summary fills in once the panel starts responding to round 1; until then you can
          set the consensus rule in <Link href={`/c/${props.slug}/settings`}>Settings</Link>.
        </Empty>
      ) : focused?.status === "draft" ? (
        <Empty>
          Round {focused.number} is still a draft: the panel has not seen it, so it has no results yet.
        </Empty>
      ) : (
        <Report data={data} consultationId={props.consultationId} slug={props.slug} />
      )}
    </>
  );
}

function Report({ data, consultationId, slug }: { data: SummaryReport; consultationId: string; slug: string }) {
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
      <Mechanisms data={data} slug={slug} />
      <CommentsSection data={data} consultationId={consultationId} />
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
        Responded: rated, commented or flagged at least once in the round. Attrition: the share of the previous round&apos;s
        respondents who did not respond in this one.
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

function Mechanisms({ data, slug }: { data: SummaryReport; slug: string }) {
  const roundNumbers = [...new Set(data.mechanisms.map((m) => m.round))];
  const title = (n: number) => data.rounds.find((r) => r.number === n)?.title ?? "";
  const met = data.mechanisms.filter((m) => m.stats.consensus === true).length;
  return (
    <section aria-labelledby="mechanisms">
      <h2 id="mechanisms">Mechanisms</h2>
      <p className="muted">
        Consensus rule: {data.consultation.consensusRuleText}.
        {data.consultation.consensusRule === null && (
          <>
            {" "}
            Without a rule, no mechanism is judged; set one in <Link href={`/c/${slug}/settings`}>Settings</Link> before round 1
            opens.
          </>
        )}
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
            {list.map((m) => (
              <MechanismCard key={m.versionId} mechanism={m} consultation={data.consultation} headingLevel={Heading ? 4 : 3} />
            ))}
          </div>
        );
      })}
    </section>
  );
}
