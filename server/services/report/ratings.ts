/**
 * The one pass over the ratings of every published round: counts for the figures, who rated in
 * which round, ratings given in meetings, and the optional long-format list.
 */
import { UNSURE, type PerspectiveValue } from "@/shared/domain";
import type { ReportPerson, ReportRating } from "../report-types";
import type { RatingTuple } from "./load";
import type { Member } from "./people";
import { addRespondent, type Respondents } from "./participation";

export type RatingCount = { value: number; perspective: PerspectiveValue | null; n: number };

/**
 * One pass for everything the ratings feed: a large report reads tens of thousands of them, and
 * each extra walk over them would show in its build time.
 */
export function tallyRatings(
  ratingRows: RatingTuple[],
  memberById: Map<string, Member>,
  roundNumberOfVersion: (versionId: string) => number,
) {
  const countsByVersion = new Map<string, Map<string, RatingCount>>();
  const respondents: Respondents = new Map();
  /** Ratings given in a meeting, by version and by meeting. */
  const meetingRatingsByVersion = new Map<string, number>();
  const ratingsByMeeting = new Map<string, number>();
  for (const [versionId, membershipId, value, meetingId] of ratingRows) {
    if (meetingId) {
      meetingRatingsByVersion.set(versionId, (meetingRatingsByVersion.get(versionId) ?? 0) + 1);
      ratingsByMeeting.set(meetingId, (ratingsByMeeting.get(meetingId) ?? 0) + 1);
    }
    const perspective = memberById.get(membershipId)?.perspective ?? null;
    let byKey = countsByVersion.get(versionId);
    if (!byKey) countsByVersion.set(versionId, (byKey = new Map<string, RatingCount>()));
    const key = `${value}:${perspective}`;
    const c = byKey.get(key);
    if (c) c.n += 1;
    else byKey.set(key, { value, perspective, n: 1 });
    addRespondent(respondents, memberById, roundNumberOfVersion(versionId), membershipId);
  }
  return { countsByVersion, respondents, meetingRatingsByVersion, ratingsByMeeting };
}

/**
 * The ratings in long format, one row per rating, in the order the panel read the mechanisms
 * (versionRows is sorted by round and position) and by stakeholder number within each.
 */
export function longFormatRatings(
  ratingRows: RatingTuple[],
  versionRows: { id: string; roundNumber: number; name: string; mechanismId: string }[],
  inScope: (roundNumber: number) => boolean,
  person: (membershipId: string) => ReportPerson,
): ReportRating[] {
  const reportRatings: ReportRating[] = [];
  // Bucketed by version, so only each bucket is sorted.
  const byVersion = new Map<string, [string, number, string | null][]>();
  for (const [versionId, membershipId, value, meetingId] of ratingRows) {
    let list = byVersion.get(versionId);
    if (!list) byVersion.set(versionId, (list = []));
    list.push([membershipId, value, meetingId]);
  }
  const number = (membershipId: string) => person(membershipId).pseudonymNumber ?? Infinity;
  for (const v of versionRows) {
    const list = byVersion.get(v.id);
    if (!list || !inScope(v.roundNumber)) continue;
    list.sort((a, b) => number(a[0]) - number(b[0]));
    for (const [membershipId, value, meetingId] of list) {
      reportRatings.push({
        round: v.roundNumber,
        mechanism: v.name,
        mechanismId: v.mechanismId,
        stakeholder: person(membershipId),
        rating: value === UNSURE ? null : value,
        unsure: value === UNSURE,
        inMeeting: meetingId !== null,
      });
    }
  }
  return reportRatings;
}
