/**
 * The evidence base around the mechanisms: links and configurations (validation, one link per
 * source and mechanism, nothing across consultations), the matrix and its counts and filters, its
 * exports, the round's switch and what the panel sees, and comments on a configuration.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import type { DB } from "@/db";
import { and, eq } from "drizzle-orm";
import { consultations, memberships, sessions, sources } from "@/db/schema";
import type { SourceKind } from "@/shared/domain";
import { evidenceExportResponse, matrixCsv, renderEvidenceExport } from "@/server/services/evidence-export";
import { matrix } from "@/server/services/evidence";
import { countRows, expectRefused, setup, snapshot, type World } from "./helpers";

function addSource(
  db: DB,
  consultationId: string,
  s: { title: string; authors?: string[]; year?: number; kind?: SourceKind; searchStage?: string; ref?: number; doi?: string },
): string {
  return db
    .insert(sources)
    .values({
      consultationId,
      authors: s.authors ?? ["Smith, Ann"],
      year: s.year ?? 2019,
      title: s.title,
      kind: s.kind ?? "empirical",
      searchStage: s.searchStage ?? "",
      ref: s.ref ?? null,
      doi: s.doi ?? null,
    })
    .returning({ id: sources.id })
    .get().id;
}

async function mechanismIds(w: World, round = 1) {
  const { mechanisms } = await w.facilitator.mechanism.listForRound({ consultationId: w.consultationId, round });
  return mechanisms.map((m) => m.mechanismId);
}

const configuration = (sourceId: string | null) => ({
  polarity: "present" as const,
  context: "Teams spread across health and social care sites",
  resource: "A leader who meets each profession on its own ground",
  reasoning: "Staff feel their way of working is respected",
  outcomes: [
    { sign: "+" as const, text: "Staff share information across services" },
    { sign: "-" as const, text: "Fewer referrals bounce between teams" },
  ],
  sourceId,
});

describe("evidence links", () => {
  it("links a source to a mechanism once, edits and removes the link, and audits each step", async () => {
    const w = await setup();
    const [m1] = await mechanismIds(w);
    const s1 = addSource(w.db, w.consultationId, { title: "Leading across boundaries", authors: ["Smith, Ann", "Jones, Bo", "Khan, Cy"] });
    const c = w.consultationId;
    const { id } = await w.facilitator.evidence.addLink({
      consultationId: c,
      sourceId: s1,
      mechanismId: m1,
      effect: "supports",
      extract: "  Leaders who visited each site built trust.  ",
    });

    await expectRefused(
      w.db,
      () =>
        w.facilitator.evidence.addLink({ consultationId: c, sourceId: s1, mechanismId: m1, effect: "weakens", extract: "Another reading" }),
      "CONFLICT",
      /Smith et al\. \(2019\) is already linked to this mechanism; edit the existing link/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.evidence.addLink({ consultationId: c, sourceId: s1, mechanismId: m1, effect: "supports", extract: "ab" }),
      "BAD_REQUEST",
      /Extract: Too short/,
    );
    await expectRefused(
      w.db,
      () =>
        w.facilitator.evidence.addLink({
          consultationId: c,
          sourceId: s1,
          mechanismId: m1,
          effect: "proves" as "supports",
          extract: "Valid words",
        }),
      "BAD_REQUEST",
      /supports, weakens or refines/,
    );

    let page = await w.facilitator.evidence.mechanism({ consultationId: c, mechanismId: m1 });
    expect(page.links).toHaveLength(1);
    expect(page.links[0]).toMatchObject({ effect: "supports", extract: "Leaders who visited each site built trust." });
    expect(page.links[0].source.citation).toBe("Smith et al. (2019) Leading across boundaries.");

    await w.facilitator.evidence.updateLink({
      consultationId: c,
      linkId: id,
      effect: "refines",
      extract: "Trust grew only where visits were regular.",
    });
    page = await w.facilitator.evidence.mechanism({ consultationId: c, mechanismId: m1 });
    expect(page.counts).toEqual({ total: 1, supports: 0, weakens: 0, refines: 1 });

    await w.facilitator.evidence.removeLink({ consultationId: c, linkId: id });
    expect(countRows(w.db, "evidence_link")).toBe(0);
    const audit = await w.facilitator.audit.list({ consultationId: c });
    expect(audit.entries.map((e) => e.label)).toEqual(
      expect.arrayContaining([
        "Linked a source to a mechanism",
        "Changed the evidence a source gives a mechanism",
        "Removed a source's link to a mechanism",
      ]),
    );
  });

  it("refuses a source or a mechanism of another consultation, and hides its links from other facilitators", async () => {
    const w = await setup();
    const [m1] = await mechanismIds(w);
    const [otherMechanism] = (
      await w.other.facilitator.mechanism.listForRound({ consultationId: w.other.consultationId, round: 1 })
    ).mechanisms.map((m) => m.mechanismId);
    const mine = addSource(w.db, w.consultationId, { title: "Our source" });
    const theirs = addSource(w.db, w.other.consultationId, { title: "Their source" });
    const c = w.consultationId;
    await expectRefused(
      w.db,
      () =>
        w.facilitator.evidence.addLink({ consultationId: c, sourceId: theirs, mechanismId: m1, effect: "supports", extract: "Some words" }),
      "NOT_FOUND",
      /source/,
    );
    await expectRefused(
      w.db,
      () =>
        w.facilitator.evidence.addLink({
          consultationId: c,
          sourceId: mine,
          mechanismId: otherMechanism,
          effect: "supports",
          extract: "Some words",
        }),
      "NOT_FOUND",
      /mechanism/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.evidence.addConfiguration({ consultationId: c, mechanismId: m1, ...configuration(theirs) }),
      "NOT_FOUND",
      /source/,
    );
    const { id } = await w.facilitator.evidence.addLink({
      consultationId: c,
      sourceId: mine,
      mechanismId: m1,
      effect: "supports",
      extract: "Some words",
    });
    // The other consultation's facilitator, naming our link through their own consultation.
    await expectRefused(
      w.db,
      () => w.other.facilitator.evidence.removeLink({ consultationId: w.other.consultationId, linkId: id }),
      "NOT_FOUND",
    );
    await expectRefused(w.db, () => w.a.caller.evidence.removeLink({ consultationId: c, linkId: id }), "FORBIDDEN");
  });
});

describe("configurations", () => {
  it("adds, validates, edits, reorders and removes configurations, keeping their numbers 1..n", async () => {
    const w = await setup();
    const [m1] = await mechanismIds(w);
    const s1 = addSource(w.db, w.consultationId, { title: "Leading across boundaries" });
    const c = w.consultationId;
    const first = await w.facilitator.evidence.addConfiguration({ consultationId: c, mechanismId: m1, ...configuration(s1) });
    const second = await w.facilitator.evidence.addConfiguration({
      consultationId: c,
      mechanismId: m1,
      ...configuration(null),
      context: "A newly merged team",
    });
    const third = await w.facilitator.evidence.addConfiguration({
      consultationId: c,
      mechanismId: m1,
      ...configuration(null),
      context: "A team under inspection",
    });
    expect([first.position, second.position, third.position]).toEqual([1, 2, 3]);

    await expectRefused(
      w.db,
      () => w.facilitator.evidence.addConfiguration({ consultationId: c, mechanismId: m1, ...configuration(null), outcomes: [] }),
      "BAD_REQUEST",
      /Outcomes: Give at least one outcome/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.evidence.addConfiguration({ consultationId: c, mechanismId: m1, ...configuration(null), context: "  " }),
      "BAD_REQUEST",
      /Context: Too short/,
    );
    await expectRefused(
      w.db,
      () =>
        w.facilitator.evidence.addConfiguration({
          consultationId: c,
          mechanismId: m1,
          ...configuration(null),
          outcomes: Array.from({ length: 11 }, () => ({ sign: "+" as const, text: "More trust" })),
        }),
      "BAD_REQUEST",
      /At most 10 outcomes/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.evidence.moveConfiguration({ consultationId: c, configurationId: first.id, direction: "up" }),
      "BAD_REQUEST",
      /already the first/,
    );

    await w.facilitator.evidence.moveConfiguration({ consultationId: c, configurationId: third.id, direction: "up" });
    await w.facilitator.evidence.updateConfiguration({
      consultationId: c,
      configurationId: first.id,
      ...configuration(s1),
      polarity: "absent",
    });
    await w.facilitator.evidence.removeConfiguration({ consultationId: c, configurationId: second.id });
    const page = await w.facilitator.evidence.mechanism({ consultationId: c, mechanismId: m1 });
    expect(page.configurations.map((x) => [x.number, x.context, x.polarity])).toEqual([
      [1, "Teams spread across health and social care sites", "absent"],
      [2, "A team under inspection", "present"],
    ]);
    expect(page.configurations[0].outcomes).toEqual(configuration(null).outcomes);
    expect(page.configurations[0].source?.citation).toBe("Smith (2019) Leading across boundaries.");
  });
});

/** Three mechanisms, four sources, five links. */
async function matrixWorld() {
  const w = await setup();
  const [m1, m2, m3] = await mechanismIds(w);
  const c = w.consultationId;
  const s = {
    a: addSource(w.db, c, { title: '=HYPERLINK("http://evil")', ref: 1, searchStage: "Stage 2" }),
    b: addSource(w.db, c, { title: "Grey report on integrated teams", ref: 2, kind: "grey", searchStage: "Stage 3" }),
    c: addSource(w.db, c, { title: "Leadership in schools", ref: 3, kind: "other_field", searchStage: "Stage 3" }),
    d: addSource(w.db, c, { title: "Unlinked paper", ref: 4 }),
  };
  const link = (sourceId: string, mechanismId: string, effect: "supports" | "weakens" | "refines") =>
    w.facilitator.evidence.addLink({ consultationId: c, sourceId, mechanismId, effect, extract: "In our words." });
  await link(s.a, m1, "supports");
  await link(s.b, m1, "supports");
  await link(s.c, m1, "weakens");
  await link(s.b, m2, "refines");
  await link(s.c, m3, "supports");
  await w.facilitator.evidence.setReportedCount({ consultationId: c, mechanismId: m1, count: 22 });
  await w.facilitator.evidence.setIncludedCount({ consultationId: c, count: 36 });
  return { w, m: [m1, m2, m3], s };
}

describe("the evidence matrix", () => {
  it("counts linked sources per mechanism and per effect, with the published counts", async () => {
    const { w, m, s } = await matrixWorld();
    const x = await w.facilitator.evidence.matrix({ consultationId: w.consultationId });
    expect(x.round?.number).toBe(1);
    expect(x.totalRows).toBe(4);
    expect(x.includedSourceCount).toBe(36);
    expect(x.columns.map((col) => [col.name, col.counts, col.reportedSourceCount])).toEqual([
      ["Building trust", { total: 3, supports: 2, weakens: 1, refines: 0 }, 22],
      ["Taking a wider view", { total: 1, supports: 0, weakens: 0, refines: 1 }, null],
      ["Working with power", { total: 1, supports: 1, weakens: 0, refines: 0 }, null],
    ]);
    expect(x.rows.map((r) => r.source.id)).toEqual([s.a, s.b, s.c, s.d]);
    expect(x.rows[1].cells[m[1]].effect).toBe("refines");
    expect(x.searchStages).toEqual(["Stage 2", "Stage 3"]);
  });

  it("filters by kind, search stage, effect, mechanism and text, counting only what is kept", async () => {
    const { w, m, s } = await matrixWorld();
    const c = w.consultationId;
    const grey = await w.facilitator.evidence.matrix({ consultationId: c, kind: "grey" });
    expect(grey.rows.map((r) => r.source.id)).toEqual([s.b]);
    expect(grey.columns.map((col) => col.counts.total)).toEqual([1, 1, 0]);

    const stage3 = await w.facilitator.evidence.matrix({ consultationId: c, searchStage: "Stage 3" });
    expect(stage3.columns[0].counts).toEqual({ total: 2, supports: 1, weakens: 1, refines: 0 });

    const supports = await w.facilitator.evidence.matrix({ consultationId: c, effect: "supports" });
    expect(supports.rows.map((r) => r.source.id)).toEqual([s.a, s.b, s.c]);
    expect(supports.columns.map((col) => col.counts.total)).toEqual([2, 0, 1]);

    const one = await w.facilitator.evidence.matrix({ consultationId: c, mechanismId: m[1] });
    expect(one.columns.map((col) => col.mechanismId)).toEqual([m[1]]);
    expect(one.rows.map((r) => r.source.id)).toEqual([s.b]);

    const text = await w.facilitator.evidence.matrix({ consultationId: c, text: "SCHOOLS" });
    expect(text.rows.map((r) => r.source.id)).toEqual([s.c]);
    expect(text.columns.map((col) => col.counts.total)).toEqual([1, 0, 1]);
  });

  it("pages hundreds of sources with constant queries and counts across every page", async () => {
    const w = await setup();
    const [m1] = await mechanismIds(w);
    const c = w.consultationId;
    const rows = Array.from({ length: 120 }, (_, i) => ({
      consultationId: c,
      authors: [`Author ${i}`],
      year: 2000 + (i % 20),
      title: `Paper ${i}`,
      ref: i + 1,
    }));
    const ids = w.db.insert(sources).values(rows).returning({ id: sources.id }).all();
    for (const { id } of ids.slice(0, 70)) {
      await w.facilitator.evidence.addLink({
        consultationId: c,
        sourceId: id,
        mechanismId: m1,
        effect: "supports",
        extract: "In our words.",
      });
    }
    const statements: string[] = [];
    const prepare = w.db.$client.prepare.bind(w.db.$client);
    w.db.$client.prepare = ((sql: string) => {
      statements.push(sql);
      return prepare(sql);
    }) as typeof w.db.$client.prepare;
    const page2 = await w.facilitator.evidence.matrix({ consultationId: c, page: 3 });
    w.db.$client.prepare = prepare;
    expect(page2.pages).toBe(3);
    expect(page2.rows).toHaveLength(20);
    expect(page2.columns[0].counts.total).toBe(70);
    // Membership look-up, rounds, versions, sources, links: never one per source.
    expect(statements.length).toBeGreaterThanOrEqual(4);
    expect(statements.length).toBeLessThanOrEqual(6);
  });

  it("exports the filtered matrix as CSV (formulas neutralised), XLSX with the counts, and a Word table", async () => {
    const { w } = await matrixWorld();
    const actor = actorFor(w);
    const m = matrix(w.db, actor, {}, null);
    const csv = matrixCsv(m);
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe(
      "ref,authors,year,title,venue,doi,kind,search_stage,M1 Building trust,M2 Taking a wider view,M3 Working with power",
    );
    // The title would be a formula in a spreadsheet: it starts with an apostrophe instead.
    expect(lines[1]).toBe(`1,"Smith, Ann",2019,"'=HYPERLINK(""http://evil"")",,,Empirical study,Stage 2,supports,,`);
    expect(lines[2]).toMatch(/,supports,refines,$/);
    expect(lines).toHaveLength(5);

    const xlsx = await renderEvidenceExport(w.db, actor, { format: "xlsx", kind: "grey" });
    expect(xlsx.filename).toBe(`${w.slug}-evidence-matrix-round-1.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const counts = book.getWorksheet("counts")!;
    expect(counts.getRow(1).values).toEqual([
      undefined,
      "position",
      "mechanism",
      "linked",
      "supports",
      "weakens",
      "refines",
      "reported",
      "included",
    ]);
    expect(counts.getRow(2).values).toEqual([undefined, 1, "Building trust", 1, 1, 0, 0, 22, 36]);
    expect(book.getWorksheet("matrix")!.rowCount).toBe(2);
    expect(book.getWorksheet("links")!.getRow(2).getCell(5).value).toBe("In our words.");

    const docx = await renderEvidenceExport(w.db, actor, { format: "docx" });
    const xml = await (await JSZip.loadAsync(docx.bytes)).file("word/document.xml")!.async("string");
    expect(xml).toContain("<w:tbl>");
    expect(xml).toContain("Leadership in schools");
    expect(xml).toContain("3 linked (2 support, 1 weaken, 0 refine); 22 reported of 36 included");
    expect(countRows(w.db, "audit_log")).toBeGreaterThan(0);
  });
});

describe("the matrix download route", () => {
  function signIn(db: DB, userId: string): string {
    const token = `test-session-${userId}`;
    db.insert(sessions)
      .values({ sessionToken: token, userId, expires: new Date(Date.now() + 3600_000) })
      .onConflictDoNothing()
      .run();
    return token;
  }
  const request = (slug: string, query: string, token?: string) =>
    new Request(`http://localhost:3000/c/${slug}/evidence/export?${query}`, {
      headers: { ...(token ? { cookie: `authjs.session-token=${token}` } : {}), "sec-fetch-site": "same-origin" },
    });

  it("refuses the panel, other consultations and odd queries with a sentence, and gives facilitators the filtered file", async () => {
    const { w } = await matrixWorld();
    const fac = signIn(w.db, w.facilitatorUser.id);
    const cases: [string, string | undefined, number, RegExp][] = [
      ["format=csv", undefined, 401, /Please sign in first/],
      ["format=csv", signIn(w.db, w.a.user.id), 403, /Only the consultation's facilitators can export its evidence matrix/],
      ["format=csv", signIn(w.db, w.other.facilitatorUser.id), 404, /not found/],
      ["format=pdf", fac, 400, /Format: Choose csv, xlsx or docx/],
      ["format=csv&effect=proves", fac, 400, /Effect: Unknown effect/],
      ["format=csv&round=7", fac, 404, /This round was not found/],
    ];
    const before = snapshot(w.db);
    for (const [query, token, status, message] of cases) {
      const res = await evidenceExportResponse(w.db, request(w.slug, query, token), w.slug);
      expect(res.status, query).toBe(status);
      expect(await res.text()).toMatch(message);
    }
    expect(snapshot(w.db)).toEqual(before);

    const res = await evidenceExportResponse(w.db, request(w.slug, "format=csv&kind=grey", fac), w.slug);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`${w.slug}-evidence-matrix-round-1.csv`);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("Grey report on integrated teams");
    const audit = await w.facilitator.audit.list({ consultationId: w.consultationId });
    expect(audit.entries[0].label).toBe("Exported the evidence matrix");
  });
});

/** The facilitator of a world as the services take them. */
function actorFor(w: World) {
  const consultation = w.db.select().from(consultations).where(eq(consultations.id, w.consultationId)).get()!;
  const membership = w.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.consultationId, w.consultationId), eq(memberships.userId, w.facilitatorUser.id)))
    .get()!;
  return { user: w.facilitatorUser, consultation, membership };
}

describe("what the panel sees", () => {
  async function panelWorld() {
    const w = await setup();
    const [m1] = await mechanismIds(w);
    const c = w.consultationId;
    const s1 = addSource(w.db, c, { title: "Leading across boundaries" });
    const s2 = addSource(w.db, c, { title: "Grey report", authors: ["Lee, Dee", "Park, Jo"], year: 2021, kind: "grey" });
    await w.facilitator.evidence.addLink({
      consultationId: c,
      sourceId: s1,
      mechanismId: m1,
      effect: "supports",
      extract: "Visits built trust.",
    });
    await w.facilitator.evidence.addLink({
      consultationId: c,
      sourceId: s2,
      mechanismId: m1,
      effect: "weakens",
      extract: "Visits alone did little.",
    });
    const conf = await w.facilitator.evidence.addConfiguration({ consultationId: c, mechanismId: m1, ...configuration(s1) });
    return { w, m1, c, conf };
  }

  it("shows nothing until the round's switch is on, then the counts, sources and configurations", async () => {
    const { w, m1, c } = await panelWorld();
    expect(await w.a.caller.evidence.forPanel({ consultationId: c, round: 1, mechanismId: m1 })).toEqual({ visible: false, round: 1 });
    await expectRefused(w.db, () => w.a.caller.evidence.setRoundVisibility({ consultationId: c, round: 1, visible: true }), "FORBIDDEN");
    await expectRefused(w.db, () => w.a.caller.evidence.mechanism({ consultationId: c, mechanismId: m1 }), "FORBIDDEN");
    await expectRefused(w.db, () => w.a.caller.evidence.matrix({ consultationId: c }), "FORBIDDEN");

    await w.facilitator.evidence.setRoundVisibility({ consultationId: c, round: 1, visible: true });
    const seen = await w.a.caller.evidence.forPanel({ consultationId: c, round: 1, mechanismId: m1 });
    if (!seen.visible) throw new Error("the evidence should be visible");
    expect(seen.counts).toEqual({ total: 2, supports: 1, weakens: 1, refines: 0 });
    expect(seen.links.map((l) => [l.citation, l.effectLabel, l.extract])).toEqual([
      ["Lee and Park (2021) Grey report.", "Weakens", "Visits alone did little."],
      ["Smith (2019) Leading across boundaries.", "Supports", "Visits built trust."],
    ]);
    expect(seen.configurations).toHaveLength(1);
    expect(seen.canComment).toBe(true);
    // Another consultation's panel member learns nothing about it.
    await expectRefused(
      w.db,
      () => w.other.stakeholder.caller.evidence.forPanel({ consultationId: c, round: 1, mechanismId: m1 }),
      "NOT_FOUND",
    );
    const audit = await w.facilitator.audit.list({ consultationId: c });
    expect(audit.entries[0].label).toBe("Changed whether the panel sees the evidence in a round");
  });

  it("follows each round's own switch, and keeps a closed round's as it was", async () => {
    const { w, m1, c } = await panelWorld();
    // Round 2 shows the evidence; round 1 does not.
    await w.facilitator.round.close({ consultationId: c, round: 1 });
    await expectRefused(
      w.db,
      () => w.facilitator.evidence.setRoundVisibility({ consultationId: c, round: 1, visible: true }),
      "BAD_REQUEST",
      /closed/,
    );
    await w.facilitator.decision.prepare({ consultationId: c, round: 2 });
    await w.facilitator.evidence.setRoundVisibility({ consultationId: c, round: 2, visible: true });
    // Round 2 is still a draft: the panel does not see it at all.
    await expectRefused(w.db, () => w.a.caller.evidence.forPanel({ consultationId: c, round: 2, mechanismId: m1 }), "NOT_FOUND");
    w.db.$client.prepare("update round set status = 'open', opened_at = ? where consultation_id = ? and number = 2").run(Date.now(), c);
    expect((await w.a.caller.evidence.forPanel({ consultationId: c, round: 2, mechanismId: m1 })).visible).toBe(true);
    expect(await w.a.caller.evidence.forPanel({ consultationId: c, round: 1, mechanismId: m1 })).toEqual({ visible: false, round: 1 });
  });
});

describe("comments on a configuration", () => {
  it("takes a comment on a configuration of this mechanism when the round shows the evidence, and labels it in the list", async () => {
    const w = await setup();
    const [m1, m2] = await mechanismIds(w);
    const c = w.consultationId;
    const conf = await w.facilitator.evidence.addConfiguration({ consultationId: c, mechanismId: m1, ...configuration(null) });
    const elsewhere = await w.facilitator.evidence.addConfiguration({ consultationId: c, mechanismId: m2, ...configuration(null) });
    const target = { versionId: w.versions[0] };
    const comment = { consultationId: c, target, body: "This matches our ward.", configurationId: conf.id };

    await expectRefused(w.db, () => w.a.caller.comment.add(comment), "BAD_REQUEST", /not shown to the panel in round 1/);
    await w.facilitator.evidence.setRoundVisibility({ consultationId: c, round: 1, visible: true });
    await expectRefused(w.db, () => w.a.caller.comment.add({ ...comment, configurationId: elsewhere.id }), "NOT_FOUND", /configuration/);
    await expectRefused(
      w.db,
      () => w.a.caller.comment.add({ ...comment, anchor: { start: 0, end: 4, quote: "What" } }),
      "BAD_REQUEST",
      /not both/,
    );

    const { id } = await w.a.caller.comment.add(comment);
    await w.b.caller.comment.add({ consultationId: c, target, body: "On the whole mechanism." });
    const list = await w.b.caller.comment.list({ consultationId: c, target });
    expect(list.threads.map((t) => [t.body, t.configuration])).toEqual([
      ["This matches our ward.", { number: 1, context: "Teams spread across health and social care sites" }],
      ["On the whole mechanism.", null],
    ]);
    expect(list.threads[0].id).toBe(id);

    // Evidence hidden again: the comment stays, but the panel no longer reads the configuration.
    await w.facilitator.evidence.setRoundVisibility({ consultationId: c, round: 1, visible: false });
    const hidden = await w.b.caller.comment.list({ consultationId: c, target });
    expect(hidden.threads.map((t) => [t.body, t.configuration])).toEqual([
      ["This matches our ward.", null],
      ["On the whole mechanism.", null],
    ]);
    const facilitatorView = await w.facilitator.comment.list({ consultationId: c, target });
    expect(facilitatorView.threads[0].configuration).toEqual({ number: 1, context: "Teams spread across health and social care sites" });
    await w.facilitator.evidence.setRoundVisibility({ consultationId: c, round: 1, visible: true });

    // Another consultation's configuration is not this mechanism's either.
    const [otherMechanism] = (
      await w.other.facilitator.mechanism.listForRound({ consultationId: w.other.consultationId, round: 1 })
    ).mechanisms.map((m) => m.mechanismId);
    const theirs = await w.other.facilitator.evidence.addConfiguration({
      consultationId: w.other.consultationId,
      mechanismId: otherMechanism,
      ...configuration(null),
    });
    await expectRefused(w.db, () => w.a.caller.comment.add({ ...comment, configurationId: theirs.id }), "NOT_FOUND");

    // Closed round: no more comments, on configurations or otherwise.
    await w.facilitator.round.close({ consultationId: c, round: 1 });
    await expectRefused(w.db, () => w.a.caller.comment.add(comment), "BAD_REQUEST", /closed/);
  });
});
