/**
 * The facilitator's view of a round as responses arrive: per mechanism the ratings and latest
 * comments, per stakeholder whether they have responded. A fixed number of grouped queries.
 */
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { comments, flags, mechanismVersions, memberships, ratings } from "@/db/schema";
import { describeAuthor, PERSPECTIVE_LABELS, pseudonym } from "@/shared/domain";
import type { Actor } from "./actor";
import { ratingCounts } from "./ratings";
import { getRound } from "./round-state";
import { distributionOf } from "@/shared/stats";

export const LATEST_COMMENTS = 3;

export function responses(db: DB, actor: Actor, roundNumber: number) {
  const round = getRound(db, actor, { number: roundNumber });
  const scaleMax = actor.consultation.scaleMax;
  const versions = db
    .select({ id: mechanismVersions.id, mechanismId: mechanismVersions.mechanismId, name: mechanismVersions.name })
    .from(mechanismVersions)
    .where(eq(mechanismVersions.roundId, round.id))
    .orderBy(asc(mechanismVersions.position))
    .all();
  const dist = ratingCounts(
    db,
    versions.map((v) => v.id),
    false,
  );
  const commentCounts = db
    .select({ versionId: comments.versionId, n: count() })
    .from(comments)
    .where(and(eq(comments.roundId, round.id), isNull(comments.deletedAt)))
    .groupBy(comments.versionId)
    .all();
  // The few newest comments of each mechanism, in one query: for each version, the index on
  // (version_id, created_at) is read backwards and stops after LATEST_COMMENTS rows.
  const latest = db.all<{
    id: string;
    version_id: string;
    body: string;
    created_at: number;
    hidden_at: number | null;
    hidden_reason: string | null;
    m_id: string;
    role: "facilitator" | "stakeholder";
    display_name: string;
    perspective: typeof memberships.$inferSelect.perspective;
    pseudonym_number: number | null;
  }>(sql`
    select c.id, c.version_id, c.body, c.created_at, c.hidden_at, c.hidden_reason,
           m.id as m_id, m.role, m.display_name, m.perspective, m.pseudonym_number
    from ${mechanismVersions} v
    join ${comments} c on c.id in (
      select c2.id from ${comments} c2
      where c2.version_id = v.id and c2.deleted_at is null
      order by c2.created_at desc, c2.rowid desc
      limit ${LATEST_COMMENTS}
    )
    join ${memberships} m on m.id = c.membership_id
    where v.round_id = ${round.id}
    order by c.created_at desc, c.rowid desc`);

  const members = db
    .select({
      id: memberships.id,
      role: memberships.role,
      displayName: memberships.displayName,
      perspective: memberships.perspective,
      pseudonymNumber: memberships.pseudonymNumber,
    })
    .from(memberships)
    .where(and(eq(memberships.consultationId, actor.consultation.id), eq(memberships.role, "stakeholder")))
    .orderBy(asc(memberships.pseudonymNumber))
    .all();
  const activity = activityByMember(db, round.id);

  const stakeholders = members.map((m) => {
    const rated = activity.rated.get(m.id) ?? 0;
    const commented = activity.commented.get(m.id) ?? 0;
    const flagged = activity.flagged.get(m.id) ?? 0;
    return {
      id: m.id,
      name: m.displayName,
      pseudonym: pseudonym(m),
      perspectiveLabel: m.perspective ? PERSPECTIVE_LABELS[m.perspective] : "",
      rated,
      comments: commented,
      flags: flagged,
      responded: rated + commented + flagged > 0,
    };
  });

  return {
    round: { id: round.id, number: round.number, status: round.status },
    scaleMax,
    scaleLabels: actor.consultation.scaleLabels,
    panelSize: members.length,
    respondedCount: stakeholders.filter((s) => s.responded).length,
    mechanisms: versions.map((v) => {
      const distribution = distributionOf(dist.get(v.id) ?? [], scaleMax);
      return {
        versionId: v.id,
        mechanismId: v.mechanismId,
        name: v.name,
        ratingCount: distribution.reduce((a, b) => a + b, 0),
        distribution,
        commentCount: commentCounts.find((c) => c.versionId === v.id)?.n ?? 0,
        latestComments: latest
          .filter((c) => c.version_id === v.id)
          .map((c) => ({
            id: c.id,
            body: c.body,
            createdAt: new Date(c.created_at),
            hidden: c.hidden_at !== null,
            hiddenReason: c.hidden_reason,
            author: describeAuthor(
              { id: c.m_id, role: c.role, displayName: c.display_name, perspective: c.perspective, pseudonymNumber: c.pseudonym_number },
              actor.membership,
              actor.consultation.anonymity,
            ).label,
          })),
      };
    }),
    stakeholders,
  };
}

/** Per member of a round: ratings, comments (not deleted) and flags, three grouped queries. */
export function activityByMember(db: DB, roundId: string) {
  const byMember = (rows: { m: string; n: number }[]) => new Map(rows.map((r) => [r.m, r.n]));
  return {
    rated: byMember(
      db
        .select({ m: ratings.membershipId, n: count() })
        .from(ratings)
        .innerJoin(mechanismVersions, eq(mechanismVersions.id, ratings.versionId))
        .where(eq(mechanismVersions.roundId, roundId))
        .groupBy(ratings.membershipId)
        .all(),
    ),
    commented: byMember(
      db
        .select({ m: comments.membershipId, n: count() })
        .from(comments)
        .where(and(eq(comments.roundId, roundId), isNull(comments.deletedAt)))
        .groupBy(comments.membershipId)
        .all(),
    ),
    flagged: byMember(
      db.select({ m: flags.membershipId, n: count() }).from(flags).where(eq(flags.roundId, roundId)).groupBy(flags.membershipId).all(),
    ),
  };
}
