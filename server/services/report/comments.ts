/**
 * Comments as a report shows them (hidden ones by their reason only), for the report's comment
 * section and for the summary page's "Show all", which reads one group on demand.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { cmoConfigurations, comments, flags, mechanismVersions, rounds } from "@/db/schema";
import { notFound } from "../actor";
import type { ReportComment, ReportPerson } from "../report-types";
import type { FlagRow } from "./load";
import type { Versions } from "./mechanisms";
import { loadPeople } from "./people";
import type { Rounds } from "./rounds";

export const HIDDEN_PREFIX = "Hidden by the facilitators: ";

export const commentColumns = {
  id: comments.id,
  roundId: comments.roundId,
  versionId: comments.versionId,
  flagId: comments.flagId,
  parentId: comments.parentId,
  membershipId: comments.membershipId,
  body: comments.body,
  createdAt: comments.createdAt,
  hiddenAt: comments.hiddenAt,
  hiddenReason: comments.hiddenReason,
  anchorQuote: comments.anchorQuote,
  meetingId: comments.meetingId,
  configurationId: comments.configurationId,
};

export type CommentRow = {
  id: string;
  roundId: string;
  versionId: string | null;
  flagId: string | null;
  parentId: string | null;
  membershipId: string;
  body: string;
  createdAt: Date;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  anchorQuote: string | null;
  meetingId: string | null;
  configurationId: string | null;
};

/**
 * Comment rows read as tuples (in commentColumns' order), made objects here: the ORM's per-cell
 * mapping of 20,000 comments costs more than the query itself.
 */
export function commentRowsOf(tuples: unknown[][]): CommentRow[] {
  return tuples.map((t) => {
    const [
      id,
      roundId,
      versionId,
      flagId,
      parentId,
      membershipId,
      body,
      createdAt,
      hiddenAt,
      hiddenReason,
      anchorQuote,
      meetingId,
      configurationId,
    ] = t as [
      string,
      string,
      string | null,
      string | null,
      string | null,
      string,
      string,
      number,
      number | null,
      string | null,
      string | null,
      string | null,
      string | null,
    ];
    return {
      id,
      roundId,
      versionId,
      flagId,
      parentId,
      membershipId,
      body,
      createdAt: new Date(createdAt),
      hiddenAt: hiddenAt === null ? null : new Date(hiddenAt),
      hiddenReason,
      anchorQuote,
      meetingId,
      configurationId,
    };
  });
}

function reportComment(
  c: CommentRow,
  ctx: {
    roundNumber: number;
    version: { name: string; mechanismId: string } | undefined;
    flagName: string | null;
    /** Whether the comment replied to is in the same list. */
    parentKept: boolean;
    person: (membershipId: string) => ReportPerson;
    /** Position of a configuration commented on, by its id. */
    configurationPosition: (configurationId: string) => number | null;
  },
): ReportComment {
  const hidden = c.hiddenAt !== null;
  return {
    id: c.id,
    round: ctx.roundNumber,
    mechanism: ctx.version?.name ?? null,
    mechanismId: ctx.version?.mechanismId ?? null,
    flag: ctx.flagName,
    passage: c.anchorQuote,
    // A reply to a comment its author deleted stands on its own.
    replyTo: c.parentId && ctx.parentKept ? c.parentId : null,
    author: ctx.person(c.membershipId),
    // A hidden text never leaves the database in a report: only why it was hidden.
    body: hidden ? `${HIDDEN_PREFIX}${c.hiddenReason ?? ""}` : c.body,
    createdAt: c.createdAt,
    hidden,
    inMeeting: c.meetingId !== null,
    configuration: c.configurationId ? ctx.configurationPosition(c.configurationId) : null,
  };
}

/** The comments of the rounds in scope, and how many of them were given in each meeting. */
export function reportCommentsOf(
  commentRows: CommentRow[],
  ctx: {
    rounds: Rounds;
    versions: Versions;
    flagById: Map<string, FlagRow>;
    person: (membershipId: string) => ReportPerson;
    configurationPosition: (configurationId: string) => number | null;
  },
) {
  const kept = new Set(commentRows.map((c) => c.id));
  const reportComments: ReportComment[] = commentRows.map((c) =>
    reportComment(c, {
      roundNumber: ctx.rounds.roundById.get(c.roundId)!.number,
      version: c.versionId ? ctx.versions.versionById.get(c.versionId) : undefined,
      flagName: c.flagId ? (ctx.flagById.get(c.flagId)?.flag.name ?? null) : null,
      parentKept: !!c.parentId && kept.has(c.parentId),
      person: ctx.person,
      configurationPosition: ctx.configurationPosition,
    }),
  );
  const commentsByMeeting = new Map<string, number>();
  const meetingCommentsByVersion = new Map<string, number>();
  for (const c of commentRows) {
    if (!c.meetingId) continue;
    commentsByMeeting.set(c.meetingId, (commentsByMeeting.get(c.meetingId) ?? 0) + 1);
    if (c.versionId) meetingCommentsByVersion.set(c.versionId, (meetingCommentsByVersion.get(c.versionId) ?? 0) + 1);
  }
  return { reportComments, commentsByMeeting, meetingCommentsByVersion };
}

/**
 * Every comment of one group (a mechanism in a round, or the round's flags when mechanismId is
 * null), for "Show all": a few indexed queries, whatever the size of the consultation.
 */
export function groupComments(db: DB, consultationId: string, roundNumber: number, mechanismId: string | null): ReportComment[] {
  const round = db
    .select()
    .from(rounds)
    .where(and(eq(rounds.consultationId, consultationId), eq(rounds.number, roundNumber)))
    .get();
  if (!round) notFound(`Round ${roundNumber}`);
  if (round.status === "draft") return [];
  const { person } = loadPeople(db, consultationId, false);
  let rows: (CommentRow & { flagName: string | null })[];
  let version: { name: string; mechanismId: string } | undefined;
  if (mechanismId) {
    const v = db
      .select({ id: mechanismVersions.id, name: mechanismVersions.name, mechanismId: mechanismVersions.mechanismId })
      .from(mechanismVersions)
      .where(and(eq(mechanismVersions.mechanismId, mechanismId), eq(mechanismVersions.roundId, round.id)))
      .get();
    if (!v) notFound("This mechanism");
    version = v;
    rows = db
      .select({ ...commentColumns, flagName: sql<string | null>`null` })
      .from(comments)
      .where(and(eq(comments.versionId, v.id), isNull(comments.deletedAt)))
      .orderBy(asc(comments.createdAt), sql`${comments}.rowid`)
      .all();
  } else {
    rows = db
      .select({ ...commentColumns, flagName: flags.name })
      .from(comments)
      .innerJoin(flags, eq(flags.id, comments.flagId))
      .where(and(eq(comments.roundId, round.id), isNull(comments.deletedAt)))
      .orderBy(asc(comments.createdAt), sql`${comments}.rowid`)
      .all();
  }
  const kept = new Set(rows.map((r) => r.id));
  // Configurations are numbered 1, 2… in their mechanism's order, as in the report.
  const positions = new Map(
    (mechanismId
      ? db
          .select({ id: cmoConfigurations.id })
          .from(cmoConfigurations)
          .where(eq(cmoConfigurations.mechanismId, mechanismId))
          .orderBy(asc(cmoConfigurations.position))
          .all()
      : []
    ).map((c, i) => [c.id, i + 1]),
  );
  return rows.map((c) =>
    reportComment(c, {
      roundNumber,
      version,
      flagName: c.flagName,
      parentKept: !!c.parentId && kept.has(c.parentId),
      person,
      configurationPosition: (id) => positions.get(id) ?? null,
    }),
  );
}
