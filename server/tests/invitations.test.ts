import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { invitations, sessions, verificationTokens } from "@/db/schema";
import { accept, check, createSignInLink } from "@/server/services/invitations";
import { countRows, setup, snapshot, type World } from "./helpers";

const DAY = 24 * 60 * 60 * 1000;

let w: World;
beforeEach(async () => {
  w = await setup();
});

async function newToken(membershipId = w.a.membershipId) {
  const { path } = await w.facilitator.panel.createLink({ consultationId: w.consultationId, membershipId });
  return path.slice("/invite/".length);
}

describe("check", () => {
  it("tells valid, used, expired, revoked and unknown links apart", async () => {
    const token = await newToken();
    const base = { name: "Ann Able", consultationTitle: "Leading integrated teams", slug: w.slug };
    expect(check(w.db, token)).toEqual({ state: "valid", ...base });
    // Links last 14 days by default.
    expect(check(w.db, token, new Date(Date.now() + 13 * DAY)).state).toBe("valid");
    expect(check(w.db, token, new Date(Date.now() + 15 * DAY))).toEqual({ state: "expired", ...base });

    const revoked = await newToken(w.b.membershipId);
    await w.facilitator.panel.revokeLink({ consultationId: w.consultationId, membershipId: w.b.membershipId });
    expect(check(w.db, revoked)).toEqual({ state: "revoked", name: "Bob Baker", consultationTitle: base.consultationTitle, slug: w.slug });

    expect(accept(w.db, token).ok).toBe(true);
    expect(check(w.db, token)).toEqual({ state: "used", ...base });

    expect(check(w.db, crypto.randomBytes(32).toString("base64url"))).toEqual({ state: "unknown" });
    expect(check(w.db, "short")).toEqual({ state: "unknown" });
    expect(check(w.db, `${token}'; drop table invitation; --`)).toEqual({ state: "unknown" });
  });
});

describe("accept", () => {
  it("uses up the link and opens a session for its stakeholder, once", async () => {
    const token = await newToken();
    const result = accept(w.db, token);
    expect(result).toMatchObject({ ok: true, slug: w.slug });
    if (!result.ok) throw new Error("not accepted");
    const session = w.db.select().from(sessions).where(eq(sessions.sessionToken, result.sessionToken)).get();
    expect(session?.userId).toBe(w.a.user.id);
    expect(session!.expires.getTime()).toBeGreaterThan(Date.now() + 29 * DAY);
    expect(w.db.select().from(invitations).get()!.usedAt).toBeInstanceOf(Date);

    const before = snapshot(w.db);
    expect(accept(w.db, token)).toEqual({
      ok: false,
      result: { state: "used", name: "Ann Able", consultationTitle: "Leading integrated teams", slug: w.slug },
    });
    expect(snapshot(w.db)).toEqual(before);
    expect(countRows(w.db, "session")).toBe(1);
  });

  it("refuses revoked, expired and unknown links without opening a session", async () => {
    const old = await newToken();
    const current = await newToken();
    expect(accept(w.db, old)).toMatchObject({ ok: false, result: { state: "revoked" } });

    w.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .run();
    expect(accept(w.db, current)).toMatchObject({ ok: false, result: { state: "expired" } });
    expect(accept(w.db, "x".repeat(43))).toEqual({ ok: false, result: { state: "unknown" } });
    expect(countRows(w.db, "session")).toBe(0);
  });
});

describe("createSignInLink", () => {
  const saved = process.env.AUTH_URL;
  beforeEach(() => {
    process.env.AUTH_URL = "https://roundtable.example.org/";
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.AUTH_URL;
    else process.env.AUTH_URL = saved;
  });

  it("returns null for an unknown email and writes nothing", () => {
    const before = snapshot(w.db);
    expect(createSignInLink(w.db, "nobody@example.org", "secret")).toBeNull();
    expect(snapshot(w.db)).toEqual(before);
  });

  it("returns a sign-in URL with the callback for a known email, storing only a hash", () => {
    const link = createSignInLink(w.db, "  Ann@Example.org ", "secret", "/c/some-slug");
    expect(link).not.toBeNull();
    const url = new URL(link!);
    expect(`${url.origin}${url.pathname}`).toBe("https://roundtable.example.org/api/auth/callback/email");
    expect(url.searchParams.get("callbackUrl")).toBe("https://roundtable.example.org/c/some-slug");
    expect(url.searchParams.get("email")).toBe("ann@example.org");
    const token = url.searchParams.get("token")!;
    const stored = w.db.select().from(verificationTokens).all();
    expect(stored).toHaveLength(1);
    expect(stored[0].identifier).toBe("ann@example.org");
    expect(stored[0].token).toBe(crypto.createHash("sha256").update(`${token}secret`).digest("hex"));
    expect(stored[0].token).not.toContain(token);
  });
});
