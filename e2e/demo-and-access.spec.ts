/** The seeded demo as a facilitator sees it, and what a stakeholder must not see. */
import {
  expect,
  expectAccessible,
  invite,
  joinAs,
  linkFromOutbox,
  newFacilitator,
  publishedConsultation,
  signInLink,
  test,
} from "./fixtures";

test("the demo consultation is seeded through three rounds and readable by its facilitator", async ({ page }) => {
  await page.goto(signInLink("facilitator@roundtable.test"));
  await page.getByRole("link", { name: "Leadership of integrated care teams and systems" }).click();
  await expect(page.getByText("What aspects of leadership of integrated teams and systems in health and social care work")).toBeVisible();
  await expect(page.getByText(/Demo data\./)).toBeVisible();
  await expect(page.getByRole("heading", { name: /Round 3: Mechanisms and the evidence/ })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Manage this round" }).click();
  for (const name of ["Inspiring intent to work together", "Working with power", "Fostering resilience"]) {
    await expect(page.getByRole("link", { name: new RegExp(name) })).toBeVisible();
  }
  await expect(page.getByRole("heading", { level: 3 })).toHaveCount(8);

  await page.getByRole("link", { name: "Panel" }).click();
  await expect(page.getByText(/19 stakeholders/)).toBeVisible();
  await expectAccessible(page);

  await page.goto("/c/integrated-care-leadership/rounds/1/flags");
  await expect(page.getByRole("heading", { name: "Use of power" })).toBeVisible();

  await page.goto("/c/integrated-care-leadership/rounds/1/responses");
  await expect(page.getByRole("heading", { name: /Responses to round 1/ })).toBeVisible();
  await expectAccessible(page);
});

test("a stakeholder sees neither facilitator views nor other consultations", async ({ browser }) => {
  const fac = await newFacilitator(browser);
  const setup = await publishedConsultation(fac, ["Inspiring intent to work together"]);
  const path = await invite(fac, setup.consultationId, "Curious Person", "researcher");
  const stakeholder = await joinAs(browser, path);

  await stakeholder.goto(`/c/${setup.slug}/panel`);
  await expect(stakeholder.getByText("This page is for the consultation's facilitators.")).toBeVisible();
  await expect(stakeholder.getByText("Curious Person")).toHaveCount(1); // only the header's "signed in as"
  await stakeholder.goto(`/c/${setup.slug}/rounds/1/responses`);
  await expect(stakeholder.getByText("This page is for the consultation's facilitators.")).toBeVisible();

  // The demo consultation exists, but not for them.
  const res = await stakeholder.goto("/c/integrated-care-leadership");
  expect(res?.status()).toBe(404);
  await expect(stakeholder.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectAccessible(stakeholder);

  // Draft rounds are invisible to the panel.
  const draft = await stakeholder.goto(`/c/${setup.slug}/rounds/2`);
  expect(draft?.status()).toBe(404);
});

test("unknown, revoked and signed-out cases explain what to do", async ({ page, browser }) => {
  await page.goto("/invite/this-is-not-a-real-invitation-token");
  await expect(page.getByRole("heading", { name: "We do not recognise this link" })).toBeVisible();
  await expectAccessible(page);

  const fac = await newFacilitator(browser);
  const setup = await publishedConsultation(fac, ["Clarifying complexity"]);
  const first = await invite(fac, setup.consultationId, "Twice Invited");
  // Issuing a new link replaces the first one.
  const members = await fac.page.request.get(
    `/api/trpc/panel.list?input=${encodeURIComponent(JSON.stringify({ json: { consultationId: setup.consultationId } }))}`,
  );
  const id = (await members.json()).result.data.json.members.find((m: { name: string }) => m.name === "Twice Invited").id;
  await fac.page.request.post("/api/trpc/panel.createLink", { data: { json: { consultationId: setup.consultationId, membershipId: id } } });
  await page.goto(first);
  await expect(page.getByRole("heading", { name: "This link has been replaced" })).toBeVisible();

  await page.goto(`/c/${setup.slug}`);
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Email address").fill("not-an-email");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByText("Enter your email address, like name@example.org")).toBeVisible();
  const asked = Date.now();
  await page.getByLabel("Email address").fill(fac.email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expectAccessible(page);
  // The emailed link signs in and returns to the page that asked for it.
  await page.goto(await linkFromOutbox(fac.email, asked - 1000));
  await expect(page).toHaveURL(new RegExp(`/c/${setup.slug}$`));
  await expect(page.getByRole("heading", { name: "Round status" }).or(page.getByRole("link", { name: "Manage this round" }))).toBeVisible();
});

test("a co-facilitator added on the panel page can manage the consultation", async ({ browser }) => {
  const fac = await newFacilitator(browser);
  const setup = await publishedConsultation(fac, ["Taking a wider view"]);
  const page = fac.page;
  await page.goto(`/c/${setup.slug}/panel`);
  await page.getByText("Add a facilitator").click();
  const email = `co-${Date.now()}@example.org`;
  await page.locator("#facilitator-name").fill("Dr Co Facilitator");
  await page.locator("#facilitator-email").fill(email);
  await page.getByRole("button", { name: "Add facilitator" }).click();
  await expect(page.getByText("Dr Co Facilitator now facilitates this consultation")).toBeVisible();
  await expectAccessible(page);
  // The email tells them to sign in; signed in, they see the facilitator's tabs.
  expect(await linkFromOutbox(email)).toContain("/signin?callbackUrl=");
  const co = await (await browser.newContext()).newPage();
  await co.goto(signInLink(email));
  await co.goto(`/c/${setup.slug}/rounds/1/responses`);
  await expect(co.getByRole("heading", { name: "Responses to round 1" })).toBeVisible();
});
