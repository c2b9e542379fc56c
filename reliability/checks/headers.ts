/**
 * Forged headers: what a client writes into Host-like and address headers must not steer the
 * server. Three probes against a fresh server, each of which the outside security probe won:
 *   - a sign-in link asked for with X-Forwarded-Host: evil.example is emailed on the configured origin;
 *   - Auth.js's own email endpoint (not only the sign-in form) is held to 3 links per address;
 *   - 25 bad invitation links, each with a different invented X-Forwarded-For, are cut off after 20.
 * It runs against its own server, since hitting the limits would lock the e2e journeys out.
 */
import fs from "node:fs";
import path from "node:path";
import { createFixture } from "../fixture";
import { startServer } from "../server";
import { Failures, log, sleep, type CheckResult, type RunContext } from "./common";

const NAME = "headers";

type Mail = { to: string; text: string; html: string };

function outbox(dataDir: string, to: string): Mail[] {
  const dir = path.join(dataDir, "outbox");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Mail)
    .filter((m) => m.to === to);
}

/** Auth.js's email sign-in endpoint, called as a script would (CSRF token and cookie first). */
async function requestLinkDirectly(base: string, email: string, extraHeaders: Record<string, string>): Promise<number> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${base}/api/auth/signin/email`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, ...extraHeaders },
    body: new URLSearchParams({ email, csrfToken, callbackUrl: "https://evil.example/landing" }),
  });
  return res.status;
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The sign-in form, submitted as a browser without JavaScript would (a server action). */
async function requestLinkByForm(base: string, email: string, extraHeaders: Record<string, string>): Promise<number> {
  const html = await (await fetch(`${base}/signin`)).text();
  const form = html.slice(html.indexOf("<form"), html.indexOf("</form>"));
  const body = new FormData();
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g))
    body.append(unescapeHtml(m[1]), unescapeHtml(m[2] ?? ""));
  body.append("email", email);
  const res = await fetch(`${base}/signin`, { method: "POST", body, redirect: "manual", headers: extraHeaders });
  await res.arrayBuffer();
  return res.status;
}

export async function headersCheck(ctx: RunContext): Promise<CheckResult> {
  const started = performance.now();
  const failures = new Failures();
  const fixture = createFixture(NAME, { stakeholders: 3, mechanisms: 1 });
  const server = await startServer(fixture.dataDir, ctx.logDir, NAME);
  const base = server.baseUrl;
  const origin = `http://localhost:${server.port}`;
  const email = `facilitator@${fixture.slug}.test`;
  const figures: string[] = [];

  // 1. A forged host reaches neither the link the form emails nor the one Auth.js's endpoint emails.
  const forged = { "x-forwarded-host": "evil.example" };
  const status = [await requestLinkByForm(base, email, forged), await requestLinkDirectly(base, email, forged)];
  await sleep(300);
  const first = outbox(fixture.dataDir, email);
  const links = first.flatMap((m) => m.text.match(/https?:\/\/\S+/g) ?? []);
  failures.expect(
    status.every((s) => s < 500),
    `the sign-in form and endpoint answered ${status.join(", ")}`,
  );
  failures.expect(first.length === 2, `expected 2 sign-in emails, found ${first.length}`);
  failures.expect(links.length > 0 && links.every((l) => l.startsWith(`${origin}/`)), `emailed links not on ${origin}: ${links.join(" ")}`);
  failures.expect(!first.some((m) => (m.text + m.html).includes("evil.example")), "the email mentions evil.example");
  figures.push(
    `sign-in links asked for with X-Forwarded-Host: evil.example (form, endpoint) -> ${links.map((l) => new URL(l).origin).join(", ") || "no link"}`,
  );

  // 2. The email endpoint itself is limited: 4 more requests for the same address, 1 more email.
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push(await requestLinkDirectly(base, email, {}));
  await sleep(300);
  const sent = outbox(fixture.dataDir, email).length;
  failures.expect(sent === 3, `6 requests (2 above, 4 direct) for one address sent ${sent} emails (the limit is 3)`);
  failures.expect(
    statuses.every((s) => s < 500),
    `the endpoint answered ${statuses.join(", ")}`,
  );
  figures.push(`6 sign-in requests for one address (4 straight to /api/auth/signin/email): ${sent} emails sent`);

  // 3. Invented client addresses do not escape the invitation limit.
  let cutOffAt = 0;
  for (let i = 1; i <= 25; i++) {
    const res = await fetch(`${base}/invite/forged-${i}-${"x".repeat(40)}`, {
      headers: { "x-forwarded-for": `203.0.113.${i}`, "x-real-ip": `198.51.100.${i}` },
    });
    const html = await res.text();
    if (html.includes("Too many attempts")) {
      cutOffAt = i;
      break;
    }
  }
  failures.expect(
    cutOffAt === 21,
    cutOffAt
      ? `bad invitation links were cut off after ${cutOffAt - 1} (expected 20)`
      : "25 bad invitation links with invented addresses were never cut off",
  );
  figures.push(`bad invitation links with 25 invented X-Forwarded-For addresses: cut off at attempt ${cutOffAt || "never"}`);
  log(NAME, figures.join("; "));

  await server.stop();
  return {
    name: NAME,
    passed: failures.list.length === 0,
    seconds: (performance.now() - started) / 1000,
    figures,
    failures: failures.list,
  };
}
