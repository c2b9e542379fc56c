/**
 * The feedback summary, as the demo facilitator reads it: participation, consensus per mechanism,
 * comments filtered by perspective with the keyboard, a round's changes.
 */
import {
  expect,
  expectAccessible,
  invite,
  joinAs,
  newFacilitator,
  publishedConsultation,
  signInLink,
  test,
  trpc,
  unique,
  type Page,
} from "./fixtures";

/**
 * SUMMARY_SCREENSHOTS=<folder> keeps full-page pictures of the summary, as it is and at 200% zoom,
 * to look at (outside test-results/, which every Playwright run empties).
 */
async function picture(page: Page, name: string) {
  const dir = process.env.SUMMARY_SCREENSHOTS;
  if (!dir) return;
  await page.screenshot({ path: `${dir}/summary-${name}.png`, fullPage: true });
  const viewport = page.viewportSize();
  // Text at 200% in a 1280-pixel window (640 CSS pixels), then the 320-pixel reflow width.
  await page.evaluate(() => document.documentElement.style.setProperty("zoom", "2"));
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: `${dir}/summary-${name}-200.png`, fullPage: true });
  await page.setViewportSize({ width: 640, height: 720 });
  await page.screenshot({ path: `${dir}/summary-${name}-320.png`, fullPage: true });
  await page.evaluate(() => document.documentElement.style.removeProperty("zoom"));
  if (viewport) await page.setViewportSize(viewport);
}

test("the demo facilitator reads the feedback summary and filters comments by perspective", async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto(signInLink("facilitator@roundtable.test"));
  await page.getByRole("link", { name: "Leadership of integrated care teams and systems" }).click();
  await page.getByRole("navigation", { name: "Consultation" }).getByRole("link", { name: "Summary" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Feedback summary" })).toBeVisible();
  await expect(page.getByText("At least 70% rate 4-5 and at most 15% rate 1-2").first()).toBeVisible();

  // Participation as a table: 19 on the panel, round by round.
  const participation = page.getByRole("table", { name: "Participation by round" });
  await expect(participation.getByRole("row", { name: /^Round 1 19 11 57\.9%/ })).toBeVisible();
  await expect(participation.getByRole("row", { name: /^Round 2 19 16 84\.2% 11 0%/ })).toBeVisible();
  await expect(page.locator("#exports")).toBeAttached();
  await expectAccessible(page);
  await picture(page, "whole");

  // Round 1 on its own: consensus in words for each mechanism, the distribution as a table.
  const rounds = page.getByRole("navigation", { name: "Rounds of the summary" });
  await rounds.getByRole("link", { name: "Round 1" }).click();
  await expect(page).toHaveURL(/\/summary\?round=1$/);
  await expect(rounds.getByRole("link", { name: "Round 1" })).toHaveAttribute("aria-current", "page");
  const glance = page.getByRole("table", { name: "Round 1 at a glance" });
  await expect(glance.getByRole("row", { name: /^Communication 11 3 1\.5 27\.3% 45\.5% Not met$/ })).toBeVisible();
  await expect(glance.getByRole("row", { name: /^Providing clarity 11 5 0\.5 100% 0% Met$/ })).toBeVisible();
  const communication = page.getByRole("region", { name: "Communication", exact: true });
  await expect(communication.getByRole("definition").filter({ hasText: /met/ })).toHaveText(/Not met/);
  await expect(communication.getByRole("table", { name: "Distribution of the ratings of Communication" })).toBeVisible();
  await expect(
    communication
      .getByRole("table", { name: "Figures for Communication by perspective" })
      .getByRole("row", { name: /^Everyone 11 3 1\.5/ }),
  ).toBeVisible();
  const clarity = page.getByRole("region", { name: "Providing clarity" });
  await expect(clarity.getByRole("definition").filter({ hasText: /met/i })).toHaveText(/^✓ Met$/);

  // Comments from service users only, chosen with the keyboard; the count is announced.
  const filter = page.getByLabel("Show comments from");
  await filter.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(filter).toHaveValue("service_user");
  const status = page.getByRole("status").filter({ hasText: /comments are from patients, service users and carers/ });
  await expect(status).toHaveText(/^\d+ of \d+ comments are from patients, service users and carers\.$/);
  const comments = page.locator("section[aria-labelledby=comments]");
  const captions = comments.locator("figcaption");
  await expect(captions.first()).toBeVisible();
  for (const caption of await captions.allTextContents()) expect(caption).toMatch(/^— Stakeholder \d+, service user/);
  await expect(comments.locator("blockquote").first()).toHaveText(/^“.+”$/);
  await expectAccessible(page);
  await picture(page, "round-1");

  // Round 2: what changed since round 1, and why.
  await rounds.getByRole("link", { name: "Round 2" }).click();
  const changes = page.locator("section[aria-labelledby=changes]");
  await expect(changes.getByRole("listitem").filter({ hasText: /^Communication · Dropped/ })).toBeVisible();
  const power = changes.getByRole("listitem").filter({ hasText: /^Working with power · Added from a missing-mechanism flag/ });
  await power.getByText(/Feedback behind it/).click();
  await expect(power.getByText(/“Use of power” \(endorsed by 5\)/)).toBeVisible();
  await expectAccessible(page);

  // Round 2's mechanisms with their evidence: counts, then the configurations as cards.
  // Its figures' card, not its comments' group of the same name.
  const working = page.getByRole("region", { name: "Working with power", exact: true }).filter({ hasText: "Evidence:" });
  await expect(working.getByText("Given in the round's meeting: 3 ratings and 1 comment.")).toBeVisible();
  const evidence = working.getByText(
    /^Evidence: 9 sources linked \(8 support, 1 refines\) · the review reports 16 of 36 papers · 1 configuration/,
  );
  await evidence.click();
  await expect(working.getByText("Configuration 1: the mechanism absent")).toBeVisible();
  await expect(working.getByText("Many of the physicians stop coming to collaboration meetings.")).toBeVisible();

  // The record of round 2's meeting: notes and verbatim quotes, attributed under pseudonyms.
  await page.locator("nav[aria-label='Sections of the summary']").getByRole("link", { name: "Meetings" }).click();
  const meetings = page.locator("section[aria-labelledby=meetings]");
  await expect(meetings.getByRole("heading", { level: 3, name: "Round 2 panel meeting" })).toBeVisible();
  await expect(meetings.getByText(/^In person · Held .* · 15 panel members attended/)).toBeVisible();
  const quote = meetings.locator("figure").filter({ hasText: "That is what power looks like from where I sit." });
  await expect(quote.locator("figcaption")).toHaveText("— Stakeholder 9, service user");
  await expect(meetings.locator("figcaption").filter({ hasText: "— A patient, service user or carer" })).toHaveCount(1);
  await expect(meetings.getByText("Siobhan Gallagher")).toHaveCount(0);
  await expectAccessible(page);
  if (process.env.SUMMARY_SCREENSHOTS) {
    await working.screenshot({ path: `${process.env.SUMMARY_SCREENSHOTS}/summary-round-2-evidence.png` });
    await meetings.screenshot({ path: `${process.env.SUMMARY_SCREENSHOTS}/summary-round-2-meetings.png` });
  }
});

test("an unknown round is not found, and an open round's figures are marked as still changing", async ({ page }) => {
  await page.goto(signInLink("facilitator@roundtable.test"));
  await page.goto("/c/integrated-care-leadership/summary?round=9");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.goto("/c/integrated-care-leadership/summary?round=3");
  await expect(page.getByText("Round 3 is still open: its figures will change as more of the panel responds.")).toBeVisible();
});

test("the consensus rule is set with the consultation and fixed once round 1 opens", async ({ browser }) => {
  const { page } = await newFacilitator(browser);
  await page.goto("/c/new");
  await page.getByLabel("Title").fill(unique("Rule journey"));
  await page.getByLabel("Research question").fill("What helps teams agree across health and social care?");
  const rule = page.getByRole("group", { name: "Consensus rule" });
  await expect(rule.getByLabel("Judge consensus with a rule")).toBeChecked();
  await rule.getByLabel("Share of ratings at the top, in percent").fill("75");
  await rule.getByLabel("Largest share of ratings at the bottom, in percent").fill("10");
  await expect(rule.getByText("In words: At least 75% rate 4-5 and at most 10% rate 1-2.")).toBeVisible();
  await expectAccessible(page);
  await picture(page, "create");
  await page.getByRole("button", { name: "Create consultation" }).click();
  await expect(page).toHaveURL(/\/rounds\/1$/);
  const slug = page.url().split("/c/")[1].split("/")[0];

  // Nothing to summarise yet.
  await page.goto(`/c/${slug}/summary`);
  await expect(page.getByText("No round has opened yet.")).toBeVisible();
  await expectAccessible(page);

  // A share of 0% is refused with a sentence; a sensible one saves.
  await page.goto(`/c/${slug}/settings`);
  await rule.getByLabel("Share of ratings at the top, in percent").fill("0");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Consensus rule" })).toHaveText(
    "Consensus rule: The share rating at the top must be from 1 to 100%",
  );
  await rule.getByLabel("Share of ratings at the top, in percent").fill("80");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();

  // Round 1 opens: the rule is shown as text and explained, no longer editable.
  const { id } = await trpc<{ id: string }>(page.request, "consultation.bySlug", { slug }, "query");
  await trpc(page.request, "mechanism.add", {
    consultationId: id,
    round: 1,
    name: "Shared purpose",
    description: "Leaders give teams a purpose they share.",
  });
  await trpc(page.request, "round.publish", { consultationId: id, round: 1 });
  await page.reload();
  await expect(page.getByText("At least 80% rate 4-5 and at most 10% rate 1-2.")).toBeVisible();
  await expect(page.getByText(/The rule was fixed when round 1 opened/)).toBeVisible();
  await expect(page.getByLabel("Share of ratings at the top, in percent")).toHaveCount(0);
  await expectAccessible(page);
  await picture(page, "settings-locked");
});

test("a long list of comments shows five and the rest on request", async ({ browser }) => {
  const f = await newFacilitator(browser);
  const setup = await publishedConsultation(f, ["Shared purpose", "Working with power"]);
  const panelist = await joinAs(browser, await invite(f, setup.consultationId, "Sam Stone", "researcher"));
  for (let i = 1; i <= 7; i++) {
    await trpc(panelist.request, "comment.add", {
      consultationId: setup.consultationId,
      target: { versionId: setup.versionIds[0] },
      body: `Thought number ${i}`,
    });
  }
  const page = f.page;
  await page.goto(`/c/${setup.slug}/summary?round=1`);
  const group = page.getByRole("region", { name: "Shared purpose" }).filter({ has: page.getByText("7 comments") });
  await expect(group.locator("figure")).toHaveCount(5);
  await expect(group.locator("figcaption").first()).toHaveText(/^— Stakeholder 1, researcher/);
  const more = group.getByRole("button", { name: "Show all 7 comments on Shared purpose" });
  await more.focus();
  await page.keyboard.press("Enter");
  await expect(group.locator("figure")).toHaveCount(7);
  await expect(group.locator("blockquote").last()).toHaveText("“Thought number 7”");
  await expect(group.getByRole("button", { name: /Show the first 5 only/ })).toHaveAttribute("aria-expanded", "true");
  await expectAccessible(page);
  await picture(page, "show-all");
  // The name given to the panel never appears on the summary.
  await expect(page.getByText("Sam Stone")).toHaveCount(0);
});
