/** A stakeholder who uses only the keyboard joins, rates, comments and flags. */
import { expect, invite, newFacilitator, publishedConsultation, test, type Page } from "./fixtures";

async function tabTo(page: Page, matches: (el: { tag: string; text: string; label: string }) => boolean, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      const id = a?.id;
      const label = id ? (document.querySelector(`label[for="${id}"]`)?.textContent ?? "") : "";
      return { tag: a?.tagName.toLowerCase() ?? "", text: (a?.textContent ?? "").trim(), label: label.trim() };
    });
    if (matches(el)) return;
  }
  throw new Error("Could not reach the control with Tab");
}

test("keyboard only: join, rate, comment", async ({ browser }) => {
  const fac = await newFacilitator(browser);
  const setup = await publishedConsultation(fac, ["Working with power", "Taking a wider view"]);
  const path = await invite(fac, setup.consultationId, "Keyboard User");

  const page = await (await browser.newContext()).newPage();
  await page.goto(path);
  await tabTo(page, (el) => el.tag === "button" && el.text === "Join the consultation");
  await page.keyboard.press("Enter");
  await expect(page.getByText("0 of 2 rated")).toBeVisible();

  // The skip link comes first and moves focus to the content.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();

  await tabTo(page, (el) => el.tag === "a" && el.text === "Start");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: /Round 1/, level: 1 })).toBeVisible();
  await tabTo(page, (el) => el.tag === "a" && el.text === "1. Working with power");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Working with power", level: 1 })).toBeVisible();

  // Radio group: Tab into it, arrows to choose.
  await tabTo(page, (el) => el.tag === "input" && el.text === "");
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByText("Saved: 3, Moderately relevant.")).toBeVisible();
  await expect(page.getByText("1 of 2 rated in this round")).toBeVisible();
  // The value the arrows stopped on is the one saved (not a step on the way).
  await page.reload();
  await expect(page.getByRole("radio", { name: "3 Moderately relevant" })).toBeChecked();

  await tabTo(page, (el) => el.tag === "textarea" && el.label === "Comment on this mechanism");
  await page.keyboard.type("Typed without a mouse.");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Typed without a mouse.")).toBeVisible();

  // Confirmation dialogs work from the keyboard too: Escape cancels a delete.
  await tabTo(page, (el) => el.tag === "button" && el.text === "Delete");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page.getByText("Typed without a mouse.")).toBeVisible();

  // Next mechanism by keyboard.
  await tabTo(page, (el) => el.tag === "a" && el.text.startsWith("Next: Taking a wider view"));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Taking a wider view", level: 1 })).toBeVisible();

  // A rating given and then removed, by keyboard: the mechanism is left unrated.
  await tabTo(page, (el) => el.tag === "input" && el.text === "");
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByText("Saved: 2, Slightly relevant.")).toBeVisible();
  await expect(page.getByText("2 of 2 rated in this round")).toBeVisible();
  await tabTo(page, (el) => el.tag === "button" && el.text === "Remove my rating");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Your rating was removed.")).toBeVisible();
  await expect(page.getByText("1 of 2 rated in this round")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("radio", { checked: true })).toHaveCount(0);
});
