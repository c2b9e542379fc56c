/**
 * Round settings journey: a facilitator (whose browser is in New York) sets the meeting mode, the
 * closing time in UK time and the Delphi feedback with the keyboard, publishes the round (the panel
 * is emailed), and reminds the one who has not responded; a panel member reads when the round closes.
 */
import fs from "node:fs";
import path from "node:path";
import { E2E_DATA_DIR } from "./fixtures/env";
import { cli, expect, expectAccessible, joinAs, linkFromOutbox, signInLink, test, trpc, unique, type Page } from "./fixtures";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The UK calendar date ten days from now, as day, month and year numbers. */
function inTenDays() {
  const [d, m, y] = new Date(Date.now() + 10 * 24 * 3_600_000)
    .toLocaleDateString("en-GB", { timeZone: "Europe/London", day: "2-digit", month: "2-digit", year: "numeric" })
    .split("/")
    .map(Number);
  // Noon UTC is the same calendar day in London, whatever the season.
  const weekday = new Date(Date.UTC(y, m - 1, d, 12)).toLocaleDateString("en-GB", { weekday: "long", timeZone: "UTC" });
  const yearNow = Number(new Date().toLocaleDateString("en-GB", { timeZone: "Europe/London", year: "numeric" }));
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    // Chromium orders a date field's parts by the browser's language, not the page's: both orders.
    typed: [`${pad(d)}${pad(m)}${y}`, `${pad(m)}${pad(d)}${y}`],
    iso: `${y}-${pad(m)}-${pad(d)}`,
    words: `${weekday} ${d} ${MONTHS[m - 1]}${y === yearNow ? "" : ` ${y}`}`,
  };
}

/**
 * Types into a date or time field with the keyboard only. The field's parts follow the browser's
 * language (day or month first, 24 or 12 hours), so each way of typing is tried, from the first
 * part, until the value reads as expected.
 */
async function typeInto(page: Page, label: string, ways: string[], expected: string) {
  const field = page.getByLabel(label);
  for (const keys of ways) {
    await field.focus();
    // Back to the first part (focus may return to the part last edited).
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowLeft");
    await page.keyboard.type(keys);
    if ((await field.inputValue()) === expected) return;
  }
  await expect(field).toHaveValue(expected);
}

function outboxTo(to: string): { subject: string; text: string }[] {
  const dir = path.join(E2E_DATA_DIR, "outbox");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as { to: string; subject: string; text: string })
    .filter((m) => m.to === to);
}

test("a facilitator sets a round's meeting, closing time and feedback, publishes it and reminds the panel", async ({ browser }) => {
  test.setTimeout(240_000);
  // A facilitator abroad: the closing time is still typed and shown in UK time.
  const email = `${unique("fac")}@example.org`;
  cli("facilitator", "add", email, "--name", "Dr Rae Settings");
  const context = await browser.newContext({ locale: "en-GB", timezoneId: "America/New_York" });
  const page = await context.newPage();
  await page.goto(signInLink(email));
  await expect(page.getByRole("heading", { name: "Your consultations" })).toBeVisible();

  const req = page.request;
  const title = unique("Round settings journey");
  const c = await trpc<{ id: string; slug: string }>(req, "consultation.create", {
    title,
    researchQuestion: "What helps teams work together across health and social care?",
    description: "",
    scaleMax: 5,
    anonymity: "pseudonymous",
  });
  const versionIds: string[] = [];
  for (const name of ["Providing clarity", "Balancing needs"]) {
    const v = await trpc<{ id: string }>(req, "mechanism.add", {
      consultationId: c.id,
      round: 1,
      name,
      description: `A draft description of ${name.toLowerCase()} for the panel.`,
    });
    versionIds.push(v.id);
  }
  const sam = `${unique("sam")}@example.org`;
  const pat = `${unique("pat")}@example.org`;
  await trpc(req, "panel.add", { consultationId: c.id, name: "Sam Okafor", email: sam, perspective: "practitioner" });
  await trpc(req, "panel.add", { consultationId: c.id, name: "Pat Quinn", email: pat, perspective: "researcher" });
  await trpc(req, "panel.add", { consultationId: c.id, name: "Edith Brown", email: null, perspective: "service_user" });

  // Round 2's Delphi feedback, chosen while round 2 is still a draft.
  await page.goto(`/c/${c.slug}/rounds/2`);
  await page.getByText("Round settings: title, instructions, meeting, dates and Delphi feedback").focus();
  await page.keyboard.press("Enter");
  await page.getByRole("radio", { name: "Everyone's results" }).focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("radio", { name: "Their own perspective's results only" })).toBeChecked();
  await expect(page.getByText("Each panel member sees only the round-1 ratings of people with their own perspective")).toBeVisible();
  await page.getByRole("button", { name: "Save round settings" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Saved.")).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/h4-round2-settings.png", fullPage: true });

  // Round 1: meeting in person, closing in ten days at 17:00 UK time.
  const closing = inTenDays();
  await page.goto(`/c/${c.slug}/rounds/1`);
  await page.getByText("Round settings: title, instructions, meeting, dates").focus();
  await page.keyboard.press("Enter");
  await page.getByRole("radio", { name: "No meeting: responses online only" }).focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("radio", { name: "Meeting in person" })).toBeChecked();
  await typeInto(page, "Closing date", closing.typed, closing.iso);
  await typeInto(page, "Closing time (UK)", ["1700", "0500P"], "17:00");
  // A closing before the planned opening is refused in words.
  await typeInto(page, "Opening date", closing.typed, closing.iso);
  await typeInto(page, "Opening time (UK)", ["1800", "0600P"], "18:00");
  await page.getByRole("button", { name: "Save round settings" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "The round has to close after it opens" })).toBeFocused();
  await page.getByRole("button", { name: "Clear the opening" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Opening date")).toHaveValue("");
  await page.getByRole("button", { name: "Save round settings" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect(page.getByText(`Closes at 17:00 on ${closing.words} (UK time).`)).toBeVisible();
  await expect(page.getByText("How this round runs: Meeting in person")).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/h4-round1-settings.png", fullPage: true });

  // Publish: the two with an address are emailed; Edith has none.
  const publishedAt = Date.now();
  await page.getByRole("button", { name: "Publish round" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toContainText("is emailed their personal link");
  await page.getByRole("button", { name: "Publish now" }).focus();
  await page.keyboard.press("Enter");
  const published = page.getByRole("status").filter({ hasText: "Round 1 is open" });
  await expect(published).toContainText(
    "Round 1 is open: the panel can now respond. Emailed 2 stakeholders their personal link. 1 has no email address (Edith Brown): give them their link from the Panel page.",
  );
  await expect(published.getByRole("link", { name: "Panel page" })).toHaveAttribute("href", `/c/${c.slug}/panel`);
  await page.screenshot({ path: "test-results/h4-published.png", fullPage: true });

  // The panel now takes part under pseudonyms: the settings no longer offer names, and say why.
  await page.goto(`/c/${c.slug}/settings`);
  await expect(page.getByRole("radio", { name: "By pseudonym" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "By name and perspective" })).toBeDisabled();
  await expect(page.getByRole("group", { name: "How panel members see each other" })).toContainText(
    "Locked under pseudonyms: the panel has taken part under pseudonyms since round 1 opened",
  );
  await expectAccessible(page);

  // Sam joins from the emailed link and reads when the round closes and how it runs.
  const samLink = new URL(await linkFromOutbox(sam, publishedAt - 1000)).pathname;
  expect(outboxTo(sam).at(-1)?.text).toContain(`The round closes at 17:00 on ${closing.words} (UK time).`);
  const samPage = await joinAs(browser, samLink);
  await samPage.goto(`/c/${c.slug}/rounds/1`);
  await expect(samPage.getByText(`Closes at 17:00 on ${closing.words} (UK time).`)).toBeVisible();
  await expect(samPage.getByText("How this round runs: Meeting in person")).toBeVisible();
  await expectAccessible(samPage);
  await samPage.screenshot({ path: "test-results/h4-stakeholder-round.png", fullPage: true });
  await trpc(samPage.request, "rating.set", { consultationId: c.id, versionId: versionIds[0], value: 4 });

  // The facilitator reminds the one with an address who has not responded (Pat).
  await page.goto(`/c/${c.slug}/rounds/1/responses`);
  await expect(page.getByText("1 of 3 panel members have responded")).toBeVisible();
  await expectAccessible(page);
  const remindAt = Date.now();
  await page.getByRole("button", { name: "Send a reminder to the 1 who has not responded" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Send the reminder" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Emailed a reminder" })).toContainText(
    "Emailed a reminder to 1 stakeholder. 1 has no email address (Edith Brown): give them their link from the Panel page.",
  );
  await expect(page.getByText(/^A reminder went at \d\d:\d\d on .+ \(UK time\)\. So that the panel is not flooded/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Send a reminder to the 1 who has not responded" })).toBeDisabled();
  await linkFromOutbox(pat, remindAt - 1000);
  expect(outboxTo(pat).map((m) => m.subject)).toEqual([`Round 1 is open: ${title}`, `Reminder: round 1 of ${title}`]);
  expect(outboxTo(sam)).toHaveLength(1);
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/h4-reminder.png", fullPage: true });
});
