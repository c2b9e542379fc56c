/** Consultations: listing the caller's, creating one (with its three rounds), settings. */
import crypto from "node:crypto";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { consultations, memberships, rounds, users } from "@/db/schema";
import { describeConsensusRule, LIMITS, MIN_GROUP_SIZE, SCALE_PRESETS, type ConsensusRule } from "@/shared/domain";
import { text } from "../validation";
import type { SessionUser } from "../trpc";
import { badRequest, forbidden, notFound, recordAudit, type Actor } from "./actor";
import { writeTransaction } from "@/db/transaction";

export const DEFAULT_ROUNDS = 3;

/** How panel members see each other, as the settings form words it. */
export const ANONYMITY_LABELS: Record<"named" | "pseudonymous", string> = {
  named: "By name and perspective",
  pseudonymous: "By pseudonym",
};

const scaleLabels = z.array(text(LIMITS.scaleLabel));

/**
 * A consensus rule as the settings form sends it. Every check reports on the rule as a whole
 * ("Consensus rule: …"), with a sentence that says which part to change.
 */
export const consensusRuleInput = z
  .object({
    topFrom: z.number().int("Ratings are whole numbers"),
    topMinPercent: z.number().int("Give a whole percentage"),
    bottomTo: z.number().int("Ratings are whole numbers").nullable(),
    bottomMaxPercent: z.number().int("Give a whole percentage").nullable(),
  })
  .superRefine((r, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: "custom", message });
    if (r.topMinPercent < 1 || r.topMinPercent > 100) issue("The share rating at the top must be from 1 to 100%");
    if (r.topFrom < 2) issue("The top band must start at 2 or higher: a rule over every rating would always be met");
    if ((r.bottomTo === null) !== (r.bottomMaxPercent === null)) {
      issue("Give both the share and the rating of the bottom condition, or leave both empty");
    } else if (r.bottomTo !== null && r.bottomMaxPercent !== null) {
      if (r.bottomMaxPercent < 1 || r.bottomMaxPercent > 100) issue("The share rating at the bottom must be from 1 to 100%");
      if (r.bottomTo < 1) issue("The bottom band must include rating 1");
      else if (r.bottomTo >= r.topFrom) {
        issue(`The bottom band (${r.bottomTo} or lower) must end below the top band (${r.topFrom} or higher)`);
      }
    }
  });

export const consultationFields = z
  .object({
    title: text(LIMITS.title),
    researchQuestion: text(LIMITS.researchQuestion),
    description: text(LIMITS.consultationDescription),
    scaleMax: z.union([z.literal(5), z.literal(9)], "The scale runs from 1 to 5 or from 1 to 9"),
    scaleLabels: scaleLabels.optional(),
    anonymity: z.enum(["named", "pseudonymous"], "Choose named or pseudonymous"),
    erasurePolicy: z.enum(["anonymise", "remove"], "Choose what erasing a stakeholder does").optional(),
    /** Absent: left as it is; null: no rule. */
    consensusRule: consensusRuleInput.nullable().optional(),
    /** Absent: the default (3) for a new consultation, left as it is on an update. */
    minGroupSize: z
      .number("Give the smallest group as a whole number")
      .int("Give the smallest group as a whole number")
      .min(MIN_GROUP_SIZE.min, `The smallest group shown must be at least ${MIN_GROUP_SIZE.min} answers`)
      .max(MIN_GROUP_SIZE.max, `The smallest group shown can be at most ${MIN_GROUP_SIZE.max} answers`)
      .optional(),
  })
  .refine((v) => !v.scaleLabels || v.scaleLabels.length === v.scaleMax, {
    message: "Give one label for each point of the scale",
    path: ["scaleLabels"],
  })
  .refine((v) => !v.consensusRule || v.consensusRule.topFrom <= v.scaleMax, {
    message: "The top band must start within the rating scale",
    path: ["consensusRule"],
  });
export type ConsultationFields = z.infer<typeof consultationFields>;

export function listMine(db: DB, user: SessionUser) {
  const rows = db
    .select({
      id: consultations.id,
      slug: consultations.slug,
      title: consultations.title,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(consultations, eq(consultations.id, memberships.consultationId))
    .where(and(eq(memberships.userId, user.id), isNull(memberships.withdrawnAt)))
    .orderBy(asc(consultations.title))
    .all();
  const ids = rows.map((r) => r.id);
  const roundRows = ids.length
    ? db
        .select({ consultationId: rounds.consultationId, number: rounds.number, status: rounds.status })
        .from(rounds)
        .where(inArray(rounds.consultationId, ids))
        .all()
    : [];
  const me = db.select({ canCreate: users.canCreateConsultations }).from(users).where(eq(users.id, user.id)).get();
  return {
    canCreate: me?.canCreate ?? false,
    consultations: rows.map((r) => {
      const own = roundRows.filter((x) => x.consultationId === r.id);
      const open = own.find((x) => x.status === "open");
      return { ...r, openRound: open?.number ?? null, rounds: own.length };
    }),
  };
}

export function slugify(title: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return base || "consultation";
}

export function create(db: DB, user: SessionUser, input: ConsultationFields) {
  const me = db
    .select({ canCreate: users.canCreateConsultations, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, user.id))
    .get();
  if (!me?.canCreate) {
    forbidden("Your account cannot create consultations. Ask the operator to make you a facilitator.");
  }
  return writeTransaction(db, (tx) => {
    let slug = slugify(input.title);
    if (tx.select({ id: consultations.id }).from(consultations).where(eq(consultations.slug, slug)).get()) {
      slug = `${slug}-${crypto.randomBytes(3).toString("hex")}`;
    }
    const consultation = tx
      .insert(consultations)
      .values({
        slug,
        title: input.title,
        researchQuestion: input.researchQuestion,
        description: input.description,
        scaleMax: input.scaleMax,
        scaleLabels: input.scaleLabels ?? SCALE_PRESETS[input.scaleMax],
        anonymity: input.anonymity,
        erasurePolicy: input.erasurePolicy ?? "anonymise",
        consensusRule: input.consensusRule ?? null,
        minGroupSize: input.minGroupSize ?? MIN_GROUP_SIZE.default,
        createdBy: user.id,
      })
      .returning()
      .get();
    const membership = tx
      .insert(memberships)
      .values({
        consultationId: consultation.id,
        userId: user.id,
        role: "facilitator",
        displayName: me.name ?? me.email ?? "Facilitator",
      })
      .returning()
      .get();
    for (let n = 1; n <= DEFAULT_ROUNDS; n++) {
      tx.insert(rounds)
        .values({ consultationId: consultation.id, number: n, title: `Round ${n}` })
        .run();
    }
    recordAudit(tx, { user, consultation, membership }, "consultation.create", consultation.id, {
      title: consultation.title,
      consensusRule: describeConsensusRule(consultation.consensusRule ?? null, consultation.scaleMax),
    });
    return { id: consultation.id, slug: consultation.slug };
  });
}

/** The consultation page's header data, for members only. */
export function bySlug(db: DB, user: SessionUser, slug: string) {
  const row = db
    .select({ consultation: consultations, membership: memberships })
    .from(consultations)
    .innerJoin(
      memberships,
      and(eq(memberships.consultationId, consultations.id), eq(memberships.userId, user.id), isNull(memberships.withdrawnAt)),
    )
    .where(eq(consultations.slug, slug))
    .get();
  if (!row) notFound("This consultation");
  const c = row.consultation;
  return {
    id: c.id,
    slug: c.slug,
    title: c.title,
    researchQuestion: c.researchQuestion,
    description: c.description,
    scaleMax: c.scaleMax,
    scaleLabels: c.scaleLabels,
    anonymity: c.anonymity,
    erasurePolicy: c.erasurePolicy,
    consensusRule: c.consensusRule ?? null,
    minGroupSize: c.minGroupSize,
    isDemo: c.isDemo,
    me: {
      membershipId: row.membership.id,
      role: row.membership.role,
      displayName: row.membership.displayName,
      perspective: row.membership.perspective,
      pseudonymNumber: row.membership.pseudonymNumber,
      /** A facilitator let this stakeholder take meeting notes (they see the Meetings tab). */
      noteTaker: row.membership.noteTaker,
    },
  };
}

function sameRule(a: ConsensusRule | null, b: ConsensusRule | null): boolean {
  if (!a || !b) return a === b;
  return (
    a.topFrom === b.topFrom && a.topMinPercent === b.topMinPercent && a.bottomTo === b.bottomTo && a.bottomMaxPercent === b.bottomMaxPercent
  );
}

export function updateSettings(db: DB, actor: Actor, input: ConsultationFields) {
  const c = actor.consultation;
  return writeTransaction(db, (tx) => {
    const scaleChanged = input.scaleMax !== c.scaleMax;
    const oldRule = c.consensusRule ?? null;
    const rule = input.consensusRule === undefined ? oldRule : input.consensusRule;
    const ruleChanged = !sameRule(oldRule, rule);
    const anonymityChanged = input.anonymity !== c.anonymity;
    // Looser: people who spoke under a pseudonym would be tied to what they said.
    const namesRevealed = anonymityChanged && input.anonymity === "named";
    if (scaleChanged || ruleChanged || namesRevealed) {
      const started = tx
        .select({ id: rounds.id })
        .from(rounds)
        .where(and(eq(rounds.consultationId, c.id), inArray(rounds.status, ["open", "closed"])))
        .get();
      if (started && scaleChanged) badRequest("The rating scale cannot change once a round has been published.");
      // Set afterwards, a rule could be fitted to the results it judges.
      if (started && ruleChanged) {
        badRequest(
          "The consensus rule cannot change once round 1 has opened: it has to be fixed before anyone sees the results, so that it cannot be fitted to them.",
        );
      }
      if (started && namesRevealed) {
        badRequest(
          "Panel members cannot be shown by name once a round has been published: they took part under pseudonyms, and their names would appear beside everything they have already said. Keep them under pseudonyms.",
        );
      }
    }
    if (rule && rule.topFrom > input.scaleMax) {
      badRequest(
        `The consensus rule (${describeConsensusRule(rule, c.scaleMax)}) does not fit a scale of 1 to ${input.scaleMax}: set it again for the new scale.`,
      );
    }
    const labels = input.scaleLabels ?? (scaleChanged ? SCALE_PRESETS[input.scaleMax] : c.scaleLabels);
    const minGroupSize = input.minGroupSize ?? c.minGroupSize;
    tx.update(consultations)
      .set({
        title: input.title,
        researchQuestion: input.researchQuestion,
        description: input.description,
        scaleMax: input.scaleMax,
        scaleLabels: labels,
        anonymity: input.anonymity,
        erasurePolicy: input.erasurePolicy ?? c.erasurePolicy,
        consensusRule: rule,
        minGroupSize,
      })
      .where(eq(consultations.id, c.id))
      .run();
    const before = {
      title: c.title,
      researchQuestion: c.researchQuestion,
      description: c.description,
      scaleMax: c.scaleMax,
      scaleLabels: c.scaleLabels,
      anonymity: c.anonymity,
      erasurePolicy: c.erasurePolicy,
      consensusRule: oldRule,
      minGroupSize: c.minGroupSize,
    };
    recordAudit(tx, actor, "consultation.update", c.id, {
      before,
      after: { ...input, scaleLabels: labels, consensusRule: rule, minGroupSize },
    });
    if (ruleChanged) {
      // Its own entry, in words, so the log shows plainly how the rule came to be what it is.
      recordAudit(tx, actor, "consultation.consensus_rule", c.id, {
        before: describeConsensusRule(oldRule, c.scaleMax),
        after: describeConsensusRule(rule, input.scaleMax),
      });
    }
    if (anonymityChanged) {
      // Its own entry, in words: who can be told apart by whom is the panel's main protection.
      recordAudit(tx, actor, `consultation.anonymity_${input.anonymity}`, c.id, {
        before: ANONYMITY_LABELS[c.anonymity],
        after: ANONYMITY_LABELS[input.anonymity],
      });
    }
    return { slug: c.slug };
  });
}
