/**
 * Who someone is in a consultation: the one membership look-up behind every authorization, used by
 * tRPC's consultation procedures (by id) and by the download routes (by slug), so both refuse the
 * same people. Withdrawn members (erased at their request) are no longer on the panel.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { prepared } from "@/db/prepared";
import { consultations, memberships } from "@/db/schema";
import type { Consultation, Membership } from "./actor";

export type MembershipOf = { consultation: Consultation; membership: Membership };

export function membershipOf(db: DB, userId: string, by: { consultationId: string } | { slug: string }): MembershipOf | null {
  const byId = "consultationId" in by;
  const query = prepared(db, byId ? "membership.byConsultationId" : "membership.bySlug", (d) =>
    d
      .select({ consultation: consultations, membership: memberships })
      .from(memberships)
      .innerJoin(consultations, eq(consultations.id, memberships.consultationId))
      .where(
        and(
          byId ? eq(memberships.consultationId, sql.placeholder("ref")) : eq(consultations.slug, sql.placeholder("ref")),
          eq(memberships.userId, sql.placeholder("userId")),
          isNull(memberships.withdrawnAt),
        ),
      )
      .prepare(),
  );
  return query.get({ ref: byId ? by.consultationId : by.slug, userId }) ?? null;
}
