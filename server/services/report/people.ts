/**
 * Everyone on the consultation and how a report names them. Shared by the report and the summary
 * page's "Show all", so a person reads the same wherever they are cited.
 */
import { eq } from "drizzle-orm";
import type { DB } from "@/db";
import { memberships } from "@/db/schema";
import { PERSPECTIVE_LABELS, PERSPECTIVE_VALUES, pseudonym, type PerspectiveValue } from "@/shared/domain";
import { WITHDRAWN_NAME } from "../personal-data";
import type { ReportPerson } from "../report-types";

export type Member = typeof memberships.$inferSelect;

export type People = ReturnType<typeof reportPeople>;

/**
 * Everyone on the consultation and how a report names them: "Stakeholder 7, service user",
 * "Facilitator" or "Withdrawn participant", plus the name only when names were chosen.
 */
export function loadPeople(db: DB, consultationId: string, includeNames: boolean): People {
  const members = db.select().from(memberships).where(eq(memberships.consultationId, consultationId)).all();
  return reportPeople(members, includeNames);
}

function reportPeople(members: Member[], includeNames: boolean) {
  const memberById = new Map(members.map((m) => [m.id, m]));
  const cache = new Map<string, ReportPerson>();
  const person = (membershipId: string): ReportPerson => {
    const cached = cache.get(membershipId);
    if (cached) return cached;
    const m = memberById.get(membershipId);
    let p: ReportPerson;
    if (!m) p = { label: WITHDRAWN_NAME, pseudonymNumber: null, perspective: null };
    else if (m.role === "facilitator") p = { label: "Facilitator", pseudonymNumber: null, perspective: null };
    else if (m.withdrawnAt) {
      // Their perspective stays (the figures by perspective keep counting them), their number
      // goes: it would tie what they said to earlier exports that named them.
      p = { label: WITHDRAWN_NAME, pseudonymNumber: null, perspective: m.perspective };
    } else p = { label: pseudonym(m), pseudonymNumber: m.pseudonymNumber, perspective: m.perspective };
    if (includeNames && m && !m.withdrawnAt) p = { ...p, name: m.displayName };
    cache.set(membershipId, p);
    return p;
  };
  /** A person as cited inside a sentence: the pseudonym, and the name when names were chosen. */
  const cite = (membershipId: string) => {
    const p = person(membershipId);
    return p.name ? `${p.label} (${p.name})` : p.label;
  };
  return { members, memberById, person, cite };
}

/** "A patient, service user or carer", "An opinion leader": a quote attributed to a perspective only. */
export function perspectiveAttribution(p: PerspectiveValue): string {
  const label = PERSPECTIVE_LABELS[p].toLowerCase();
  return `${/^[aeiou]/.test(label) ? "An" : "A"} ${label}`;
}

export const UNATTRIBUTED = "Unattributed";

export const emptyByPerspective = <T>(make: () => T) =>
  Object.fromEntries(PERSPECTIVE_VALUES.map((p) => [p, make()])) as Record<PerspectiveValue, T>;
