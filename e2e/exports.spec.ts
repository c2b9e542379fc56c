/**
 * The demo facilitator downloads the feedback summary from the summary page: the Word report
 * with the mouse, the Excel workbook of round 2 with the keyboard only, a file with names, which
 * the audit log records as such, and the other formats. Each file is opened and read back.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import fs from "node:fs";
import { expect, expectAccessible, signInLink, test } from "./fixtures";

const SLUG = "integrated-care-leadership";

test("the demo facilitator downloads the Word report and the workbook, pseudonymised, and names only by choice", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(signInLink("facilitator@roundtable.test"));
  await expect(page.getByRole("heading", { name: "Your consultations" })).toBeVisible();

  await page.goto(`/c/${SLUG}/summary`);
  await expect(page.getByRole("heading", { name: "Feedback summary", level: 1 })).toBeVisible();
  const exports = page.locator("#exports");
  await expect(exports.getByRole("heading", { name: "Download the whole consultation" })).toBeVisible();
  await expect(exports.getByRole("radio", { name: /Word report/ })).toBeChecked();
  await expect(exports.getByRole("checkbox", { name: "Include stakeholders' names" })).not.toBeChecked();
  await expectAccessible(page);

  // The Word report, with the mouse.
  const [docx] = await Promise.all([page.waitForEvent("download"), exports.getByRole("button", { name: "Download" }).click()]);
  expect(docx.suggestedFilename()).toBe(`${SLUG}-all-rounds-summary.docx`);
  const docxBytes = fs.readFileSync((await docx.path())!);
  expect(docxBytes.length).toBeGreaterThan(10_000);
  const word = await JSZip.loadAsync(docxBytes);
  const documentXml = await word.file("word/document.xml")!.async("string");
  expect(documentXml).toContain("Methods appendix");
  expect(documentXml).toContain("Stakeholder 1,");
  // The evidence base and round 2's meeting record are in the report.
  expect(documentXml).toContain("The review reports 16 of its 36 included papers for it.");
  expect(documentXml).toContain("Configuration 1: the mechanism absent, from Choi (2012) [38]");
  expect(documentXml).toContain("Meeting: Round 2 panel meeting");
  expect(documentXml).toContain("That is what power looks like from where I sit.");
  expect(await word.file("word/header1.xml")!.async("string")).toContain("DEMO DATA");
  // The page is still the summary: a download does not navigate.
  await expect(page).toHaveURL(new RegExp(`/c/${SLUG}/summary$`));

  // Round 2's workbook, with the keyboard only: the radio group is one tab stop, arrows choose.
  await page.goto(`/c/${SLUG}/summary?round=2`);
  await expect(exports.getByRole("heading", { name: "Download round 2" })).toBeVisible();
  await exports.getByRole("radio", { name: /Word report/ }).focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
  await expect(exports.getByRole("radio", { name: /Excel workbook/ })).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(exports.getByRole("checkbox", { name: "Include stakeholders' names" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(exports.getByRole("button", { name: "Download" })).toBeFocused();
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  expect(xlsx.suggestedFilename()).toBe(`${SLUG}-round-2-summary.xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await xlsx.path())!);
  expect(workbook.worksheets.map((w) => w.name)).toEqual([
    "about",
    "ratings",
    "statistics",
    "comments",
    "flags",
    "participants",
    "mechanisms",
    "participation",
    "sources",
    "evidence",
    "configurations",
    "meetings",
    "meeting_notes",
  ]);
  const ratings = workbook.getWorksheet("ratings")!;
  expect((ratings.getRow(1).values as unknown[]).slice(1)).toEqual([
    "stakeholder",
    "perspective",
    "round",
    "mechanism_id",
    "mechanism",
    "rating",
    "answer",
    "in_meeting",
  ]);
  // Round 2's mechanisms carry the review's evidence; its meeting's quotes are under pseudonyms.
  expect(workbook.getWorksheet("evidence")!.rowCount).toBeGreaterThan(60);
  const notes = workbook.getWorksheet("meeting_notes")!;
  const quoteRows: unknown[][] = [];
  notes.eachRow((row, n) => {
    if (n > 1 && row.getCell(7).value === "quote") quoteRows.push((row.values as unknown[]).slice(1));
  });
  expect(quoteRows.length).toBeGreaterThanOrEqual(3);
  expect(quoteRows.map((r) => r[8])).toContain("Stakeholder 9");
  expect(ratings.rowCount).toBeGreaterThan(20);
  ratings.eachRow((row, n) => {
    if (n > 1) expect(row.getCell(3).value).toBe(2);
  });
  const participants = workbook.getWorksheet("participants")!;
  participants.eachRow((row, n) => {
    if (n > 1) expect(String(row.getCell(1).value)).toMatch(/^Stakeholder \d+$|^Withdrawn participant/);
  });

  // Names are an explicit choice, and the audit log says when a file had them.
  await exports.getByRole("radio", { name: /CSV files for R/ }).check();
  await exports.getByRole("checkbox", { name: "Include stakeholders' names" }).check();
  const [csv] = await Promise.all([page.waitForEvent("download"), exports.getByRole("button", { name: "Download" }).click()]);
  expect(csv.suggestedFilename()).toBe(`${SLUG}-round-2-summary-with-names.csv.zip`);
  const zip = await JSZip.loadAsync(fs.readFileSync((await csv.path())!));
  expect((await zip.file("ratings.csv")!.async("string")).split("\r\n")[0]).toBe(
    "stakeholder,perspective,round,mechanism_id,mechanism,rating,answer,in_meeting,name",
  );
  // With names, a quote by a panel member carries their name; one attributed to a perspective does not.
  const meetingNotes = await zip.file("meeting_notes.csv")!.async("string");
  expect(meetingNotes).toContain("Siobhan Gallagher");
  expect(meetingNotes).toMatch(/"A patient, service user or carer",service user,NA,[^,]+,\r\n/);

  // The other formats come from the same form, and each opens as what it says it is.
  await exports.getByRole("checkbox", { name: "Include stakeholders' names" }).uncheck();
  const checks: Array<[RegExp, string, (bytes: Buffer) => void]> = [
    [/PDF report/, "pdf", (b) => expect(b.subarray(0, 5).toString()).toBe("%PDF-")],
    [/Markdown report/, "md", (b) => expect(b.toString("utf8")).toMatch(/^# Leadership of integrated care teams and systems\n/)],
    [/JSON/, "json", (b) => expect(JSON.parse(b.toString("utf8"))).toMatchObject({ formatVersion: 2, round: 2, namesIncluded: false })],
  ];
  for (const [label, extension, check] of checks) {
    await exports.getByRole("radio", { name: label }).check();
    const [download] = await Promise.all([page.waitForEvent("download"), exports.getByRole("button", { name: "Download" }).click()]);
    expect(download.suggestedFilename()).toBe(`${SLUG}-round-2-summary.${extension}`);
    check(fs.readFileSync((await download.path())!));
  }
  await exports.screenshot({ path: process.env.EXPORTS_SCREENSHOT ?? "test-results/exports-section.png" });

  await page.goto(`/c/${SLUG}/audit`);
  await expect(page.getByRole("cell", { name: "Exported with stakeholders' names" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Exported the feedback report or data" })).toHaveCount(5);
  await context.close();
});

test("the download route refuses people who are not signed in, with a sentence", async ({ request }) => {
  const res = await request.get(`/c/${SLUG}/export?format=pdf`);
  expect(res.status()).toBe(401);
  expect(await res.text()).toContain("Please sign in first.");
});
