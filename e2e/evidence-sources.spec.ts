/**
 * A facilitator builds the review's list of sources: one added by hand, an EndNote RIS export and
 * a BibTeX file imported (each checked first, with its report of skipped records and duplicates),
 * then the duplicate the BibTeX file brought in is merged. One choice is made with the keyboard
 * only, and every page is checked with axe.
 */
import path from "node:path";
import { expect, expectAccessible, newFacilitator, publishedConsultation, test, type Page } from "./fixtures";

const fixtures = path.resolve("server/tests/fixtures/sources");

/** SOURCES_SCREENSHOTS=<folder> keeps full-page pictures of each step to look at. */
async function picture(page: Page, name: string) {
  const dir = process.env.SOURCES_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/sources-${name}.png`, fullPage: true });
}

test("a facilitator adds, imports and merges the review's sources", async ({ browser }) => {
  const f = await newFacilitator(browser);
  const { page } = f;
  const { slug } = await publishedConsultation(f, ["Building trust", "Working with power"]);

  await page.goto(`/c/${slug}/evidence/sources`);
  await expect(page.getByRole("heading", { level: 1, name: "Sources" })).toBeVisible();
  await expect(page.getByText("No sources yet.")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Evidence pages" }).getByRole("link", { name: "Evidence matrix" })).toHaveAttribute(
    "href",
    `/c/${slug}/evidence`,
  );
  await expectAccessible(page);

  // By hand: Scragg 2006, without its DOI (the BibTeX file will bring it).
  await page.getByRole("link", { name: "Add a source" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a source" })).toBeVisible();
  await page.getByLabel("Authors").fill("Scragg, T.");
  await page.getByLabel("Title").fill("An evaluation of integrated team management");
  await page.getByLabel("Year").fill("2006");
  await page.getByLabel("Reference number").fill("49");
  await page.getByLabel("DOI").fill("not a doi");
  // The kind is left unchosen: both problems are named, nothing is saved.
  await page.getByRole("button", { name: "Add source" }).click();
  await expect(page.getByText("Choose the kind of source")).toBeVisible();
  await page.getByLabel("Kind").selectOption({ label: "Empirical study" });
  await page.getByRole("button", { name: "Add source" }).click();
  await expect(page.getByText("Some details need correcting")).toBeVisible();
  await expect(page.locator("#source-doi-error")).toHaveText(/^A DOI looks like 10\.1108/);
  await expect(page.getByLabel("DOI")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("DOI").fill("");
  await page.getByRole("button", { name: "Add source" }).click();
  await expect(page.getByRole("status").getByText("“An evaluation of integrated team management” was added.")).toBeVisible();
  await expectAccessible(page);
  await picture(page, "add");

  // An EndNote RIS export: six records, two of which cannot be imported.
  await page.getByRole("navigation", { name: "Evidence pages" }).getByRole("link", { name: "Import a file" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import sources" })).toBeVisible();
  await expectAccessible(page);
  // Too big: said at once, before anything is sent.
  await page
    .getByLabel("Reference file")
    .setInputFiles({ name: "everything.ris", mimeType: "text/plain", buffer: Buffer.alloc(5 * 1024 * 1024 + 1, "TY  - JOUR\n") });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.locator("#import-file-error")).toHaveText(/“everything\.ris” is 5\.0 MB; Roundtable reads files up to 5 MB\. Split it/);
  await page.getByLabel("Reference file").setInputFiles(path.join(fixtures, "endnote-crlf.ris"));
  await page.getByLabel("Kind of sources").selectOption({ label: "Empirical study" });
  await page.getByLabel("Search stage").fill("Stage 2: empirical search");
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByRole("heading", { name: "2. Check what will be imported" })).toBeFocused();
  await expect(page.getByText("6 records: 4 ready to import, 0 possible duplicates, 2 skipped.")).toBeVisible();
  const skipped = page.getByRole("region", { name: "Records that cannot be imported (2)" });
  await expect(skipped.getByRole("row", { name: /^4 Nobody, A\. It has no title\.$/ })).toBeVisible();
  await expect(skipped.getByRole("row", { name: /^5 From territoriality.* Its year "2O09" could not be read as a year\.$/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Ready to import (4)" }).getByText("Aitken and von Treuer (2014)")).toBeVisible();
  await expectAccessible(page);
  await picture(page, "ris-preview");
  await page.getByRole("button", { name: "Import 4 sources" }).click();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "4 sources were imported, 2 skipped." })).toBeVisible();
  await expectAccessible(page);
  await picture(page, "ris-result");

  // A BibTeX file whose Scragg record duplicates the one added by hand.
  await page.getByRole("button", { name: "Import another file" }).click();
  await page.getByLabel("Reference file").setInputFiles(path.join(fixtures, "accents.bib"));
  await page.getByLabel("Kind of sources").selectOption({ label: "Grey literature" });
  await page.getByLabel("Search stage").fill("Stage 1: key papers");
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByText("7 records: 4 ready to import, 1 possible duplicate, 2 skipped.")).toBeVisible();
  const dups = page.getByRole("region", { name: "Possible duplicates (1)" });
  await expect(dups.getByRole("row", { name: /A source already in the review: Scragg \(2006\)/ })).toBeVisible();
  const action = dups.getByLabel("What to do with record 1");
  await expect(action).toHaveValue("merge");
  // Keyboard only: choose "Import anyway", then import.
  await action.focus();
  await page.keyboard.press("ArrowDown");
  await expect(action).toHaveValue("import");
  await expect(
    page.getByRole("region", { name: "Ready to import (4)" }).getByText(/interpreted through the énacted diversity/),
  ).toBeVisible();
  await expectAccessible(page);
  await picture(page, "bib-preview");
  const importButton = page.getByRole("button", { name: "Import 5 sources" });
  await importButton.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "5 sources were imported, 2 skipped." })).toBeVisible();

  // The list: ten sources, a warning about the pair, filters and search.
  await page.getByRole("link", { name: "See the sources" }).click();
  await expect(page.getByText("Showing 1–10 of 10 sources.")).toBeVisible();
  await expect(page.getByText("One pair of sources looks like the same work.")).toBeVisible();
  await page.getByLabel("Kind", { exact: true }).selectOption({ label: "Grey literature" });
  await expect(page.getByText("Showing 1–5 of 5 matching sources (10 in all).")).toBeVisible();
  await page.getByLabel("Search authors, titles, venues, DOIs").fill("Müller");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByText("Showing 1–1 of 1 matching sources (10 in all).")).toBeVisible();
  await expect(page).toHaveURL(/q=M%C3%BCller.*kind=grey|kind=grey.*q=M%C3%BCller/);
  await expectAccessible(page);
  await picture(page, "list");

  // Merge the duplicate pair, keeping the imported record (it has the DOI).
  await page.getByRole("link", { name: "Review possible duplicates" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Possible duplicate sources" })).toBeVisible();
  await expectAccessible(page);
  await picture(page, "duplicates");
  // Said by mistake to be different works, the pair leaves the list; listed again, it comes back.
  await page.getByRole("button", { name: "These are different works" }).click();
  await expect(page.getByText("No possible duplicates.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Possible duplicate sources" })).toBeFocused();
  const distinct = page.getByRole("region", { name: "Marked as different works (1)" });
  await expect(distinct).toContainText("An evaluation of integrated team management");
  await expectAccessible(page);
  await distinct.getByRole("button", { name: /List as possible duplicates again/ }).click();
  await expect(page.getByRole("status")).toContainText("The two records of Scragg (2006): listed as possible duplicates again.");
  await expect(page.getByRole("region", { name: /Marked as different works/ })).toHaveCount(0);
  const pair = page.getByRole("group", { name: "Same first author, year and title: which one to keep?" });
  // Proposed: the more complete record (it has the DOI and venue).
  await expect(pair.getByRole("radio", { name: /10\.1108\/14769018200600023/ })).toBeChecked();
  await page.getByRole("button", { name: "Merge these two" }).click();
  const dialog = page.getByRole("dialog", { name: /Merge into Scragg \(2006\)\?/ });
  await expect(dialog).toContainText("“An evaluation of integrated team management” (Scragg (2006)) will be deleted.");
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(
    page.getByText(/Merged into Scragg \(2006\): 0 evidence links and 0 configurations moved; added its reference number\./),
  ).toBeVisible();
  await expect(page.getByText("No possible duplicates.")).toBeVisible();

  // The kept source now has both the DOI and the reference number typed by hand.
  await page.goto(`/c/${slug}/evidence/sources?q=Scragg`);
  const row = page.getByRole("row", { name: /Scragg \(2006\)/ });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("49");
  await expect(row).toContainText("10.1108/14769018200600023");

  // Deleting asks first, saying what goes with it.
  await row.getByRole("button", { name: "Delete Scragg (2006)" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete Scragg (2006)?" });
  await expect(confirm).toContainText("It is not linked to any mechanism.");
  await confirm.getByRole("button", { name: "Delete source" }).click();
  await expect(page.getByText("“An evaluation of integrated team management” was deleted.")).toBeVisible();
  await expect(page.getByText("No source matches these filters.")).toBeVisible();
});
