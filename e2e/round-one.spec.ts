/**
 * The foundation journey: a facilitator sets up round 1 in the browser and invites a panel;
 * two stakeholders take part from their links; the facilitator sees everything arrive.
 */
import { expect, expectAccessible, joinAs, linkFromOutbox, newFacilitator, test, unique } from "./fixtures";

test("facilitator runs round 1 and the panel takes part", async ({ browser }) => {
  test.setTimeout(240_000);
  const fac = await newFacilitator(browser);
  const page = fac.page;
  await expectAccessible(page);

  // Create the consultation.
  await page.getByRole("link", { name: "New consultation" }).click();
  await expect(page.getByRole("heading", { name: "New consultation" })).toBeVisible();
  await expectAccessible(page);
  const title = unique("Leadership in integrated teams");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Research question").fill("What aspects of leadership of integrated teams work, for whom and why?");
  await page.getByLabel(/Description for the panel/).fill("A test consultation.");
  await page.getByRole("button", { name: "Create consultation" }).click();

  // Round 1 is a draft: add three mechanisms, fix a typo, reorder.
  await expect(page.getByRole("heading", { name: /Round 1/, level: 1 })).toBeVisible();
  await expect(page.getByText("No mechanisms yet")).toBeVisible();
  for (const [name, description] of [
    ["Providing clarity", "Leaders make sense of unclear boundaries, funding and governance for the team."],
    ["Communication", "Leaders keep information flowing between professions and organisations."],
    ["Balancing needs", "Leaders weigh what different services and people need from the team."],
  ]) {
    await page.getByLabel("Name", { exact: true }).last().fill(name);
    await page
      .getByLabel(/^Description/)
      .last()
      .fill(description);
    await page.getByRole("button", { name: "Add mechanism" }).click();
    await expect(page.getByRole("heading", { name: new RegExp(name), level: 3 })).toBeVisible();
  }
  await page.getByRole("button", { name: "Move up Balancing needs" }).click();
  await expect(page.getByRole("heading", { level: 3 }).nth(1)).toHaveText("2. Balancing needs");
  await expectAccessible(page);

  // Build the panel: one with email (sent), one without (personal link).
  await page.getByRole("link", { name: "Panel" }).click();
  await expect(page.getByRole("heading", { name: /Panel/, level: 1 })).toBeVisible();
  await expectAccessible(page);
  const emailed = `${unique("sam")}@example.org`;
  await page.locator("#paste-list").fill(`Sam Okafor, ${emailed}, practitioner\nEdith Brown, service user`);
  await page.getByRole("button", { name: /Add (these|all|them|everyone|the list)/i }).click();
  await expect(page.getByText("2 people added")).toBeVisible();
  await expect(page.getByRole("cell", { name: /^Edith Brown Stakeholder 2/ })).toBeVisible();

  await page.getByRole("button", { name: "Create link for Edith Brown" }).click();
  const linkBox = page.getByRole("textbox", { name: /link/i });
  await expect(linkBox).toHaveValue(/\/invite\//);
  const edithLink = new URL(await linkBox.inputValue()).pathname;

  const sentAt = Date.now();
  await page.getByRole("button", { name: "Send by email to Sam Okafor" }).click();
  await expect(page.getByText(/Emailed/).first()).toBeVisible();
  const samLink = new URL(await linkFromOutbox(emailed, sentAt - 1000)).pathname;
  await expectAccessible(page);

  // Publish round 1, confirming in the dialog.
  await page.getByRole("link", { name: "Round 1" }).click();
  await page.getByRole("button", { name: "Publish round" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByText("is open: the panel can now respond")).toBeVisible();

  // Edith joins from her personal link.
  const edith = await joinAs(browser, edithLink);
  await expect(edith.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(edith.getByText("0 of 3 rated")).toBeVisible();
  await expectAccessible(edith);
  await edith.getByRole("link", { name: "Start" }).click();
  await expectAccessible(edith);
  await edith.getByRole("link", { name: "1. Providing clarity" }).click();
  await expect(edith.getByRole("heading", { name: "Providing clarity", level: 1 })).toBeVisible();
  await edith.getByRole("radio", { name: /4\s*Very relevant/ }).check();
  await expect(edith.getByText("Saved: 4, Very relevant.")).toBeVisible();
  await expect(edith.getByText("1 of 3 rated in this round")).toBeVisible();
  await edith.getByLabel("Comment on this mechanism").fill("This is the one that matters most in our area.");
  await edith.getByRole("button", { name: "Post comment" }).click();
  await expect(edith.getByText("This is the one that matters most in our area.")).toBeVisible();
  await expectAccessible(edith);
  // She can change her mind until the round closes.
  await edith.getByRole("radio", { name: /5\s*Essential/ }).check();
  await expect(edith.getByText("Saved: 5, Essential.")).toBeVisible();

  // Edith flags a missing mechanism.
  await edith.goto(`/c/${new URL(edith.url()).pathname.split("/")[2]}/rounds/1/flags`);
  await expectAccessible(edith);
  await edith.getByLabel(/^Name/).fill("Use of power");
  await edith.getByLabel(/^What it covers/).fill("Who holds power between health and social care, and how leaders share it.");
  await edith.getByLabel(/^Why it matters/).fill("Social care staff often feel their voice counts for less.");
  await edith.getByRole("button", { name: "Flag this mechanism" }).click();
  await expect(edith.getByRole("heading", { name: "Use of power", level: 3 })).toBeVisible();

  // Her link is single use.
  const again = await edith.context().newPage();
  await again.goto(edithLink);
  await expect(again.getByRole("heading", { name: "This link has already been used" })).toBeVisible();
  await expectAccessible(again);

  // Sam joins from the emailed link, replies to Edith and supports her flag.
  const sam = await joinAs(browser, samLink);
  const slug = new URL(sam.url()).pathname.split("/")[2];
  await sam.getByRole("link", { name: "Start" }).click();
  await sam.getByRole("link", { name: "1. Providing clarity" }).click();
  await sam.getByRole("button", { name: /^Reply to Stakeholder/ }).click();
  await sam.getByLabel(/^Reply to Stakeholder/).fill("Agreed, and it is the part that is specific to integrated care.");
  await sam.getByRole("button", { name: "Post reply" }).click();
  await expect(sam.getByText("Agreed, and it is the part that is specific to integrated care.")).toBeVisible();
  // Pseudonymous: Sam sees Edith as a pseudonym, never her name.
  await expect(sam.getByText("Edith Brown")).toHaveCount(0);
  await sam.goto(`/c/${slug}/rounds/1/flags`);
  await sam.getByRole("button", { name: /^I support this\W+Use of power$/ }).click();
  await expect(sam.getByText("1 person supports this")).toBeVisible();

  // The facilitator sees it all arrive.
  await page.goto(`/c/${slug}/rounds/1/responses`);
  await expect(page.getByText("2 of 2 panel members have responded")).toBeVisible();
  await expect(page.getByText("This is the one that matters most in our area.")).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/c/${slug}/rounds/1/flags`);
  await expect(page.getByText("1 person supports this")).toBeVisible();
  await expect(page.getByText(/Supported by: Sam Okafor/)).toBeVisible();
  await expectAccessible(page);

  // ...and hides an inappropriate reply, with a reason kept on record.
  await page.goto(`/c/${slug}/rounds/1`);
  await page.getByRole("link", { name: "1. Providing clarity" }).click();
  await page.getByRole("button", { name: /^Hide comment by Sam Okafor/ }).click();
  await page.getByLabel(/Why hide this comment/).fill("Test of moderation");
  await page.getByRole("button", { name: "Hide comment", exact: true }).click();
  await expect(page.getByText("Reason: Test of moderation")).toBeVisible();
  await sam.goto(`/c/${slug}/rounds/1`);
  await sam.getByRole("link", { name: "1. Providing clarity" }).click();
  await expect(sam.getByText("Reason: Test of moderation")).toBeVisible();
  await edith.goto(sam.url());
  await expect(edith.getByText("This comment was hidden by a facilitator.")).toBeVisible();
  await expect(edith.getByText("Agreed, and it is the part")).toHaveCount(0);
});
