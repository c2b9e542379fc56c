/**
 * The live meetings of the published rounds in scope: attendance, what was rated and said in
 * them, and each agenda item's notes, quotes and questions.
 */
import type { ReportMeeting, ReportMeetingItem, ReportMeetingQuote, ReportPerson } from "../report-types";
import type { ReportData } from "./load";
import type { Versions } from "./mechanisms";
import { emptyByPerspective, perspectiveAttribution, UNATTRIBUTED, type Member } from "./people";
import type { Rounds } from "./rounds";

type MeetingRows = ReportData["meeting"];

function quoteOf(q: MeetingRows["quoteRows"][number], person: (membershipId: string) => ReportPerson): ReportMeetingQuote {
  // A quote is attributed to a stakeholder (their pseudonym; the name only when names were
  // chosen), to a perspective only, or to no one.
  const speaker = q.membershipId ? person(q.membershipId) : null;
  const perspective = speaker ? speaker.perspective : q.perspective;
  const attribution = speaker
    ? speaker.name
      ? `${speaker.name} (${speaker.label})`
      : speaker.label
    : q.perspective
      ? perspectiveAttribution(q.perspective)
      : UNATTRIBUTED;
  return { id: q.id, text: q.body, speaker, perspective, attribution, createdAt: q.createdAt };
}

export function reportMeetingsOf(
  rows: MeetingRows,
  ctx: {
    rounds: Rounds;
    versions: Versions;
    memberById: Map<string, Member>;
    person: (membershipId: string) => ReportPerson;
    ratingsByMeeting: Map<string, number>;
    commentsByMeeting: Map<string, number>;
  },
): ReportMeeting[] {
  const { rounds, versions, memberById, person, ratingsByMeeting, commentsByMeeting } = ctx;
  const meetingRows = rows.meetingRows.filter((m) => {
    const r = rounds.roundById.get(m.roundId);
    return !!r && r.status !== "draft" && rounds.inScope(r.number);
  });
  const meetingIds = new Set(meetingRows.map((m) => m.id));
  const inMeetings = <T extends { meetingId: string }>(list: T[]) => list.filter((r) => meetingIds.has(r.meetingId));
  const itemRows = inMeetings(rows.meetingItemRows);
  const attendanceRows = inMeetings(rows.attendanceRows);
  const noteRows = inMeetings(rows.noteRows);
  const quoteRows = inMeetings(rows.quoteRows);
  const questionRows = inMeetings(rows.questionRows);
  return meetingRows.map((m) => {
    const general: ReportMeetingItem = {
      position: null,
      kind: "general",
      mechanismId: null,
      title: "The meeting as a whole",
      plannedMinutes: null,
      notes: [],
      quotes: [],
      questions: [],
    };
    const items = new Map<string, ReportMeetingItem>();
    for (const it of itemRows) {
      if (it.meetingId !== m.id) continue;
      const v = it.versionId ? versions.versionById.get(it.versionId) : undefined;
      items.set(it.id, {
        position: it.position,
        kind: it.kind,
        mechanismId: v?.mechanismId ?? null,
        title: v?.name ?? it.title ?? "Agenda item",
        plannedMinutes: it.plannedMinutes,
        notes: [],
        quotes: [],
        questions: [],
      });
    }
    const itemFor = (itemId: string | null) => (itemId ? items.get(itemId) : undefined) ?? general;
    for (const n of noteRows) if (n.meetingId === m.id) itemFor(n.itemId).notes.push({ id: n.id, text: n.body, createdAt: n.createdAt });
    for (const q of quoteRows) if (q.meetingId === m.id) itemFor(q.itemId).quotes.push(quoteOf(q, person));
    for (const q of questionRows)
      if (q.meetingId === m.id) itemFor(q.itemId).questions.push({ prompt: q.prompt, answers: q.answers, openedAt: q.openedAt });
    const attendanceByPerspective = emptyByPerspective(() => 0);
    let attendance = 0;
    for (const a of attendanceRows) {
      if (a.meetingId !== m.id) continue;
      const member = memberById.get(a.membershipId);
      if (member?.role !== "stakeholder") continue;
      attendance += 1;
      if (member.perspective) attendanceByPerspective[member.perspective] += 1;
    }
    const hasGeneral = general.notes.length + general.quotes.length + general.questions.length > 0;
    return {
      id: m.id,
      round: rounds.roundById.get(m.roundId)!.number,
      title: m.title,
      format: m.format,
      status: m.status,
      scheduledAt: m.scheduledAt,
      startedAt: m.startedAt,
      endedAt: m.endedAt,
      attendance,
      attendanceByPerspective,
      ratingsInMeeting: ratingsByMeeting.get(m.id) ?? 0,
      commentsInMeeting: commentsByMeeting.get(m.id) ?? 0,
      items: [...(hasGeneral ? [general] : []), ...[...items.values()].sort((a, b) => (a.position ?? 0) - (b.position ?? 0))],
    };
  });
}
