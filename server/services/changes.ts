/**
 * The pieces "what changed and why" is made of: word diffs between two versions of a mechanism,
 * the feedback a decision cites (comments, flags, rating summaries) as the viewer may see it,
 * and where a mechanism came from. Everything here loads in batches, whatever the number of
 * decisions or sources, and is shared by the mechanism page, the round's "You said, we did"
 * page and the mechanism's history (server/services/history.ts).
 */
import { diffWordsWithSpace } from "diff";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { DB } from "@/db";
import { prepared } from "@/db/prepared";
import { comments, decisionSources, decisions, flags, mechanismVersions, memberships, rounds } from "@/db/schema";
import { DECISION_KIND_LABELS, describeAuthor, type DecisionKind, type PersonFacts } from "@/shared/domain";
import type { Actor } from "./actor";
import { resultsAccess, summaryFor, type ResultsView } from "./delphi";
import { citedMeetingFeedback } from "./meeting-feedback";
import { ratingCounts } from "./ratings";
import type { Round } from "./round-state";

// ---------------------------------------------------------------------------------------------
// Word diffs

export type Segment = { kind: "same" | "added" | "removed"; text: string };

/** Long, rewritten texts could make the diff slow; past this, the change is shown as "all replaced". */
const DIFF_TIMEOUT_MS = 100;

/**
 * Diffs of the same two texts are asked for on every view of a page, and a long rewritten
 * description takes milliseconds to diff: the most recent ones are kept (texts as the key, so
 * an edit is a new entry, never a stale one).
 */
const diffCache = new Map<string, Segment[]>();
const DIFF_CACHE_SIZE = 300;

/**
 * Word-level diff of two texts, as segments to render in order: the old text is exactly the
 * "same" and "removed" segments, the new one the "same" and "added" ones (line breaks included,
 * which is why whitespace is diffed as tokens too). A lone space between two changes is folded
 * into them, so a rewritten phrase reads as one removal and one addition, not a word salad.
 */
export function wordDiff(before: string, after: string): Segment[] {
  if (before === after) return before ? [{ kind: "same", text: before }] : [];
  const key = `${before}\u0000${after}`;
  const hit = diffCache.get(key);
  if (hit) {
    // Most recently used goes last; the oldest is the first to leave.
    diffCache.delete(key);
    diffCache.set(key, hit);
    return hit;
  }
  const segments = computeDiff(before, after);
  diffCache.set(key, segments);
  if (diffCache.size > DIFF_CACHE_SIZE) diffCache.delete(diffCache.keys().next().value!);
  return segments;
}

function computeDiff(before: string, after: string): Segment[] {
  const changes = diffWordsWithSpace(before, after, { timeout: DIFF_TIMEOUT_MS });
  const raw: Segment[] = changes
    ? changes.map((c) => ({ kind: c.added ? "added" : c.removed ? "removed" : "same", text: c.value }))
    : [
        { kind: "removed", text: before },
        { kind: "added", text: after },
      ];
  const out: Segment[] = [];
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed) out.push({ kind: "removed", text: removed });
    if (added) out.push({ kind: "added", text: added });
    removed = added = "";
  };
  raw.forEach((s, i) => {
    if (!s.text) return;
    if (s.kind === "removed") removed += s.text;
    else if (s.kind === "added") added += s.text;
    else if ((removed || added) && /^[ \t]+$/.test(s.text) && raw[i + 1] && raw[i + 1].kind !== "same") {
      // Whitespace between two changes belongs to both versions of the changed phrase.
      removed += s.text;
      added += s.text;
    } else {
      flush();
      const last = out[out.length - 1];
      if (last?.kind === "same") last.text += s.text;
      else out.push({ kind: "same", text: s.text });
    }
  });
  flush();
  return out;
}

export type TextDiff = { changed: boolean; nameChanged: boolean; name: Segment[]; description: Segment[] };

type Text = { name: string; description: string };

export function textDiff(before: Text, after: Text): TextDiff {
  const nameChanged = before.name !== after.name;
  return {
    changed: nameChanged || before.description !== after.description,
    nameChanged,
    name: wordDiff(before.name, after.name),
    description: wordDiff(before.description, after.description),
  };
}

// ---------------------------------------------------------------------------------------------
// Rounds of the consultation, loaded once per request (there are a handful)

export type RoundIndex = {
  all: Round[];
  byId: Map<string, Round>;
  byNumber: Map<number, Round>;
};

export function roundIndex(db: DB, actor: Actor): RoundIndex {
  const all = prepared(db, "history.rounds", (d) =>
    d
      .select()
      .from(rounds)
      .where(eq(rounds.consultationId, sql.placeholder("consultationId")))
      .orderBy(asc(rounds.number))
      .prepare(),
  ).all({ consultationId: actor.consultation.id });
  return { all, byId: new Map(all.map((r) => [r.id, r])), byNumber: new Map(all.map((r) => [r.number, r])) };
}

export const isFacilitator = (actor: Actor) => actor.membership.role === "facilitator";

/** Drafts are the facilitators' workspace: the panel does not see them, nor what they decide. */
export function canSee(actor: Actor, round: Pick<Round, "status"> | undefined): round is Round {
  return !!round && (isFacilitator(actor) || round.status !== "draft");
}

/** Who may see the results of a round: the next round's setting decides (server/services/delphi.ts). */
export function accessFor(actor: Actor, index: RoundIndex, ratedRound: Round) {
  return resultsAccess(actor, ratedRound, index.byNumber.get(ratedRound.number + 1) ?? null);
}

// ---------------------------------------------------------------------------------------------
// The feedback a decision cites

export type SourceView =
  | {
      kind: "comment";
      id: string;
      /** Hidden and deleted comments are cited as such; their text only where the viewer could read it anyway. */
      state: "visible" | "hidden" | "deleted";
      excerpt: string | null;
      truncated: boolean;
      author: string;
      /** What it was written on: a mechanism's name in that round, or a flag's name. */
      on: string | null;
      roundNumber: number | null;
    }
  | { kind: "flag"; id: string; name: string; author: string; roundNumber: number | null }
  | {
      kind: "ratings";
      versionId: string;
      mechanismName: string;
      roundNumber: number | null;
      results: ResultsView;
    }
  | { kind: "meeting_note"; id: string; meetingTitle: string; excerpt: string; truncated: boolean; roundNumber: number | null }
  | {
      kind: "meeting_quote";
      id: string;
      meetingTitle: string;
      excerpt: string;
      truncated: boolean;
      /** Pseudonym or perspective only ("Stakeholder 7, service user", "A researcher"). */
      speaker: string;
      roundNumber: number | null;
    };

export const EXCERPT_CHARS = 280;

/** The start of a comment, cut at a word boundary. */
export function excerpt(body: string): { text: string; truncated: boolean } {
  const clean = body.trim();
  if (clean.length <= EXCERPT_CHARS) return { text: clean, truncated: false };
  const cut = clean.slice(0, EXCERPT_CHARS);
  const space = cut.lastIndexOf(" ");
  return { text: `${(space > EXCERPT_CHARS * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`, truncated: true };
}

export const authorColumns = {
  id: memberships.id,
  role: memberships.role,
  displayName: memberships.displayName,
  perspective: memberships.perspective,
  pseudonymNumber: memberships.pseudonymNumber,
};

export function authorLabel(actor: Actor, author: PersonFacts): string {
  return describeAuthor(author, actor.membership, actor.consultation.anonymity).label;
}

const json = (ids: string[]) => JSON.stringify(ids);

/**
 * The sources of many decisions, in at most four queries (the sources, then the comments, flags
 * and rating summaries they point to), in the order the facilitators recorded them.
 */
export function loadSources(db: DB, actor: Actor, index: RoundIndex, decisionIds: string[]): Map<string, SourceView[]> {
  const out = new Map<string, SourceView[]>();
  if (decisionIds.length === 0) return out;
  const rows = db
    .select()
    .from(decisionSources)
    .where(sql`${decisionSources.decisionId} in (select value from json_each(${json(decisionIds)}))`)
    .orderBy(sql`${decisionSources}.rowid`)
    .all();
  if (rows.length === 0) return out;
  const commentIds = [...new Set(rows.flatMap((r) => (r.kind === "comment" && r.commentId ? [r.commentId] : [])))];
  const flagIds = [...new Set(rows.flatMap((r) => (r.kind === "flag" && r.flagId ? [r.flagId] : [])))];
  const versionIds = [...new Set(rows.flatMap((r) => (r.kind === "ratings" && r.versionId ? [r.versionId] : [])))];
  const meetingViews = new Map<string, SourceView>();
  for (const f of citedMeetingFeedback(
    db,
    rows.flatMap((r) => (r.meetingNoteId ? [r.meetingNoteId] : [])),
    rows.flatMap((r) => (r.meetingQuoteId ? [r.meetingQuoteId] : [])),
  ).values()) {
    const cut = excerpt(f.body);
    const common = {
      id: f.id,
      meetingTitle: f.meetingTitle,
      excerpt: cut.text,
      truncated: cut.truncated,
      roundNumber: index.byId.get(f.roundId)?.number ?? null,
    };
    meetingViews.set(
      f.id,
      f.kind === "meeting_quote"
        ? { kind: "meeting_quote", ...common, speaker: f.speaker ?? "A panel member" }
        : { kind: "meeting_note", ...common },
    );
  }

  const commentRows = commentIds.length
    ? db
        .select({
          comment: comments,
          author: authorColumns,
          versionName: mechanismVersions.name,
          flagName: flags.name,
        })
        .from(comments)
        .innerJoin(memberships, eq(memberships.id, comments.membershipId))
        .leftJoin(mechanismVersions, eq(mechanismVersions.id, comments.versionId))
        .leftJoin(flags, eq(flags.id, comments.flagId))
        .where(inArray(comments.id, commentIds))
        .all()
    : [];
  const flagRows = flagIds.length
    ? db
        .select({ id: flags.id, name: flags.name, roundId: flags.roundId, author: authorColumns })
        .from(flags)
        .innerJoin(memberships, eq(memberships.id, flags.membershipId))
        .where(inArray(flags.id, flagIds))
        .all()
    : [];
  const versionRows = versionIds.length
    ? db
        .select({ id: mechanismVersions.id, name: mechanismVersions.name, roundId: mechanismVersions.roundId })
        .from(mechanismVersions)
        .where(inArray(mechanismVersions.id, versionIds))
        .all()
    : [];
  const access = new Map(
    versionRows.flatMap((v) => {
      const round = index.byId.get(v.roundId);
      return round ? [[v.id, { round, access: accessFor(actor, index, round) }] as const] : [];
    }),
  );
  const counts = ratingCounts(
    db,
    [...access.keys()],
    [...access.values()].some((a) => a.access.group === "perspective"),
  );

  const facilitator = isFacilitator(actor);
  const commentViews = new Map<string, SourceView>();
  for (const r of commentRows) {
    const c = r.comment;
    const state = c.deletedAt ? "deleted" : c.hiddenAt ? "hidden" : "visible";
    // Same rule as the comment thread: a hidden text stays readable to facilitators and its author.
    const readable = state === "visible" || (state === "hidden" && (facilitator || c.membershipId === actor.membership.id));
    const cut = readable ? excerpt(c.body) : null;
    commentViews.set(c.id, {
      kind: "comment",
      id: c.id,
      state,
      excerpt: cut?.text ?? null,
      truncated: cut?.truncated ?? false,
      author: authorLabel(actor, r.author),
      on: r.versionName ?? r.flagName ?? null,
      roundNumber: index.byId.get(c.roundId)?.number ?? null,
    });
  }
  const flagViews = new Map<string, SourceView>(
    flagRows.map((f) => [
      f.id,
      {
        kind: "flag",
        id: f.id,
        name: f.name,
        author: authorLabel(actor, f.author),
        roundNumber: index.byId.get(f.roundId)?.number ?? null,
      },
    ]),
  );
  const ratingViews = new Map<string, SourceView>();
  for (const v of versionRows) {
    const a = access.get(v.id);
    if (!a) continue;
    ratingViews.set(v.id, {
      kind: "ratings",
      versionId: v.id,
      mechanismName: v.name,
      roundNumber: a.round.number,
      results: summaryFor(counts.get(v.id) ?? [], a.access, actor.consultation),
    });
  }

  for (const r of rows) {
    const view =
      r.kind === "comment"
        ? commentViews.get(r.commentId ?? "")
        : r.kind === "flag"
          ? flagViews.get(r.flagId ?? "")
          : r.kind === "ratings"
            ? ratingViews.get(r.versionId ?? "")
            : meetingViews.get(r.meetingNoteId ?? r.meetingQuoteId ?? "");
    if (!view) continue; // the cited item was erased with its author
    const list = out.get(r.decisionId) ?? [];
    list.push(view);
    out.set(r.decisionId, list);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Decisions

export type Decision = typeof decisions.$inferSelect;

export type DecisionView = {
  id: string;
  /** The round the decision prepared. */
  roundNumber: number;
  draft: boolean;
  kind: DecisionKind;
  label: string;
  rationale: string;
  statusNote: string;
  sources: SourceView[];
};

export function decisionView(d: Decision, round: Round | undefined, sources: Map<string, SourceView[]>): DecisionView {
  return {
    id: d.id,
    roundNumber: round?.number ?? 0,
    draft: round?.status === "draft",
    kind: d.kind,
    label: DECISION_KIND_LABELS[d.kind],
    rationale: d.rationale,
    statusNote: d.statusNote,
    sources: sources.get(d.id) ?? [],
  };
}

/** Order in which the panel reads decisions: what changed most first, what stayed the same last. */
export const DECISION_ORDER: DecisionKind[] = ["revise", "merge", "split", "drop", "keep_with_note", "keep"];

// ---------------------------------------------------------------------------------------------
// Origins

export type FlagOrigin = {
  id: string;
  name: string;
  covers: string;
  whyItMatters: string;
  author: string;
  roundNumber: number | null;
};

export type OriginView =
  | { kind: "initial" }
  | { kind: "added"; roundNumber: number; note: string }
  /** flag is null when the flag was removed with its author's data. */
  | { kind: "flag"; roundNumber: number; flag: FlagOrigin | null }
  | { kind: "split"; roundNumber: number; from: { mechanismId: string; name: string } | null; decision: DecisionView | null };

type MechanismRow = {
  originKind: "initial" | "added" | "flag" | "split";
  originNote: string;
  originMechanismId: string | null;
};

/**
 * Where a mechanism came from, given the round of its first version. A mechanism that first
 * appears after round 1 without a recorded origin was added by the facilitators.
 */
export function originView(
  m: MechanismRow,
  firstRound: number,
  extra: {
    flag?: FlagOrigin | null;
    splitFrom?: { mechanismId: string; name: string } | null;
    splitDecision?: DecisionView | null;
  },
): OriginView {
  if (m.originKind === "flag") return { kind: "flag", roundNumber: firstRound, flag: extra.flag ?? null };
  if (m.originKind === "split") {
    return { kind: "split", roundNumber: firstRound, from: extra.splitFrom ?? null, decision: extra.splitDecision ?? null };
  }
  if (m.originKind === "added" || firstRound > 1) return { kind: "added", roundNumber: firstRound, note: m.originNote };
  return { kind: "initial" };
}
