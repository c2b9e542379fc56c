"use client";
/**
 * The presenter view: the current mechanism in very large type, white on black (contrast 21:1),
 * the live ratings when the facilitator shows them, new comments, and how to join.
 */
import { ConnectionNote, ResultsBars, useLiveMeeting } from "../control/live";
import "../control/live.css";

type Props = { consultationId: string; meetingId: string; scaleLabels: string[]; joinUrl: string; qr: React.ReactNode };

export function PresenterView(props: Props) {
  const { view, connection } = useLiveMeeting(props.consultationId, props.meetingId);
  const item = view.items.find((i) => i.id === view.currentItemId) ?? null;
  const position = item ? view.items.indexOf(item) + 1 : 0;
  const code = view.shortCode;
  return (
    <div className="presenter">
      {view.status !== "live" ? (
        <div className="status-screen">
          <p className="eyebrow">Round {view.roundNumber}</p>
          <h1>{view.title}</h1>
          <p className="description">
            {view.status === "planned" ? "The meeting starts soon." : "The meeting has ended. Thank you for taking part."}
          </p>
          {view.status === "planned" && <JoinBox code={code} url={props.joinUrl} qr={props.qr} />}
        </div>
      ) : (
        <>
          <section aria-labelledby="presenter-title">
            <ConnectionNote connection={connection} />
            <p className="eyebrow">
              {view.title} · item {position} of {view.items.length}
            </p>
            <h1 id="presenter-title">{item ? item.title : "Welcome"}</h1>
            {view.current?.description && <p className="description prewrap">{view.current.description}</p>}
            {item?.kind === "mechanism" && view.current && (
              <>
                <h2>Ratings</h2>
                {view.resultsVisible && view.current.results ? (
                  <ResultsBars results={view.current.results} scaleLabels={props.scaleLabels} large />
                ) : (
                  <p className="hidden-results">Results hidden to avoid anchoring</p>
                )}
                <p className="stat">
                  {view.current.newComments} new {view.current.newComments === 1 ? "comment" : "comments"} during the meeting
                </p>
              </>
            )}
            {view.question?.open && (
              <div className="question" aria-live="polite">
                <h2 style={{ marginTop: 0 }}>Question to the room</h2>
                <p>{view.question.prompt}</p>
                <p className="stat">
                  {view.question.answerCount} {view.question.answerCount === 1 ? "answer" : "answers"}
                </p>
              </div>
            )}
          </section>
          <JoinBox code={code} url={props.joinUrl} qr={props.qr} />
        </>
      )}
    </div>
  );
}

function JoinBox({ code, url, qr }: { code: string; url: string; qr: React.ReactNode }) {
  return (
    <aside aria-label="Join from your phone">
      <p className="eyebrow" style={{ margin: 0 }}>
        Join from your phone
      </p>
      {qr}
      <p className="join-url">{url.replace(/^https?:\/\//, "")}</p>
      <p className="join-code">{code}</p>
    </aside>
  );
}
