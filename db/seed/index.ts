/**
 * The demo consultation of the worked example, played through: round 1 (ten preliminary
 * mechanisms) closed with illustrative responses, round 2 built from its feedback with every
 * decision linked to what motivated it and the panel's "Use of power" flag accepted as Working
 * with power, round 2 closed after its panel meeting (agenda, attendance, notes and quotes), and
 * round 3 open with eight mechanisms and the evidence base shown to the panel: the review's 27
 * cited sources, their links to the mechanisms, the published counts and seven configurations.
 * The panel of 19, all responses and the meeting are fictional, and the evidence extracts are
 * illustrative; the consultation is marked as a demo so every page says so.
 * Runs only on an empty database, in one transaction, and gives the same data every time.
 */
import { and, count, eq, inArray } from "drizzle-orm";
import type { DB } from "../index";
import {
  auditLog,
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
  memberships,
  ratings,
  rounds,
  sources,
  users,
} from "../schema";
import { SCALE_PRESETS } from "@/shared/domain";
import { captureAnchor } from "../../server/services/anchors";
import {
  demoCoFacilitator,
  demoConsultation,
  demoFacilitator,
  demoPanel,
  demoRound1Responses,
  demoRounds,
  round1Mechanisms,
} from "./demo-content";
import {
  demoRound2Responses,
  demoRound3Responses,
  round1Decisions,
  round1FlagAccepted,
  round2Added,
  round2Decisions,
  round2Mechanisms,
  round3Revisions,
  type DemoDecision,
} from "./demo-rounds";
import { demoConfigurations, demoIncludedSourceCount, demoLinks, demoReportedCounts, demoSources } from "./demo-evidence";
import { demoMeeting } from "./demo-meetings";

const MINUTE = 60 * 1000;

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** Deterministic spread of ratings around a typical value, within 1..5. */
function spread(typical: number, person: number, mechanism: number): number {
  const offsets = [0, 0, -1, 0, 1, -1, 0];
  return Math.min(5, Math.max(1, typical + offsets[(person * 3 + mechanism * 5) % offsets.length]));
}

export function isEmpty(db: DB): boolean {
  return db.select({ n: count() }).from(users).get()!.n === 0;
}

export function seedDemo(db: DB, now = new Date()): { facilitatorEmail: string } {
  const t = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const opened = t(60);
  const timeline = {
    1: { opened, closed: t(46) },
    2: { opened: t(30), closed: t(16) },
    3: { opened: t(3), closes: new Date(now.getTime() + 11 * DAY) },
  };
  // Responses arrive at deterministic times after their round opened.
  const after = (start: Date) => (i: number) => new Date(start.getTime() + (i + 1) * HOUR + (i % 7) * 11 * 60 * 1000);
  const at = after(opened);

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
        isDemo: true,
        includedSourceCount: demoIncludedSourceCount,
        consensusRule: { topFrom: 4, topMinPercent: 70, bottomTo: 2, bottomMaxPercent: 15 },
        createdBy: facilitator.id,
        createdAt: new Date(opened.getTime() - 14 * 24 * HOUR),
      })
      .returning()
      .get();
    for (const f of [facilitator, coFacilitator]) {
      tx.insert(memberships).values({ consultationId: consultation.id, userId: f.id, role: "facilitator", displayName: f.name! }).run();
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
    const settings = {
      1: { status: "closed", openedAt: timeline[1].opened, closedAt: timeline[1].closed, meetingMode: "in_person" },
      2: {
        status: "closed",
        openedAt: timeline[2].opened,
        closedAt: timeline[2].closed,
        meetingMode: "drafts_before_meeting",
        preparedAt: t(44),
      },
      // Round 3 is where the review showed the panel the evidence for each mechanism.
      3: {
        status: "open",
        openedAt: timeline[3].opened,
        opensAt: timeline[3].opened,
        closesAt: timeline[3].closes,
        meetingMode: "online",
        preparedAt: t(14),
        evidenceVisible: true,
      },
    } as const;
    const roundRows = demoRounds.map((r) =>
      tx
        .insert(rounds)
        .values({
          consultationId: consultation.id,
          number: r.number,
          title: r.title,
          instructions: r.instructions,
          feedbackVisibility: "all",
          ...settings[r.number],
        })
        .returning()
        .get(),
    );
    const [round1, round2, round3] = roundRows;
    // The log starts as the real one would have.
    tx.insert(auditLog)
      .values([
        {
          consultationId: consultation.id,
          actorId: facilitator.id,
          action: "consultation.create",
          targetId: consultation.id,
          details: { title: consultation.title },
          createdAt: consultation.createdAt,
        },
        {
          consultationId: consultation.id,
          actorId: facilitator.id,
          action: "panel.add_many",
          targetId: null,
          details: { count: panel.length },
          createdAt: new Date(opened.getTime() - 7 * 24 * HOUR),
        },
        {
          consultationId: consultation.id,
          actorId: facilitator.id,
          action: "round.publish",
          targetId: round1.id,
          details: { number: 1, mechanisms: round1Mechanisms.length },
          createdAt: opened,
        },
        {
          consultationId: consultation.id,
          actorId: facilitator.id,
          action: "round.close",
          targetId: round1.id,
          details: { number: 1 },
          createdAt: timeline[1].closed,
        },
        {
          consultationId: consultation.id,
          actorId: coFacilitator.id,
          action: "round.publish",
          targetId: round2.id,
          details: { number: 2, mechanisms: round2Mechanisms.length },
          createdAt: timeline[2].opened,
        },
        {
          consultationId: consultation.id,
          actorId: coFacilitator.id,
          action: "round.close",
          targetId: round2.id,
          details: { number: 2 },
          createdAt: timeline[2].closed,
        },
        {
          consultationId: consultation.id,
          actorId: facilitator.id,
          action: "round.publish",
          targetId: round3.id,
          details: { number: 3, mechanisms: round2Mechanisms.length - 2 },
          createdAt: timeline[3].opened,
        },
      ])
      .run();
    const versions = round1Mechanisms.map((m, i) => {
      const mechanism = tx.insert(mechanisms).values({ consultationId: consultation.id }).returning().get();
      return tx
        .insert(mechanismVersions)
        .values({
          mechanismId: mechanism.id,
          roundId: round1.id,
          name: m.name,
          description: m.description,
          position: i + 1,
          updatedAt: opened,
        })
        .returning()
        .get();
    });

    const { ratings: demoRatings, comments: demoComments, flags: demoFlags } = demoRound1Responses;
    demoRatings.forEach((r, i) => {
      tx.insert(ratings)
        .values({
          versionId: versions[r.mechanism].id,
          membershipId: panel[r.panelIndex].id,
          value: r.rating,
          createdAt: at(i),
          updatedAt: at(i),
        })
        .run();
    });
    const round1CommentIds: string[] = [];
    demoComments.forEach((c, i) => {
      const parent = tx
        .insert(comments)
        .values({
          roundId: round1.id,
          versionId: versions[c.mechanism].id,
          membershipId: panel[c.panelIndex].id,
          body: c.body,
          createdAt: at(i * 5),
        })
        .returning()
        .get();
      round1CommentIds.push(parent.id);
      c.replies?.forEach((r, j) => {
        tx.insert(comments)
          .values({
            roundId: round1.id,
            versionId: parent.versionId,
            parentId: parent.id,
            membershipId: panel[r.panelIndex].id,
            body: r.body,
            createdAt: at(i * 5 + j + 2),
          })
          .run();
      });
    });
    const round1FlagIds: string[] = [];
    demoFlags.forEach((f, i) => {
      const flag = tx
        .insert(flags)
        .values({
          roundId: round1.id,
          membershipId: panel[f.panelIndex].id,
          name: f.name,
          covers: f.covers,
          whyItMatters: f.whyItMatters,
          createdAt: at(20 + i),
        })
        .returning()
        .get();
      round1FlagIds.push(flag.id);
      f.endorsedBy.forEach((p, j) => {
        tx.insert(flagEndorsements)
          .values({ flagId: flag.id, membershipId: panel[p].id, createdAt: at(21 + i + j) })
          .run();
      });
    });

    // Between rounds 1 and 2: the facilitators' decisions, each linked to the feedback behind it.
    const writeDecisions = (
      roundId: string,
      list: DemoDecision[],
      from: { mechanismId: string; id: string }[],
      to: (string | null)[],
      commentIds: string[],
      decidedAt: Date,
      decidedBy: string,
    ) => {
      list.forEach((d, i) => {
        const decision = tx
          .insert(decisions)
          .values({
            roundId,
            mechanismId: from[i].mechanismId,
            kind: d.kind,
            rationale: d.rationale,
            statusNote: d.kind === "keep_with_note" ? d.statusNote : "",
            mergeIntoMechanismId: d.kind === "merge" ? to[d.into] : null,
            decidedBy,
            createdAt: decidedAt,
            updatedAt: decidedAt,
          })
          .returning()
          .get();
        for (const source of d.sources) {
          tx.insert(decisionSources)
            .values(
              "comment" in source
                ? { decisionId: decision.id, kind: "comment", commentId: commentIds[source.comment] }
                : "flag" in source
                  ? { decisionId: decision.id, kind: "flag", flagId: round1FlagIds[source.flag] }
                  : { decisionId: decision.id, kind: "ratings", versionId: from[source.ratingsOf].id },
            )
            .run();
        }
      });
    };

    // Round 2's mechanisms: revised round-1 ones keep their identity; the rest are new.
    const continuesFrom = new Map<number, number>();
    round1Decisions.forEach((d, i) => {
      if (d.kind === "revise") continuesFrom.set(d.to, i);
    });
    const round2Versions = round2Mechanisms.map((m, i) => {
      const earlier = continuesFrom.get(i);
      const mechanismId =
        earlier !== undefined
          ? versions[earlier].mechanismId
          : tx
              .insert(mechanisms)
              .values(
                i === round1FlagAccepted.mechanism
                  ? {
                      consultationId: consultation.id,
                      originKind: "flag",
                      originFlagId: round1FlagIds[round1FlagAccepted.flag],
                      createdAt: t(44),
                    }
                  : { consultationId: consultation.id, originKind: "added", originNote: round2Added[i] ?? "", createdAt: t(44) },
              )
              .returning()
              .get().id;
      return tx
        .insert(mechanismVersions)
        .values({ mechanismId, roundId: round2.id, name: m.name, description: m.description, position: i + 1, updatedAt: t(35) })
        .returning()
        .get();
    });
    writeDecisions(
      round2.id,
      round1Decisions,
      versions,
      round2Versions.map((v) => v.mechanismId),
      round1CommentIds,
      t(40),
      facilitator.id,
    );
    tx.update(flags)
      .set({
        triage: "accepted",
        triageReason: round1FlagAccepted.reason,
        triageMechanismId: round2Versions[round1FlagAccepted.mechanism].mechanismId,
        triagedBy: facilitator.id,
        triagedAt: t(40),
      })
      .where(eq(flags.id, round1FlagIds[round1FlagAccepted.flag]))
      .run();

    // Round 2's illustrative responses.
    const at2 = after(timeline[2].opened);
    let n = 0;
    for (const p of demoRound2Responses.raters) {
      round2Versions.forEach((v, m) => {
        if ((p + m) % 11 === 0) return; // not everyone rates everything
        const when = at2(n++ % 200);
        tx.insert(ratings)
          .values({
            versionId: v.id,
            membershipId: panel[p].id,
            value: spread(demoRound2Responses.typical[m], p, m),
            createdAt: when,
            updatedAt: when,
          })
          .run();
      });
    }
    const round2CommentIds = demoRound2Responses.comments.map((c, i) => {
      const text = round2Mechanisms[c.mechanism].description;
      const start = c.passage ? text.indexOf(c.passage) : -1;
      if (c.passage && start < 0) throw new Error(`Demo passage not in the text: ${c.passage}`);
      const anchor = c.passage ? captureAnchor(text, start, start + c.passage.length) : null;
      const parent = tx
        .insert(comments)
        .values({
          roundId: round2.id,
          versionId: round2Versions[c.mechanism].id,
          membershipId: panel[c.panelIndex].id,
          body: c.body,
          createdAt: at2(i * 9),
          ...(anchor && { anchorQuote: anchor.quote, anchorPrefix: anchor.prefix, anchorSuffix: anchor.suffix, anchorStart: anchor.start }),
        })
        .returning()
        .get();
      c.replies?.forEach((r, j) => {
        tx.insert(comments)
          .values({
            roundId: round2.id,
            versionId: parent.versionId,
            parentId: parent.id,
            membershipId: panel[r.panelIndex].id,
            body: r.body,
            createdAt: at2(i * 9 + j + 3),
          })
          .run();
      });
      return parent.id;
    });
    for (const [i, f] of demoRound2Responses.flags.entries()) {
      const flag = tx
        .insert(flags)
        .values({
          roundId: round2.id,
          membershipId: panel[f.panelIndex].id,
          name: f.name,
          covers: f.covers,
          whyItMatters: f.whyItMatters,
          createdAt: at2(30 + i),
          triage: "declined",
          triageReason: f.declined,
          triagedBy: coFacilitator.id,
          triagedAt: t(12),
        })
        .returning()
        .get();
      f.endorsedBy.forEach((p, j) => {
        tx.insert(flagEndorsements)
          .values({ flagId: flag.id, membershipId: panel[p].id, createdAt: at2(31 + i + j) })
          .run();
      });
    }

    // Round 2's panel meeting: held in person before the round closed, recorded in Roundtable.
    const meetingStart = t(demoMeeting.daysAgo);
    meetingStart.setUTCHours(10, 0, 0, 0); // a morning meeting, whatever time the seed runs
    const minute = (m: number) => new Date(meetingStart.getTime() + m * MINUTE);
    const meeting = tx
      .insert(meetings)
      .values({
        consultationId: consultation.id,
        roundId: round2.id,
        title: demoMeeting.title,
        format: "in_person",
        status: "ended",
        shortCode: demoMeeting.shortCode,
        scheduledAt: meetingStart,
        startedAt: meetingStart,
        endedAt: minute(demoMeeting.minutes),
        resultsVisible: false,
        createdBy: facilitator.id,
        createdAt: t(demoMeeting.daysAgo + 7),
        updatedAt: minute(demoMeeting.minutes),
      })
      .returning()
      .get();
    const itemIds = demoMeeting.agenda.map(
      (item, i) =>
        tx
          .insert(meetingItems)
          .values({
            meetingId: meeting.id,
            position: i + 1,
            ...("mechanism" in item
              ? { kind: "mechanism" as const, versionId: round2Versions[item.mechanism].id }
              : { kind: "free" as const, title: item.title }),
            plannedMinutes: item.minutes,
            spentSeconds: item.minutes * 60,
          })
          .returning({ id: meetingItems.id })
          .get().id,
    );
    tx.insert(meetingAttendance)
      .values([
        ...demoMeeting.joined.map((p, i) => ({
          meetingId: meeting.id,
          membershipId: panel[p].id,
          source: "joined" as const,
          joinedAt: minute(i % 5),
        })),
        ...demoMeeting.recorded.map((p) => ({
          meetingId: meeting.id,
          membershipId: panel[p].id,
          source: "recorded" as const,
          joinedAt: minute(2),
        })),
      ])
      .run();
    for (const n of demoMeeting.notes) {
      tx.insert(meetingNotes)
        .values({
          meetingId: meeting.id,
          itemId: itemIds[n.item],
          body: n.body,
          authorId: coFacilitator.id,
          createdAt: minute(n.minute),
          updatedAt: minute(n.minute),
        })
        .run();
    }
    for (const q of demoMeeting.quotes) {
      tx.insert(meetingQuotes)
        .values({
          meetingId: meeting.id,
          itemId: itemIds[q.item],
          body: q.body,
          ...("panelIndex" in q ? { membershipId: panel[q.panelIndex].id } : { perspective: q.perspective }),
          recordedBy: coFacilitator.id,
          createdAt: minute(q.minute),
        })
        .run();
    }
    const question = tx
      .insert(meetingQuestions)
      .values({
        meetingId: meeting.id,
        itemId: itemIds[demoMeeting.question.item],
        prompt: demoMeeting.question.prompt,
        openedAt: minute(demoMeeting.question.minute),
        closedAt: minute(demoMeeting.question.minute + 6),
      })
      .returning()
      .get();
    demoMeeting.question.answers.forEach((a, i) => {
      tx.insert(meetingAnswers)
        .values({
          questionId: question.id,
          membershipId: panel[a.panelIndex].id,
          body: a.body,
          createdAt: minute(demoMeeting.question.minute + 1 + i),
        })
        .run();
    });
    // Some of the panel rated from the meeting's participant view: the same ratings, marked.
    tx.update(ratings)
      .set({ meetingId: meeting.id, updatedAt: minute(30) })
      .where(
        and(
          inArray(
            ratings.versionId,
            round2Versions.map((v) => v.id),
          ),
          inArray(
            ratings.membershipId,
            demoMeeting.ratedInMeeting.map((p) => panel[p].id),
          ),
        ),
      )
      .run();
    tx.insert(comments)
      .values({
        roundId: round2.id,
        versionId: round2Versions[demoMeeting.comment.mechanism].id,
        membershipId: panel[demoMeeting.comment.panelIndex].id,
        body: demoMeeting.comment.body,
        meetingId: meeting.id,
        createdAt: minute(demoMeeting.comment.minute),
      })
      .run();

    // Round 3: what continued from round 2, revised where the panel asked.
    const continuing = round2Decisions.flatMap((d, i) => (d.kind === "merge" || d.kind === "drop" ? [] : [i]));
    const round3Versions = continuing.map((i, position) => {
      const text = round3Revisions[i] ?? round2Mechanisms[i];
      return tx
        .insert(mechanismVersions)
        .values({
          mechanismId: round2Versions[i].mechanismId,
          roundId: round3.id,
          name: text.name,
          description: text.description,
          position: position + 1,
          updatedAt: t(10),
        })
        .returning()
        .get();
    });
    writeDecisions(
      round3.id,
      round2Decisions,
      round2Versions,
      round2Versions.map((v) => v.mechanismId),
      round2CommentIds,
      t(12),
      coFacilitator.id,
    );

    // Round 3's responses so far.
    const at3 = after(timeline[3].opened);
    n = 0;
    for (const p of demoRound3Responses.raters) {
      round3Versions.forEach((v, m) => {
        if ((p + m) % 5 === 0) return;
        const when = at3(n++ % 40);
        tx.insert(ratings)
          .values({
            versionId: v.id,
            membershipId: panel[p].id,
            value: spread(demoRound3Responses.typical[m], p, m),
            createdAt: when,
            updatedAt: when,
          })
          .run();
      });
    }
    demoRound3Responses.comments.forEach((c, i) => {
      tx.insert(comments)
        .values({
          roundId: round3.id,
          versionId: round3Versions[c.mechanism].id,
          membershipId: panel[c.panelIndex].id,
          body: c.body,
          createdAt: at3(i * 7),
        })
        .run();
    });

    // The evidence base, gathered between rounds 2 and 3 and shown to the panel in round 3.
    const evidenceAt = t(13);
    const mechanismByName = new Map(round2Mechanisms.map((m, i) => [m.name, round2Versions[i].mechanismId]));
    const mechanismNamed = (name: string) => {
      const id = mechanismByName.get(name);
      if (!id) throw new Error(`Demo evidence: no mechanism named ${name}`);
      return id;
    };
    const sourceByRef = new Map(
      demoSources.map((s) => [
        s.ref,
        tx
          .insert(sources)
          .values({ consultationId: consultation.id, ...s, createdAt: evidenceAt, updatedAt: evidenceAt })
          .returning({ id: sources.id })
          .get().id,
      ]),
    );
    const sourceRef = (ref: number) => {
      const id = sourceByRef.get(ref);
      if (!id) throw new Error(`Demo evidence: no source ${ref}`);
      return id;
    };
    for (const [name, n] of Object.entries(demoReportedCounts)) {
      tx.update(mechanisms)
        .set({ reportedSourceCount: n })
        .where(eq(mechanisms.id, mechanismNamed(name)))
        .run();
    }
    tx.insert(evidenceLinks)
      .values(
        demoLinks.map((l) => ({
          consultationId: consultation.id,
          sourceId: sourceRef(l.ref),
          mechanismId: mechanismNamed(l.mechanism),
          effect: l.effect,
          extract: l.extract,
          createdBy: facilitator.id,
          createdAt: evidenceAt,
          updatedAt: evidenceAt,
        })),
      )
      .run();
    const positions = new Map<string, number>();
    for (const c of demoConfigurations) {
      const mechanismId = mechanismNamed(c.mechanism);
      const position = (positions.get(mechanismId) ?? 0) + 1;
      positions.set(mechanismId, position);
      tx.insert(cmoConfigurations)
        .values({
          consultationId: consultation.id,
          mechanismId,
          position,
          polarity: c.polarity,
          context: c.context,
          resource: c.resource,
          reasoning: c.reasoning,
          outcomes: c.outcomes,
          sourceId: sourceRef(c.ref),
          createdAt: evidenceAt,
          updatedAt: evidenceAt,
        })
        .run();
    }
  });
  return { facilitatorEmail: demoFacilitator.email };
}
