/**
 * Three rounds with a facilitator and two stakeholders of different perspectives: round 1's
 * feedback (a rating each, a comment, a missing-mechanism flag) turns into round 2's decisions;
 * the panel reads what changed and why, sees the previous round's results for its own
 * perspective only (the round's setting), and follows the flag into a mechanism's history;
 * round 3 keeps a mechanism with a status note. The workspace forms have their own journey
 * (between-rounds.spec.ts); here the facilitator's decisions go over the same tRPC API.
 */
import { expect, expectAccessible, invite, joinAs, newFacilitator, publishedConsultation, test, trpc } from "./fixtures";

test("a consultation through three rounds, as two stakeholders see it", async ({ browser }) => {
  test.setTimeout(240_000);
  const fac = await newFacilitator(browser);
  const req = fac.page.request;
  const setup = await publishedConsultation(fac, ["Providing clarity", "Communication"]);
  const cid = setup.consultationId;
  const [clarity, communication] = setup.mechanismIds;

  const sue = await joinAs(browser, await invite(fac, cid, "Sue Carer", "service_user"));
  const pat = await joinAs(browser, await invite(fac, cid, "Pat Practitioner", "practitioner"));

  // Round 1: Sue rates and comments through the page; Pat rates; Sue flags "Use of power", Pat supports it.
  await sue.goto(`/c/${setup.slug}/rounds/1/mechanisms/${clarity}`);
  await sue.getByRole("radio", { name: /5\s*Essential/ }).check();
  await expect(sue.getByText("1 of 2 rated")).toBeVisible();
  await sue.getByLabel("Comment on this mechanism").fill("Nobody tells carers who decides. Please say that clearly.");
  await sue.getByRole("button", { name: "Post comment" }).click();
  await expect(sue.getByText("Nobody tells carers who decides.")).toBeVisible();
  await trpc(sue.request, "rating.set", { consultationId: cid, versionId: setup.versionIds[1], value: 2 });
  await trpc(pat.request, "rating.set", { consultationId: cid, versionId: setup.versionIds[0], value: 3 });
  await trpc(pat.request, "rating.set", { consultationId: cid, versionId: setup.versionIds[1], value: 4 });
  const flag = await trpc<{ id: string }>(sue.request, "flag.create", {
    consultationId: cid,
    round: 1,
    name: "Use of power",
    covers: "Who holds power between services and how leaders share it.",
    whyItMatters: "Carers and social care staff often have the least say.",
  });
  await trpc(pat.request, "flag.endorse", { consultationId: cid, flagId: flag.id });
  const sueComment = (
    await trpc<{ threads: { id: string; body: string }[] }>(
      req,
      "comment.list",
      { consultationId: cid, target: { versionId: setup.versionIds[0] } },
      "query",
    )
  ).threads.find((c) => c.body.startsWith("Nobody tells carers"))!;

  // Between rounds 1 and 2: revise clarity citing Sue's comment, drop communication, accept the flag.
  await trpc(req, "round.close", { consultationId: cid, round: 1 });
  await trpc(req, "decision.prepare", { consultationId: cid, round: 2 });
  await trpc(req, "decision.set", {
    consultationId: cid,
    round: 2,
    mechanismId: clarity,
    kind: "revise",
    revisedName: "Clarifying complexity",
    revisedDescription: "Leaders explain who decides what, for staff and for carers, in plain words.",
    rationale: "A carer asked that clarity reach families too.",
    sources: [
      { kind: "comment", commentId: sueComment.id },
      { kind: "ratings", versionId: setup.versionIds[0] },
    ],
    expectedUpdatedAt: null,
  });
  await trpc(req, "decision.set", {
    consultationId: cid,
    round: 2,
    mechanismId: communication,
    kind: "drop",
    rationale: "Too general: it belongs to every kind of leadership.",
    sources: [{ kind: "ratings", versionId: setup.versionIds[1] }],
    expectedUpdatedAt: null,
  });
  await trpc(req, "decision.triageFlag", {
    consultationId: cid,
    round: 2,
    flagId: flag.id,
    triage: "accepted",
    reason: "Supported by the panel.",
    newMechanism: { name: "Working with power", description: "Leaders notice who holds power and share it when others are better placed." },
  });
  // Each stakeholder sees round 1's results from their own perspective only.
  await trpc(req, "round.update", {
    consultationId: cid,
    round: 2,
    title: "Revised mechanisms",
    instructions: "See what changed and rate again.",
    feedbackVisibility: "perspective",
  });
  await trpc(req, "round.publish", { consultationId: cid, round: 2 });

  // Sue opens round 2: what changed, why, and what led to it, with her own comment.
  await sue.goto(`/c/${setup.slug}/rounds/2`);
  await sue
    .getByRole("link", { name: /Clarifying complexity/ })
    .first()
    .click();
  await expect(sue.getByRole("heading", { name: "Clarifying complexity", level: 1 })).toBeVisible();
  await expect(sue.getByRole("heading", { name: "What changed since round 1" })).toBeVisible();
  await expect(sue.locator("del").filter({ hasText: "Providing clarity" }).first()).toBeVisible();
  await expect(sue.locator("ins").filter({ hasText: "Clarifying complexity" }).first()).toBeVisible();
  await expect(sue.getByText("A carer asked that clarity reach families too.")).toBeVisible();
  await expect(sue.getByText(/Nobody tells carers who decides/)).toBeVisible();
  // Delphi feedback: only service users' round-1 ratings, never Pat's 3; and as she is the only
  // one in her group, no figures at all (below the minimum group size of 3), only her own answer.
  await expect(sue.getByText(/Results from patients, service users and carers, like you \(round 1\)/)).toBeVisible();
  await expect(sue.getByText(/You rated it 5 \(Essential\) in round 1/)).toBeVisible();
  await expect(sue.getByText(/fewer than 3 answers\./)).toBeVisible();
  await expect(sue.getByText(/figures for so small a group are not shown/)).toBeVisible();
  await expect(sue.getByRole("table", { name: /Round 1 ratings of this mechanism from patients, service users and carers/ })).toHaveCount(
    0,
  );
  await expectAccessible(sue);

  // Pat sees practitioners' results: his own 3.
  await pat.goto(`/c/${setup.slug}/rounds/2/mechanisms/${clarity}`);
  await expect(pat.getByText(/Results from practitioners and managers, like you \(round 1\)/)).toBeVisible();
  await expect(pat.getByText(/You rated it 3 \(Moderately relevant\) in round 1/)).toBeVisible();

  // "You said, we did" lists every change of round 2.
  await sue.goto(`/c/${setup.slug}/rounds/2`);
  await sue.getByRole("link", { name: /You said, we did/ }).click();
  await expect(sue.getByRole("heading", { name: "You said, we did", level: 1 })).toBeVisible();
  await expect(sue.getByText("Too general: it belongs to every kind of leadership.")).toBeVisible();
  await expect(sue.getByText(/Working with power/).first()).toBeVisible();
  await expectAccessible(sue);

  // The new mechanism says where it came from; its history goes back to the flag.
  const power = (
    await trpc<{ mechanisms: { name: string; mechanismId: string; id: string }[] }>(
      req,
      "mechanism.listForRound",
      { consultationId: cid, round: 2 },
      "query",
    )
  ).mechanisms.find((m) => m.name === "Working with power")!;
  await pat.goto(`/c/${setup.slug}/rounds/2/mechanisms/${power.mechanismId}`);
  await expect(pat.getByText(/Proposed by .*Stakeholder 1, service user.* as the missing mechanism “Use of power”/)).toBeVisible();
  await pat.getByRole("link", { name: "History of this mechanism" }).click();
  await expect(pat.getByRole("heading", { name: "History of “Working with power”", level: 1 })).toBeVisible();
  await expect(pat.getByText(/Use of power/).first()).toBeVisible();
  await expectAccessible(pat);

  // Round 2 responses, then round 3 keeps Working with power with a status note.
  await trpc(sue.request, "rating.set", { consultationId: cid, versionId: power.id, value: 5 });
  await trpc(pat.request, "rating.set", { consultationId: cid, versionId: power.id, value: 4 });
  await trpc(req, "round.close", { consultationId: cid, round: 2 });
  await trpc(req, "decision.prepare", { consultationId: cid, round: 3 });
  await trpc(req, "decision.set", {
    consultationId: cid,
    round: 3,
    mechanismId: power.mechanismId,
    kind: "keep_with_note",
    statusNote: "No empirical evidence found yet; kept at the panel's request.",
    rationale: "The panel backed it strongly in round 2.",
    sources: [{ kind: "ratings", versionId: power.id }],
    expectedUpdatedAt: null,
  });
  await trpc(req, "decision.set", {
    consultationId: cid,
    round: 3,
    mechanismId: clarity,
    kind: "keep",
    rationale: "Rated as relevant; no change needed.",
    sources: [],
    expectedUpdatedAt: null,
  });
  await trpc(req, "round.publish", { consultationId: cid, round: 3 });

  await sue.goto(`/c/${setup.slug}/rounds/3/mechanisms/${power.mechanismId}`);
  await expect(sue.getByText(/Status note:\s*No empirical evidence found yet; kept at the panel's request\./).first()).toBeVisible();
  // Round 3's default setting shows everyone's round-2 results: both ratings.
  await expect(sue.getByText(/Everyone's ratings in round 2\./)).toBeVisible();
  await expect(sue.getByText(/Median 4\.5/)).toBeVisible();
  await expectAccessible(sue);

  // The history now spans three rounds.
  await sue.getByRole("link", { name: "History of this mechanism" }).click();
  await expect(sue.getByRole("heading", { name: /Round 3/ }).first()).toBeVisible();
  await expect(sue.getByRole("heading", { name: /Round 2/ }).first()).toBeVisible();
});
