/**
 * A live meeting with the facilitator (control view, presenter view on a second screen) and a
 * stakeholder on their own device who joins by the short link: the stakeholder's page follows the
 * agenda, their rating reaches the presenter without a reload, and after losing the connection
 * they catch up with where the room has got to.
 *
 * LIVE_SCREENSHOTS=<folder> keeps pictures of the presenter (1280x720) and the phone view.
 */
import { expect, expectAccessible, invite, joinAs, newFacilitator, publishedConsultation, test, trpc, unique } from "./fixtures";

test("a facilitator runs a meeting; a stakeholder follows it, rates in it and catches up after a dropped connection", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const f = await newFacilitator(browser);
  const s = await publishedConsultation(f, ["Building trust", "Sharing power", "Working with power"]);
  const stakeholder = await joinAs(browser, await invite(f, s.consultationId, "Sam Stakeholder", "practitioner"));
  // Keeps the page's event streams at hand, to cut them as a dropped connection would.
  await stakeholder.context().addInitScript(() => {
    const Native = window.EventSource;
    const w = window as unknown as { __eventSources: EventSource[] };
    w.__eventSources = [];
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        w.__eventSources.push(this);
      }
    };
  });

  // The meeting, planned through the same call as the meetings page.
  const title = unique("Round 1 panel meeting");
  const { id: meetingId } = await trpc<{ id: string }>(f.page.request, "meetingPlan.create", {
    consultationId: s.consultationId,
    round: 1,
    title,
    format: "hybrid",
  });
  const base = `/c/${s.slug}/meetings/${meetingId}`;

  // Control: start the meeting; the first mechanism is on screen.
  const control = f.page;
  await control.goto(`${base}/control`);
  await expect(control.getByRole("heading", { level: 1, name: `Control: ${title}` })).toBeVisible();
  await control.getByRole("button", { name: "Start the meeting" }).click();
  await expect(control.getByRole("heading", { name: "Now: Building trust" })).toBeVisible();
  const joinLink = control.getByRole("link", { name: /\/m\/[A-Z0-9]+$/ });
  const joinPath = new URL((await joinLink.getAttribute("href"))!).pathname;

  // The presenter view, in a second window at projector size.
  const presenter = await control.context().newPage();
  await presenter.setViewportSize({ width: 1280, height: 720 });
  await presenter.goto(`${base}/present`);
  await expect(presenter.getByRole("heading", { level: 1, name: "Building trust" })).toBeVisible();
  await expect(presenter.getByText("Results hidden to avoid anchoring")).toBeVisible();
  await expect(presenter.getByRole("img", { name: /QR code for joining: .*\/m\// })).toBeVisible();
  // No site chrome around it.
  await expect(presenter.getByRole("navigation", { name: "Consultation" })).toBeHidden();
  // Readable from the back of the room: large light type on black, the mechanism and the join
  // code on the one screen without scrolling.
  const look = await presenter.evaluate(() => {
    const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
    const bottom = (selector: string) => document.querySelector(selector)!.getBoundingClientRect().bottom;
    return {
      title: parseFloat(style("#presenter-title").fontSize),
      description: parseFloat(style(".presenter .description").fontSize),
      code: parseFloat(style(".presenter .join-code").fontSize),
      colour: style("#presenter-title").color,
      background: style(".presenter").backgroundColor,
      lowest: Math.max(bottom("#presenter-title"), bottom(".presenter .description"), bottom(".presenter .join-code")),
    };
  });
  expect(look.title).toBeGreaterThanOrEqual(40);
  expect(look.description).toBeGreaterThanOrEqual(24);
  expect(look.code).toBeGreaterThanOrEqual(36);
  expect([look.colour, look.background]).toEqual(["rgb(255, 255, 255)", "rgb(0, 0, 0)"]);
  expect(look.lowest).toBeLessThanOrEqual(720);

  // The stakeholder opens the short link on their phone.
  await stakeholder.setViewportSize({ width: 390, height: 844 });
  await stakeholder.goto(joinPath);
  await expect(stakeholder).toHaveURL(new RegExp(`${base}/join$`));
  await expect(stakeholder.getByRole("heading", { name: "Now: Building trust" })).toBeVisible();
  await expect(control.getByText("1 joined")).toBeVisible();

  // The facilitator moves on; the stakeholder's page follows without a reload.
  await control.getByRole("button", { name: /^Next/ }).click();
  await expect(control.getByRole("heading", { name: "Now: Sharing power" })).toBeVisible();
  await expect(stakeholder.getByRole("heading", { name: "Now: Sharing power" })).toBeVisible();
  await expect(presenter.getByRole("heading", { level: 1, name: "Sharing power" })).toBeVisible();

  // Results shown; the stakeholder's rating appears on the presenter view as it is saved.
  await control.getByRole("button", { name: "Show the results" }).click();
  await expect(control.getByRole("button", { name: "Hide the results" })).toBeVisible();
  const bars = presenter.getByRole("list", { name: /Ratings so far/ });
  await expect(bars).toHaveAccessibleName("Ratings so far: 0 ratings");
  await stakeholder
    .getByRole("group", { name: /How relevant is this mechanism/ })
    .getByText("Very relevant")
    .click();
  await expect(stakeholder.getByText("Saved: 4, Very relevant.")).toBeVisible();
  await expect(bars).toHaveAccessibleName("Ratings so far: 1 rating");
  await expect(bars.getByRole("listitem").filter({ hasText: "Very relevant" })).toContainText("1");
  await expect(presenter.getByRole("paragraph").filter({ hasText: /^1 rating$/ })).toBeVisible();
  // The same rating as online: the mechanism's own page has it.
  const online = await trpc<{ myRating: number | null }>(
    stakeholder.request,
    "mechanism.byId",
    { consultationId: s.consultationId, round: 1, mechanismId: s.mechanismIds[1] },
    "query",
  );
  expect(online.myRating).toBe(4);

  // A comment from the meeting counts as new on the presenter.
  await stakeholder.getByLabel(/Comment on this mechanism/).fill("We share power when we share the budget.");
  await stakeholder.getByRole("button", { name: "Add comment" }).click();
  await expect(stakeholder.getByText("Your comment was added to the mechanism.")).toBeVisible();
  await expect(presenter.getByText("1 new comment during the meeting")).toBeVisible();

  await expectAccessible(stakeholder);
  await expectAccessible(control);
  await expectAccessible(presenter);
  const dir = process.env.LIVE_SCREENSHOTS;
  if (dir) {
    await presenter.screenshot({ path: `${dir}/presenter-1280x720.png` });
    await stakeholder.screenshot({ path: `${dir}/participant-390.png`, fullPage: true });
    await control.screenshot({ path: `${dir}/control.png`, fullPage: true });
  }

  // The stakeholder's connection dies silently (offline, and the open stream cut as a lost network
  // would: Chromium's offline mode leaves open streams alone); the room moves on. Hearing nothing,
  // the page reconnects with the last event it saw and catches up.
  await stakeholder.context().setOffline(true);
  await stakeholder.evaluate(() => (window as unknown as { __eventSources: EventSource[] }).__eventSources.forEach((es) => es.close()));
  await control.getByRole("button", { name: /^Next/ }).click();
  await expect(control.getByRole("heading", { name: "Now: Working with power" })).toBeVisible();
  await expect(presenter.getByRole("heading", { level: 1, name: "Working with power" })).toBeVisible();
  await expect(stakeholder.getByRole("heading", { name: "Now: Sharing power" })).toBeVisible();
  await stakeholder.context().setOffline(false);
  await expect(stakeholder.getByRole("heading", { name: "Now: Working with power" })).toBeVisible({ timeout: 40_000 });

  // A quick question: the stakeholder answers; the facilitator closes it and reads the answers.
  await control.getByRole("button", { name: /Ask: .Is anything missing from this mechanism/ }).click();
  await expect(presenter.getByText("Is anything missing from this mechanism?")).toBeVisible();
  await stakeholder.getByLabel("Is anything missing from this mechanism?").fill("Who holds the budget.");
  await stakeholder.getByRole("button", { name: "Send answer" }).click();
  await expect(control.getByText("1 answer so far")).toBeVisible();
  await control.getByRole("button", { name: "Close the question and list the answers" }).click();
  await expect(control.getByText("Who holds the budget.")).toBeVisible();

  // The end, confirmed first; every screen says so.
  await control.getByRole("button", { name: "End the meeting" }).click();
  await control.getByRole("dialog").getByRole("button", { name: "End the meeting" }).click();
  await expect(control.getByText("This meeting has ended.")).toBeVisible();
  await expect(stakeholder.getByText("The meeting has ended. Thank you for taking part.")).toBeVisible();
  await expect(presenter.getByText("The meeting has ended. Thank you for taking part.")).toBeVisible();
});

test("the control and presenter views are for facilitators only", async ({ browser }) => {
  const f = await newFacilitator(browser);
  const s = await publishedConsultation(f, ["Building trust"]);
  const stakeholder = await joinAs(browser, await invite(f, s.consultationId, "Pat Panel"));
  const { id: meetingId } = await trpc<{ id: string }>(f.page.request, "meetingPlan.create", {
    consultationId: s.consultationId,
    round: 1,
    title: "Panel meeting",
    format: "online",
  });
  const base = `/c/${s.slug}/meetings/${meetingId}`;
  for (const page of ["control", "present"]) {
    const res = await stakeholder.goto(`${base}/${page}`);
    expect(res?.status(), page).toBe(404);
  }
  // Before the start, the panel's page says so and points to the round.
  await stakeholder.goto(`${base}/join`);
  await expect(stakeholder.getByText("The meeting has not started yet.")).toBeVisible();
  await expect(stakeholder.getByRole("link", { name: "Go to round 1" })).toBeVisible();
  await expectAccessible(stakeholder);
  // Once it is live, the overview has a way in.
  await trpc(f.page.request, "meeting.start", { consultationId: s.consultationId, meetingId });
  await stakeholder.goto(`/c/${s.slug}`);
  await stakeholder.getByRole("link", { name: "Join the meeting" }).click();
  await expect(stakeholder.getByRole("heading", { name: "Now: Building trust" })).toBeVisible();
});
