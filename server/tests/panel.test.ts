import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { invitations, memberships, users } from "@/db/schema";
import { check, hashToken } from "@/server/services/invitations";
import { callerFor, countRows, expectRefused, setup, snapshot, withTemporaryOutbox, type World } from "./helpers";

let w: World;
beforeEach(async () => {
  w = await setup();
});

async function members() {
  const list = await w.facilitator.panel.list({ consultationId: w.consultationId });
  return list.members.filter((m) => m.role === "stakeholder");
}

describe("panel.add", () => {
  it("numbers pseudonyms 1, 2, 3 in the order people join", async () => {
    await w.facilitator.panel.add({
      consultationId: w.consultationId,
      name: "Cara Cole",
      email: "Cara@Example.ORG",
      perspective: "opinion_leader",
    });
    const list = await members();
    expect(list.map((m) => [m.name, m.pseudonym, m.email, m.perspectiveLabel])).toEqual([
      ["Ann Able", "Stakeholder 1, practitioner", "ann@example.org", "Practitioner or manager"],
      ["Bob Baker", "Stakeholder 2, service user", "bob@example.org", "Patient, service user or carer"],
      ["Cara Cole", "Stakeholder 3, opinion leader", "cara@example.org", "Opinion leader"],
    ]);
    expect(list.every((m) => m.invitation.state === "none")).toBe(true);
  });

  it("refuses an email already on the panel with CONFLICT", async () => {
    await expectRefused(
      w.db,
      () =>
        w.facilitator.panel.add({
          consultationId: w.consultationId,
          name: "Ann Again",
          email: "ANN@example.org",
          perspective: "researcher",
        }),
      "CONFLICT",
      "ann@example.org is already a member of this consultation.",
    );
    await expectRefused(
      w.db,
      () =>
        w.facilitator.panel.add({ consultationId: w.consultationId, name: "No email", email: "not-an-email", perspective: "researcher" }),
      "BAD_REQUEST",
      /^Email: Enter an email address/,
    );
  });

  it("reuses the account of someone already known from another consultation", async () => {
    const oscar = w.other.stakeholder;
    await w.facilitator.panel.add({
      consultationId: w.consultationId,
      name: "Oscar O.",
      email: "oscar@example.org",
      perspective: "researcher",
    });
    const mine = await oscar.caller.consultation.mine();
    expect(mine.consultations.map((c) => c.id).sort()).toEqual([w.consultationId, w.other.consultationId].sort());
  });
});

describe("panel.addMany", () => {
  it("adds nobody when one line is bad, and names the line", async () => {
    const text = ["Cara Cole, cara@example.org, service user", "Dan Dee, researcher", "Eve Evans, eve@example.org, astronaut"].join("\n");
    const error = await expectRefused(w.db, () => w.facilitator.panel.addMany({ consultationId: w.consultationId, text }), "BAD_REQUEST");
    expect(error.message).toMatch(/^Nobody was added\. Line 3: .*"astronaut" is not one of them/);
    expect(await members()).toHaveLength(2);

    const duplicate = "Cara Cole, cara@example.org, service user\nCara Again, CARA@example.org, researcher";
    await expectRefused(
      w.db,
      () => w.facilitator.panel.addMany({ consultationId: w.consultationId, text: duplicate }),
      "BAD_REQUEST",
      /Line 2: cara@example.org appears twice/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.panel.addMany({ consultationId: w.consultationId, text: "Frank, frank@, practitioner" }),
      "BAD_REQUEST",
      /Line 1: email: Enter an email address/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.panel.addMany({ consultationId: w.consultationId, text: "\n  \n" }),
      "BAD_REQUEST",
      /Paste at least one line/,
    );
  });

  it("adds nobody when a later line is already on the panel", async () => {
    const text = "Cara Cole, cara@example.org, service user\nAnn Able, ann@example.org, practitioner";
    await expectRefused(w.db, () => w.facilitator.panel.addMany({ consultationId: w.consultationId, text }), "CONFLICT", /ann@example.org/);
    expect(await members()).toHaveLength(2);
  });

  it("adds a good list, emails optional, perspectives in everyday words", async () => {
    const text = [
      "Cara Cole, cara@example.org, service user",
      "",
      "Dan Dee; Researcher",
      "Eve Evans\teve@example.org\tpolicy adviser",
      "Finn Ford, Carer",
    ].join("\r\n");
    expect(await w.facilitator.panel.addMany({ consultationId: w.consultationId, text })).toEqual({ added: 4 });
    const list = await members();
    expect(list.map((m) => [m.pseudonym, m.name, m.email, m.perspective])).toEqual([
      ["Stakeholder 1, practitioner", "Ann Able", "ann@example.org", "practitioner"],
      ["Stakeholder 2, service user", "Bob Baker", "bob@example.org", "service_user"],
      ["Stakeholder 3, service user", "Cara Cole", "cara@example.org", "service_user"],
      ["Stakeholder 4, researcher", "Dan Dee", null, "researcher"],
      ["Stakeholder 5, opinion leader", "Eve Evans", "eve@example.org", "opinion_leader"],
      ["Stakeholder 6, service user", "Finn Ford", null, "service_user"],
    ]);
  });
});

describe("panel.update and panel.remove", () => {
  it("renames a member and changes their perspective", async () => {
    await w.facilitator.panel.update({
      consultationId: w.consultationId,
      membershipId: w.b.membershipId,
      name: "Robert Baker",
      perspective: "opinion_leader",
    });
    expect((await members())[1]).toMatchObject({ name: "Robert Baker", pseudonym: "Stakeholder 2, opinion leader" });
  });

  it("removes someone added by mistake, but not after they have rated", async () => {
    const cid = w.consultationId;
    await w.facilitator.panel.remove({ consultationId: cid, membershipId: w.b.membershipId });
    expect((await members()).map((m) => m.name)).toEqual(["Ann Able"]);
    await expectRefused(w.db, () => w.b.caller.round.list({ consultationId: cid }), "NOT_FOUND");

    await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 4 });
    await expectRefused(
      w.db,
      () => w.facilitator.panel.remove({ consultationId: cid, membershipId: w.a.membershipId }),
      "BAD_REQUEST",
      /Ann Able has already responded/,
    );
    // A facilitator's membership is not a panel member's.
    const facilitatorMembership = w.db.select().from(memberships).where(eq(memberships.userId, w.facilitatorUser.id)).get()!;
    await expectRefused(
      w.db,
      () => w.facilitator.panel.remove({ consultationId: cid, membershipId: facilitatorMembership.id }),
      "BAD_REQUEST",
    );
  });
});

describe("invitation links", () => {
  it("returns /invite/<token> once and stores only its hash; a new link revokes the old one", async () => {
    const cid = w.consultationId;
    const first = await w.facilitator.panel.createLink({ consultationId: cid, membershipId: w.a.membershipId });
    expect(first.path).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = first.path.slice("/invite/".length);
    const rows = w.db.select().from(invitations).all();
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(snapshot(w.db).invitation)).not.toContain(token);
    expect(check(w.db, token).state).toBe("valid");
    expect((await members())[0].invitation.state).toBe("link_created");

    const second = await w.facilitator.panel.createLink({ consultationId: cid, membershipId: w.a.membershipId });
    const secondToken = second.path.slice("/invite/".length);
    expect(secondToken).not.toBe(token);
    expect(check(w.db, token).state).toBe("revoked");
    expect(check(w.db, secondToken).state).toBe("valid");
    expect(countRows(w.db, "invitation")).toBe(2);
  });

  it("revokes the unused link, and says when there is none", async () => {
    const cid = w.consultationId;
    const { path: link } = await w.facilitator.panel.createLink({ consultationId: cid, membershipId: w.a.membershipId });
    await w.facilitator.panel.revokeLink({ consultationId: cid, membershipId: w.a.membershipId });
    expect(check(w.db, link.slice("/invite/".length)).state).toBe("revoked");
    expect((await members())[0].invitation.state).toBe("revoked");
    await expectRefused(
      w.db,
      () => w.facilitator.panel.revokeLink({ consultationId: cid, membershipId: w.a.membershipId }),
      "BAD_REQUEST",
      "Ann Able has no unused link to revoke.",
    );
  });
});

describe("panel.sendEmail", () => {
  const dataDir = withTemporaryOutbox("each");

  it("refuses someone without an email address", async () => {
    const { id } = await w.facilitator.panel.add({
      consultationId: w.consultationId,
      name: "Doreen",
      email: "",
      perspective: "service_user",
    });
    await expectRefused(
      w.db,
      () => w.facilitator.panel.sendEmail({ consultationId: w.consultationId, membershipId: id }),
      "BAD_REQUEST",
      /Doreen has no email address/,
    );
    expect(fs.existsSync(path.join(dataDir(), "outbox"))).toBe(false);
  });

  it("writes the invitation into the outbox with a working link", async () => {
    const result = await w.facilitator.panel.sendEmail({ consultationId: w.consultationId, membershipId: w.a.membershipId });
    expect(result.expiresAt).toBeInstanceOf(Date);
    const files = fs.readdirSync(path.join(dataDir(), "outbox"));
    expect(files).toHaveLength(1);
    const mail = JSON.parse(fs.readFileSync(path.join(dataDir(), "outbox", files[0]), "utf8"));
    expect(mail.to).toBe("ann@example.org");
    expect(mail.subject).toBe("Invitation: Leading integrated teams");
    const url = mail.text.match(/https:\/\/roundtable\.example\.org\/invite\/([A-Za-z0-9_-]+)/);
    expect(url).not.toBeNull();
    expect(mail.html).toContain(url[0]);
    expect(check(w.db, url[1])).toMatchObject({ state: "valid", name: "Ann Able" });
    expect((await members())[0].invitation.state).toBe("emailed");
  });

  it("keeps the earlier link working when the mail cannot be sent", async () => {
    const earlier = await w.facilitator.panel.createLink({ consultationId: w.consultationId, membershipId: w.a.membershipId });
    process.env.SMTP_URL = "smtp://127.0.0.1:1"; // nothing listens there
    vi.spyOn(console, "error").mockImplementation(() => {});
    await expectRefused(
      w.db,
      () => w.facilitator.panel.sendEmail({ consultationId: w.consultationId, membershipId: w.a.membershipId }),
      "BAD_REQUEST",
      /could not be sent/,
    );
    expect(check(w.db, earlier.path.split("/").pop()!).state).toBe("valid");
    expect((await members())[0].invitation.state).toBe("link_created");
  });
});

describe("panel.addFacilitator", () => {
  const dataDir = withTemporaryOutbox("each");

  it("adds a co-facilitator who can then manage the consultation, and tells them how to sign in", async () => {
    const w = await setup();
    const cid = w.consultationId;
    await w.facilitator.panel.addFacilitator({ consultationId: cid, name: "Dr Fay Field", email: "Fay@Example.org" });
    const list = await w.facilitator.panel.list({ consultationId: cid });
    expect(list.members.filter((m) => m.role === "facilitator").map((m) => m.name)).toContain("Dr Fay Field");
    const mail = JSON.parse(fs.readFileSync(path.join(dataDir(), "outbox", fs.readdirSync(path.join(dataDir(), "outbox"))[0]), "utf8"));
    expect(mail.to).toBe("fay@example.org");
    expect(mail.text).toContain(`/signin?callbackUrl=${encodeURIComponent(`/c/${w.slug}`)}`);
    // Signed in, she is a facilitator of this consultation.
    const fay = w.db.select().from(users).where(eq(users.email, "fay@example.org")).get()!;
    const caller = callerFor(w.db, { id: fay.id, name: fay.name, email: fay.email });
    expect((await caller.panel.list({ consultationId: cid })).members.length).toBe(list.members.length);
  });

  it("refuses someone already facilitating or on the panel, and stakeholders cannot add facilitators", async () => {
    const w = await setup();
    const cid = w.consultationId;
    await w.facilitator.panel.addFacilitator({ consultationId: cid, name: "Fay", email: "fay@example.org" });
    await expectRefused(
      w.db,
      () => w.facilitator.panel.addFacilitator({ consultationId: cid, name: "Fay", email: "fay@example.org" }),
      "CONFLICT",
      /already facilitates/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.panel.addFacilitator({ consultationId: cid, name: "Ann", email: "ann@example.org" }),
      "CONFLICT",
      /on this consultation's panel/,
    );
    await expectRefused(
      w.db,
      () => w.a.caller.panel.addFacilitator({ consultationId: cid, name: "Zed", email: "zed@example.org" }),
      "FORBIDDEN",
    );
    await expectRefused(
      w.db,
      () => w.facilitator.panel.addFacilitator({ consultationId: cid, name: "No Mail", email: "not-an-email" }),
      "BAD_REQUEST",
      /email address/,
    );
  });
});
