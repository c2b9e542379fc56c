/**
 * The evidence base journey: a facilitator links a source to a mechanism with the evidence in
 * their own words, records a context-mechanism-outcome configuration with two outcomes and turns
 * on the round's "show the evidence to the panel"; a panel member reads it on the mechanism's page
 * and comments on the configuration; with the switch off the panel sees no evidence; the matrix
 * shows the count and downloads as CSV.
 */
import Database from "better-sqlite3";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { E2E_DATA_DIR } from "./fixtures/env";
import { expect, expectAccessible, invite, joinAs, newFacilitator, publishedConsultation, test, trpc } from "./fixtures";

const SHOTS = process.env.EVIDENCE_SHOTS;

async function shot(page: import("./fixtures").Page, name: string) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Sources written straight into the test server's database, as an import would leave them. */
function addSources(consultationId: string, rows: { title: string; authors: string[]; year: number; ref: number }[]) {
  const db = new Database(path.join(E2E_DATA_DIR, "roundtable.db"));
  try {
    const insert = db.prepare(
      "insert into source (id, consultation_id, ref, authors, year, title, venue, doi, kind, search_stage, created_at, updated_at) values (?, ?, ?, ?, ?, ?, '', null, 'empirical', 'Stage 2', ?, ?)",
    );
    for (const r of rows)
      insert.run(crypto.randomUUID(), consultationId, r.ref, JSON.stringify(r.authors), r.year, r.title, Date.now(), Date.now());
  } finally {
    db.close();
  }
}

test("evidence: link, configuration, the round's switch, the panel's view and comment, the matrix and its CSV", async ({ browser }) => {
  test.setTimeout(180_000);
  const f = await newFacilitator(browser);
  const page = f.page;
  const c = await publishedConsultation(f, ["Building trust", "Taking a wider view"]);
  addSources(c.consultationId, [
    { title: "Leading integrated teams across sites", authors: ["Okafor, Ada", "Lind, Per"], year: 2018, ref: 1 },
    { title: "=SUM(1,2) a title that looks like a formula", authors: ["Brown, Jo"], year: 2020, ref: 2 },
  ]);

  // The matrix before any link: two sources, no marks.
  await page.goto(`/c/${c.slug}/evidence`);
  await expect(page.getByRole("heading", { name: "Evidence matrix", level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: /Sources against mechanisms of round 1/ })).toBeVisible();
  await expectAccessible(page);

  // Link a source to "Building trust" from its evidence page.
  await page.getByRole("link", { name: "M1. Building trust" }).click();
  await expect(page.getByRole("heading", { name: "Evidence: Building trust", level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Source", { exact: true }).selectOption({ label: "Okafor and Lind (2018) Leading integrated teams across sites." });
  await page.getByRole("radio", { name: /^Supports/ }).check();
  await page
    .getByLabel(/The evidence, in your own words/)
    .fill("Leaders who spent time at each site were trusted by staff from every service.");
  await page.getByRole("button", { name: "Link the source" }).click();
  await expect(page.getByText("Source linked.")).toBeVisible();
  await expect(page.getByText("Evidence from 1 source: 1 supports, 0 weaken, 0 refine.")).toBeVisible();

  // The published count for this mechanism.
  await page.getByLabel(/Papers the review reports for this mechanism/).fill("22");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Published: 22 papers reported in the review.")).toBeVisible();

  // A configuration with two outcomes, one present and one absent.
  await page.getByRole("button", { name: "Add a configuration" }).click();
  await page.getByRole("textbox", { name: /^Context/ }).fill("A team newly brought together from two organisations");
  await page.getByRole("textbox", { name: /^Mechanism: resource/ }).fill("A leader who visits every site and listens first");
  await page.getByRole("textbox", { name: /^Mechanism: reasoning/ }).fill("Staff feel their ways of working are respected");
  await page.getByLabel("Outcome 1", { exact: true }).fill("Staff share information across services");
  await page.getByRole("button", { name: "Add another outcome" }).click();
  await page.getByLabel("Outcome 2 was").selectOption("-");
  await page.getByLabel("Outcome 2", { exact: true }).fill("Referrals bounce between teams");
  await page.getByLabel("Source it comes from").selectOption({ label: "Okafor and Lind (2018) Leading integrated teams across sites." });
  await page.getByRole("button", { name: "Add the configuration" }).click();
  await expect(page.getByText("Configuration 1 added.")).toBeVisible();
  const card = page.getByRole("article", { name: /Configuration 1/ });
  await expect(card.getByText("Present:")).toBeVisible();
  await expect(card.getByText("Absent:")).toBeVisible();
  await expectAccessible(page);
  await shot(page, "mechanism-evidence");

  // The round's switch, in the round's settings.
  await page.goto(`/c/${c.slug}/rounds/1`);
  await page.getByText("Round settings: title, instructions, meeting, dates").click();
  await page.getByRole("checkbox", { name: "Show the evidence to the panel in this round" }).check();
  await expect(page.getByText("Saved: the panel sees the evidence in this round.")).toBeVisible();
  await expectAccessible(page);

  // A panel member reads the evidence on the mechanism's page and comments on the configuration.
  const panel = await joinAs(browser, await invite(f, c.consultationId, "Sam Panel"));
  await panel.goto(`/c/${c.slug}/rounds/1/mechanisms/${c.mechanismIds[0]}`);
  const evidence = panel.getByRole("region", { name: "Evidence" });
  await expect(evidence.getByText("Evidence from 1 source: 1 supports, 0 weaken, 0 refine.")).toBeVisible();
  await expect(evidence.getByText("22 papers reported in the review.", { exact: false })).toBeVisible();
  await expect(evidence.getByText("Leaders who spent time at each site were trusted by staff from every service.")).toBeVisible();
  await expect(evidence.getByRole("term").filter({ hasText: "Mechanism: reasoning" })).toBeVisible();
  await expectAccessible(panel);
  await evidence.getByRole("button", { name: /Comment on this configuration/ }).click();
  const box = panel.getByLabel("Comment on configuration 1");
  await expect(box).toBeFocused();
  await box.fill("In our area the visits stopped after a month, and so did the trust.");
  await panel.getByRole("button", { name: "Post comment" }).click();
  await expect(panel.getByText("Comment posted.")).toBeVisible();
  const comment = panel.getByRole("article", { name: /Comment by/ }).first();
  await expect(comment.getByText("On configuration 1:")).toBeVisible();
  await expect(comment.getByText("A team newly brought together from two organisations")).toBeVisible();
  await expectAccessible(panel);
  await shot(panel, "panel-evidence");

  // Switched off: the panel sees no evidence at all.
  await trpc(page.request, "evidence.setRoundVisibility", { consultationId: c.consultationId, round: 1, visible: false });
  await panel.reload();
  await expect(panel.getByRole("heading", { name: "Building trust", level: 1 })).toBeVisible();
  await expect(panel.getByRole("heading", { name: "Evidence", exact: true })).toHaveCount(0);
  await expect(panel.getByText("Leaders who spent time at each site")).toHaveCount(0);
  // The comment stays with the mechanism.
  await expect(panel.getByText("In our area the visits stopped after a month, and so did the trust.")).toBeVisible();

  // The matrix: the count, the mark, and the CSV download.
  await page.goto(`/c/${c.slug}/evidence`);
  const table = page.getByRole("table", { name: /Sources against mechanisms of round 1/ });
  await expect(table.getByRole("row", { name: /Linked sources/ })).toContainText("1 (1 / 0 / 0)");
  await expect(table.getByRole("row", { name: /Okafor and Lind/ }).getByText("Supports")).toBeAttached();
  await expect(table.getByRole("row", { name: /Published count/ })).toContainText("22 papers reported");
  await expectAccessible(page);
  await shot(page, "matrix");
  // Filters live in the address: only the sources that weaken a mechanism (none yet).
  await page.getByLabel("Effect").selectOption("weakens");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText("No source matches these filters.")).toBeVisible();
  await expect(page).toHaveURL(/effect=weakens/);
  await page.getByRole("button", { name: "Clear the filters" }).click();
  await expect(table.getByRole("row", { name: /Okafor and Lind/ })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`${c.slug}-evidence-matrix-round-1.csv`);
  const csv = fs.readFileSync(await download.path(), "utf8");
  expect(csv.split("\r\n")[0]).toBe("ref,authors,year,title,venue,doi,kind,search_stage,M1 Building trust,M2 Taking a wider view");
  expect(csv).toContain('1,"Okafor, Ada; Lind, Per",2018,Leading integrated teams across sites,');
  expect(csv).toContain(",supports,");
  expect(csv).toContain(`"'=SUM(1,2) a title that looks like a formula"`);
});
