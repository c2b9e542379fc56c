/**
 * The tRPC route handler (app/api/trpc/[trpc]/route.ts) called with real Requests, on the
 * process database in a throwaway DATA_DIR: odd cookies, oversized batches and oversized bodies
 * get a readable 4xx answer, never a 500, and ordinary calls still work.
 */
import { beforeAll, describe, expect, it } from "vitest";
import superjson from "superjson";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import { getDb } from "@/db";
import { sessions } from "@/db/schema";
import { exportResponse } from "@/server/export/http";
import { callerFor, consultationInput, createUser } from "./helpers";

const BASE = "http://localhost:3000/api/trpc";
let token = "";
let consultationId = "";
let slug = "";

beforeAll(async () => {
  const db = getDb();
  const user = createUser(db, "Rita Route", { canCreate: true, email: `rita-${Date.now()}@example.org` });
  ({ id: consultationId, slug } = await callerFor(db, user).consultation.create(consultationInput({ title: "Route checks" })));
  token = `route-test-${user.id}`;
  db.insert(sessions)
    .values({ sessionToken: token, userId: user.id, expires: new Date(Date.now() + 3600_000) })
    .run();
});

/** tRPC's error envelope, through the app's superjson transformer. */
type TrpcError = { error: { json: { message: string; data: { code: string; httpStatus: number } } } };

async function body(res: Response): Promise<string> {
  return await res.text();
}

describe("cookies", () => {
  it("recognises the session beside malformed cookie pairs (tRPC and downloads)", async () => {
    const cookie = `foo=%zz; authjs.session-token=${token}; bar=%E0%A4%A; =x; lonely`;
    const res = await GET(new Request(`${BASE}/consultation.mine`, { headers: { cookie } }));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await body(res)).toContain(consultationId);

    const download = await exportResponse(
      getDb(),
      new Request(`http://localhost:3000/c/${slug}/export?format=md`, { headers: { cookie, "sec-fetch-site": "same-origin" } }),
      slug,
    );
    expect(download.status, await download.clone().text()).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment/);
  });

  it("still decodes an encoded cookie value", async () => {
    const res = await GET(
      new Request(`${BASE}/consultation.mine`, { headers: { cookie: `authjs.session-token=${encodeURIComponent(token)}` } }),
    );
    expect(res.status).toBe(200);
    expect(await body(res)).toContain(consultationId);
  });
});

describe("batches", () => {
  const batch = (n: number) => {
    const paths = Array.from({ length: n }, () => "consultation.bySlug").join(",");
    const inputs = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, superjson.serialize({ slug })]));
    return new Request(`${BASE}/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`, {
      headers: { cookie: `authjs.session-token=${token}` },
    });
  };

  it("answers a batch of 20 calls", async () => {
    const res = await GET(batch(20));
    expect(res.status).toBe(200);
    expect((await res.json()) as unknown[]).toHaveLength(20);
  });

  it("refuses a batch of more than 20 calls with a readable 400", async () => {
    const res = await GET(batch(100));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const json = (await res.json()) as TrpcError;
    expect(json.error.json.message).toBe("Too many calls in one request: at most 20 are allowed, this one had 100.");
    expect(json.error.json.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
  });
});

describe("request bodies", () => {
  const headers = () => ({ cookie: `authjs.session-token=${token}`, "content-type": "application/json", "sec-fetch-site": "same-origin" });
  const create = (title: string) => JSON.stringify(superjson.serialize(consultationInput({ title })));

  it("takes an ordinary mutation", async () => {
    const res = await POST(new Request(`${BASE}/consultation.create`, { method: "POST", headers: headers(), body: create("Body check") }));
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it("refuses a body declared larger than 1 MB with 413 before reading it", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++pulled > 160) return controller.close(); // 10 MB, as declared
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const res = await POST(
      new Request(`${BASE}/consultation.create`, {
        method: "POST",
        headers: { ...headers(), "content-length": String(10 * 1024 * 1024) },
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    const json = (await res.json()) as TrpcError;
    expect(json.error.json.message).toMatch(/^The request is too large \(at most 1 MB\)/);
    expect(json.error.json.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", httpStatus: 413 });
    // Nothing beyond what a stream reads ahead on its own was pulled.
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("refuses a streamed body without a length once it passes 1 MB, and stops reading", async () => {
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        if (sent > 10 * 1024 * 1024) return controller.close();
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const res = await POST(
      new Request(`${BASE}/consultation.create`, { method: "POST", headers: headers(), body: stream, duplex: "half" } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(2 * 1024 * 1024);
  });

  it("lets a source import of the largest file the importer reads through", async () => {
    // 5 MB of RIS in base64 is about 6.7 MB of JSON: the import procedures get a larger cap.
    const file = Buffer.alloc(5 * 1024 * 1024 - 1024, "TY  - JOUR\r\nTI  - A title\r\nER  - \r\n").toString("base64");
    const payload = JSON.stringify(
      superjson.serialize({ consultationId, fileName: "big.ris", file, fileEncoding: "base64", format: "ris", kind: "empirical" }),
    );
    expect(payload.length).toBeGreaterThan(6 * 1024 * 1024);
    const res = await POST(new Request(`${BASE}/source.importPreview`, { method: "POST", headers: headers(), body: payload }));
    expect(res.status).not.toBe(413);
    expect(res.status).toBeLessThan(500);
  });

  it("refuses an import body beyond what any import can be", async () => {
    const res = await POST(
      new Request(`${BASE}/source.importPreview`, {
        method: "POST",
        headers: headers(),
        body: "x".repeat(9 * 1024 * 1024),
      }),
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as TrpcError).error.json.message).toMatch(/at most 8 MB/);
  });
});
