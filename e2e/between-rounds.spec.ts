/**
 * Between rounds: a facilitator closes round 1 with a stakeholder's feedback in it, prepares round 2
 * in the workspace, records a decision on every mechanism (one of them by keyboard only), accepts
 * the panel's missing-mechanism flag, and publishes round 2 once nothing is left undecided.
 */
import { expect, expectAccessible, invite, joinAs, newFacilitator, publishedConsultation, test, trpc, type Page } from "./fixtures";

const MECHANISMS = ["Providing clarity", "Communication", "Advocacy", "Balancing needs", "Supportive relationships and trust"];

test("facilitator prepares round 2 from round 1's feedback", async ({ browser }) => {
  test.setTimeout(240_000);
  const fac = await newFacilitator(browser);
  const page = fac.page;
  const setup = await publishedConsultation(fac, MECHANISMS);
  const cid = setup.consultationId;

  // A stakeholder responds in round 1: ratings, a comment and a missing-mechanism flag.
  const stakeholder = await joinAs(browser, await invite(fac, cid, "Edith Brown", "service_user"));
  const sreq = stakeholder.request;
  for (const [i, value] of [5, 2, 3, 4, 2].entries()) {
    await trpc(sreq, "rating.set", { consultationId: cid, versionId: setup.versionIds[i], value });
  }
  await trpc(sreq, "comment.add", {
    consultationId: cid,
    target: { versionId: setup.versionIds[1] },
    body: "Communication is too general: every leader needs it, not only in integrated care.",
  });
  await trpc(sreq, "flag.create", {
    consultationId: cid,
    round: 1,
    name: "Use of power",
    covers: "Who holds power between health and social care, and how leaders share it.",
    whyItMatters: "Social care staff often feel their voice counts for less.",
  });

  // Close round 1 from its page.
  await page.goto(`/c/${setup.slug}/rounds/1`);
  await page.getByRole("button", { name: "Close round" }).click();
  await page.getByRole("button", { name: "Close the round" }).click();
  await expect(page.getByText("Round 1 is closed. Responses are kept as they are.")).toBeVisible();

  // Round 2's page leads to the workspace.
  await page.goto(`/c/${setup.slug}/rounds/2`);
  await page.getByRole("link", { name: "Workspace: prepare round 2 from round 1" }).click();
  await expect(page.getByRole("heading", { name: "Preparing round 2 from round 1", level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Prepare round 2 from round 1" }).click();
  await expect(page.getByText("0 of 5 mechanisms decided · 0 of 1 flag triaged")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Round 2 prepared: 5 mechanisms copied from round 1." })).toBeAttached();

  // Round 1's ratings are there as text and table.
  const clarity = section(page, "Providing clarity");
  await expect(clarity.getByText("1 rating", { exact: true })).toBeVisible();
  await expect(clarity.getByText(/median 5 · interquartile range 0/)).toBeVisible();
  await expect(clarity.getByRole("table", { name: "Round 1 ratings of Providing clarity" })).toBeVisible();
  await expectAccessible(page);

  // Nothing decided yet: publishing round 2 is refused, naming what is missing.
  await page.goto(`/c/${setup.slug}/rounds/2`);
  await page.getByRole("button", { name: "Publish round" }).click();
  await page.getByRole("button", { name: "Publish now" }).click();
  await expect(
    page.getByText(/Round 2 cannot be published yet\. 5 mechanisms of round 1 have no decision yet: Providing clarity, Communication/),
  ).toBeVisible();
  await page.goto(`/c/${setup.slug}/rounds/2/workspace`);

  // Keep "Providing clarity", with the keyboard only.
  await clarity.getByRole("radio", { name: /^Kept as it was/ }).focus();
  await page.keyboard.press("Space");
  await expect(clarity.getByRole("radio", { name: /^Kept as it was/ })).toBeChecked();
  await page.keyboard.press("Tab"); // leaves the radio group for the rationale
  await expect(clarity.getByLabel(/^Rationale/)).toBeFocused();
  await page.keyboard.type("Judged specific to integrated care; rated highly.");
  await page.keyboard.press("Tab");
  await expect(clarity.getByRole("checkbox", { name: /round 1 ratings/ })).toBeFocused();
  await page.keyboard.press("Space");
  await tabTo(page, clarity.getByRole("button", { name: "Save decision on Providing clarity" }));
  await page.keyboard.press("Enter");
  await expect(clarity.getByText("Kept as it was", { exact: true })).toBeVisible();
  await expect(clarity.getByText("Feedback behind this decision: 1 item linked")).toBeVisible();
  // Focus returns to the way to change it.
  await expect(clarity.getByRole("button", { name: "Change decision on Providing clarity" })).toBeFocused();

  // Revise "Communication", citing the stakeholder's comment.
  const communication = section(page, "Communication");
  await communication.getByRole("radio", { name: /^Revised/ }).check();
  await expect(communication.getByLabel("Revised name")).toHaveValue("Communication");
  await communication.getByLabel("Revised name").fill("Inspiring intent to work together");
  await communication
    .getByLabel("Revised description")
    .fill("Leaders make collaboration worth the effort: they build trust, respect and reciprocity, and bring every profession in.");
  await communication.getByLabel(/^Rationale/).fill("The panel found communication too general for integrated care.");
  await communication.getByText("Comments on Communication in round 1 (1)").click();
  await communication.getByRole("checkbox", { name: /Communication is too general/ }).check();
  await communication.getByRole("button", { name: "Save decision on Communication" }).click();
  await expect(communication.getByText("Revised", { exact: true })).toBeVisible();
  await expect(communication.getByText(/Edith Brown \(Stakeholder 1, service user\): “Communication is too general/)).toBeVisible();

  // Keep "Balancing needs" with a status note.
  const balancing = section(page, "Balancing needs");
  await balancing.getByRole("radio", { name: /^Kept, with a status note/ }).check();
  await balancing.getByLabel(/^Status note/).fill("Little empirical evidence so far; kept at the panel's request.");
  await balancing.getByLabel(/^Rationale/).fill("The panel rated it as relevant.");
  await balancing.getByRole("button", { name: "Save decision on Balancing needs" }).click();
  await expect(balancing.getByText("Kept, with a status note", { exact: true })).toBeVisible();

  // Merge "Advocacy" into "Balancing needs": a missing rationale is reported next to the field first.
  const advocacy = section(page, "Advocacy");
  await advocacy.getByRole("radio", { name: /^Merged into another mechanism/ }).check();
  await advocacy.getByLabel(/^Merge into/).selectOption({ label: "Balancing needs" });
  await advocacy.getByRole("button", { name: "Save decision on Advocacy" }).click();
  await expect(advocacy.getByText("Too short (at least 3 characters)", { exact: true })).toBeVisible();
  await expectAccessible(page);
  await advocacy.getByLabel(/^Rationale/).fill("Advocating for the weaker party is part of balancing perspectives.");
  await advocacy.getByRole("button", { name: "Save decision on Advocacy" }).click();
  await expect(advocacy.getByText("Merged into: Balancing needs")).toBeVisible();

  // Drop "Supportive relationships and trust".
  const trust = section(page, "Supportive relationships and trust");
  await trust.getByRole("radio", { name: /^Dropped/ }).check();
  await trust.getByLabel(/^Rationale/).fill("Already covered by the generic leadership literature.");
  await trust.getByRole("button", { name: "Save decision on Supportive relationships and trust" }).click();
  await expect(trust.getByText("Dropped", { exact: true })).toBeVisible();

  // Accept the flag as a new mechanism, starting from its own words.
  const flag = section(page, "Use of power");
  await expect(flag.getByText("Flagged by Stakeholder 1, service user")).toBeVisible();
  await flag.getByRole("radio", { name: "Accepted as a new mechanism" }).check();
  await expect(flag.getByLabel("Name")).toHaveValue("Use of power");
  await flag.getByLabel("Name").fill("Working with power");
  await flag.getByRole("button", { name: "Save triage of Use of power" }).click();
  await expect(flag.getByText("New mechanism: Working with power")).toBeVisible();

  await expect(page.getByText("5 of 5 mechanisms decided · 1 of 1 flag triaged")).toBeVisible();
  const draft = page.getByRole("list").filter({ hasText: "Accepted from the flag" });
  await expect(draft.getByRole("listitem")).toHaveText([
    /1\. Providing clarity\s*Continues from round 1/,
    /2\. Inspiring intent to work together\s*Continues from round 1 \(was “Communication”\)/,
    /3\. Balancing needs\s*Continues from round 1/,
    /4\. Working with power\s*Accepted from the flag “Use of power” \(Stakeholder 1, service user\)/,
  ]);
  await expectAccessible(page);

  // Round 2 can now be published.
  await page.goto(`/c/${setup.slug}/rounds/2`);
  await page.getByRole("button", { name: "Publish round" }).click();
  await page.getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByText("Round 2 is open: the panel can now respond.")).toBeVisible();

  // The workspace stays as the record, read-only.
  await page.goto(`/c/${setup.slug}/rounds/2/workspace`);
  await expect(page.getByText(/Round 2 is open: these decisions are the record/)).toBeVisible();
  await expect(page.getByRole("button", { name: /Change decision/ })).toHaveCount(0);

  // The workspace is for facilitators only.
  await stakeholder.goto(`/c/${setup.slug}/rounds/2/workspace`);
  await expect(stakeholder.getByText("This page is for the consultation's facilitators.")).toBeVisible();
});

function section(page: Page, name: string) {
  return page.getByRole("region", { name, exact: true });
}

/** Presses Tab until `target` has focus (a form's controls vary with its choices). */
async function tabTo(page: Page, target: ReturnType<Page["locator"]>) {
  for (let i = 0; i < 15; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}
