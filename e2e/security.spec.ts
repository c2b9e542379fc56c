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

// Findings of the outside probe (issue 11, section 6): odd requests get a 4xx answer, never a 500.

test("a malformed cookie beside a valid session does not break the API or the downloads", async ({ browser }) => {
  const fac = await newFacilitator(browser);
  const setup = await publishedConsultation(fac, ["Sharing power"]);
  const session = (await fac.page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"))!;
  const cookie = `foo=%zz; ${session.name}=${session.value}; bar=%E0%A4%A`;
  const api = await fac.page.request.get(`/api/trpc/consultation.mine`, { headers: { cookie } });
  expect(api.status()).toBe(200);
  expect(JSON.stringify(await api.json())).toContain(setup.consultationId);
  const download = await fac.page.request.get(`/c/${setup.slug}/export?format=md`, {
    headers: { cookie, "sec-fetch-site": "same-origin" },
  });
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toMatch(/^attachment/);
});

test("Auth.js refuses a javascript: callback URL with a 400, not a 500", async ({ request }) => {
  const evil = encodeURIComponent("javascript:alert(1)");
  for (const url of [
    `/api/auth/callback/email?callbackUrl=${evil}&token=x&email=y%40example.org`,
    `/api/auth/signin?callbackUrl=${evil}`,
    `/api/auth/signin/email?callbackUrl=${evil}`,
  ]) {
    const res = await request.get(url, { maxRedirects: 0 });
    expect(res.status(), url).toBe(400);
    const body = await res.text();
    expect(body, url).toContain("This sign-in link is not valid");
    expect(body, url).not.toContain("javascript:");
  }
  // An ordinary bad link still goes to the sign-in error page as before.
  const plain = await request.get(`/api/auth/callback/email?token=x&email=y%40example.org`, { maxRedirects: 0 });
  expect(plain.status()).toBeLessThan(400);
  expect(plain.headers()["location"]).toContain("/signin/error");
});

test("a server action posted from another site is refused with 403, not a 500", async ({ request }) => {
  const page = await request.get("/signin");
  const html = await page.text();
  // The sign-in form's action id, as the page gives it to the browser.
  const actionId = /&quot;id&quot;:&quot;([0-9a-f]{40,})&quot;/.exec(html)?.[1];
  expect(actionId, "the sign-in page names its server action").toBeTruthy();
  const post = (origin: string) =>
    request.post("/signin", {
      headers: { "next-action": actionId!, origin, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
      data: JSON.stringify([{ error: null, email: "" }, "$K1"]),
      maxRedirects: 0,
    });
  const foreign = await post("https://evil.example");
  expect(foreign.status()).toBe(403);
  expect(await foreign.text()).toContain("came from another site");
  expect((await post("null")).status()).toBe(403);
  // The same action from the site's own pages still runs.
  const own = await post(new URL(page.url()).origin);
  expect(own.status()).toBe(200);
});
