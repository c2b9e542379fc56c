/**
 * Comments on a mechanism version or on a missing-mechanism flag. Replies go one level deep.
 * Authors edit and delete their own while the round is open; facilitators hide with a reason.
 */
import { and, asc, eq, gt, isNotNull, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { prepared } from "@/db/prepared";
import { comments, flags, mechanismVersions, memberships, rounds } from "@/db/schema";
import { describeAuthor, LIMITS, type AuthorView } from "@/shared/domain";
import { text } from "../validation";
import { badRequest, forbidden, notFound, recordAudit, type Actor, type Tx } from "./actor";
import { captureAnchor, locateCached, type Anchor, type LocateStatus } from "./anchors";
import { configurationLabels, requireCommentableConfiguration } from "./evidence";
import { notifyComment, requireAttending } from "../live/meeting-events";
import { getVersion } from "./round-state";
import { getRound, requireOpen, type Round } from "./round-state";
import { writeTransaction } from "@/db/transaction";

export const target = z.union([z.object({ versionId: z.uuid("Unknown mechanism") }), z.object({ flagId: z.uuid("Unknown flag") })]);
export type Target = z.infer<typeof target>;

export const PAGE_SIZE = 30;

const rowid = sql<number>`${comments}.rowid`;

type ResolvedTarget = {
  round: Round;
  column: "versionId" | "flagId";
  id: string;
  /** The mechanism's description as it is now: what passages are anchored in (null for a flag). */
  description: string | null;
};

function resolveTarget(db: DB | Tx, actor: Actor, t: Target): ResolvedTarget {
  if ("versionId" in t) {
    const { version, round } = getVersion(db, actor, t.versionId);
    return { round, column: "versionId", id: version.id, description: version.description };
  }
  const flag = db.select().from(flags).where(eq(flags.id, t.flagId)).get();
  if (!flag) notFound("This flag");
  const round = getRound(db, actor, { id: flag.roundId }); // NOT_FOUND when another consultation's
  return { round, column: "flagId", id: flag.id, description: null };
}

/**
 * The passage a comment is about, found again in the description as it is now: "changed" (with
 * no position) when the passage is no longer there, so that no anchor disappears silently.
 */
export type AnchorStatus = LocateStatus | "changed";
export type AnchorView = { quote: string; start: number | null; end: number | null; status: AnchorStatus };

function storedAnchor(row: typeof comments.$inferSelect): Anchor | null {
  if (row.anchorQuote === null) return null;
  return { quote: row.anchorQuote, prefix: row.anchorPrefix ?? "", suffix: row.anchorSuffix ?? "", start: row.anchorStart ?? 0 };
}

function resolveAnchor(commentId: string, anchor: Anchor, description: string): AnchorView {
  const at = locateCached(commentId, anchor, description);
  return at
    ? { quote: anchor.quote, start: at.start, end: at.end, status: at.status }
    : { quote: anchor.quote, start: null, end: null, status: "changed" };
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
  /** Set for a comment on a passage of the description, when the viewer may read the comment. */
  anchor: AnchorView | null;
  /** Set for a comment on one of the mechanism's context-mechanism-outcome configurations. */
  configuration: { number: number; context: string } | null;
};

function view(
  actor: Actor,
  row: typeof comments.$inferSelect,
  author: Pick<typeof memberships.$inferSelect, "id" | "role" | "displayName" | "perspective" | "pseudonymNumber">,
  description: string | null = null,
  configurations: Map<string, { number: number; context: string }> = new Map(),
): CommentView {
  const isFacilitator = actor.membership.role === "facilitator";
  const mine = row.membershipId === actor.membership.id;
  const state = row.deletedAt ? "deleted" : row.hiddenAt ? "hidden" : "visible";
  // Hidden text stays readable for facilitators (the record) and for its author.
  const showBody = state === "visible" || (state === "hidden" && (isFacilitator || mine));
  const anchor = showBody && description !== null ? storedAnchor(row) : null;
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
    anchor: anchor && description !== null ? resolveAnchor(row.id, anchor, description) : null,
    configuration: row.configurationId ? (configurations.get(row.configurationId) ?? null) : null,
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
 * the number of comments. Deleted comments without replies are left out. Passages are found in
 * the current description for this page's threads only (replies never have one).
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
  // Which configuration each comment on one is about: one query for the page.
  // The panel reads what a configuration said only while the round shows the evidence.
  const configurationIds = page.flatMap((p) => (p.comment.configurationId ? [p.comment.configurationId] : []));
  const evidenceShown =
    configurationIds.length === 0 ||
    actor.membership.role === "facilitator" ||
    db.select({ shown: rounds.evidenceVisible }).from(rounds).where(eq(rounds.id, page[0].comment.roundId)).get()?.shown === true;
  const configurations = configurationLabels(db, evidenceShown ? configurationIds : []);
  const threads = page
    .map((p) => ({ ...view(actor, p.comment, p.author, target.description, configurations), replies: repliesBy.get(p.comment.id) ?? [] }))
    .filter((t) => t.state !== "deleted" || t.replies.length > 0);
  const last = page[page.length - 1];
  return {
    threads,
    nextCursor: parents.length > limit && last ? `${last.comment.createdAt.getTime()}_${last.rowid}` : null,
  };
}

export const body = text(LIMITS.comment);

const offset = z
  .number("Not a position in the description")
  .int("Not a position in the description")
  .min(0, "Not a position in the description")
  .max(LIMITS.mechanismDescription.max, "Not a position in the description");

/**
 * The passage a new comment is about, as the browser selected it in the description: the quote is
 * checked against the text on the server, never trimmed (its exact characters are the anchor).
 */
export const anchorInput = z.object({
  start: offset,
  end: offset,
  quote: z
    .string()
    .min(LIMITS.anchorQuote.min, "Select a passage first")
    .max(LIMITS.anchorQuote.max, `Too long (select at most ${LIMITS.anchorQuote.max} characters)`),
});
export type AnchorInput = z.infer<typeof anchorInput>;

export function add(
  db: DB,
  actor: Actor,
  input: {
    target: Target;
    parentId?: string | null;
    body: string;
    anchor?: AnchorInput | null;
    configurationId?: string | null;
    meetingId?: string | null;
  },
) {
  const added = writeTransaction(db, (tx) => {
    const { round, description } = resolveTarget(tx, actor, input.target);
    requireOpen(round);
    if (input.meetingId) {
      if (!("versionId" in input.target)) badRequest("Only comments on a mechanism can be given in a meeting.");
      requireAttending(tx, actor, input.meetingId, round.id);
    }
    if (input.configurationId) {
      if (!("versionId" in input.target)) badRequest("Only a mechanism has configurations to comment on.");
      if (input.parentId) badRequest("A reply belongs to its thread: comment on the configuration in a new comment.");
      if (input.anchor) badRequest("A comment is either on a passage of the description or on a configuration, not both.");
      const { version } = getVersion(tx, actor, input.target.versionId);
      requireCommentableConfiguration(tx, actor, round, version.mechanismId, input.configurationId);
    }
    let anchor: Anchor | null = null;
    if (input.anchor) {
      if (description === null) badRequest("Only a mechanism's description has passages to comment on.");
      if (input.parentId) badRequest("A reply cannot be attached to a passage: comment on the passage in a new comment.");
      const { start, end, quote } = input.anchor;
      if (!quote.trim()) badRequest("Select some words of the description, not only spaces.");
      if (end <= start || description.slice(start, end) !== quote) {
        badRequest("The passage you selected has changed since the page loaded; select it again.");
      }
      anchor = captureAnchor(description, start, end);
    }
    let parentId: string | null = null;
    if (input.parentId) {
      const parent = tx.select().from(comments).where(eq(comments.id, input.parentId)).get();
      const sameTarget =
        parent && ("versionId" in input.target ? parent.versionId === input.target.versionId : parent.flagId === input.target.flagId);
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
        anchorQuote: anchor?.quote ?? null,
        anchorPrefix: anchor?.prefix ?? null,
        anchorSuffix: anchor?.suffix ?? null,
        anchorStart: anchor?.start ?? null,
        configurationId: input.configurationId ?? null,
        meetingId: input.meetingId ?? null,
      })
      .returning()
      .get();
    return { id: row.id, roundId: round.id, versionId: row.versionId };
  });
  // After the commit: live meetings of the round show the mechanism's count of new comments.
  if (added.versionId) notifyComment(db, added.roundId, added.versionId);
  return { id: added.id };
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
  return writeTransaction(db, (tx) => {
    const row = ownOpenComment(tx, actor, input.commentId);
    if (row.hiddenAt) badRequest("A facilitator hid this comment, so it can no longer be edited.");
    if (row.body === input.body) return;
    tx.update(comments).set({ body: input.body, editedAt: new Date() }).where(eq(comments.id, row.id)).run();
  });
}

export function remove(db: DB, actor: Actor, commentId: string) {
  return writeTransaction(db, (tx) => {
    const row = ownOpenComment(tx, actor, commentId);
    tx.update(comments).set({ deletedAt: new Date() }).where(eq(comments.id, row.id)).run();
  });
}

function facilitatorComment(tx: Tx, actor: Actor, commentId: string) {
  const row = tx.select().from(comments).where(eq(comments.id, commentId)).get();
  if (!row) notFound("This comment");
  getRound(tx, actor, { id: row.roundId });
  return row;
}

export function hide(db: DB, actor: Actor, input: { commentId: string; reason: string }) {
  return writeTransaction(db, (tx) => {
    const row = facilitatorComment(tx, actor, input.commentId);
    if (row.hiddenAt) badRequest("This comment is already hidden.");
    tx.update(comments)
      .set({ hiddenAt: new Date(), hiddenBy: actor.user.id, hiddenReason: input.reason })
      .where(eq(comments.id, row.id))
      .run();
    recordAudit(tx, actor, "comment.hide", row.id, { reason: input.reason });
  });
}

export function unhide(db: DB, actor: Actor, commentId: string) {
  return writeTransaction(db, (tx) => {
    const row = facilitatorComment(tx, actor, commentId);
    if (!row.hiddenAt) badRequest("This comment is not hidden.");
    tx.update(comments).set({ hiddenAt: null, hiddenBy: null, hiddenReason: null }).where(eq(comments.id, row.id)).run();
    recordAudit(tx, actor, "comment.unhide", row.id, { previousReason: row.hiddenReason });
  });
}

/** A passage commented on in the previous round, as it stands in this round's text. */
export type CarriedPassage = {
  commentId: string;
  /** How the comment's author is shown to this viewer. */
  author: string;
  /** The start of the comment, enough to recognise it. */
  excerpt: string;
  createdAt: Date;
  quote: string;
  start: number | null;
  end: number | null;
  status: AnchorStatus;
};

const EXCERPT = 240;

function excerptOf(body: string): string {
  if (body.length <= EXCERPT) return body;
  const cut = body.slice(0, EXCERPT);
  const space = cut.lastIndexOf(" ");
  return `${(space > EXCERPT / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The passages commented on in round N-1 of the mechanism whose round-N version is given, found
 * in the round-N text (or "changed" when they are not there any more). Only comments the whole
 * panel can read: neither deleted nor hidden. Empty in round 1, and for a mechanism new in round N.
 */
export function carriedAnchors(db: DB, actor: Actor, versionId: string): { fromRound: number | null; passages: CarriedPassage[] } {
  const { version, round } = getVersion(db, actor, versionId); // drafts stay hidden from the panel
  if (round.number <= 1) return { fromRound: null, passages: [] };
  const previous = db
    .select({ versionId: mechanismVersions.id, status: rounds.status })
    .from(mechanismVersions)
    .innerJoin(rounds, eq(rounds.id, mechanismVersions.roundId))
    .where(
      and(
        eq(mechanismVersions.mechanismId, version.mechanismId),
        eq(rounds.consultationId, actor.consultation.id),
        eq(rounds.number, round.number - 1),
      ),
    )
    .get();
  const fromRound = round.number - 1;
  if (!previous || (previous.status === "draft" && actor.membership.role !== "facilitator")) return { fromRound, passages: [] };
  const rows = db
    .select({ comment: comments, author: authorColumns })
    .from(comments)
    .innerJoin(memberships, eq(memberships.id, comments.membershipId))
    .where(
      and(
        eq(comments.versionId, previous.versionId),
        isNull(comments.parentId),
        isNotNull(comments.anchorQuote),
        isNull(comments.deletedAt),
        isNull(comments.hiddenAt),
      ),
    )
    .orderBy(asc(comments.createdAt), asc(rowid))
    .all();
  const passages = rows.map(({ comment, author }): CarriedPassage => {
    const at = resolveAnchor(comment.id, storedAnchor(comment)!, version.description);
    return {
      commentId: comment.id,
      author: describeAuthor(author, actor.membership, actor.consultation.anonymity).label,
      excerpt: excerptOf(comment.body),
      createdAt: comment.createdAt,
      ...at,
    };
  });
  return { fromRound, passages };
}
