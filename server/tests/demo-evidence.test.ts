/**
 * The demo's evidence base and round-2 meeting, checked against the review's facts in
 * db/seed/worked-example.json: the 27 cited sources, the links each mechanism's evidence cites,
 * the published counts, the seven configurations, round 3 showing the evidence, and a meeting
 * record with notes and quotes. Seeding twice gives the same content.
 */
import { asc, eq, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  cmoConfigurations,
  comments,
  consultations,
  evidenceLinks,
  mechanismVersions,
  mechanisms,
  meetingAttendance,
  meetingItems,
  meetingNotes,
  meetingQuotes,
  meetings,
  memberships,
  ratings,
  rounds,
  sources,
} from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { demoPanel } from "@/db/seed/demo-content";
import workedExample from "@/db/seed/worked-example.json";
import { buildReport } from "@/server/services/report";
import { freshDb } from "./helpers";

function seeded() {
  const db = freshDb();
  seedDemo(db, new Date(Date.UTC(2026, 0, 15, 12)));
  const consultation = db.select().from(consultations).get()!;
  // Each mechanism's latest name (round 2 holds every mechanism the evidence speaks of).
  const names = new Map<string, string>();
  for (const v of db.select().from(mechanismVersions).all()) names.set(v.mechanismId, v.name);
  return { db, consultation, names };
}

describe("the demo's evidence base", () => {
  it("holds the review's 27 cited sources, their links per mechanism and the published counts", () => {
    const { db, consultation, names } = seeded();
    expect(consultation.includedSourceCount).toBe(36);
    const rows = db.select().from(sources).orderBy(asc(sources.ref)).all();
    expect(rows).toHaveLength(27);
    expect(rows.map((s) => s.ref)).toEqual(workedExample.sources.map((s) => s.ref).sort((a, b) => a - b));
    const shaw = rows.find((s) => s.ref === 23)!;
    expect(shaw).toMatchObject({
      authors: ["Shaw"],
      year: 2011,
      title: "Towards integrated care in Trafford",
      kind: "grey",
      searchStage: "Stage 2: empirical search",
    });
    expect(rows.find((s) => s.ref === 24)).toMatchObject({ kind: "empirical", doi: "10.1108/lhs-08-2012-0028" });
    expect(rows.filter((s) => s.kind === "grey").map((s) => s.ref)).toEqual([23, 25, 27, 39]);

    const refById = new Map(rows.map((s) => [s.id, s.ref]));
    const cited: Record<string, number[]> = {};
    for (const l of db.select().from(evidenceLinks).all()) {
      const name = names.get(l.mechanismId)!;
      (cited[name] ??= []).push(refById.get(l.sourceId)!);
      expect(l.extract.length).toBeGreaterThan(40);
    }
    for (const [name, refs] of Object.entries(workedExample.cited_sources)) {
      expect(
        [...(cited[name] ?? [])].sort((a, b) => a - b),
        name,
      ).toEqual(refs);
    }
    const effects = db
      .select({ effect: evidenceLinks.effect })
      .from(evidenceLinks)
      .all()
      .map((l) => l.effect);
    expect(effects.filter((e) => e === "supports").length).toBeGreaterThan(effects.length * 0.8);
    expect(new Set(effects)).toEqual(new Set(["supports", "refines", "weakens"]));

    const reported = Object.fromEntries(
      db
        .select()
        .from(mechanisms)
        .where(isNotNull(mechanisms.reportedSourceCount))
        .all()
        .map((m) => [names.get(m.id), m.reportedSourceCount]),
    );
    expect(reported).toEqual(workedExample.papers_n);
  });

  it("has the seven configurations on their mechanisms, with outcomes and sources, in our own words", () => {
    const { db, names } = seeded();
    const rows = db.select().from(cmoConfigurations).all();
    expect(rows).toHaveLength(7);
    const refById = new Map(
      db
        .select()
        .from(sources)
        .all()
        .map((s) => [s.id, s.ref]),
    );
    const shape = rows.map((c) => ({
      mechanism: names.get(c.mechanismId),
      polarity: c.polarity,
      source: refById.get(c.sourceId!),
      signs: c.outcomes.map((o) => o.sign),
    }));
    expect(shape).toEqual(
      expect.arrayContaining(
        workedExample.cmo_configurations.map((c) => ({
          mechanism: c.mechanism,
          polarity: c.polarity,
          source: c.source,
          signs: c.outcomes.map((o) => o.sign),
        })),
      ),
    );
    // Retold, not copied: no sentence of the fixture appears as it is.
    const fixtureSentences = workedExample.cmo_configurations.flatMap((c) => [c.context, c.resource, c.outcomes.map((o) => o.text)].flat());
    const ours = rows.flatMap((c) => [c.context, c.resource, c.reasoning, ...c.outcomes.map((o) => o.text)]);
    for (const sentence of fixtureSentences) if (sentence.length > 25) expect(ours).not.toContain(sentence);
  });

  it("shows the evidence to the panel in round 3 only", () => {
    const { db } = seeded();
    const visible = db
      .select({ number: rounds.number, evidenceVisible: rounds.evidenceVisible })
      .from(rounds)
      .orderBy(asc(rounds.number))
      .all();
    expect(visible).toEqual([
      { number: 1, evidenceVisible: false },
      { number: 2, evidenceVisible: false },
      { number: 3, evidenceVisible: true },
    ]);
  });

  it("records round 2's meeting: agenda, attendance with the panel members without email, notes and quotes", () => {
    const { db, consultation } = seeded();
    const [meeting] = db.select().from(meetings).all();
    const round2 = db
      .select()
      .from(rounds)
      .all()
      .find((r) => r.number === 2)!;
    expect(meeting).toMatchObject({ roundId: round2.id, format: "in_person", status: "ended", currentItemId: null });
    expect(meeting.endedAt!.getTime()).toBeLessThan(round2.closedAt!.getTime());
    const items = db.select().from(meetingItems).where(eq(meetingItems.meetingId, meeting.id)).all();
    expect(items.filter((i) => i.kind === "mechanism")).toHaveLength(10);
    const attendance = db
      .select({ source: meetingAttendance.source, name: memberships.displayName })
      .from(meetingAttendance)
      .innerJoin(memberships, eq(memberships.id, meetingAttendance.membershipId))
      .where(eq(meetingAttendance.meetingId, meeting.id))
      .all();
    expect(attendance.length).toBeGreaterThanOrEqual(12);
    const withoutEmail = demoPanel.filter((p) => p.email === null).map((p) => p.name);
    expect(
      attendance
        .filter((a) => a.source === "recorded")
        .map((a) => a.name)
        .sort(),
    ).toEqual(withoutEmail.sort());
    expect(db.select().from(meetingNotes).all().length).toBeGreaterThanOrEqual(3);
    const quotes = db.select().from(meetingQuotes).all();
    expect(quotes.length).toBeGreaterThanOrEqual(3);
    expect(quotes.length).toBeLessThanOrEqual(5);
    expect(quotes.some((q) => q.membershipId) && quotes.some((q) => !q.membershipId && q.perspective)).toBe(true);
    expect(db.select().from(ratings).where(eq(ratings.meetingId, meeting.id)).all().length).toBeGreaterThan(0);
    expect(db.select().from(comments).where(eq(comments.meetingId, meeting.id)).all()).toHaveLength(1);

    // In the report, pseudonymised: the quote of a panel member by pseudonym, another by perspective.
    const report = buildReport(db, { consultationId: consultation.id, round: 2, includeNames: false });
    const quoted = report.meetings[0].items.flatMap((i) => i.quotes.map((q) => q.attribution));
    expect(quoted).toContain("Stakeholder 9, service user");
    expect(quoted).toContain("A patient, service user or carer");
    const power = report.mechanisms.find((m) => m.name === "Working with power")!;
    expect(power.evidence).toMatchObject({ linkedSources: 9, reportedSources: 16, includedSources: 36 });
    expect(power.inMeeting.comments).toBe(1);
    for (const p of demoPanel) expect(JSON.stringify(report)).not.toContain(p.name);
  });

  it("seeds the same content every time", () => {
    const content = () => {
      const { db } = seeded();
      return {
        sources: db.select({ ref: sources.ref, title: sources.title, kind: sources.kind }).from(sources).orderBy(asc(sources.ref)).all(),
        links: db
          .select({ effect: evidenceLinks.effect, extract: evidenceLinks.extract })
          .from(evidenceLinks)
          .orderBy(asc(evidenceLinks.extract))
          .all(),
        quotes: db
          .select({ body: meetingQuotes.body, at: meetingQuotes.createdAt })
          .from(meetingQuotes)
          .orderBy(asc(meetingQuotes.createdAt))
          .all(),
      };
    };
    expect(content()).toEqual(content());
  });
});
