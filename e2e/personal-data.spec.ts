/** A stakeholder takes their data away; the facilitator erases them on request; the audit log shows it. */
import fs from "node:fs";
import { expect, expectAccessible, invite, joinAs, newFacilitator, publishedConsultation, test, trpc } from "./fixtures";

test("download my data, then erasure ends access and is audited", async ({ browser }) => {
  test.setTimeout(120_000);
  const fac = await newFacilitator(browser);
  const setup = await publishedConsultation(fac, ["Commitment to learning and development"]);
  const stakeholder = await joinAs(browser, await invite(fac, setup.consultationId, "Wanda Withdraw"));
  await trpc(stakeholder.request, "comment.add", {
    consultationId: setup.consultationId,
    target: { versionId: setup.versionIds[0] },
    body: "Learning from other areas helped us most.",
  });

  await stakeholder.getByRole("link", { name: "Your data" }).click();
  await expect(stakeholder.getByRole("heading", { name: "Your data", level: 1 })).toBeVisible();
  await expectAccessible(stakeholder);
  const [download] = await Promise.all([
    stakeholder.waitForEvent("download"),
    stakeholder.getByRole("button", { name: "Download my data" }).click(),
  ]);
  const data = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
  expect(data.you.name).toBe("Wanda Withdraw");
  expect(data.comments.map((c: { body: string }) => c.body)).toEqual(["Learning from other areas helped us most."]);

  const page = fac.page;
  await page.goto(`/c/${setup.slug}/panel`);
  await page.getByRole("button", { name: "Erase Wanda Withdraw" }).click();
  await expect(page.getByRole("dialog")).toContainText("Withdrawn participant");
  await page.getByRole("button", { name: "Erase personal data" }).click();
  await expect(page.getByText(/Wanda Withdraw was erased/)).toBeVisible();
  await expect(page.getByRole("cell", { name: /^Withdrawn participant/ })).toBeVisible();

  // Her session is gone: the consultation is no longer hers to see.
  const res = await stakeholder.goto(`/c/${setup.slug}`);
  expect(res?.url()).toMatch(/\/signin/);

  // The comment stays, under "Withdrawn participant"; the audit log names only the pseudonym.
  await page.goto(`/c/${setup.slug}/rounds/1/mechanisms/${setup.mechanismIds[0]}`);
  await expect(page.locator(".comment .author", { hasText: "Withdrawn participant (Stakeholder 1, service user)" })).toBeVisible();
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("cell", { name: "Erased a stakeholder at their request" })).toBeVisible();
  await expect(page.getByText("Wanda")).toHaveCount(0);
  await expectAccessible(page);
});
