/**
 * Every query of a report, in one place and in a fixed number whatever the size of the
 * consultation: the sections that follow only group and count what is read here.
 */
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import type { DB } from "@/db";
import {
  cmoConfigurations,
  comments,
  consultations,
  decisionSources,
  decisions,
  evidenceLinks,
  flagEndorsements,
  flags,
  mechanismVersions,
  mechanisms,
  meetingAnswers,
  meetingAttendance,
  meetingItems,
  meetingNotes,
  meetingQuestions,
  meetingQuotes,
  meetings,
  ratings,
  rounds,
  sources,
} from "@/db/schema";
import { notFound } from "../actor";
import type { ReportScope } from "../report-types";
import { asOfNow } from "../round-state";
import { commentColumns, commentRowsOf } from "./comments";
import { loadPeople } from "./people";

export type ReportData = ReturnType<typeof loadReportData>;
export type RoundRow = ReportData["roundRows"][number];
export type FlagRow = ReportData["flagRows"][number];
export type DecisionRow = ReportData["decisionRows"][number];
/** A rating as read: version, member, value, and the meeting it was given in. */
export type RatingTuple = [string, string, number, string | null];

export function loadReportData(db: DB, scope: ReportScope) {
  const consultation = db.select().from(consultations).where(eq(consultations.id, scope.consultationId)).get();
  if (!consultation) notFound("This consultation");
  const cid = consultation.id;

  // Rounds as they stand at one instant, which is also the report's generatedAt.
  const now = Date.now();
  const roundRows = db
    .select()
    .from(rounds)
    .where(eq(rounds.consultationId, cid))
    .orderBy(asc(rounds.number))
    .all()
    .map((r) => asOfNow(r, now));
  if (scope.round !== undefined && !roundRows.some((r) => r.number === scope.round)) notFound(`Round ${scope.round}`);

  const people = loadPeople(db, cid, scope.includeNames);

  // Drafts included: their names serve links and origins.
  const versionRows = db
    .select({
      id: mechanismVersions.id,
      mechanismId: mechanismVersions.mechanismId,
      roundId: mechanismVersions.roundId,
      name: mechanismVersions.name,
      description: mechanismVersions.description,
      position: mechanismVersions.position,
      originKind: mechanisms.originKind,
      originFlagId: mechanisms.originFlagId,
      originMechanismId: mechanisms.originMechanismId,
      originNote: mechanisms.originNote,
    })
    .from(mechanismVersions)
    .innerJoin(mechanisms, eq(mechanisms.id, mechanismVersions.mechanismId))
    .where(eq(mechanisms.consultationId, cid))
    .all();

  // The counts per (version, value, perspective), who rated in which round and the long-format
  // list all come from this one read: three grouped queries would read the same 45,000 rows three
  // times, which is most of the cost of a large report.
  const ratingRows = db
    .select({ versionId: ratings.versionId, membershipId: ratings.membershipId, value: ratings.value, meetingId: ratings.meetingId })
    .from(ratings)
    .innerJoin(mechanismVersions, eq(mechanismVersions.id, ratings.versionId))
    .innerJoin(rounds, eq(rounds.id, mechanismVersions.roundId))
    .where(and(eq(rounds.consultationId, cid), ne(rounds.status, "draft")))
    // Tuples, not objects: tens of thousands of rows, and nothing else needs their shape.
    .values() as RatingTuple[];

  // Who commented or flagged in which round (ratings are counted from the rows above).
  const activity = db.all<{ round_id: string; membership_id: string }>(sql`
    select c.round_id, c.membership_id from ${comments} c
      join ${rounds} rd on rd.id = c.round_id
      where rd.consultation_id = ${cid} and rd.status != 'draft' and c.deleted_at is null
    union
    select f.round_id, f.membership_id from ${flags} f
      join ${rounds} rd on rd.id = f.round_id
      where rd.consultation_id = ${cid} and rd.status != 'draft'`);

  const flagRows = db
    .select({
      flag: flags,
      endorsements: sql<number>`(select count(*) from ${flagEndorsements} e where e.flag_id = ${flags.id})`,
    })
    .from(flags)
    .innerJoin(rounds, eq(rounds.id, flags.roundId))
    .where(and(eq(rounds.consultationId, cid), ne(rounds.status, "draft")))
    .orderBy(asc(rounds.number), asc(flags.createdAt))
    .all();

  // Decisions preparing published rounds, and the feedback they cite.
  const decisionRows = db
    .select({ decision: decisions })
    .from(decisions)
    .innerJoin(rounds, eq(rounds.id, decisions.roundId))
    .where(and(eq(rounds.consultationId, cid), ne(rounds.status, "draft")))
    .all()
    .map((r) => r.decision);
  const decisionSourceRows = db
    .select({
      decisionId: decisionSources.decisionId,
      kind: decisionSources.kind,
      versionId: decisionSources.versionId,
      flagId: decisionSources.flagId,
      commentId: comments.id,
      commentBody: comments.body,
      commentAuthor: comments.membershipId,
      commentHiddenAt: comments.hiddenAt,
      commentHiddenReason: comments.hiddenReason,
      commentDeletedAt: comments.deletedAt,
      commentVersionId: comments.versionId,
      commentFlagId: comments.flagId,
      noteBody: meetingNotes.body,
      quoteBody: meetingQuotes.body,
      quoteMembershipId: meetingQuotes.membershipId,
      quotePerspective: meetingQuotes.perspective,
    })
    .from(decisionSources)
    .innerJoin(decisions, eq(decisions.id, decisionSources.decisionId))
    .innerJoin(rounds, eq(rounds.id, decisions.roundId))
    .leftJoin(comments, eq(comments.id, decisionSources.commentId))
    .leftJoin(meetingNotes, eq(meetingNotes.id, decisionSources.meetingNoteId))
    .leftJoin(meetingQuotes, eq(meetingQuotes.id, decisionSources.meetingQuoteId))
    .where(and(eq(rounds.consultationId, cid), ne(rounds.status, "draft")))
    .orderBy(sql`${decisionSources}.rowid`)
    .all();

  // The evidence base: sources, links and configurations, and what each mechanism's review reported.
  const sourceRows = db
    .select()
    .from(sources)
    .where(eq(sources.consultationId, cid))
    .orderBy(sql`${sources.ref} is null`, asc(sources.ref), asc(sources.year), asc(sources.title))
    .all();
  const linkRows = db
    .select({
      mechanismId: evidenceLinks.mechanismId,
      sourceId: evidenceLinks.sourceId,
      effect: evidenceLinks.effect,
      extract: evidenceLinks.extract,
    })
    .from(evidenceLinks)
    .where(eq(evidenceLinks.consultationId, cid))
    .all();
  const configurationRows = db
    .select()
    .from(cmoConfigurations)
    .where(eq(cmoConfigurations.consultationId, cid))
    .orderBy(asc(cmoConfigurations.mechanismId), asc(cmoConfigurations.position))
    .all();
  const reportedSourceCounts = db
    .select({ id: mechanisms.id, reported: mechanisms.reportedSourceCount })
    .from(mechanisms)
    .where(eq(mechanisms.consultationId, cid))
    .all();

  // Only the comments of the rounds in scope: the one list that can run to 20,000 rows.
  const commentRows = commentRowsOf(
    db
      .select(commentColumns)
      .from(comments)
      .innerJoin(rounds, eq(rounds.id, comments.roundId))
      .where(
        and(
          eq(rounds.consultationId, cid),
          ne(rounds.status, "draft"),
          isNull(comments.deletedAt),
          scope.round === undefined ? undefined : eq(rounds.number, scope.round),
        ),
      )
      .orderBy(asc(rounds.number), asc(comments.createdAt), sql`${comments}.rowid`)
      .values(),
  );

  // Live meetings, whole: the meetings section keeps those of the published rounds in scope.
  const meetingRows = db
    .select()
    .from(meetings)
    .where(eq(meetings.consultationId, cid))
    .orderBy(sql`coalesce(${meetings.startedAt}, ${meetings.scheduledAt}, ${meetings.createdAt})`)
    .all();
  const meetingItemRows = db
    .select({
      id: meetingItems.id,
      meetingId: meetingItems.meetingId,
      position: meetingItems.position,
      kind: meetingItems.kind,
      versionId: meetingItems.versionId,
      title: meetingItems.title,
      plannedMinutes: meetingItems.plannedMinutes,
    })
    .from(meetingItems)
    .innerJoin(meetings, eq(meetings.id, meetingItems.meetingId))
    .where(eq(meetings.consultationId, cid))
    .orderBy(asc(meetingItems.position))
    .all();
  const attendanceRows = db
    .select({ meetingId: meetingAttendance.meetingId, membershipId: meetingAttendance.membershipId })
    .from(meetingAttendance)
    .innerJoin(meetings, eq(meetings.id, meetingAttendance.meetingId))
    .where(eq(meetings.consultationId, cid))
    .all();
  const noteRows = db
    .select({
      id: meetingNotes.id,
      meetingId: meetingNotes.meetingId,
      itemId: meetingNotes.itemId,
      body: meetingNotes.body,
      createdAt: meetingNotes.createdAt,
    })
    .from(meetingNotes)
    .innerJoin(meetings, eq(meetings.id, meetingNotes.meetingId))
    .where(eq(meetings.consultationId, cid))
    .orderBy(asc(meetingNotes.createdAt), sql`${meetingNotes}.rowid`)
    .all();
  const quoteRows = db
    .select({
      id: meetingQuotes.id,
      meetingId: meetingQuotes.meetingId,
      itemId: meetingQuotes.itemId,
      body: meetingQuotes.body,
      membershipId: meetingQuotes.membershipId,
      perspective: meetingQuotes.perspective,
      createdAt: meetingQuotes.createdAt,
    })
    .from(meetingQuotes)
    .innerJoin(meetings, eq(meetings.id, meetingQuotes.meetingId))
    .where(eq(meetings.consultationId, cid))
    .orderBy(asc(meetingQuotes.createdAt), sql`${meetingQuotes}.rowid`)
    .all();
  const questionRows = db
    .select({
      meetingId: meetingQuestions.meetingId,
      itemId: meetingQuestions.itemId,
      prompt: meetingQuestions.prompt,
      openedAt: meetingQuestions.openedAt,
      answers: sql<number>`(select count(*) from ${meetingAnswers} a where a.question_id = ${meetingQuestions.id})`,
    })
    .from(meetingQuestions)
    .innerJoin(meetings, eq(meetings.id, meetingQuestions.meetingId))
    .where(eq(meetings.consultationId, cid))
    .orderBy(asc(meetingQuestions.openedAt), sql`${meetingQuestions}.rowid`)
    .all();

  return {
    consultation,
    now,
    roundRows,
    people,
    versionRows,
    ratingRows,
    activity,
    flagRows,
    decisionRows,
    decisionSourceRows,
    sourceRows,
    linkRows,
    configurationRows,
    reportedSourceCounts,
    commentRows,
    meeting: { meetingRows, meetingItemRows, attendanceRows, noteRows, quoteRows, questionRows },
  };
}
