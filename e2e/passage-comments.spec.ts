/**
 * Comments on a passage: a stakeholder picks a passage with the keyboard alone and another with
 * the mouse, comments on each and sees them highlighted; the facilitator then corrects the
 * published text (with a reason) so that one passage moves and the other disappears, and sees
 * the moved one still highlighted and the other marked "Passage changed". In the next round, the
 * panel sees round 1's passages in the revised text, and those that are gone listed as changed.
 */
import { expect, expectAccessible, invite, joinAs, newFacilitator, test, trpc, unique, type Page } from "./fixtures";

const DESCRIPTION =
  "Leaders build trust between professions.\n\n" +
  "They make sure every profession takes part, including social care staff who often feel unheard.\n\n" +
  "Without this, teams fall back into old habits.";
const KEYBOARD_QUOTE = "build trust between professions";
const MOUSE_QUOTE = "including social care staff";

/** Drags the mouse across `phrase` in the page's main content, as a person selecting it would. */
async function dragAcross(page: Page, phrase: string) {
  const points = await page.evaluate((phrase) => {
    const walker = document.createTreeWalker(document.querySelector("main")!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const i = node.textContent!.indexOf(phrase);
      if (i < 0) continue;
      node.parentElement!.scrollIntoView({ block: "center" });
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const first = range.getBoundingClientRect();
      range.setStart(node, i + phrase.length - 1);
      range.setEnd(node, i + phrase.length);
      const last = range.getBoundingClientRect();
      return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
    }
    return null;
  }, phrase);
  if (!points) throw new Error(`"${phrase}" is not on the page`);
  await page.mouse.move(points.x1, points.y1);
  await page.mouse.down();
  await page.mouse.move(points.x2, points.y2, { steps: 8 });
  await page.mouse.up();
}

/** A round-1 consultation with one mechanism described by DESCRIPTION, and a stakeholder on its panel. */
async function consultationWithPassages(browser: Parameters<typeof newFacilitator>[0]) {
  const fac = await newFacilitator(browser);
  const req = fac.page.request;
  const c = await trpc<{ id: string; slug: string }>(req, "consultation.create", {
    title: unique("Passages"),
    researchQuestion: "What helps teams work together across health and social care?",
    description: "",
    scaleMax: 5,
    anonymity: "pseudonymous",
  });
  const v = await trpc<{ id: string; mechanismId: string }>(req, "mechanism.add", {
    consultationId: c.id,
    round: 1,
    name: "Inspiring intent to work together",
    description: DESCRIPTION,
  });
  await trpc(req, "round.publish", { consultationId: c.id, round: 1 });
  const page = await joinAs(browser, await invite(fac, c.id, "Keyboard Reader"));
  return { fac, c, v, page };
}

test("comments on passages: chosen by keyboard and by mouse, highlighted, and carried through an edit", async ({ browser }, testInfo) => {
  const { fac, c, v, page } = await consultationWithPassages(browser);
  const mechanismPath = `/c/${c.slug}/rounds/1/mechanisms/${v.mechanismId}`;
  await page.goto(mechanismPath);
  await expect(page.getByRole("heading", { name: "Inspiring intent to work together", level: 1 })).toBeVisible();

  // Keyboard: open the picker, select with Shift + arrows in the read-only copy of the text.
  const opener = page.getByRole("button", { name: "Comment on a passage" });
  await opener.focus();
  await page.keyboard.press("Enter");
  await expect(opener).toHaveAttribute("aria-expanded", "true");
  const source = page.getByRole("textbox", { name: "Select the passage you want to comment on" });
  await expect(source).toBeFocused();
  await expect(source).toHaveAttribute("aria-readonly", "true");
  // Nothing selected yet: the panel says how to select, and stays open.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Use the selected text" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "No text is selected yet" })).toBeVisible();
  await expect(source).toBeFocused();
  // Typing changes nothing in the copy of the text.
  await page.keyboard.type("xyz");
  await page.keyboard.press("Backspace");
  await expect(source).toHaveValue(DESCRIPTION);
  await page.keyboard.press("Control+Home");
  for (let i = 0; i < "Leaders ".length; i++) await page.keyboard.press("ArrowRight");
  for (let i = 0; i < KEYBOARD_QUOTE.length; i++) await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");

  // The comment box takes focus, labelled for the passage and described by the quote.
  const box = page.getByRole("textbox", { name: "Comment on this passage" });
  await expect(box).toBeFocused();
  await expect(box).toHaveAccessibleDescription(`Your comment will be attached to the passage “${KEYBOARD_QUOTE}”`);
  await page.keyboard.type("Trust between professions is too general; what is specific here?");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Comment posted.")).toBeVisible();

  // Highlighted, with a footnote link to the comment, and the comment names its passage.
  await expect(page.locator("mark", { hasText: KEYBOARD_QUOTE })).toBeVisible();
  const footnote = page.getByRole("link", { name: "Comment 1 on this passage, by You (Stakeholder 1, service user)" });
  await expect(footnote).toBeVisible();
  const comment = page.getByRole("article", { name: /^Comment by You/ });
  await expect(comment.getByText(`On passage 1 in the description: “${KEYBOARD_QUOTE}”`)).toBeVisible();
  await footnote.click();
  await expect(comment).toBeFocused();
  await comment.getByRole("link", { name: "passage 1 in the description" }).click();
  await expect(footnote).toBeFocused();

  // Mouse: select in the text itself; a button offers to comment on that selection.
  await dragAcross(page, MOUSE_QUOTE);
  await page.getByRole("button", { name: "Comment on the selected text" }).click();
  await expect(box).toBeFocused();
  await expect(page.getByText(`Your comment will be attached to the passage “${MOUSE_QUOTE}”`)).toBeVisible();
  // It can be dropped, leaving a comment on the whole mechanism, and chosen again.
  await page.getByRole("button", { name: "Clear the passage and comment on the whole mechanism" }).click();
  await expect(page.getByRole("textbox", { name: "Comment on this mechanism" })).toBeFocused();
  await dragAcross(page, MOUSE_QUOTE);
  await page.getByRole("button", { name: "Comment on the selected text" }).click();
  await box.fill("Social care staff should be asked directly.");
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.locator("mark", { hasText: MOUSE_QUOTE })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Comment 2 on this passage/ })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("stakeholder-highlights.png"), fullPage: true });

  // The facilitator corrects the published text: a sentence first, and the social care clause goes.
  const f = fac.page;
  await f.goto(`/c/${c.slug}/rounds/1`);
  await f.getByRole("button", { name: "Edit Inspiring intent to work together" }).click();
  await f
    .getByLabel("Description")
    .fill("Working together is voluntary.\n\n" + DESCRIPTION.replace(", including social care staff who often feel unheard", ""));
  await f.getByLabel("Reason for the change").fill("Shorter, with the point about choice first");
  await f.getByRole("button", { name: "Save changes" }).click();
  await expect(f.getByText("Changes saved.")).toBeVisible();

  await f.goto(mechanismPath);
  await expect(f.locator("mark", { hasText: KEYBOARD_QUOTE })).toBeVisible();
  await expect(f.locator("mark")).toHaveCount(1);
  const changed = f
    .getByRole("article", { name: /^Comment by Keyboard Reader/ })
    .filter({ hasText: "Social care staff should be asked directly." });
  await expect(changed.getByText("Passage changed")).toBeVisible();
  await expect(changed.getByText(`This comment is on a passage that is no longer in the description: “${MOUSE_QUOTE}”`)).toBeVisible();
  await expectAccessible(f);
  await f.screenshot({ path: testInfo.outputPath("facilitator-after-edit.png"), fullPage: true });

  // A selection made before the edit is refused with a sentence, and nothing is posted.
  await page.getByRole("button", { name: "Comment on a passage" }).click();
  await page.keyboard.press("Control+Home");
  for (let i = 0; i < "Leaders ".length; i++) await page.keyboard.press("ArrowRight");
  for (let i = 0; i < 5; i++) await page.keyboard.press("Shift+ArrowRight");
  await page.getByRole("button", { name: "Use the selected text" }).click();
  await box.fill("Too late");
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The passage you selected" })).toHaveText(
    "The passage you selected has changed since the page loaded; select it again.",
  );
  await page.reload();
  await expect(page.locator("main").getByText("Working together is voluntary.")).toBeVisible();
  await expect(page.getByText("Too late")).toHaveCount(0);
  await expect(page.getByText("Passage changed")).toBeVisible();
});

test("round 2 shows the passages commented on in round 1, found in the revised text or listed as changed", async ({
  browser,
}, testInfo) => {
  const { fac, c, v, page } = await consultationWithPassages(browser);
  const at = (quote: string) => ({ start: DESCRIPTION.indexOf(quote), end: DESCRIPTION.indexOf(quote) + quote.length, quote });
  const target = { versionId: v.id };
  await trpc(page.request, "comment.add", {
    consultationId: c.id,
    target,
    body: "Too general for integrated care.",
    anchor: at(KEYBOARD_QUOTE),
  });
  await trpc(page.request, "comment.add", {
    consultationId: c.id,
    target,
    body: "Ask social care staff directly.",
    anchor: at(MOUSE_QUOTE),
  });

  // Between rounds: the text is revised, the social care clause goes, and round 2 opens.
  const req = fac.page.request;
  await trpc(req, "round.close", { consultationId: c.id, round: 1 });
  await trpc(req, "decision.prepare", { consultationId: c.id, round: 2 });
  await trpc(req, "decision.set", {
    consultationId: c.id,
    round: 2,
    mechanismId: v.mechanismId,
    kind: "revise",
    rationale: "The panel found the first paragraph too general.",
    revisedName: "Inspiring intent to work together",
    revisedDescription:
      "Working together is voluntary.\n\n" + DESCRIPTION.replace(", including social care staff who often feel unheard", ""),
    sources: [],
    expectedUpdatedAt: null,
  });
  await trpc(req, "round.publish", { consultationId: c.id, round: 2 });

  await page.goto(`/c/${c.slug}/rounds/2/mechanisms/${v.mechanismId}`);
  const carried = page.getByRole("region", { name: "Passages commented on in round 1" });
  await expect(carried).toBeVisible();
  await expect(page.locator("mark", { hasText: KEYBOARD_QUOTE })).toBeVisible();
  const letter = page.getByRole("link", { name: "Round 1 comment a on this passage, by You (Stakeholder 1, service user)" });
  await expect(letter).toBeVisible();
  await expect(carried.getByText("Too general for integrated care.")).toBeVisible();
  await expect(carried.getByRole("heading", { name: "Passage changed", level: 3 })).toBeVisible();
  await expect(carried.getByRole("listitem").filter({ hasText: "Ask social care staff directly." })).toContainText(
    `Passage changed “${MOUSE_QUOTE}”`,
  );
  await letter.click();
  await expect(carried.getByRole("listitem").filter({ hasText: "Too general for integrated care." })).toBeFocused();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath("round-2-carried.png"), fullPage: true });
});
