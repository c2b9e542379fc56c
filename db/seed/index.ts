/**
 * The demo consultation of the worked example: round 1 open with its ten preliminary mechanisms,
 * a fictional panel of 19 and illustrative responses. Runs only on an empty database.
 */
import { count } from "drizzle-orm";
import type { DB } from "../index";
import {
  auditLog,
  comments,
  consultations,
  flagEndorsements,
  flags,
  mechanismVersions,
  mechanisms,
  memberships,
  ratings,
  rounds,
  users,
} from "../schema";
import { SCALE_PRESETS } from "../../server/domain";
import {
  demoCoFacilitator,
  demoConsultation,
  demoFacilitator,
  demoPanel,
  demoRound1Responses,
  demoRounds,
  round1Mechanisms,
} from "./demo-content";

const HOUR = 60 * 60 * 1000;

export function isEmpty(db: DB): boolean {
  return db.select({ n: count() }).from(users).get()!.n === 0;
}

export function seedDemo(db: DB, now = new Date()): { facilitatorEmail: string } {
  const opened = new Date(now.getTime() - 5 * 24 * HOUR);
  // Responses arrive at deterministic times after the round opened.
  const at = (i: number) => new Date(opened.getTime() + (i + 1) * HOUR + (i % 7) * 11 * 60 * 1000);

  db.transaction((tx) => {
    const facilitator = tx
      .insert(users)
      .values({ ...demoFacilitator, canCreateConsultations: true, emailVerified: opened })
      .returning()
      .get();
    const coFacilitator = tx
      .insert(users)
      .values({ ...demoCoFacilitator, canCreateConsultations: true })
      .returning()
      .get();
    const consultation = tx
      .insert(consultations)
      .values({
        slug: demoConsultation.slug,
        title: demoConsultation.title,
        researchQuestion: demoConsultation.researchQuestion,
        description: demoConsultation.description,
        scaleMax: 5,
        scaleLabels: SCALE_PRESETS[5],
        anonymity: "pseudonymous",
        createdBy: facilitator.id,
        createdAt: new Date(opened.getTime() - 14 * 24 * HOUR),
      })
      .returning()
      .get();
    for (const f of [facilitator, coFacilitator]) {
      tx.insert(memberships)
        .values({ consultationId: consultation.id, userId: f.id, role: "facilitator", displayName: f.name! })
        .run();
    }
    const panel = demoPanel.map((p, i) => {
      const user = tx.insert(users).values({ name: p.name, email: p.email }).returning().get();
      return tx
        .insert(memberships)
        .values({
          consultationId: consultation.id,
          userId: user.id,
          role: "stakeholder",
          perspective: p.perspective,
          pseudonymNumber: i + 1,
          displayName: p.name,
        })
        .returning()
        .get();
    });
    const roundRows = demoRounds.map((r) =>
      tx
        .insert(rounds)
        .values({
          consultationId: consultation.id,
          number: r.number,
          title: r.title,
          instructions: r.instructions,
          status: r.number === 1 ? "open" : "draft",
          openedAt: r.number === 1 ? opened : null,
        })
        .returning()
        .get(),
    );
    const round1 = roundRows[0];
    // The log starts as the real one would have.
    tx.insert(auditLog)
      .values([
        { consultationId: consultation.id, actorId: facilitator.id, action: "consultation.create", targetId: consultation.id, details: { title: consultation.title }, createdAt: consultation.createdAt },
        { consultationId: consultation.id, actorId: facilitator.id, action: "panel.add_many", targetId: null, details: { count: panel.length }, createdAt: new Date(opened.getTime() - 7 * 24 * HOUR) },
        { consultationId: consultation.id, actorId: facilitator.id, action: "round.publish", targetId: round1.id, details: { number: 1, mechanisms: round1Mechanisms.length }, createdAt: opened },
      ])
      .run();
    const versions = round1Mechanisms.map((m, i) => {
      const mechanism = tx.insert(mechanisms).values({ consultationId: consultation.id }).returning().get();
      return tx
        .insert(mechanismVersions)
        .values({ mechanismId: mechanism.id, roundId: round1.id, name: m.name, description: m.description, position: i + 1, updatedAt: opened })
        .returning()
        .get();
    });

    const { ratings: demoRatings, comments: demoComments, flags: demoFlags } = demoRound1Responses;
    demoRatings.forEach((r, i) => {
      tx.insert(ratings)
        .values({ versionId: versions[r.mechanism].id, membershipId: panel[r.panelIndex].id, value: r.rating, createdAt: at(i), updatedAt: at(i) })
        .run();
    });
    demoComments.forEach((c, i) => {
      const parent = tx
        .insert(comments)
        .values({ roundId: round1.id, versionId: versions[c.mechanism].id, membershipId: panel[c.panelIndex].id, body: c.body, createdAt: at(i * 5) })
        .returning()
        .get();
      c.replies?.forEach((r, j) => {
        tx.insert(comments)
          .values({ roundId: round1.id, versionId: parent.versionId, parentId: parent.id, membershipId: panel[r.panelIndex].id, body: r.body, createdAt: at(i * 5 + j + 2) })
          .run();
      });
    });
    demoFlags.forEach((f, i) => {
      const flag = tx
        .insert(flags)
        .values({ roundId: round1.id, membershipId: panel[f.panelIndex].id, name: f.name, covers: f.covers, whyItMatters: f.whyItMatters, createdAt: at(20 + i) })
        .returning()
        .get();
      f.endorsedBy.forEach((p, j) => {
        tx.insert(flagEndorsements).values({ flagId: flag.id, membershipId: panel[p].id, createdAt: at(21 + i + j) }).run();
      });
    });
  });
  return { facilitatorEmail: demoFacilitator.email };
}
