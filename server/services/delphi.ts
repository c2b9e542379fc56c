/**
 * Delphi feedback: the results of a round as the panel may see them in the next one. The next
 * round's facilitators choose (round.feedbackVisibility) whether stakeholders see everyone's
 * results, only those of their own perspective, or none; a stakeholder always sees their own
 * previous rating. Facilitators see everyone's. Ratings are counted in SQL (GROUP BY), never
 * read row by row.
 */
import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { prepared } from "@/db/prepared";
import { memberships, ratings } from "@/db/schema";
import { FEEDBACK_VISIBILITY_LABELS, tooFewAnswers, type FeedbackVisibility, type PerspectiveValue } from "@/shared/domain";
import type { Actor } from "./actor";
import type { Round } from "./round-state";
import type { CountRow } from "./ratings";
import { summarise, distributionOf, type RatingSummary } from "@/shared/stats";

/** Perspectives as a group of people: "Results from service users, like you". */
export const PERSPECTIVE_GROUP: Record<PerspectiveValue, string> = {
  practitioner: "practitioners and managers",
  service_user: "patients, service users and carers",
  opinion_leader: "opinion leaders",
  researcher: "researchers",
};

/** Why no group results are shown. */
export type HiddenReason =
  /** The next round's setting is "none". */
  | "setting"
  /** The setting is "perspective" and the viewer has no perspective on record. */
  | "no_perspective"
  /** The round is still running, or the next round is not open yet. */
  | "not_yet";

export type ResultsAccess =
  { group: "all" } | { group: "perspective"; perspective: PerspectiveValue } | { group: "none"; reason: HiddenReason };

/**
 * Whose results of `rated` the actor may see. A round's results reach the panel only once it is
 * closed and the next round is published, as the next round's setting says. Facilitators see
 * everyone's at any time (results of an open round are marked as such by the caller).
 */
export function resultsAccess(
  actor: Actor,
  rated: Pick<Round, "status">,
  next: Pick<Round, "status" | "feedbackVisibility"> | null,
): ResultsAccess {
  if (actor.membership.role === "facilitator") return { group: "all" };
  if (rated.status !== "closed" || !next || next.status === "draft") return { group: "none", reason: "not_yet" };
  if (next.feedbackVisibility === "all") return { group: "all" };
  if (next.feedbackVisibility === "perspective") {
    const perspective = actor.membership.perspective;
    return perspective ? { group: "perspective", perspective } : { group: "none", reason: "no_perspective" };
  }
  return { group: "none", reason: "setting" };
}

/**
 * Rating counts of one version for one group, for the mechanism page: counted straight from the
 * rating index for everyone, joined to the raters' perspective only when that is the filter.
 */
export function groupCounts(db: DB, versionId: string, perspective: PerspectiveValue | null): CountRow[] {
  if (perspective === null) {
    return prepared(db, "delphi.countsAll", (d) =>
      d
        .select({ value: ratings.value, n: count() })
        .from(ratings)
        .where(eq(ratings.versionId, sql.placeholder("versionId")))
        .groupBy(ratings.value)
        .prepare(),
    )
      .all({ versionId })
      .map((r) => ({ ...r, perspective: null }));
  }
  return prepared(db, "delphi.countsPerspective", (d) =>
    d
      .select({ value: ratings.value, n: count() })
      .from(ratings)
      .innerJoin(memberships, eq(memberships.id, ratings.membershipId))
      .where(and(eq(ratings.versionId, sql.placeholder("versionId")), eq(memberships.perspective, sql.placeholder("perspective"))))
      .groupBy(ratings.value)
      .prepare(),
  )
    .all({ versionId, perspective })
    .map((r) => ({ ...r, perspective }));
}

/** One member's ratings of the given versions, by version. */
export function ownRatings(db: DB, membershipId: string, versionIds: string[]): Map<string, number> {
  if (versionIds.length === 0) return new Map();
  const rows = db
    .select({ versionId: ratings.versionId, value: ratings.value })
    .from(ratings)
    .where(and(eq(ratings.membershipId, membershipId), inArray(ratings.versionId, versionIds)))
    .all();
  return new Map(rows.map((r) => [r.versionId, r.value]));
}

/** A round's results as one viewer may see them. */
export type ResultsView = {
  group: "all" | "perspective" | "none";
  /** Whose results these are, e.g. "everyone on the panel", "service users (your perspective)". */
  groupLabel: string;
  perspective: PerspectiveValue | null;
  reason: HiddenReason | null;
  /** Null when the viewer may not see group results, or the group is too small to show. */
  summary: RatingSummary | null;
  /**
   * A perspective's group with fewer ratings than the consultation's minimum group size: its
   * figures are withheld, and this says so ("fewer than 3 answers"). Null otherwise.
   */
  tooFew: string | null;
};

/**
 * The results the viewer may see. A perspective's group below the consultation's minimum group
 * size shows no figures: with one or two ratings, a panel member who knows their own rating could
 * read another's. Facilitators always have access "all", so they always see the figures.
 */
export function summaryFor(rows: CountRow[], access: ResultsAccess, consultation: { scaleMax: number; minGroupSize: number }): ResultsView {
  if (access.group === "none") {
    return { group: "none", groupLabel: "", perspective: null, reason: access.reason, summary: null, tooFew: null };
  }
  const chosen = access.group === "perspective" ? rows.filter((r) => r.perspective === access.perspective) : rows;
  const summary = summarise(distributionOf(chosen, consultation.scaleMax));
  if (access.group === "all") {
    return { group: "all", groupLabel: "everyone on the panel", perspective: null, reason: null, summary, tooFew: null };
  }
  const tooSmall = summary.n < consultation.minGroupSize;
  return {
    group: "perspective",
    groupLabel: PERSPECTIVE_GROUP[access.perspective],
    perspective: access.perspective,
    reason: null,
    summary: tooSmall ? null : summary,
    tooFew: tooSmall ? tooFewAnswers(consultation.minGroupSize) : null,
  };
}

export type DelphiView = {
  /** The round whose results these are (the previous one). */
  roundNumber: number;
  /** Still running (facilitators only ever see an open round's results here). */
  roundOpen: boolean;
  /** What the facilitators chose for this round, and what the panel therefore sees. */
  setting: FeedbackVisibility;
  settingLabel: string;
  results: ResultsView;
  /** The viewer's own rating of the previous version (stakeholders). */
  myRating: number | null;
  scaleLabels: string[];
};

/**
 * Delphi feedback for one mechanism carried over from `previous` into `round`: its previous
 * version's results for the viewer, and the viewer's own previous rating. Two queries.
 */
export function delphiFor(db: DB, actor: Actor, previous: Round, round: Round, previousVersionId: string): DelphiView {
  const access = resultsAccess(actor, previous, round);
  const rows =
    access.group === "none" ? [] : groupCounts(db, previousVersionId, access.group === "perspective" ? access.perspective : null);
  const mine =
    actor.membership.role === "stakeholder"
      ? (prepared(db, "delphi.ownRating", (d) =>
          d
            .select({ value: ratings.value })
            .from(ratings)
            .where(and(eq(ratings.versionId, sql.placeholder("versionId")), eq(ratings.membershipId, sql.placeholder("membershipId"))))
            .prepare(),
        ).get({ versionId: previousVersionId, membershipId: actor.membership.id })?.value ?? null)
      : null;
  return {
    roundNumber: previous.number,
    roundOpen: previous.status !== "closed",
    setting: round.feedbackVisibility,
    settingLabel: FEEDBACK_VISIBILITY_LABELS[round.feedbackVisibility],
    results: summaryFor(rows, access, actor.consultation),
    myRating: mine,
    scaleLabels: actor.consultation.scaleLabels,
  };
}
