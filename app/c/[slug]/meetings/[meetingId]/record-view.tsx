"use client";
/**
 * A meeting's record: agenda with planned and spent time, attendance, notes and quotes per item,
 * and for facilitators the quick questions and the ratings and comments given in the meeting.
 */
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useId, useState } from "react";
import { Empty, ErrorAlert, formatDate, Loading } from "@/app/_components/feedback";
import { RatingDistribution } from "@/app/_components/rating-distribution";
import { useTRPC } from "@/app/_trpc/client";
import type { AppRouter } from "@/server/root";
import { MeetingHeading, minutesText } from "../meeting-status";
import { AttendanceEditor } from "./attendance-editor";
import { NotesPanel } from "./notes-panel";

type Record = inferRouterOutputs<AppRouter>["meetingRecord"]["record"];
type Item = Record["items"][number];

function spentText(seconds: number): string {
  if (seconds === 0) return "not reached";
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m === 0 ? `${s} s` : s === 0 ? `${m} min` : `${m} min ${s} s`;
}

export function RecordView(props: { consultationId: string; slug: string; meetingId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.meetingRecord.record.queryOptions({ consultationId: props.consultationId, meetingId: props.meetingId }));
  if (query.isPending) return <Loading what="the meeting record" />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const r = query.data;
  const m = r.meeting;
  const base = `/c/${props.slug}/meetings/${m.id}`;
  const agendaItems = r.items.filter((i) => i.id !== null);
  const general = r.items.find((i) => i.id === null)!;
  const facilitator = r.viewer.facilitator;

  return (
    <>
      <MeetingHeading back={{ href: `/c/${props.slug}/meetings`, label: "Meetings" }} title={m.title} status={m.status}>
        <p className="muted">
          Meeting record · Round {r.round.number}: {r.round.title} · {m.formatLabel}
          {m.startedAt && <> · started {formatDate(m.startedAt)}</>}
          {m.endedAt && <> · ended {formatDate(m.endedAt)}</>}
        </p>
      </MeetingHeading>
      {m.status === "planned" && <div className="alert info">This meeting has not started yet: its record fills in as it runs.</div>}
      <div className="row" style={{ marginBottom: "1rem" }}>
        {facilitator && m.status !== "ended" && (
          <>
            <Link className="button" href={`${base}/control`}>
              Open control view
            </Link>
            <Link className="button secondary" href={`${base}/present`}>
              Presenter view
            </Link>
          </>
        )}
        {m.status === "live" && (
          <Link className="button secondary" href={`${base}/notes`}>
            Take notes
          </Link>
        )}
      </div>

      <section aria-labelledby="agenda-h">
        <h2 id="agenda-h">Agenda</h2>
        {agendaItems.length === 0 ? (
          <Empty>The agenda was empty.</Empty>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Agenda items with the time planned and the time spent</caption>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col" className="num">
                    Planned
                  </th>
                  <th scope="col" className="num">
                    Spent
                  </th>
                </tr>
              </thead>
              <tbody>
                {agendaItems.map((i, n) => (
                  <tr key={i.id}>
                    <th scope="row" style={{ fontWeight: 400, background: "none" }}>
                      {n + 1}. {i.title}
                      {i.id === m.currentItemId && m.status === "live" && (
                        <span className="badge open" style={{ marginLeft: "0.4rem" }}>
                          On screen
                        </span>
                      )}
                    </th>
                    <td className="num">{minutesText(i.plannedMinutes)}</td>
                    <td className="num">{spentText(i.spentSeconds)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  <td className="num">{minutesText(agendaItems.reduce((s, i) => s + i.plannedMinutes, 0))}</td>
                  <td className="num">{spentText(agendaItems.reduce((s, i) => s + i.spentSeconds, 0))}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="attendance-h">
        <h2 id="attendance-h">Attendance</h2>
        <p>
          {r.attendanceCount === 0
            ? "No one is recorded as attending yet."
            : `${r.attendanceCount} ${r.attendanceCount === 1 ? "panel member" : "panel members"} attended.`}
        </p>
        {r.facilitator && r.facilitator.attendees.length > 0 && (
          <ul aria-label="Who attended">
            {r.facilitator.attendees.map((a) => (
              <li key={a.membershipId}>
                {a.label}{" "}
                <span className="muted small">({a.source === "joined" ? "joined from their device" : "recorded by a facilitator"})</span>
              </li>
            ))}
          </ul>
        )}
        {facilitator && m.status !== "planned" && <AttendanceEditor consultationId={props.consultationId} meetingId={m.id} />}
      </section>

      <section aria-labelledby="notes-h">
        <h2 id="notes-h">Notes and quotes</h2>
        {[...agendaItems, general].map((i) => (
          <ItemRecord key={i.id ?? "general"} item={i} />
        ))}
        {m.status !== "planned" && <AddToRecord consultationId={props.consultationId} meetingId={m.id} items={agendaItems} />}
      </section>

      {r.facilitator && <FacilitatorRecord data={r.facilitator} scaleLabels={r.scaleLabels} items={agendaItems} />}
    </>
  );
}

function ItemRecord({ item }: { item: Item }) {
  const empty = item.notes.length === 0 && item.quotes.length === 0;
  if (empty && item.id === null) return null;
  return (
    <div className="card">
      <h3 style={{ marginTop: 0 }}>{item.title}</h3>
      {empty && <p className="muted">No notes or quotes.</p>}
      {item.notes.length > 0 && (
        <ul aria-label={`Notes on ${item.title}`}>
          {item.notes.map((n) => (
            <li key={n.id}>
              <span className="prewrap">{n.body}</span> <span className="muted small">({n.by})</span>
            </li>
          ))}
        </ul>
      )}
      {item.quotes.map((q) => (
        <figure key={q.id} className="comment" style={{ margin: "0.6rem 0" }}>
          <blockquote className="prewrap" style={{ margin: 0 }}>
            “{q.body}”
          </blockquote>
          <figcaption className="meta">— {q.attribution.quoteAs}</figcaption>
        </figure>
      ))}
    </div>
  );
}

/** Adding or tidying notes afterwards: choose the item, then the same panel as in the meeting. */
function AddToRecord(props: { consultationId: string; meetingId: string; items: Item[] }) {
  const idp = useId();
  const [itemId, setItemId] = useState<string>("");
  return (
    <details className="card">
      <summary>
        <strong>Add or tidy up notes and quotes</strong>
      </summary>
      <div className="field" style={{ marginTop: "0.75rem" }}>
        <label htmlFor={`${idp}-item`}>Agenda item</label>
        <select id={`${idp}-item`} value={itemId} onChange={(e) => setItemId(e.target.value)}>
          <option value="">The meeting as a whole</option>
          {props.items.map((i) => (
            <option key={i.id} value={i.id!}>
              {i.title}
            </option>
          ))}
        </select>
      </div>
      <NotesPanel consultationId={props.consultationId} meetingId={props.meetingId} currentItemId={itemId || null} />
    </details>
  );
}

function FacilitatorRecord(props: { data: NonNullable<Record["facilitator"]>; scaleLabels: string[]; items: Item[] }) {
  const { data } = props;
  return (
    <>
      <section aria-labelledby="responses-h">
        <h2 id="responses-h">Ratings and comments given in the meeting</h2>
        {data.responses.length === 0 ? (
          <p className="muted">No mechanisms were on the agenda.</p>
        ) : (
          data.responses.map((resp) => (
            <div key={resp.itemId} className="card">
              <h3 style={{ marginTop: 0 }}>{resp.title}</h3>
              <p>
                {resp.ratingCount} {resp.ratingCount === 1 ? "rating" : "ratings"}
                {resp.unsure > 0 && ` (${resp.unsure} unsure)`}, {resp.commentCount} {resp.commentCount === 1 ? "comment" : "comments"}
              </p>
              {resp.ratingCount - resp.unsure > 0 && (
                <RatingDistribution
                  caption={`Ratings of ${resp.title} given in the meeting (unsure left out)`}
                  distribution={resp.distribution}
                  total={resp.ratingCount - resp.unsure}
                  scaleLabels={props.scaleLabels}
                />
              )}
              {resp.comments.map((c) => (
                <div key={c.id} className="comment">
                  <div className="meta">
                    <span className="author">{c.by}</span> · {formatDate(c.createdAt)}
                  </div>
                  <p className="prewrap" style={{ margin: 0 }}>
                    {c.excerpt}
                  </p>
                </div>
              ))}
              {resp.commentCount > resp.comments.length && (
                <p className="muted small">and {resp.commentCount - resp.comments.length} more on the mechanism&apos;s page.</p>
              )}
            </div>
          ))
        )}
      </section>
      <section aria-labelledby="questions-h">
        <h2 id="questions-h">Quick questions</h2>
        {data.questions.length === 0 ? (
          <p className="muted">No quick questions were put to the room.</p>
        ) : (
          data.questions.map((q) => (
            <div key={q.id} className="card">
              <h3 style={{ marginTop: 0 }}>{q.prompt}</h3>
              <p className="muted small">
                {props.items.find((i) => i.id === q.itemId)?.title ?? "The meeting as a whole"} · {q.answers.length}{" "}
                {q.answers.length === 1 ? "answer" : "answers"}
              </p>
              {q.answers.length > 0 && (
                <ul>
                  {q.answers.map((a, k) => (
                    <li key={k}>
                      <span className="prewrap">{a.body}</span> <span className="muted small">({a.by})</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))
        )}
      </section>
    </>
  );
}
