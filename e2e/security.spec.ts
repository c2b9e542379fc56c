/** Security headers, session cookies and rate limits, as a browser meets them. */
import { expect, invite, joinAs, newFacilitator, publishedConsultation, test, unique } from "./fixtures";

test("pages carry a nonce-based CSP and the other security headers", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  for (const path of ["/", "/signin", "/invite/not-a-real-token-but-long-enough"]) {
    const res = await page.goto(path);
    const h = res!.headers();
    const csp = h["content-security-policy"];
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBeTruthy();
    // Every script Next.js put in the page carries this response's nonce.
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const scripts = await page.locator("script").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((n) => n === nonce)).toBe(true);
  }
  // The sign-in form is hydrated and works under the policy.
  await page.goto("/signin");
  await page.getByLabel("Email address").fill("nobody");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByText("Enter your email address")).toBeVisible();
  expect(problems).toEqual([]);
});

test("the session cookie from an invitation is httpOnly and SameSite", async ({ browser }) => {
  const fac = await newFacilitator(browser);
  const setup = await publishedConsultation(fac, ["Fostering resilience"]);
  const page = await joinAs(browser, await invite(fac, setup.consultationId, "Cookie Checker"));
  const cookie = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  const facCookie = (await fac.page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(facCookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
});

test("asking for too many sign-in links is refused with a clear message", async ({ page }) => {
  const email = `${unique("flood")}@example.org`;
  await page.goto("/signin");
  for (let i = 0; i < 3; i++) {
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
    await page.goto("/signin");
  }
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByText(/Too many sign-in links were asked for\. Please wait \d+ minutes?/)).toBeVisible();
});
