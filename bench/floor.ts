/**
 * The floor: the least a server on this machine can do for the benchmark's requests.
 *
 *   tsx bench/floor.ts <path/to/roundtable.db> <port>
 *
 * A bare node:http server with one better-sqlite3 connection (same pragmas as db/index.ts:
 * WAL, synchronous FULL unless SQLITE_SYNCHRONOUS=NORMAL, foreign keys, busy timeout) and
 * prepared statements. It answers the same URLs and bodies as the app, so the bench sends
 * byte-identical requests to both, and it does the same database work, one query per kind of
 * data and never one per comment or per rating:
 *
 *   GET  /api/trpc/mechanism.byId,comment.list?batch=1&input=...   (a) the mechanism page's data
 *   POST /api/trpc/rating.set                                       (c) one rating write
 *   GET  /api/health
 *
 * What it leaves out is exactly what the app adds on top: routing, tRPC, zod, superjson, React
 * server runtime, drizzle's query building. Answers are plain JSON in tRPC's envelope.
 */
import Database from "better-sqlite3";
import http from "node:http";
import { describeAuthor, type PerspectiveValue } from "@/shared/domain";

const [file, portArg] = process.argv.slice(2);
if (!file || !portArg) {
  console.error("usage: tsx bench/floor.ts <db file> <port>");
  process.exit(2);
}

const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS === "NORMAL" ? "NORMAL" : "FULL"}`);
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");

// ---------------------------------------------------------------------------------------------
// Statements (the same shapes the app's services run)

type Membership = {
  id: string;
  role: "facilitator" | "stakeholder";
  display_name: string;
  perspective: PerspectiveValue | null;
  pseudonym_number: number | null;
  scale_max: number;
  anonymity: "named" | "pseudonymous";
};
type Round = { id: string; number: number; status: "draft" | "open" | "closed" };
type CommentRow = {
  id: string;
  parent_id: string | null;
  membership_id: string;
  body: string;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
  hidden_at: number | null;
  hidden_reason: string | null;
  a_id: string;
  a_role: "facilitator" | "stakeholder";
  a_display_name: string;
  a_perspective: PerspectiveValue | null;
  a_pseudonym_number: number | null;
};

const q = {
  session: db.prepare<[string, number], { id: string; name: string | null; email: string | null }>(
    'select u.id, u.name, u.email from session s join user u on u.id = s."userId" where s."sessionToken" = ? and s.expires > ?',
  ),
  membership: db.prepare<[string, string], Membership>(
    `select m.id, m.role, m.display_name, m.perspective, m.pseudonym_number, c.scale_max, c.anonymity
     from membership m join consultation c on c.id = m.consultation_id
     where m.consultation_id = ? and m.user_id = ?`,
  ),
  roundByNumber: db.prepare<[string, number], Round>("select id, number, status from round where consultation_id = ? and number = ?"),
  roundById: db.prepare<[string, string], Round>("select id, number, status from round where consultation_id = ? and id = ?"),
  version: db.prepare<[string, string], { id: string; mechanism_id: string; name: string; description: string }>(
    "select id, mechanism_id, name, description from mechanism_version where round_id = ? and mechanism_id = ?",
  ),
  versionWithConsultation: db.prepare<[string], { id: string; round_id: string; consultation_id: string }>(
    "select v.id, v.round_id, m.consultation_id from mechanism_version v join mechanism m on m.id = v.mechanism_id where v.id = ?",
  ),
  siblings: db.prepare<[string], { mechanismId: string; name: string }>(
    'select mechanism_id as "mechanismId", name from mechanism_version where round_id = ? order by position',
  ),
  myRating: db.prepare<[string, string], { value: number }>("select value from rating where version_id = ? and membership_id = ?"),
  rated: db.prepare<[string, string], { n: number }>(
    "select count(*) as n from rating r join mechanism_version v on v.id = r.version_id where v.round_id = ? and r.membership_id = ?",
  ),
  edits: db.prepare<[string], Record<string, unknown>>(
    `select e.id, e.edited_at as "editedAt", e.reason, e.before_name as "beforeName", e.before_description as "beforeDescription",
            e.after_name as "afterName", e.after_description as "afterDescription", u.name as editor
     from mechanism_edit e left join user u on u.id = e.editor_id where e.version_id = ? order by e.edited_at desc`,
  ),
  threads: db.prepare<[string, number], CommentRow>(
    `select c.id, c.parent_id, c.membership_id, c.body, c.created_at, c.edited_at, c.deleted_at, c.hidden_at, c.hidden_reason,
            m.id as a_id, m.role as a_role, m.display_name as a_display_name, m.perspective as a_perspective, m.pseudonym_number as a_pseudonym_number
     from comment c join membership m on m.id = c.membership_id
     where c.version_id = ? and c.parent_id is null order by c.created_at, c.id limit ?`,
  ),
  upsertRating: db.prepare<[string, string, string, number, number, number]>(
    `insert into rating (id, version_id, membership_id, value, created_at, updated_at) values (?, ?, ?, ?, ?, ?)
     on conflict (version_id, membership_id) do update set value = excluded.value, updated_at = excluded.updated_at`,
  ),
};

/** Replies of one page of threads: one statement per page size, prepared once. */
const repliesStatements = new Map<number, Database.Statement<string[], CommentRow>>();
function replies(parentIds: string[]): CommentRow[] {
  if (parentIds.length === 0) return [];
  let stmt = repliesStatements.get(parentIds.length);
  if (!stmt) {
    stmt = db.prepare<string[], CommentRow>(
      `select c.id, c.parent_id, c.membership_id, c.body, c.created_at, c.edited_at, c.deleted_at, c.hidden_at, c.hidden_reason,
              m.id as a_id, m.role as a_role, m.display_name as a_display_name, m.perspective as a_perspective, m.pseudonym_number as a_pseudonym_number
       from comment c join membership m on m.id = c.membership_id
       where c.parent_id in (${parentIds.map(() => "?").join(",")}) order by c.created_at, c.id`,
    );
    repliesStatements.set(parentIds.length, stmt);
  }
  return stmt.all(...parentIds);
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function cookie(req: http.IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
function uuid(value: unknown): string {
  if (typeof value !== "string" || !UUID.test(value)) throw new HttpError(400, "bad id");
  return value;
}

type User = { id: string; name: string | null; email: string | null };

/** The session behind the cookie: once per HTTP request, like the app's tRPC context. */
function sessionUser(req: http.IncomingMessage): User | undefined {
  const token = cookie(req, "authjs.session-token");
  return token ? q.session.get(token, Date.now()) : undefined;
}

/** The caller's membership: what consultationProcedure establishes for every call of a batch. */
function actor(user: User | undefined, consultationId: string) {
  if (!user) throw new HttpError(401, "Please sign in first.");
  const membership = q.membership.get(uuid(consultationId), user.id);
  if (!membership) throw new HttpError(404, "This consultation was not found.");
  return { user, membership };
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

// ---------------------------------------------------------------------------------------------
// (a) the mechanism page: mechanism.byId + comment.list (first page)

const PAGE_SIZE = 30;

function mechanismById(user: User | undefined, input: { consultationId: string; round: number; mechanismId: string }) {
  const { membership } = actor(user, input.consultationId);
  const round = q.roundByNumber.get(input.consultationId, Number(input.round));
  if (!round || (round.status === "draft" && membership.role !== "facilitator")) throw new HttpError(404, "round");
  const version = q.version.get(round.id, uuid(input.mechanismId));
  if (!version) throw new HttpError(404, "mechanism");
  const siblings = q.siblings.all(round.id);
  const index = siblings.findIndex((s) => s.mechanismId === version.mechanism_id);
  const myRating = q.myRating.get(version.id, membership.id)?.value ?? null;
  const rated = membership.role === "stakeholder" ? q.rated.get(round.id, membership.id)!.n : null;
  return {
    round,
    mechanism: {
      versionId: version.id,
      mechanismId: version.mechanism_id,
      name: version.name,
      description: version.description,
      position: index + 1,
      total: siblings.length,
    },
    previous: index > 0 ? siblings[index - 1] : null,
    next: index < siblings.length - 1 ? siblings[index + 1] : null,
    myRating,
    progress: rated === null ? null : { rated, total: siblings.length },
    edits: q.edits.all(version.id),
  };
}

function commentList(user: User | undefined, input: { consultationId: string; target: { versionId: string } }) {
  const { membership } = actor(user, input.consultationId);
  const target = q.versionWithConsultation.get(uuid(input.target?.versionId));
  if (!target || target.consultation_id !== input.consultationId) throw new HttpError(404, "mechanism");
  const round = q.roundById.get(input.consultationId, target.round_id);
  if (!round || (round.status === "draft" && membership.role !== "facilitator")) throw new HttpError(404, "round");
  const parents = q.threads.all(target.id, PAGE_SIZE + 1);
  const page = parents.slice(0, PAGE_SIZE);
  const viewer = { id: membership.id, role: membership.role };
  const view = (c: CommentRow) => {
    const state = c.deleted_at ? "deleted" : c.hidden_at ? "hidden" : "visible";
    const mine = c.membership_id === membership.id;
    const canSeeHidden = membership.role === "facilitator" || mine;
    return {
      id: c.id,
      parentId: c.parent_id,
      author: describeAuthor(
        { id: c.a_id, role: c.a_role, displayName: c.a_display_name, perspective: c.a_perspective, pseudonymNumber: c.a_pseudonym_number },
        viewer,
        membership.anonymity,
      ),
      body: state === "visible" || (state === "hidden" && canSeeHidden) ? c.body : null,
      createdAt: new Date(c.created_at),
      editedAt: c.edited_at === null ? null : new Date(c.edited_at),
      state,
      hiddenReason: state === "hidden" && canSeeHidden ? c.hidden_reason : null,
      mine,
    };
  };
  const repliesBy = new Map<string, ReturnType<typeof view>[]>();
  for (const r of replies(page.map((p) => p.id))) {
    if (r.deleted_at) continue;
    const list = repliesBy.get(r.parent_id!) ?? [];
    list.push(view(r));
    repliesBy.set(r.parent_id!, list);
  }
  const threads = page
    .map((p) => ({ ...view(p), replies: repliesBy.get(p.id) ?? [] }))
    .filter((t) => t.state !== "deleted" || t.replies.length > 0);
  const last = page[page.length - 1];
  return { threads, nextCursor: parents.length > PAGE_SIZE && last ? `${last.created_at}_${last.id}` : null };
}

// ---------------------------------------------------------------------------------------------
// (c) rating.set: session, membership, then check + upsert + progress in one BEGIN IMMEDIATE

const setRating = db.transaction((consultationId: string, membershipId: string, scaleMax: number, versionId: string, value: number) => {
  const target = q.versionWithConsultation.get(versionId);
  if (!target || target.consultation_id !== consultationId) throw new HttpError(404, "mechanism");
  const round = q.roundById.get(consultationId, target.round_id);
  if (!round) throw new HttpError(404, "round");
  if (round.status !== "open") throw new HttpError(400, "round not open");
  if (!Number.isInteger(value) || value < 1 || value > scaleMax) throw new HttpError(400, "value");
  const now = Date.now();
  q.upsertRating.run(crypto.randomUUID(), versionId, membershipId, value, now, now);
  return { value, rated: q.rated.get(round.id, membershipId)!.n };
});

function ratingSet(user: User | undefined, input: { consultationId: string; versionId: string; value: number }) {
  const { membership } = actor(user, input.consultationId);
  if (membership.role !== "stakeholder") throw new HttpError(403, "Only members of the panel can do this.");
  return setRating.immediate(input.consultationId, membership.id, membership.scale_max, uuid(input.versionId), input.value);
}

// ---------------------------------------------------------------------------------------------

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? "/", "http://floor");
    if (url.pathname === "/api/health") return send(res, 200, { status: "ok", database: "ok" });
    if (req.method === "GET" && url.pathname === "/api/trpc/mechanism.byId,comment.list") {
      const input = JSON.parse(url.searchParams.get("input") ?? "{}");
      const user = sessionUser(req);
      const byId = mechanismById(user, input["0"].json);
      const list = commentList(user, input["1"].json);
      return send(res, 200, [{ result: { data: { json: byId } } }, { result: { data: { json: list } } }]);
    }
    if (req.method === "POST" && url.pathname === "/api/trpc/rating.set") {
      const input = JSON.parse(await readBody(req)).json;
      return send(res, 200, { result: { data: { json: ratingSet(sessionUser(req), input) } } });
    }
    send(res, 404, { error: { message: "not found" } });
  } catch (error) {
    if (error instanceof HttpError) return send(res, error.status, { error: { message: error.message } });
    console.error("[floor]", error);
    send(res, 500, { error: { message: "internal" } });
  }
});
// Keep idle keep-alive sockets open as long as the load generator holds them.
server.keepAliveTimeout = 60_000;
server.listen(Number(portArg), "127.0.0.1", () => console.log(`floor listening on ${portArg}`));

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    server.close();
    db.close();
    process.exit(0);
  });
}
