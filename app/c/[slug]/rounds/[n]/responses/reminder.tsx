"use client";
/**
 * Reminding the panel: one email to each stakeholder with an address who has not rated, commented
 * or flagged anything in the open round, at most once an hour. When the button cannot be used, the
 * reason is written next to it.
 */
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ConfirmButton } from "@/app/_components/confirm";
import { ErrorAlert } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";
import { formatUkMoment } from "@/server/uk-time";
import { MailReportText } from "../round-facts";

type Props = { consultationId: string; slug: string; round: number; refreshMs: number };

export function Reminder(props: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { consultationId: props.consultationId, round: props.round };
  const { data } = useSuspenseQuery(trpc.round.reminderStatus.queryOptions(input, { refetchInterval: props.refreshMs }));
  const [result, setResult] = useState<React.ReactNode>(null);
  const panelHref = `/c/${props.slug}/panel`;
  const remind = useMutation(
    trpc.round.remind.mutationOptions({
      onSuccess: async (report) => {
        setResult(<MailReportText report={report} panelHref={panelHref} emailedSentence={(n) => `Emailed a reminder to ${n}.`} />);
        await queryClient.invalidateQueries(trpc.round.reminderStatus.queryFilter(input));
      },
    }),
  );
  if (data.status !== "open") return null;

  const n = data.waitingWithEmail;
  const without = data.waitingWithoutEmail;
  let blocked: React.ReactNode = null;
  if (data.panelSize === 0) blocked = "Nobody is on the panel yet.";
  else if (n === 0 && without.length === 0) blocked = "Everyone on the panel has responded: there is nobody to remind.";
  else if (n === 0) {
    blocked = (
      <>
        {without.length === 1 ? "The 1 person" : `The ${without.length} people`} who {without.length === 1 ? "has" : "have"} not responded{" "}
        {without.length === 1 ? "has" : "have"} no email address: give them their link from the <Link href={panelHref}>Panel page</Link>.
      </>
    );
  } else if (data.nextAt && data.lastSentAt) {
    blocked = `A reminder went at ${formatUkMoment(data.lastSentAt)} (UK time). So that the panel is not flooded, the next one can go from ${formatUkMoment(data.nextAt, { weekday: false })}.`;
  }
  const label =
    n === 0
      ? "Send a reminder"
      : n === 1
        ? "Send a reminder to the 1 who has not responded"
        : `Send a reminder to the ${n} who have not responded`;

  return (
    <section className="card" aria-labelledby="reminder-heading">
      <h2 id="reminder-heading" style={{ marginTop: 0 }}>
        Remind the panel
      </h2>
      <ErrorAlert error={remind.error} focus />
      <div role="status">{result && <div className="alert success">{result}</div>}</div>
      {blocked ? (
        <p>{blocked}</p>
      ) : (
        <p>
          {n === 1 ? "1 panel member with an email address has" : `${n} panel members with an email address have`} not rated, commented or
          flagged anything in this round yet. A reminder emails each of them their personal link
          {without.length > 0 && (
            <>
              ; {without.length === 1 ? "1 more has" : `${without.length} more have`} no email address (give them their link from the{" "}
              <Link href={panelHref}>Panel page</Link>)
            </>
          )}
          .
        </p>
      )}
      {data.lastSentAt && !data.nextAt && (
        <p className="muted small">The last reminder went at {formatUkMoment(data.lastSentAt)} (UK time).</p>
      )}
      <ConfirmButton
        label={label}
        title={`Send a reminder for round ${props.round}?`}
        body={
          <p>
            {n === 1 ? "1 panel member" : `${n} panel members`} will get an email saying the round is open and that their view is still
            missing, with their personal link. The next reminder can go an hour later.
          </p>
        }
        confirmLabel="Send the reminder"
        disabled={!!blocked || remind.isPending}
        onConfirm={() => {
          setResult(null);
          remind.mutate(input);
        }}
      />
    </section>
  );
}
