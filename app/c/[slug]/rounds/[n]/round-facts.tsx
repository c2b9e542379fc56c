"use client";
/**
 * What the panel needs to know about a round's timing and meeting ("Closes at 17:00 on Tuesday
 * 3 March (UK time)"), what the facilitator is told after a round email, and a page refresh at the
 * closing time so nobody keeps rating a round that has just closed.
 */
import Link from "next/link";
import { useEffect } from "react";
import { useRefresh } from "@/app/_components/use-refresh";
import { MEETING_MODE_LABELS, type MeetingMode } from "@/shared/domain";
import { formatUkMoment } from "@/server/uk-time";

type Facts = {
  status: "draft" | "open" | "closed";
  meetingMode: MeetingMode;
  opensAt: Date | null;
  closesAt: Date | null;
  closedAt: Date | null;
};

export function RoundFacts({ round, facilitator }: { round: Facts; facilitator: boolean }) {
  const uk = (d: Date) => `${formatUkMoment(d)} (UK time)`;
  let when: string | null = null;
  if (round.status === "closed" && round.closedAt) when = `Closed at ${uk(round.closedAt)}.`;
  else if (round.status === "open" && round.closesAt) when = `Closes at ${uk(round.closesAt)}.`;
  else if (round.status === "open" && facilitator)
    when = "No closing time is set: close the round yourself, or set one in the round settings.";
  else if (round.status === "draft") {
    when =
      [round.opensAt ? `Planned to open at ${uk(round.opensAt)}.` : null, round.closesAt ? `Closes at ${uk(round.closesAt)}.` : null]
        .filter(Boolean)
        .join(" ") || null;
  }
  return (
    <div className="card stack">
      {when && (
        <p>
          <strong>{when}</strong>
        </p>
      )}
      <p>
        How this round runs: <strong>{MEETING_MODE_LABELS[round.meetingMode]}</strong>
      </p>
    </div>
  );
}

/** Re-reads the page when an open round reaches its closing time. */
export function useRefreshAtClosing(status: Facts["status"], closesAt: Date | null) {
  const refresh = useRefresh();
  useEffect(() => {
    if (status !== "open" || !closesAt) return;
    const wait = closesAt.getTime() - Date.now();
    // setTimeout cannot wait more than about 24 days; a page open that long is re-read anyway.
    if (wait > 2 ** 31 - 1) return;
    const timer = setTimeout(() => void refresh(), Math.max(0, wait) + 500);
    return () => clearTimeout(timer);
  }, [status, closesAt, refresh]);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Emailed 16 stakeholders. 3 have no email address (…): give them their link from the Panel page." */
export function MailReportText(props: {
  report: { emailed: number; failed: number; withoutEmail: string[] };
  panelHref: string;
  /** The first sentence, e.g. (n) => `Emailed ${n}.` */
  emailedSentence: (stakeholders: string) => string;
}) {
  const { emailed, failed, withoutEmail } = props.report;
  const names =
    withoutEmail.length <= 5 ? withoutEmail.join(", ") : `${withoutEmail.slice(0, 5).join(", ")} and ${withoutEmail.length - 5} more`;
  return (
    <>
      {emailed > 0 && props.emailedSentence(plural(emailed, "stakeholder", "stakeholders"))}
      {emailed === 0 && failed === 0 && withoutEmail.length === 0 && "Nobody is on the panel yet, so no email went out."}
      {failed > 0 && (
        <>
          {" "}
          {plural(failed, "email", "emails")} could not be sent: check the mail settings, then send their links from the{" "}
          <Link href={props.panelHref}>Panel page</Link>.
        </>
      )}
      {withoutEmail.length > 0 && (
        <>
          {" "}
          {withoutEmail.length === 1 ? "1 has" : `${withoutEmail.length} have`} no email address ({names}): give them their link from the{" "}
          <Link href={props.panelHref}>Panel page</Link>.
        </>
      )}
    </>
  );
}
