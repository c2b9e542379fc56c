import Link from "next/link";

/** On the consultation's overview, for the panel: a meeting is live, with the way in. */
export function LiveMeetingBanner({
  slug,
  meetings,
}: {
  slug: string;
  meetings: { meetingId: string; title: string; roundNumber: number }[];
}) {
  if (meetings.length === 0) return null;
  return (
    <div className="alert info" role="status">
      {meetings.map((m) => (
        <p key={m.meetingId} style={{ margin: 0 }}>
          <strong>Meeting live now:</strong> {m.title} (round {m.roundNumber}).{" "}
          <Link href={`/c/${slug}/meetings/${m.meetingId}/join`}>Join the meeting</Link>
        </p>
      ))}
    </div>
  );
}
