import Link from "next/link";

/** A meeting's state as a badge: planned, live now, ended. */
export function MeetingStatusBadge({ status }: { status: "planned" | "live" | "ended" }) {
  const [text, tone] = { planned: ["Planned", "draft"], live: ["Live now", "open"], ended: ["Ended", "closed"] }[status];
  return <span className={`badge ${tone}`}>{text}</span>;
}

/** "1 h 05 min", "25 min". */
export function minutesText(total: number): string {
  if (total < 60) return `${total} min`;
  return `${Math.floor(total / 60)} h ${String(total % 60).padStart(2, "0")} min`;
}

/** The top of a meeting's pages: the way back, the title with its state, and a line about it. */
export function MeetingHeading(props: {
  back: { href: string; label: string };
  title: string;
  status: "planned" | "live" | "ended";
  children?: React.ReactNode;
}) {
  return (
    <>
      <p>
        <Link href={props.back.href}>← {props.back.label}</Link>
      </p>
      <div className="spread">
        <h1>{props.title}</h1>
        <MeetingStatusBadge status={props.status} />
      </div>
      {props.children}
    </>
  );
}
