"use client";
/**
 * The facilitator's live view of a round: how many have responded, each mechanism's ratings and
 * latest comments, and who is still to respond. Refetches every 15 seconds while the tab is visible.
 */
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Empty, ProgressBar, StatusBadge } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";
import { MechanismResponses } from "./mechanism-responses";
import { Reminder } from "./reminder";
import { WhoResponded } from "./who-responded";

const REFRESH_MS = 15_000;

type Props = { consultationId: string; slug: string; round: number };

export function ResponsesView(props: Props) {
  const trpc = useTRPC();
  const input = { consultationId: props.consultationId, round: props.round };
  const { data, dataUpdatedAt, isRefetchError } = useSuspenseQuery(
    trpc.overview.responses.queryOptions(input, { refetchInterval: REFRESH_MS }),
  );
  const base = `/c/${props.slug}/rounds/${props.round}`;

  return (
    <>
      <div className="spread">
        <h1>Responses to round {data.round.number}</h1>
        <StatusBadge status={data.round.status} />
      </div>
      {data.round.status === "draft" && (
        <div className="alert info">This round is still a draft: the panel cannot see it or respond yet.</div>
      )}

      <div className="card stack">
        <p>
          <strong>
            {data.respondedCount} of {data.panelSize} panel members have responded
          </strong>
        </p>
        <ProgressBar label="Panel members who have responded" value={data.respondedCount} max={data.panelSize} />
        <p className="muted small">
          {/* Server and browser may format the time in different time zones. */}
          Updated{" "}
          <time dateTime={new Date(dataUpdatedAt).toISOString()} suppressHydrationWarning>
            {new Date(dataUpdatedAt).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" })}
          </time>
          {" · "}refreshes every {REFRESH_MS / 1000} seconds
        </p>
        {isRefetchError && (
          <p className="alert warn">Could not refresh just now. These are the responses as of the time above; trying again shortly.</p>
        )}
      </div>

      <Reminder consultationId={props.consultationId} slug={props.slug} round={props.round} refreshMs={REFRESH_MS} />

      <p>
        <Link href={base}>Back to round {data.round.number}</Link>
      </p>

      <h2>Mechanisms</h2>
      {data.mechanisms.length === 0 ? (
        <Empty>There are no mechanisms in this round.</Empty>
      ) : (
        data.mechanisms.map((m) => (
          <MechanismResponses key={m.versionId} mechanism={m} scaleLabels={data.scaleLabels} href={`${base}/mechanisms/${m.mechanismId}`} />
        ))
      )}

      <WhoResponded stakeholders={data.stakeholders} mechanismCount={data.mechanisms.length} panelHref={`/c/${props.slug}/panel`} />
    </>
  );
}
