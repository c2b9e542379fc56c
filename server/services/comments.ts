/**
 * Comments on a mechanism version or on a missing-mechanism flag. Replies go one level deep.
 * Authors edit and delete their own while the round is open; facilitators hide with a reason.
 */
import { and, asc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { prepared } from "@/db/prepared";
import { comments, flags, memberships } from "@/db/schema";
import { describeAuthor, LIMITS, type AuthorView } from "../domain";
import { text } from "../validation";
import { badRequest, forbidden, notFound, recordAudit, type Actor, type Tx } from "./actor";
import { getVersion } from "./mechanisms";
import { getRound, requireOpen, type Round } from "./rounds";

export const target = z.union([
  z.object({ versionId: z.uuid("Unknown mechanism") }),
  z.object({ flagId: z.uuid("Unknown flag") }),
]);
export type Target = z.infer<typeof target>;

export const PAGE_SIZE = 30;

const rowid = sql<number>`${comments}.rowid`;

function resolveTarget(db: DB | Tx, actor: Actor, t: Target): { round: Round; column: "versionId" | "flagId"; id: string } {
  if ("versionId" in t) {
    const { version, round } = getVersion(db, actor, t.versionId);
    return { round, column: "versionId", id: version.id };
  }
  const flag = db.select().from(flags).where(eq(flags.id, t.flagId)).get();
  if (!flag) notFound("This flag");
  const round = getRound(db, actor, { id: flag.roundId }); // NOT_FOUND when another consultation's
  return { round, column: "flagId", id: flag.id };
}

export type CommentView = {
  id: string;
  parentId: string | null;
  author: AuthorView;
  body: string | null;
  createdAt: Date;
  editedAt: Date | null;
  state: "visible" | "hidden" | "deleted";
  hiddenReason: string | null;
  mine: boolean;
};

function view(
  actor: Actor,
  row: typeof comments.$inferSelect,
  author: Pick<typeof memberships.$inferSelect, "id" | "role" | "displayName" | "perspective" | "pseudonymNumber">,
): CommentView {
  const isFacilitator = actor.membership.role === "facilitator";
  const mine = row.membershipId === actor.membership.id;
  const state = row.deletedAt ? "deleted" : row.hiddenAt ? "hidden" : "visible";
  // Hidden text stays readable for facilitators (the record) and for its author.
  const showBody = state === "visible" || (state === "hidden" && (isFacilitator || mine));
  return {
    id: row.id,
    parentId: row.parentId,
    author: describeAuthor(author, actor.membership, actor.consultation.anonymity),
    body: showBody ? row.body : null,
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    state,
    hiddenReason: state === "hidden" && (isFacilitator || mine) ? row.hiddenReason : null,
    mine,
  };
}

const authorColumns = {
  id: memberships.id,
  role: memberships.role,
  displayName: memberships.displayName,
  perspective: memberships.perspective,
  pseudonymNumber: memberships.pseudonymNumber,
};

/**
 * One page of threads, oldest first, each with all its replies: two queries per page whatever
 * the number of comments. Deleted comments without replies are left out.
 */
export function list(db: DB, actor: Actor, input: { target: Target; cursor?: string | null; limit?: number }) {
  const target = resolveTarget(db, actor, input.target);
  const limit = input.limit ?? PAGE_SIZE;
  // Order by time, then by rowid (insertion order) so comments posted in the same millisecond
  // keep the order they were written in; the (version, created_at) index already sorts that way.
  let at = -1;
  let row = -1;
  if (input.cursor) {
    [at, row] = input.cursor.split("_").map(Number);
    if (!Number.isSafeInteger(at) || !Number.isSafeInteger(row)) badRequest("That page of comments does not exist.");
  }
  // Prepared once per target kind: the page of a busy mechanism is the hottest read there is.
  const parents = prepared(db, `comments.parents.${target.column}`, (d) =>
    d
      .select({ comment: comments, author: authorColumns, rowid })
      .from(comments)
      .innerJoin(memberships, eq(memberships.id, comments.membershipId))
      .where(
        and(
          eq(comments[target.column], sql.placeholder("target")),
          isNull(comments.parentId),
          or(
            gt(comments.createdAt, sql.placeholder("at")),
            and(eq(comments.createdAt, sql.placeholder("at")), gt(rowid, sql.placeholder("row"))),
          ),
        ),
      )
      .orderBy(asc(comments.createdAt), asc(rowid))
      .limit(sql.placeholder("limit"))
      .prepare(),
  ).all({ target: target.id, at, row, limit: limit + 1 });
  const page = parents.slice(0, limit);
  const replies = page.length
    ? prepared(db, "comments.replies", (d) =>
        d
          .select({ comment: comments, author: authorColumns })
          .from(comments)
          .innerJoin(memberships, eq(memberships.id, comments.membershipId))
          .where(sql`${comments.parentId} in (select value from json_each(${sql.placeholder("parents")}))`)
          .orderBy(asc(comments.createdAt), asc(rowid))
          .prepare(),
      ).all({ parents: JSON.stringify(page.map((p) => p.comment.id)) })
    : [];
  const repliesBy = new Map<string, CommentView[]>();
  for (const r of replies) {
    if (r.comment.deletedAt) continue;
    const list = repliesBy.get(r.comment.parentId!) ?? [];
    list.push(view(actor, r.comment, r.author));
    repliesBy.set(r.comment.parentId!, list);
  }
  const threads = page
    .map((p) => ({ ...view(actor, p.comment, p.author), replies: repliesBy.get(p.comment.id) ?? [] }))
    .filter((t) => t.state !== "deleted" || t.replies.length > 0);
  const last = page[page.length - 1];
  return {
    threads,
    nextCursor: parents.length > limit && last ? `${last.comment.createdAt.getTime()}_${last.rowid}` : null,
  };
}

export const body = text(LIMITS.comment);

export function add(db: DB, actor: Actor, input: { target: Target; parentId?: string | null; body: string }) {
  return db.transaction(
    (tx) => {
      const { round } = resolveTarget(tx, actor, input.target);
      requireOpen(round);
      let parentId: string | null = null;
      if (input.parentId) {
        const parent = tx.select().from(comments).where(eq(comments.id, input.parentId)).get();
        const sameTarget =
          parent &&
          ("versionId" in input.target
            ? parent.versionId === input.target.versionId
            : parent.flagId === input.target.flagId);
        if (!parent || !sameTarget) notFound("The comment you are replying to");
        if (parent.parentId) badRequest("Replies go one level deep: reply to the first comment of the thread.");
        if (parent.deletedAt) badRequest("That comment was deleted, so it cannot take new replies.");
        parentId = parent.id;
      }
      const row = tx
        .insert(comments)
        .values({
          roundId: round.id,
          versionId: "versionId" in input.target ? input.target.versionId : null,
          flagId: "flagId" in input.target ? input.target.flagId : null,
          parentId,
          membershipId: actor.membership.id,
          body: input.body,
        })
        .returning()
        .get();
      return { id: row.id };
    },
    { behavior: "immediate" },
  );
}

function ownOpenComment(tx: Tx, actor: Actor, commentId: string) {
  const row = tx.select().from(comments).where(eq(comments.id, commentId)).get();
  if (!row) notFound("This comment");
  const round = getRound(tx, actor, { id: row.roundId }); // NOT_FOUND across consultations
  if (row.membershipId !== actor.membership.id) forbidden("You can only change your own comments.");
  if (row.deletedAt) notFound("This comment");
  requireOpen(round);
  return row;
}

export function edit(db: DB, actor: Actor, input: { commentId: string; body: string }) {
  return db.transaction(
    (tx) => {
      const row = ownOpenComment(tx, actor, input.commentId);
      if (row.hiddenAt) badRequest("A facilitator hid this comment, so it can no longer be edited.");
      if (row.body === input.body) return;
      tx.update(comments).set({ body: input.body, editedAt: new Date() }).where(eq(comments.id, row.id)).run();
    },
    { behavior: "immediate" },
  );
}

export function remove(db: DB, actor: Actor, commentId: string) {
  return db.transaction(
    (tx) => {
      const row = ownOpenComment(tx, actor, commentId);
      tx.update(comments).set({ deletedAt: new Date() }).where(eq(comments.id, row.id)).run();
    },
    { behavior: "immediate" },
  );
}

function facilitatorComment(tx: Tx, actor: Actor, commentId: string) {
  const row = tx.select().from(comments).where(eq(comments.id, commentId)).get();
  if (!row) notFound("This comment");
  getRound(tx, actor, { id: row.roundId });
  return row;
}

export function hide(db: DB, actor: Actor, input: { commentId: string; reason: string }) {
  return db.transaction(
    (tx) => {
      const row = facilitatorComment(tx, actor, input.commentId);
      if (row.hiddenAt) badRequest("This comment is already hidden.");
      tx.update(comments)
        .set({ hiddenAt: new Date(), hiddenBy: actor.user.id, hiddenReason: input.reason })
        .where(eq(comments.id, row.id))
        .run();
      recordAudit(tx, actor, "comment.hide", row.id, { reason: input.reason });
    },
    { behavior: "immediate" },
  );
}

export function unhide(db: DB, actor: Actor, commentId: string) {
  return db.transaction(
    (tx) => {
      const row = facilitatorComment(tx, actor, commentId);
      if (!row.hiddenAt) badRequest("This comment is not hidden.");
      tx.update(comments).set({ hiddenAt: null, hiddenBy: null, hiddenReason: null }).where(eq(comments.id, row.id)).run();
      recordAudit(tx, actor, "comment.unhide", row.id, { previousReason: row.hiddenReason });
    },
    { behavior: "immediate" },
  );
}
