/**
 * Rendered-text safety: script and HTML payloads typed into every free-text field come back as
 * plain text on every page that shows them, for the facilitator and for a stakeholder. Nothing
 * runs (no `window.__xss`, no dialog) and no element the payload describes is created.
 */
import { expect, invite, joinAs, newFacilitator, publishedConsultation, test, trpc, type Page } from "./fixtures";

const IMG = `<img src=x onerror="window.__xss=1">`;
const SCRIPT = `<script>window.__xss=1</script>`;
const SVG = `"><svg onload=window.__xss=1>`;
const JS_URL = `javascript:alert(1)`;
/** Would end an inline <script> early if server-rendered data were not escaped. */
const BREAKOUT = `</script><script>window.__xss=1</script>`;

// Each field gets its own prefix, so a missing one is named in the failure.
const text = {
  title: `Title ${IMG} ${BREAKOUT}`,
  researchQuestion: `Question ${SCRIPT} ${SVG} ${JS_URL}`,
  description: `Description ${IMG} ${SCRIPT} ${SVG} ${JS_URL} ${BREAKOUT}`,
  scaleLabels: [`L1 ${IMG}`, `L2 ${SCRIPT}`, `L3 ${SVG}`, `L4 ${JS_URL}`, `L5 ${BREAKOUT}`],
  roundTitle: `Round ${SVG} ${IMG}`,
  instructions: `Instructions ${SCRIPT} ${JS_URL} ${BREAKOUT}`,
  firstMechanismName: `Mechanism ${IMG} ${JS_URL}`,
  mechanismName: `Edited ${SVG} ${JS_URL}`,
  mechanismDescription: `Edited description ${SCRIPT} ${IMG} ${BREAKOUT}`,
  editReason: `Reason ${IMG} ${JS_URL}`,
  stakeholderName: `Name ${IMG} ${SVG}`,
  comment: `Comment ${SCRIPT} ${IMG} ${SVG} ${JS_URL}`,
  reply: `Reply ${IMG} ${BREAKOUT}`,
  hiddenComment: `Hidden body ${SVG}`,
  hideReason: `Hide reason ${SVG} ${SCRIPT}`,
  flagName: `Flag ${IMG} ${JS_URL}`,
  flagCovers: `Covers ${SVG} ${SCRIPT}`,
  flagWhy: `Why ${BREAKOUT} ${IMG}`,
};

/** Fails the test on any dialog (alert, confirm, prompt) a payload might open. */
function watchDialogs(page: Page, fired: string[]) {
  page.on("dialog", async (dialog) => {
    fired.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
    await dialog.dismiss();
  });
}

/** The page shows each text literally, and nothing of the payloads became live markup or ran. */
async function expectInert(page: Page, path: string, shown: string[]) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  // Texts in closed <details> (edit history, scale labels) count once opened.
  for (const summary of await page.locator("details:not([open]) > summary").all()) await summary.click();
  for (const t of shown) {
    await expect(page.getByText(t).filter({ visible: true }).first(), `"${t}" shown as text on ${path}`).toBeVisible();
  }
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `window.__xss on ${path}`).toBeUndefined();
  await expect(page.locator('img[src="x"]'), `img from a payload on ${path}`).toHaveCount(0);
  await expect(page.locator("svg[onload]"), `svg from a payload on ${path}`).toHaveCount(0);
  await expect(page.locator("[onerror], [onload]"), `inline handlers on ${path}`).toHaveCount(0);
  await expect(page.locator('[href^="javascript:" i], [src^="javascript:" i]'), `javascript: URLs on ${path}`).toHaveCount(0);
}

test("script and HTML in every free-text field are shown as inert text", async ({ browser }) => {
  test.setTimeout(180_000);
  const dialogs: string[] = [];

  // The facilitator fills every field they own with payloads, through the same API the forms use.
  const fac = await newFacilitator(browser);
  watchDialogs(fac.page, dialogs);
  const req = fac.page.request;
  const s = await publishedConsultation(fac, [text.firstMechanismName, "Building trust"], "named");
  const cid = s.consultationId;
  await trpc(req, "consultation.update", {
    consultationId: cid,
    title: text.title,
    researchQuestion: text.researchQuestion,
    description: text.description,
    scaleMax: 5,
    scaleLabels: text.scaleLabels,
    anonymity: "named",
  });
  await trpc(req, "round.update", { consultationId: cid, round: 1, title: text.roundTitle, instructions: text.instructions });
  // Editing published text keeps the old name in the history the panel sees.
  await trpc(req, "mechanism.update", {
    consultationId: cid,
    versionId: s.versionIds[0],
    name: text.mechanismName,
    description: text.mechanismDescription,
    reason: text.editReason,
  });

  // A stakeholder with a payload for a name; their invitation page shows it before they join.
  const invitePath = await invite(fac, cid, text.stakeholderName);
  const invitation = await (await browser.newContext()).newPage();
  watchDialogs(invitation, dialogs);
  await expectInert(invitation, invitePath, [text.stakeholderName, text.title]);
  await invitation.context().close();
  const panel = await joinAs(browser, invitePath);
  watchDialogs(panel, dialogs);

  // The stakeholder comments, raises a flag; the facilitator replies and hides a comment.
  const preq = panel.request;
  const target = { versionId: s.versionIds[0] };
  const { id: commentId } = await trpc<{ id: string }>(preq, "comment.add", { consultationId: cid, target, body: text.comment });
  const { id: hiddenId } = await trpc<{ id: string }>(preq, "comment.add", { consultationId: cid, target, body: text.hiddenComment });
  await trpc(req, "comment.add", { consultationId: cid, target, parentId: commentId, body: text.reply });
  await trpc(req, "comment.hide", { consultationId: cid, commentId: hiddenId, reason: text.hideReason });
  await trpc(preq, "rating.set", { consultationId: cid, versionId: s.versionIds[0], value: 4 });
  await trpc(preq, "flag.create", {
    consultationId: cid,
    round: 1,
    name: text.flagName,
    covers: text.flagCovers,
    whyItMatters: text.flagWhy,
  });

  const base = `/c/${s.slug}`;
  const mechanism = `${base}/rounds/1/mechanisms/${s.mechanismIds[0]}`;
  const flag = [text.flagName, text.flagCovers, text.flagWhy];
  // Hidden comments and their reason stay readable to facilitators and to their author.
  const discussion = [text.comment, text.reply, text.hiddenComment, text.hideReason];

  // Every page that shows these texts, as the facilitator...
  await expectInert(fac.page, "/", [text.title]);
  await expectInert(fac.page, base, [text.title, text.researchQuestion, text.description, text.roundTitle, text.instructions]);
  await expectInert(fac.page, `${base}/rounds/1`, [text.roundTitle, text.instructions, text.mechanismName]);
  await expectInert(fac.page, mechanism, [
    text.mechanismName,
    text.mechanismDescription,
    text.editReason,
    text.firstMechanismName,
    text.stakeholderName,
    ...discussion,
  ]);
  await expectInert(fac.page, `${base}/rounds/1/flags`, [...flag, text.stakeholderName]);
  await expectInert(fac.page, `${base}/rounds/1/responses`, [text.mechanismName, text.comment, text.stakeholderName, text.scaleLabels[3]]);
  await expectInert(fac.page, `${base}/panel`, [text.stakeholderName]);
  await expectInert(fac.page, `${base}/audit`, [text.stakeholderName, text.editReason, text.hideReason]);
  await expectInert(fac.page, `${base}/settings`, []);
  // The settings form holds the texts as field values, unchanged.
  await expect(fac.page.locator("#title")).toHaveValue(text.title);
  await expect(fac.page.locator("#rq")).toHaveValue(text.researchQuestion);
  await expect(fac.page.locator("#description")).toHaveValue(text.description);
  for (const [i, label] of text.scaleLabels.entries()) await expect(fac.page.locator(`#label-${i}`)).toHaveValue(label);

  // ...and as the stakeholder.
  await expectInert(panel, "/", [text.title]);
  await expectInert(panel, base, [
    text.title,
    text.researchQuestion,
    text.description,
    text.stakeholderName,
    text.roundTitle,
    text.instructions,
  ]);
  await expectInert(panel, `${base}/rounds/1`, [text.roundTitle, text.instructions, text.mechanismName]);
  await expectInert(panel, mechanism, [
    text.mechanismName,
    text.mechanismDescription,
    text.editReason,
    text.firstMechanismName,
    ...text.scaleLabels,
    ...discussion,
  ]);
  await expectInert(panel, `${base}/rounds/1/flags`, flag);
  await expectInert(panel, `${base}/my-data`, [text.title]);

  expect(dialogs, "dialogs opened by a payload").toEqual([]);
});
