/**
 * Planning and recording a meeting: the facilitator plans a round 1 meeting in the browser and
 * edits its agenda from the keyboard, makes a stakeholder a note-taker, starts the meeting
 * (meeting.start); the note-taker records a note and a quote on the item on screen; the facilitator
 * finds both on the meeting's record and cites the note as the reason for a revision in round 2's
 * workspace.
 */
import { expect, expectAccessible, invite, joinAs, newFacilitator, publishedConsultation, test, trpc } from "./fixtures";

const MECHANISMS = ["Providing clarity", "Communication", "Advocacy"];

test("a meeting is planned, its notes and quotes recorded, and a note cited for a revision", async ({ browser }) => {
  test.setTimeout(240_000);
  const fac = await newFacilitator(browser);
  const page = fac.page;
  const setup = await publishedConsultation(fac, MECHANISMS);
  const cid = setup.consultationId;
  const noteTakerPath = await invite(fac, cid, "Nia Notes", "practitioner");
  await invite(fac, cid, "Sam Speaker", "service_user");

  // The Meetings tab: empty, then "Plan a meeting".
  await page.goto(`/c/${setup.slug}`);
  await page.getByRole("link", { name: "Meetings", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Meetings", level: 1 })).toBeVisible();
  await expect(page.getByText("No meetings yet.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Plan a meeting" }).first().click();
  await expect(page.getByRole("heading", { name: "Plan a meeting", level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Title").fill("X");
  await page.getByRole("radio", { name: "Hybrid (in the room and online)" }).check();
  await page.getByRole("button", { name: "Plan the meeting" }).click();
  await expect(page.getByText("Too short (at least 3 characters)")).toBeVisible();
  await page.getByLabel("Title").fill("Round 1 panel meeting");
  await page.getByLabel("Date").fill("2026-06-02");
  await page.getByLabel("Time").fill("14:30");
  await page.getByRole("button", { name: "Plan the meeting" }).click();

  // The plan editor: the round's mechanisms, 5 minutes each.
  await expect(page.getByRole("heading", { name: "Round 1 panel meeting", level: 1 })).toBeVisible();
  const agenda = page.getByRole("region", { name: "Agenda" });
  await expect(agenda.getByText("Total planned time: 15 min")).toBeVisible();
  await expectAccessible(page);

  // Keyboard only: add a free item, move it to the top, give it 10 minutes, save.
  await agenda.getByLabel(/^Free item/).focus();
  await page.keyboard.type("Welcome and introductions");
  await page.keyboard.press("Enter");
  await expect(agenda.getByRole("listitem").nth(3)).toContainText("Free item");
  const up = agenda.getByRole("button", { name: "Move up Welcome and introductions" });
  await up.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press("Enter");
  // Focus stays on the item's buttons as it moves (on Move down once it reaches the top).
  await expect(agenda.getByRole("button", { name: "Move down Welcome and introductions" })).toBeFocused();
  await expect(agenda.getByRole("listitem").first()).toContainText("1. Free item");
  await agenda.getByLabel("Minutes for Welcome and introductions").fill("10");
  await expect(agenda.getByText("Total planned time: 25 min")).toBeVisible();
  await agenda.getByRole("button", { name: "Save agenda" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Agenda saved." })).toBeAttached();
  await page.reload();
  await expect(page.getByRole("region", { name: "Agenda" }).getByText("Total planned time: 25 min")).toBeVisible();
  const meetingUrl = page.url();
  const meetingId = meetingUrl.split("/meetings/")[1];

  // The list shows it as planned, with its links.
  await page.goto(`/c/${setup.slug}/meetings`);
  await expect(page.getByText("Planned", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open control view of Round 1 panel meeting" })).toBeVisible();
  await expectAccessible(page);

  // Panel: Nia can take meeting notes.
  await page.goto(`/c/${setup.slug}/panel`);
  await page.getByRole("checkbox", { name: "Can take meeting notes (Nia Notes)" }).check();
  await expect(page.getByRole("status").filter({ hasText: "Nia Notes can now take meeting notes." })).toBeAttached();
  await expectAccessible(page);

  // The meeting starts on its first item (the welcome); the facilitator moves to "Providing clarity".
  await trpc(page.request, "meeting.start", { consultationId: cid, meetingId });
  await trpc(page.request, "meeting.move", { consultationId: cid, meetingId, to: { step: 1 } });

  // Nia sees the Meetings tab and takes notes on the item on screen.
  const nia = await joinAs(browser, noteTakerPath);
  await nia.getByRole("link", { name: "Meetings", exact: true }).click();
  await nia.getByRole("link", { name: "Take notes in Round 1 panel meeting" }).click();
  await expect(nia.getByText("On screen now:")).toContainText("Providing clarity");
  await expect(nia.getByRole("heading", { name: "Notes: Providing clarity" })).toBeVisible();
  await expectAccessible(nia);
  await nia.getByLabel("Add a note").fill("The room wanted clarity about who decides, not only about goals.");
  await nia.getByRole("button", { name: "Save note" }).click();
  await expect(nia.getByRole("list", { name: "Notes on Providing clarity" })).toContainText("who decides");
  // A quote taken down in a hurry (a word wrong, no speaker), then corrected with the keyboard.
  await nia.getByLabel(/^Quote/).fill("Clarity for us means knowing who sign things off.");
  await nia.getByRole("button", { name: "Record quote" }).click();
  const quotes = nia.getByRole("list", { name: "Quotes on Providing clarity" });
  await expect(quotes).toContainText("— Unattributed");
  await quotes.getByRole("button", { name: "Edit this quote" }).focus();
  await nia.keyboard.press("Enter");
  const editForm = nia.getByRole("form", { name: "Edit the quote" });
  await expect(editForm.getByLabel(/^Quote/)).toBeFocused();
  await editForm.getByLabel(/^Quote/).fill("Clarity for us means knowing who signs things off.");
  await editForm.getByRole("radio", { name: "A stakeholder of the panel" }).focus();
  await nia.keyboard.press("Space");
  await editForm.getByLabel("Stakeholder", { exact: true }).selectOption({ label: "Stakeholder 2, service user" });
  await expectAccessible(nia);
  await editForm.getByRole("button", { name: "Save quote" }).press("Enter");
  await expect(quotes).toContainText("“Clarity for us means knowing who signs things off.”");
  await expect(quotes).toContainText("— Stakeholder 2, service user");
  await expect(nia.getByRole("status").filter({ hasText: "Quote updated." })).toBeAttached();
  await expectAccessible(nia);

  // Nia's page follows the item on screen: the facilitator moves on and her notes panel changes.
  await trpc(page.request, "meeting.move", { consultationId: cid, meetingId, to: { step: 1 } });
  await expect(nia.getByRole("heading", { name: "Notes: Communication" })).toBeVisible();

  // The facilitator's record page shows the note and the quote, and records Sam as present.
  await trpc(page.request, "meeting.end", { consultationId: cid, meetingId });
  await page.goto(meetingUrl);
  await expect(page.getByRole("heading", { name: "Round 1 panel meeting", level: 1 })).toBeVisible();
  await expect(page.getByText(/^Meeting record · Round 1/)).toBeVisible();
  await expect(page.getByText("The room wanted clarity about who decides, not only about goals.")).toBeVisible();
  await expect(page.getByText("“Clarity for us means knowing who signs things off.”")).toBeVisible();
  await expect(page.getByText("— Stakeholder 2, service user")).toBeVisible();
  await page.getByText("Record who is here").click();
  await page.getByRole("checkbox", { name: /Sam Speaker/ }).check();
  await expect(page.getByText("1 panel member attended.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Who attended" })).toContainText("Sam Speaker (Stakeholder 2, service user)");
  await expectAccessible(page);

  // Round 2's workspace: revise "Providing clarity", citing the meeting note.
  await trpc(page.request, "round.close", { consultationId: cid, round: 1 });
  await trpc(page.request, "decision.prepare", { consultationId: cid, round: 2 });
  await page.goto(`/c/${setup.slug}/rounds/2/workspace`);
  const clarity = page.getByRole("region", { name: "Providing clarity", exact: true });
  await clarity.getByRole("radio", { name: /^Revised/ }).check();
  await clarity.getByLabel("Revised name").fill("Clarity about who decides");
  await clarity.getByLabel(/^Rationale/).fill("The meeting asked for clarity about decisions, not only goals.");
  await clarity.getByText(/Notes and quotes from round 1 meetings/).click();
  await clarity.getByRole("checkbox", { name: /Note from “Round 1 panel meeting”: The room wanted clarity/ }).check();
  await clarity.getByRole("button", { name: "Save decision on Providing clarity" }).click();
  await expect(clarity.getByText(/Note from “Round 1 panel meeting”: The room wanted clarity/)).toBeVisible();
  await expectAccessible(page);
});
