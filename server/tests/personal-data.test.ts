import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { comments, memberships, ratings, sessions, users } from "@/db/schema";
import { accept } from "../services/invitations";
import { expectRefused, setup } from "./helpers";

async function contribute(w: Awaited<ReturnType<typeof setup>>) {
  const cid = w.consultationId;
  await w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 4 });
  const own = await w.a.caller.comment.add({ consultationId: cid, target: { versionId: w.versions[0] }, body: "Ann's thought" });
  const lonely = await w.a.caller.comment.add({ consultationId: cid, target: { versionId: w.versions[1] }, body: "Nobody answered this" });
  await w.b.caller.comment.add({ consultationId: cid, target: { versionId: w.versions[0] }, parentId: own.id, body: "Bob's reply" });
  const flag = await w.a.caller.flag.create({
    consultationId: cid,
    round: 1,
    name: "Use of power",
    covers: "Who holds power",
    whyItMatters: "It matters",
  });
  await w.b.caller.flag.endorse({ consultationId: cid, flagId: flag.id });
  return { own, lonely, flag };
}

describe("me.export", () => {
  it("gives a stakeholder everything they contributed, and nothing of anyone else", async () => {
    const w = await setup();
    await contribute(w);
    const data = await w.a.caller.me.export({ consultationId: w.consultationId });
    expect(data.you).toMatchObject({ name: "Ann Able", email: "ann@example.org", pseudonym: "Stakeholder 1, practitioner" });
    expect(data.ratings).toHaveLength(1);
    expect(data.ratings[0]).toMatchObject({ round: 1, value: 4 });
    expect(data.comments.map((c) => c.body).sort()).toEqual(["Ann's thought", "Nobody answered this"]);
    expect(data.flags.map((f) => f.name)).toEqual(["Use of power"]);
    expect(JSON.stringify(data)).not.toContain("Bob");
    const bob = await w.b.caller.me.export({ consultationId: w.consultationId });
    expect(bob.endorsements.map((e) => e.flag)).toEqual(["Use of power"]);
    expect(bob.comments.map((c) => c.body)).toEqual(["Bob's reply"]);
  });
});

describe("panel.erase", () => {
  it("anonymises by default: contributions stay under 'Withdrawn participant', identity and access go", async () => {
    const w = await setup();
    const cid = w.consultationId;
    await contribute(w);
    const link = await w.facilitator.panel.createLink({ consultationId: cid, membershipId: w.a.membershipId });
    w.db
      .insert(sessions)
      .values({ sessionToken: "ann-session", userId: w.a.user.id, expires: new Date(Date.now() + 1e9) })
      .run();

    await w.facilitator.panel.erase({ consultationId: cid, membershipId: w.a.membershipId });

    const user = w.db.select().from(users).where(eq(users.id, w.a.user.id)).get()!;
    expect(user).toMatchObject({ name: null, email: null });
    expect(w.db.select().from(sessions).where(eq(sessions.userId, w.a.user.id)).all()).toEqual([]);
    expect(accept(w.db, link.path.split("/").pop()!).ok).toBe(false);
    expect(w.db.select().from(ratings).where(eq(ratings.membershipId, w.a.membershipId)).all()).toHaveLength(1);
    // The facilitator sees the pseudonym but no name; so does the audit log.
    const page = await w.facilitator.comment.list({ consultationId: cid, target: { versionId: w.versions[0] } });
    expect(page.threads[0].author.label).toBe("Withdrawn participant (Stakeholder 1, practitioner)");
    expect(page.threads[0].replies[0].body).toBe("Bob's reply");
    const audit = await w.facilitator.audit.list({ consultationId: cid });
    expect(audit.entries[0]).toMatchObject({
      action: "panel.erase",
      details: { pseudonym: "Stakeholder 1, practitioner", policy: "anonymise" },
    });
    // Earlier entries about her (added, link created) no longer carry her name.
    expect(JSON.stringify(audit.entries)).not.toContain("Ann Able");
    const list = await w.facilitator.panel.list({ consultationId: cid });
    expect(list.members.find((m) => m.id === w.a.membershipId)).toMatchObject({
      name: "Withdrawn participant",
      email: null,
      withdrawn: true,
    });

    await expectRefused(
      w.db,
      () => w.facilitator.panel.erase({ consultationId: cid, membershipId: w.a.membershipId }),
      "BAD_REQUEST",
      /already been erased/,
    );
    await expectRefused(
      w.db,
      () => w.facilitator.panel.createLink({ consultationId: cid, membershipId: w.a.membershipId }),
      "BAD_REQUEST",
      /erased/,
    );
  });

  it("removes contributions when the consultation's policy says so, keeping others' replies", async () => {
    const w = await setup();
    const cid = w.consultationId;
    const c = await w.facilitator.consultation.bySlug({ slug: w.slug });
    await w.facilitator.consultation.update({
      consultationId: cid,
      title: c.title,
      researchQuestion: c.researchQuestion,
      description: c.description,
      scaleMax: c.scaleMax as 5 | 9,
      anonymity: c.anonymity,
      erasurePolicy: "remove",
    });
    const { own, lonely } = await contribute(w);

    await w.facilitator.panel.erase({ consultationId: cid, membershipId: w.a.membershipId });

    expect(w.db.select().from(ratings).where(eq(ratings.membershipId, w.a.membershipId)).all()).toEqual([]);
    expect(w.db.select().from(comments).where(eq(comments.id, lonely.id)).get()).toBeUndefined();
    expect(w.db.select().from(comments).where(eq(comments.id, own.id)).get()).toMatchObject({ body: "" });
    const page = await w.b.caller.comment.list({ consultationId: cid, target: { versionId: w.versions[0] } });
    expect(page.threads[0]).toMatchObject({ state: "deleted", body: null });
    expect(page.threads[0].replies[0].body).toBe("Bob's reply");
    expect((await w.b.caller.flag.list({ consultationId: cid, round: 1 })).flags).toEqual([]);
    expect(w.db.select().from(memberships).where(eq(memberships.id, w.a.membershipId)).get()).toMatchObject({
      displayName: "Withdrawn participant",
    });
  });

  it("ends the person's access to this consultation even when their account lives on elsewhere", async () => {
    const w = await setup();
    const cid = w.consultationId;
    // Ann also sits on the other consultation's panel, so her account is kept.
    await w.other.facilitator.panel.add({
      consultationId: w.other.consultationId,
      name: "Ann Able",
      email: "ann@example.org",
      perspective: "practitioner",
    });
    await w.facilitator.panel.erase({ consultationId: cid, membershipId: w.a.membershipId });
    await expectRefused(w.db, () => w.a.caller.rating.set({ consultationId: cid, versionId: w.versions[0], value: 3 }), "NOT_FOUND");
    await expectRefused(
      w.db,
      () => w.a.caller.comment.add({ consultationId: cid, target: { versionId: w.versions[0] }, body: "Still here?" }),
      "NOT_FOUND",
    );
    await expectRefused(w.db, () => w.a.caller.consultation.bySlug({ slug: w.slug }), "NOT_FOUND");
    const mine = await w.a.caller.consultation.mine();
    expect(mine.consultations.map((c) => c.id)).toEqual([w.other.consultationId]);
  });

  it("is for facilitators only, and only for their own panel", async () => {
    const w = await setup();
    await expectRefused(
      w.db,
      () => w.b.caller.panel.erase({ consultationId: w.consultationId, membershipId: w.a.membershipId }),
      "FORBIDDEN",
    );
    await expectRefused(
      w.db,
      () => w.other.facilitator.panel.erase({ consultationId: w.other.consultationId, membershipId: w.a.membershipId }),
      "NOT_FOUND",
    );
  });
});

describe("audit.list", () => {
  it("records facilitator actions newest first, pages through them, and is closed to stakeholders", async () => {
    const w = await setup();
    const cid = w.consultationId;
    for (let i = 0; i < 55; i++) {
      await w.facilitator.panel.add({ consultationId: cid, name: `Person ${i}`, email: null, perspective: "researcher" });
    }
    const first = await w.facilitator.audit.list({ consultationId: cid });
    expect(first.entries).toHaveLength(50);
    expect(first.entries[0]).toMatchObject({ action: "panel.add", label: "Added a stakeholder", details: { name: "Person 54" } });
    const second = await w.facilitator.audit.list({ consultationId: cid, cursor: first.nextCursor });
    const all = [...first.entries, ...second.entries];
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(all.at(-1)!.action).toBe("consultation.create");
    expect(second.nextCursor).toBeNull();
    await expectRefused(w.db, () => w.a.caller.audit.list({ consultationId: cid }), "FORBIDDEN");
  });
});
