/**
 * The report's evidence base and meeting record, on a consultation built through the routers with
 * the evidence and the meeting written straight into their tables (their own services are tested
 * with their routers): counts match the links, configurations keep their outcomes, quotes are
 * attributed as the report's options say, every export carries them, and the report still reads
 * a fixed number of queries however many meetings there are.
 */
import { eq } from "drizzle-orm";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import {
  cmoConfigurations,
  comments,
  consultations,
  evidenceLinks,
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
} from "@/db/schema";
import { renderExport } from "@/server/export";
import { renderMarkdown } from "@/server/export/markdown";
import { buildReport, summaryReport } from "@/server/services/report";
import { setup } from "./helpers";

const EXTRACT_INJECTION = '=HYPERLINK("http://x","the leader overruled the team")';

async function world() {
  const w = await setup();
  const { db, consultationId } = w;
  const cid = consultationId;
  const round1 = db
    .select()
    .from(rounds)
    .where(eq(rounds.consultationId, cid))
    .all()
    .find((r) => r.number === 1)!;
  const version = (id: string) => db.select().from(mechanismVersions).where(eq(mechanismVersions.id, id)).get()!;
  const [trust, , power] = w.versions.map(version);
  db.update(consultations).set({ includedSourceCount: 36 }).where(eq(consultations.id, cid)).run();
  db.update(mechanisms).set({ reportedSourceCount: 16 }).where(eq(mechanisms.id, power.mechanismId)).run();

  const source = (ref: number, author: string, year: number, title: string) =>
    db
      .insert(sources)
      .values({ consultationId: cid, ref, authors: [author], year, title, kind: "empirical", searchStage: "Stage 2" })
      .returning()
      .get();
  const choi = source(38, "Choi, S.", 2012, "Managing clinical integration");
  const willumsen = source(45, "Willumsen, E.", 2006, "Leadership in interprofessional collaboration");
  const cramm = source(33, "Cramm, J. M.", 2012, "Disease-management partnership functioning");
  const link = (sourceId: string, effect: "supports" | "weakens" | "refines", extract: string) =>
    db.insert(evidenceLinks).values({ consultationId: cid, sourceId, mechanismId: power.mechanismId, effect, extract }).run();
  link(choi.id, "weakens", EXTRACT_INJECTION);
  link(willumsen.id, "supports", "Leaders who shared decisions kept the professionals engaged.");
  link(cramm.id, "supports", "Partnerships where one member dominated worked less well.");
  const configuration = db
    .insert(cmoConfigurations)
    .values({
      consultationId: cid,
      mechanismId: power.mechanismId,
      position: 3,
      polarity: "absent",
      context: "A merged department must settle its structure.",
      resource: "The leader asks the team for proposals.",
      reasoning: "He overrides them with a plan of his own.",
      outcomes: [
        { sign: "-", text: "The team is upset." },
        { sign: "-", text: "Physicians stop attending joint meetings." },
      ],
      sourceId: choi.id,
    })
    .returning()
    .get();

  // A rating and a comment given in a meeting, a comment on the configuration.
  await w.a.caller.rating.set({ consultationId: cid, versionId: power.id, value: 5 });
  await w.b.caller.rating.set({ consultationId: cid, versionId: power.id, value: 4 });
  const meeting = db
    .insert(meetings)
    .values({
      consultationId: cid,
      roundId: round1.id,
      title: "Round 1 meeting",
      format: "online",
      status: "ended",
      shortCode: "test-r1",
      startedAt: new Date(Date.UTC(2025, 2, 4, 10)),
      endedAt: new Date(Date.UTC(2025, 2, 4, 12)),
    })
    .returning()
    .get();
  db.update(ratings).set({ meetingId: meeting.id }).where(eq(ratings.membershipId, w.a.membershipId)).run();
  db.insert(comments)
    .values({
      roundId: round1.id,
      versionId: power.id,
      membershipId: w.b.membershipId,
      body: "Said in the meeting.",
      meetingId: meeting.id,
    })
    .run();
  db.insert(comments)
    .values({
      roundId: round1.id,
      versionId: power.id,
      membershipId: w.a.membershipId,
      body: "This one rings true.",
      configurationId: configuration.id,
    })
    .run();

  const item = db
    .insert(meetingItems)
    .values({ meetingId: meeting.id, position: 1, kind: "mechanism", versionId: power.id, plannedMinutes: 10 })
    .returning()
    .get();
  db.insert(meetingItems).values({ meetingId: meeting.id, position: 2, kind: "free", title: "Next steps", plannedMinutes: 5 }).run();
  const facilitatorMembership = db
    .select()
    .from(memberships)
    .where(eq(memberships.consultationId, cid))
    .all()
    .find((m) => m.role === "facilitator")!;
  db.insert(meetingAttendance)
    .values([
      { meetingId: meeting.id, membershipId: w.a.membershipId, source: "joined" },
      { meetingId: meeting.id, membershipId: w.b.membershipId, source: "recorded" },
      // Facilitators run the meeting; they are not counted as attending panel members.
      { meetingId: meeting.id, membershipId: facilitatorMembership.id, source: "joined" },
    ])
    .run();
  db.insert(meetingNotes).values({ meetingId: meeting.id, itemId: item.id, body: "Budget holders decide alone." }).run();
  db.insert(meetingNotes).values({ meetingId: meeting.id, itemId: null, body: "Started late." }).run();
  db.insert(meetingQuotes)
    .values([
      {
        meetingId: meeting.id,
        itemId: item.id,
        body: "Whoever holds the budget holds the meeting.",
        membershipId: w.a.membershipId,
        createdAt: new Date(1000),
      },
      { meetingId: meeting.id, itemId: item.id, body: "Nobody asked us.", perspective: "service_user", createdAt: new Date(2000) },
      { meetingId: meeting.id, itemId: item.id, body: "It depends on the day.", createdAt: new Date(3000) },
    ])
    .run();
  const question = db
    .insert(meetingQuestions)
    .values({ meetingId: meeting.id, itemId: item.id, prompt: "Is anything missing?" })
    .returning()
    .get();
  db.insert(meetingAnswers)
    .values([
      { questionId: question.id, membershipId: w.a.membershipId, body: "Money." },
      { questionId: question.id, membershipId: w.b.membershipId, body: "Carers." },
    ])
    .run();
  return { ...w, trust, power, round1, meeting, item };
}

const unzip = async (bytes: Buffer | Uint8Array) => {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, string>();
  for (const [name, file] of Object.entries(zip.files)) out.set(name, await file.async("string"));
  return out;
};

describe("the report's evidence base and meetings", () => {
  it("counts each mechanism's links by effect, with the published count and its configurations", async () => {
    const w = await world();
    const r = buildReport(w.db, { consultationId: w.consultationId, includeNames: false });
    const power = r.mechanisms.find((m) => m.mechanismId === w.power.mechanismId)!;
    expect(power.evidence).toMatchObject({
      linkedSources: 3,
      byEffect: { supports: 2, weakens: 1, refines: 0 },
      reportedSources: 16,
      includedSources: 36,
    });
    expect(power.evidence.configurations).toEqual([
      expect.objectContaining({
        position: 1,
        polarity: "absent",
        source: "Choi (2012) [38]",
        outcomes: [
          { sign: "-", text: "The team is upset." },
          { sign: "-", text: "Physicians stop attending joint meetings." },
        ],
      }),
    ]);
    const trust = r.mechanisms.find((m) => m.mechanismId === w.trust.mechanismId)!;
    expect(trust.evidence).toMatchObject({ linkedSources: 0, reportedSources: null, configurations: [] });
    expect(r.evidence.sources.map((s) => s.citation)).toEqual(["Cramm (2012) [33]", "Choi (2012) [38]", "Willumsen (2006) [45]"]);
    expect(r.evidence.links).toHaveLength(3);
    expect(r.comments.find((c) => c.body === "This one rings true.")).toMatchObject({ configuration: 1, inMeeting: false });
    expect(r.comments.find((c) => c.body === "Said in the meeting.")).toMatchObject({ inMeeting: true, configuration: null });
    expect(power.inMeeting).toEqual({ ratings: 1, comments: 1 });
    expect(r.ratings.filter((x) => x.inMeeting).map((x) => x.stakeholder.label)).toEqual(["Stakeholder 1, practitioner"]);
  });

  it("records each meeting with its attendance, notes, quotes and questions; names only when chosen", async () => {
    const w = await world();
    const r = buildReport(w.db, { consultationId: w.consultationId, includeNames: false });
    expect(r.meetings).toHaveLength(1);
    const [m] = r.meetings;
    expect(m).toMatchObject({
      round: 1,
      title: "Round 1 meeting",
      format: "online",
      status: "ended",
      attendance: 2,
      ratingsInMeeting: 1,
      commentsInMeeting: 1,
    });
    expect(m.attendanceByPerspective).toMatchObject({ practitioner: 1, service_user: 1 });
    expect(m.items.map((i) => [i.position, i.kind, i.title])).toEqual([
      [null, "general", "The meeting as a whole"],
      [1, "mechanism", "Working with power"],
      [2, "free", "Next steps"],
    ]);
    const item = m.items[1];
    expect(item.notes.map((n) => n.text)).toEqual(["Budget holders decide alone."]);
    expect(item.questions).toEqual([expect.objectContaining({ prompt: "Is anything missing?", answers: 2 })]);
    expect(item.quotes.map((q) => q.attribution)).toEqual([
      "Stakeholder 1, practitioner",
      "A patient, service user or carer",
      "Unattributed",
    ]);
    expect(JSON.stringify(r)).not.toContain("Ann Able");

    const named = buildReport(w.db, { consultationId: w.consultationId, includeNames: true });
    expect(named.meetings[0].items[1].quotes[0].attribution).toBe("Ann Able (Stakeholder 1, practitioner)");
    // A quote attributed to a perspective only never gains a name.
    expect(named.meetings[0].items[1].quotes[1]).toMatchObject({ speaker: null, attribution: "A patient, service user or carer" });

    // A report of another round has none of this round's meetings; the summary page has them.
    expect(summaryReport(w.db, w.consultationId).meetings[0].items[1].quotes).toHaveLength(3);
  });

  it("puts the evidence and the meeting record in every export, with spreadsheet cells neutralised", async () => {
    const w = await world();
    const r = buildReport(w.db, { consultationId: w.consultationId, includeNames: false });
    const md = renderMarkdown(r);
    expect(md).toContain("#### Evidence");
    expect(md).toContain("3 sources linked: 2 support it, 1 weakens it. The review reports 16 of its 36 included papers for it.");
    expect(md).toContain("**Configuration 1: the mechanism absent, from Choi (2012) \\[38\\]**");
    expect(md).toContain("Outcome (−) Physicians stop attending joint meetings.");
    expect(md).toContain("### Meeting: Round 1 meeting");
    expect(md).toContain("> **Stakeholder 1, practitioner**:  \n> Whoever holds the budget holds the meeting.");
    expect(md).toContain("“Is anything missing?” (2 answers)");

    const csv = await unzip((await renderExport(r, "csv")).bytes);
    const evidence = csv.get("evidence.csv")!;
    expect(evidence).toContain(`"'=HYPERLINK(""http://x"",""the leader overruled the team"")"`);
    expect(evidence).not.toMatch(/^"?=HYPERLINK/m);
    expect(csv.get("configurations.csv")).toMatch(
      /absent,.*,absent,The team is upset\.,absent,Physicians stop attending joint meetings\.,Choi \(2012\) \[38\]/,
    );
    const notes = csv.get("meeting_notes.csv")!;
    expect(notes).toContain('quote,Nobody asked us.,"A patient, service user or carer",service user');
    expect(notes).toContain("question,Is anything missing?,,,2,");
    expect(csv.get("mechanisms.csv")!.split("\r\n")[0]).toContain(
      "sources_linked,sources_supporting,sources_weakening,sources_refining,sources_reported",
    );

    const docx = await renderExport(r, "docx");
    const word = await JSZip.loadAsync(docx.bytes);
    const xml = await word.file("word/document.xml")!.async("string");
    expect(xml).toContain("Whoever holds the budget holds the meeting.");
    expect(xml).toContain("Configuration 1: the mechanism absent");
  });

  it("reads a fixed number of queries, however many meetings, notes and links there are", async () => {
    const w = await world();
    const client = w.db.$client;
    const prepare = client.prepare.bind(client);
    let statements = 0;
    client.prepare = ((sql: string) => {
      statements += 1;
      return prepare(sql);
    }) as typeof client.prepare;
    const count = () => {
      statements = 0;
      buildReport(w.db, { consultationId: w.consultationId, includeNames: false });
      return statements;
    };
    const before = count();
    expect(before).toBeGreaterThan(10);
    client.prepare = prepare;
    for (let i = 0; i < 5; i++) {
      const m = w.db
        .insert(meetings)
        .values({ consultationId: w.consultationId, roundId: w.round1.id, title: `Extra ${i}`, format: "hybrid", shortCode: `extra-${i}` })
        .returning()
        .get();
      const item = w.db
        .insert(meetingItems)
        .values({ meetingId: m.id, position: 1, kind: "mechanism", versionId: w.power.id })
        .returning()
        .get();
      w.db
        .insert(meetingNotes)
        .values({ meetingId: m.id, itemId: item.id, body: `Note ${i}` })
        .run();
      w.db
        .insert(meetingQuotes)
        .values({ meetingId: m.id, itemId: item.id, body: `Quote ${i}`, perspective: "researcher" })
        .run();
    }
    client.prepare = ((sql: string) => {
      statements += 1;
      return prepare(sql);
    }) as typeof client.prepare;
    expect(count()).toBe(before);
    client.prepare = prepare;
  });
});
