/**
 * The feedback summary, as the demo facilitator reads it: participation, consensus per mechanism,
 * comments filtered by perspective with the keyboard, a round's changes.
 */
import { expect, expectAccessible, signInLink, test, type Page } from "./fixtures";

/** Set SUMMARY_SCREENSHOTS=1 to keep full-page pictures (normal and with text at 200%) in test-results/. */
async function picture(page: Page, name: string) {
  if (!process.env.SUMMARY_SCREENSHOTS) return;
  await page.screenshot({ path: `test-results/summary-${name}.png`, fullPage: true });
  const viewport = page.viewportSize();
  // 200% zoom: half the CSS width, twice the pixels.
  await page.setViewportSize({ width: 640, height: 720 });
  await page.evaluate(() => document.documentElement.style.setProperty("zoom", "2"));
  await page.screenshot({ path: `test-results/summary-${name}-200.png`, fullPage: true });
  await page.evaluate(() => document.documentElement.style.removeProperty("zoom"));
  if (viewport) await page.setViewportSize(viewport);
}

test("the demo facilitator reads the feedback summary and filters comments by perspective", async ({ page }) => {
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
  await page.getByRole("navigation", { name: "Rounds of the summary" }).getByRole("link", { name: "Round 1" }).click();
  await expect(page).toHaveURL(/\/summary\?round=1$/);
  await expect(page.getByRole("link", { name: "Round 1" })).toHaveAttribute("aria-current", "page");
  const communication = page.getByRole("region", { name: "Communication", exact: true });
  await expect(communication.getByRole("definition").filter({ hasText: /met/ })).toHaveText(/Not met/);
  await expect(communication.getByRole("table", { name: "Distribution of the ratings of Communication" })).toBeVisible();
  await expect(communication.getByRole("table", { name: "Figures for Communication by perspective" }).getByRole("row", { name: /^Everyone 11 3 1\.5/ })).toBeVisible();
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
  await page.getByRole("link", { name: "Round 2" }).click();
  const changes = page.locator("section[aria-labelledby=changes]");
  await expect(changes.getByRole("listitem").filter({ hasText: /^Communication · Dropped/ })).toBeVisible();
  const power = changes.getByRole("listitem").filter({ hasText: /^Working with power · Added from a missing-mechanism flag/ });
  await power.getByText(/Feedback behind it/).click();
  await expect(power.getByText(/“Use of power” \(endorsed by 5\)/)).toBeVisible();
  await expectAccessible(page);
});

test("an unknown round is not found, and an open round's figures are marked as still changing", async ({ page }) => {
  await page.goto(signInLink("facilitator@roundtable.test"));
  await page.goto("/c/integrated-care-leadership/summary?round=9");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.goto("/c/integrated-care-leadership/summary?round=3");
  await expect(page.getByText("Round 3 is still open: its figures will change as more of the panel responds.")).toBeVisible();
});
