"use client";
/** Every meeting of the consultation, by round: planned, live now and ended, with their links. */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Empty, ErrorAlert, formatDate, Loading } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";
import { MeetingStatusBadge, minutesText } from "./meeting-status";

export function MeetingsView(props: { consultationId: string; slug: string; facilitator: boolean }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.meetingPlan.list.queryOptions({ consultationId: props.consultationId }));
  if (query.isPending) return <Loading what="the meetings" />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const { meetings, plannable } = query.data;
  const base = `/c/${props.slug}/meetings`;
  const rounds = [...new Set(meetings.map((m) => m.round.number))].sort((a, b) => b - a);

  return (
    <>
      <div className="spread">
        <h1>Meetings</h1>
        {props.facilitator && plannable.length > 0 && (
          <Link className="button" href={`${base}/new`}>
            Plan a meeting
          </Link>
        )}
      </div>
      <p className="muted">
        {props.facilitator
          ? "Run a round's meeting from here: a presenter view for the room, a control view for you, and a record of what was said."
          : "The meetings you can take notes in."}
      </p>
      {meetings.length === 0 ? (
        <Empty>
          {props.facilitator ? (
            plannable.length > 0 ? (
              <>
                No meetings yet. <Link href={`${base}/new`}>Plan a meeting</Link> for a round: its agenda starts with the round&apos;s
                mechanisms.
              </>
            ) : (
              "No meetings yet. Every round is closed, so there is no round left to plan a meeting for."
            )
          ) : (
            "No meeting is running or has been held yet."
          )}
        </Empty>
      ) : (
        rounds.map((n) => {
          const inRound = meetings.filter((m) => m.round.number === n);
          return (
            <section key={n} aria-labelledby={`round-${n}-meetings`}>
              <h2 id={`round-${n}-meetings`}>
                Round {n}: {inRound[0].round.title}
              </h2>
              <ul className="plain">
                {inRound.map((m) => (
                  <li key={m.id} className="list-item">
                    <div className="spread">
                      <div>
                        <h3 style={{ margin: 0 }}>
                          <Link href={`${base}/${m.id}`}>{m.title}</Link>
                        </h3>
                        <p className="muted small" style={{ margin: "0.25rem 0 0" }}>
                          {m.formatLabel} · {m.itemCount} agenda {m.itemCount === 1 ? "item" : "items"}, {minutesText(m.plannedMinutes)}
                          {m.status === "planned" && m.scheduledAt && <> · planned for {formatDate(m.scheduledAt)}</>}
                          {m.status === "live" && m.startedAt && <> · started {formatDate(m.startedAt)}</>}
                          {m.status === "ended" && m.endedAt && <> · ended {formatDate(m.endedAt)}</>}
                          {m.shortCode && <> · join code {m.shortCode}</>}
                        </p>
                      </div>
                      <MeetingStatusBadge status={m.status} />
                    </div>
                    <div className="row" style={{ marginTop: "0.5rem" }}>
                      {props.facilitator && m.status !== "ended" && (
                        <>
                          <Link href={`${base}/${m.id}/control`}>
                            Open control view<span className="visually-hidden"> of {m.title}</span>
                          </Link>
                          <Link href={`${base}/${m.id}/present`}>
                            Presenter view<span className="visually-hidden"> of {m.title}</span>
                          </Link>
                        </>
                      )}
                      {m.status === "live" && (
                        <Link href={`${base}/${m.id}/notes`}>
                          Take notes<span className="visually-hidden"> in {m.title}</span>
                        </Link>
                      )}
                      {m.status !== "planned" && (
                        <Link href={`${base}/${m.id}`}>
                          Record<span className="visually-hidden"> of {m.title}</span>
                        </Link>
                      )}
                      {m.status === "planned" && props.facilitator && (
                        <Link href={`${base}/${m.id}`}>
                          Edit the plan<span className="visually-hidden"> of {m.title}</span>
                        </Link>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          );
        })
      )}
    </>
  );
}
