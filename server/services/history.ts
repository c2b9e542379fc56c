/**
 * "You said, we did": what changed between rounds and why, for one mechanism in one round (the
 * mechanism page), for a whole round (the round's changes page) and across every round (the
 * mechanism's history). Visibility is decided here, not in the pages: a stakeholder never sees
 * a draft round's versions or decisions, nor results the next round's setting hides.
 */
import { and, asc, count, eq, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DB } from "@/db";
import { prepared } from "@/db/prepared";
import { decisions, flagEndorsements, flags, mechanismVersions, mechanisms, memberships } from "@/db/schema";
import { DECISION_KIND_LABELS, FLAG_TRIAGE_LABELS, type DecisionKind, type FlagTriage } from "@/shared/domain";
import { badRequest, notFound, type Actor } from "./actor";
import {
  accessFor,
  authorColumns,
  authorLabel,
  canSee,
  DECISION_ORDER,
  decisionView,
  loadSources,
  originView,
  roundIndex,
  textDiff,
  type Decision,
  type DecisionView,
  type FlagOrigin,
  type OriginView,
  type RoundIndex,
  type TextDiff,
} from "./changes";
import { delphiFor, ownRatings, summaryFor, type DelphiView, type ResultsView } from "./delphi";
import { ratingCounts } from "./ratings";
import type { Round } from "./round-state";

type Link = { mechanismId: string; name: string };

type FlagRow = { flag: typeof flags.$inferSelect; author: Parameters<typeof authorLabel>[1] };

function flagOrigin(actor: Actor, index: RoundIndex, r: FlagRow): FlagOrigin {
  return {
    id: r.flag.id,
    name: r.flag.name,
    covers: r.flag.covers,
    whyItMatters: r.flag.whyItMatters,
    author: authorLabel(actor, r.author),
    roundNumber: index.byId.get(r.flag.roundId)?.number ?? null,
  };
}

export type TriagedFlag = {
  id: string;
  name: string;
  covers: string;
  author: string;
  roundNumber: number | null;
  triage: FlagTriage | null;
  triageLabel: string;
  reason: string;
};

function triagedFlag(actor: Actor, index: RoundIndex, r: FlagRow): TriagedFlag {
  return {
    id: r.flag.id,
    name: r.flag.name,
    covers: r.flag.covers,
    author: authorLabel(actor, r.author),
    roundNumber: index.byId.get(r.flag.roundId)?.number ?? null,
    triage: r.flag.triage,
    triageLabel: r.flag.triage ? FLAG_TRIAGE_LABELS[r.flag.triage] : "Not decided yet",
    reason: r.flag.triageReason ?? "",
  };
}

const previousVersion = alias(mechanismVersions, "previous_version");

// ---------------------------------------------------------------------------------------------
// The mechanism page

export type MechanismChanges = {
  previousRound: number;
  /** The round being prepared is still a draft (facilitators only see this). */
  draft: boolean;
  /** It had a version in the previous round. */
  carried: boolean;
  before: { name: string; description: string } | null;
  diff: TextDiff | null;
  /** What was decided for it (carried over); null when nothing is recorded yet. */
  decision: DecisionView | null;
  /** Where it came from (new in this round). */
  origin: OriginView | null;
  /** Mechanisms of the previous round merged into this one. */
  mergedIn: (Link & { decision: DecisionView })[];
  /** Missing-mechanism flags of the previous round merged into this one. */
  mergedFlags: TriagedFlag[];
};

/**
 * What changed since the previous round and its Delphi feedback, for one mechanism of `roundNumber`:
 * a fixed handful of indexed queries, none per comment or rating. Round 1 has neither.
 */
export function forMechanismPage(
  db: DB,
  actor: Actor,
  roundNumber: number,
  mechanismId: string,
): { changes: MechanismChanges | null; delphi: DelphiView | null } {
  const index = roundIndex(db, actor);
  const round = index.byNumber.get(roundNumber);
  if (!canSee(actor, round)) notFound("This round");
  const previous = index.byNumber.get(roundNumber - 1);
  // The page is read far more than anything else: its queries are prepared once per connection.
  const rows = prepared(db, "history.page.versions", (d) =>
    d
      .select({
        mechanism: mechanisms,
        versionId: mechanismVersions.id,
        roundId: mechanismVersions.roundId,
        name: mechanismVersions.name,
        description: mechanismVersions.description,
      })
      .from(mechanisms)
      .leftJoin(
        mechanismVersions,
        and(
          eq(mechanismVersions.mechanismId, mechanisms.id),
          or(eq(mechanismVersions.roundId, sql.placeholder("roundId")), eq(mechanismVersions.roundId, sql.placeholder("previousId"))),
        ),
      )
      .where(and(eq(mechanisms.id, sql.placeholder("mechanismId")), eq(mechanisms.consultationId, sql.placeholder("consultationId"))))
      .prepare(),
  ).all({ roundId: round.id, previousId: previous?.id ?? null, mechanismId, consultationId: actor.consultation.id });
  if (!rows.some((r) => r.roundId === round.id)) notFound("This mechanism");
  if (!previous) return { changes: null, delphi: null };
  const m = rows[0].mechanism;
  const prior = rows.find((r) => r.roundId === previous.id && r.versionId);
  const current = rows.find((r) => r.roundId === round.id)!;

  // Its own decision, the decisions that merged others into it and, if it was split off
  // another mechanism, that split: one query on the round's decisions.
  const related = prepared(db, "history.page.decisions", (d) =>
    d
      .select({ decision: decisions, name: previousVersion.name })
      .from(decisions)
      .leftJoin(
        previousVersion,
        and(eq(previousVersion.mechanismId, decisions.mechanismId), eq(previousVersion.roundId, sql.placeholder("previousId"))),
      )
      .where(
        and(
          eq(decisions.roundId, sql.placeholder("roundId")),
          or(
            eq(decisions.mechanismId, sql.placeholder("mechanismId")),
            eq(decisions.mergeIntoMechanismId, sql.placeholder("mechanismId")),
            // null (not split from anything) matches nothing
            eq(decisions.mechanismId, sql.placeholder("originMechanismId")),
          ),
        ),
      )
      .prepare(),
  ).all({ previousId: previous.id, roundId: round.id, mechanismId: m.id, originMechanismId: m.originMechanismId });
  const flagRows = prepared(db, "history.page.flags", (d) =>
    d
      .select({ flag: flags, author: authorColumns })
      .from(flags)
      .innerJoin(memberships, eq(memberships.id, flags.membershipId))
      .where(
        or(
          and(eq(flags.roundId, sql.placeholder("previousId")), eq(flags.triageMechanismId, sql.placeholder("mechanismId"))),
          eq(flags.id, sql.placeholder("originFlagId")),
        ),
      )
      .prepare(),
  ).all({ previousId: previous.id, mechanismId: m.id, originFlagId: m.originFlagId });
  const sources = loadSources(
    db,
    actor,
    index,
    related.map((r) => r.decision.id),
  );

  const own = prior ? related.find((r) => r.decision.mechanismId === m.id) : undefined;
  const mergedIn = related
    .filter((r) => r.decision.kind === "merge" && r.decision.mergeIntoMechanismId === m.id && r.decision.mechanismId !== m.id)
    .map((r) => ({ mechanismId: r.decision.mechanismId, name: r.name ?? "", decision: decisionView(r.decision, round, sources) }));
  let origin: OriginView | null = null;
  if (!prior) {
    const split = m.originMechanismId ? related.find((r) => r.decision.mechanismId === m.originMechanismId) : undefined;
    const flag = flagRows.find((f) => f.flag.id === m.originFlagId);
    origin = originView(m, round.number, {
      flag: flag ? flagOrigin(actor, index, flag) : null,
      splitFrom: split && m.originMechanismId ? { mechanismId: m.originMechanismId, name: split.name ?? "" } : null,
      splitDecision: split ? decisionView(split.decision, round, sources) : null,
    });
  }
  const before = prior ? { name: prior.name!, description: prior.description! } : null;
  return {
    changes: {
      previousRound: previous.number,
      draft: round.status === "draft",
      carried: !!prior,
      before,
      diff: before ? textDiff(before, { name: current.name!, description: current.description! }) : null,
      decision: own ? decisionView(own.decision, round, sources) : null,
      origin,
      mergedIn,
      mergedFlags: flagRows
        .filter((f) => f.flag.triage === "merged" && f.flag.triageMechanismId === m.id)
        .map((f) => triagedFlag(actor, index, f)),
    },
    delphi: prior ? delphiFor(db, actor, previous, round, prior.versionId!) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// The round's "You said, we did"

export type DecisionEntry = {
  mechanismId: string;
  before: { name: string; description: string };
  /** Its version in this round, when it has one (kept or revised). */
  after: { name: string; description: string } | null;
  diff: TextDiff | null;
  decision: DecisionView;
  mergeInto: Link | null;
  splitInto: Link[];
  /** Other mechanisms merged into this one. */
  mergedFrom: Link[];
};

export type AddedEntry = Link & { description: string; origin: OriginView };

export type FlagEntry = TriagedFlag & { whyItMatters: string; endorsements: number; mechanism: Link | null };

export type RoundChanges = {
  round: { number: number; title: string; status: Round["status"] };
  previous: { number: number; title: string };
  draft: boolean;
  summary: Record<DecisionKind, number> & { added: number; undecided: number; flags: Record<FlagTriage | "untriaged", number> };
  decisions: DecisionEntry[];
  added: AddedEntry[];
  flags: FlagEntry[];
  /** Mechanisms of the previous round without a decision yet (only while the round is a draft). */
  undecided: Link[];
};

export function roundChanges(db: DB, actor: Actor, roundNumber: number): RoundChanges {
  const index = roundIndex(db, actor);
  const round = index.byNumber.get(roundNumber);
  if (!canSee(actor, round)) notFound("This round");
  if (roundNumber === 1) badRequest("Round 1 is the first round: there is no earlier round to compare it with.");
  const previous = index.byNumber.get(roundNumber - 1);
  if (!previous) notFound(`Round ${roundNumber - 1}`);

  const versions = db
    .select({
      mechanismId: mechanismVersions.mechanismId,
      roundId: mechanismVersions.roundId,
      name: mechanismVersions.name,
      description: mechanismVersions.description,
      mechanism: mechanisms,
    })
    .from(mechanismVersions)
    .innerJoin(mechanisms, eq(mechanisms.id, mechanismVersions.mechanismId))
    .where(inArray(mechanismVersions.roundId, [previous.id, round.id]))
    .orderBy(asc(mechanismVersions.position))
    .all();
  const before = new Map(versions.filter((v) => v.roundId === previous.id).map((v) => [v.mechanismId, v]));
  const after = new Map(versions.filter((v) => v.roundId === round.id).map((v) => [v.mechanismId, v]));
  const position = new Map([...before.keys()].map((id, i) => [id, i]));
  const decisionRows = db.select().from(decisions).where(eq(decisions.roundId, round.id)).all();
  const flagRows = db
    .select({ flag: flags, author: authorColumns })
    .from(flags)
    .innerJoin(memberships, eq(memberships.id, flags.membershipId))
    .where(eq(flags.roundId, previous.id))
    .orderBy(asc(flags.createdAt))
    .all();
  const endorsements = new Map(
    flagRows.length
      ? db
          .select({ flagId: flagEndorsements.flagId, n: count() })
          .from(flagEndorsements)
          .where(
            inArray(
              flagEndorsements.flagId,
              flagRows.map((f) => f.flag.id),
            ),
          )
          .groupBy(flagEndorsements.flagId)
          .all()
          .map((e) => [e.flagId, e.n])
      : [],
  );
  // A mechanism accepted from a flag of an earlier round (rare): fetch that flag as well.
  const missingFlagIds = [...after.values()]
    .filter((v) => !before.has(v.mechanismId) && v.mechanism.originFlagId)
    .map((v) => v.mechanism.originFlagId!)
    .filter((id) => !flagRows.some((f) => f.flag.id === id));
  const originFlags = missingFlagIds.length
    ? db
        .select({ flag: flags, author: authorColumns })
        .from(flags)
        .innerJoin(memberships, eq(memberships.id, flags.membershipId))
        .where(inArray(flags.id, missingFlagIds))
        .all()
    : [];
  const sources = loadSources(
    db,
    actor,
    index,
    decisionRows.map((d) => d.id),
  );

  const nameIn = (id: string | null): Link | null => {
    const v = id ? (after.get(id) ?? before.get(id)) : undefined;
    return v ? { mechanismId: v.mechanismId, name: v.name } : null;
  };
  const decisionFor = new Map(decisionRows.map((d) => [d.mechanismId, d]));
  const newOnes = [...after.values()].filter((v) => !before.has(v.mechanismId));

  const entries: DecisionEntry[] = decisionRows
    .filter((d) => before.has(d.mechanismId))
    .sort(
      (x, y) =>
        DECISION_ORDER.indexOf(x.kind) - DECISION_ORDER.indexOf(y.kind) ||
        (position.get(x.mechanismId) ?? 0) - (position.get(y.mechanismId) ?? 0),
    )
    .map((d) => {
      const was = before.get(d.mechanismId)!;
      const now = after.get(d.mechanismId);
      return {
        mechanismId: d.mechanismId,
        before: { name: was.name, description: was.description },
        after: now ? { name: now.name, description: now.description } : null,
        diff: now ? textDiff(was, now) : null,
        decision: decisionView(d, round, sources),
        mergeInto: d.kind === "merge" ? nameIn(d.mergeIntoMechanismId) : null,
        splitInto: newOnes
          .filter((v) => v.mechanism.originKind === "split" && v.mechanism.originMechanismId === d.mechanismId)
          .map((v) => ({ mechanismId: v.mechanismId, name: v.name })),
        mergedFrom: decisionRows
          .filter((o) => o.kind === "merge" && o.mergeIntoMechanismId === d.mechanismId && o.mechanismId !== d.mechanismId)
          .map((o) => nameIn(o.mechanismId))
          .filter((l): l is Link => l !== null),
      };
    });

  const flagById = new Map([...flagRows, ...originFlags].map((f) => [f.flag.id, f]));
  const added: AddedEntry[] = newOnes.map((v) => {
    const m = v.mechanism;
    const split = m.originMechanismId ? decisionFor.get(m.originMechanismId) : undefined;
    const flag = m.originFlagId ? flagById.get(m.originFlagId) : undefined;
    return {
      mechanismId: v.mechanismId,
      name: v.name,
      description: v.description,
      origin: originView(m, round.number, {
        flag: flag ? flagOrigin(actor, index, flag) : null,
        splitFrom: nameIn(m.originMechanismId),
        splitDecision: split ? decisionView(split, round, sources) : null,
      }),
    };
  });

  const flagEntries: FlagEntry[] = flagRows.map((f) => ({
    ...triagedFlag(actor, index, f),
    whyItMatters: f.flag.whyItMatters,
    endorsements: endorsements.get(f.flag.id) ?? 0,
    mechanism: f.flag.triage === "declined" ? null : nameIn(f.flag.triageMechanismId),
  }));

  const summary = {
    ...(Object.fromEntries(Object.keys(DECISION_KIND_LABELS).map((k) => [k, 0])) as Record<DecisionKind, number>),
    added: added.length,
    undecided: 0,
    flags: { accepted: 0, merged: 0, declined: 0, untriaged: 0 },
  };
  for (const e of entries) summary[e.decision.kind] += 1;
  for (const f of flagEntries) summary.flags[f.triage ?? "untriaged"] += 1;
  // Only a draft can still be waiting for decisions (publishing requires them all).
  const undecided =
    round.status === "draft"
      ? [...before.values()].filter((v) => !decisionFor.has(v.mechanismId)).map((v) => ({ mechanismId: v.mechanismId, name: v.name }))
      : [];
  summary.undecided = undecided.length;

  return {
    round: { number: round.number, title: round.title, status: round.status },
    previous: { number: previous.number, title: previous.title },
    draft: round.status === "draft",
    summary,
    decisions: entries,
    added,
    flags: flagEntries,
    undecided,
  };
}

// ---------------------------------------------------------------------------------------------
// A mechanism's history across rounds

export type DecisionWithLinks = DecisionView & { mergeInto: Link | null; splitInto: Link[] };

export type HistoryVersion = {
  roundNumber: number;
  roundTitle: string;
  roundStatus: Round["status"];
  draft: boolean;
  versionId: string;
  name: string;
  description: string;
  /** Against its version in the previous round shown, if any. */
  diff: TextDiff | null;
  /** The round's results as the viewer may see them; null for a draft round. */
  results: (ResultsView & { roundOpen: boolean }) | null;
  myRating: number | null;
  /** Mechanisms merged into this one when this round was prepared. */
  mergedIn: (Link & { decision: DecisionView })[];
  /** Flags of the round before merged into this one when this round was prepared. */
  mergedFlags: TriagedFlag[];
  /** What was decided for it when the next round was prepared. */
  decision: DecisionWithLinks | null;
};

export type MechanismHistory = {
  mechanismId: string;
  /** Its latest name the viewer may see. */
  name: string;
  origin: OriginView;
  versions: HistoryVersion[];
  /** Where it went, when it does not continue: merged, split or dropped. */
  fate: DecisionWithLinks | null;
};

export function mechanismHistory(db: DB, actor: Actor, mechanismId: string): MechanismHistory {
  const m = db
    .select()
    .from(mechanisms)
    .where(and(eq(mechanisms.id, mechanismId), eq(mechanisms.consultationId, actor.consultation.id)))
    .get();
  if (!m) notFound("This mechanism");
  const index = roundIndex(db, actor);
  const all = db
    .select()
    .from(mechanismVersions)
    .where(eq(mechanismVersions.mechanismId, m.id))
    .all()
    .flatMap((v) => {
      const round = index.byId.get(v.roundId);
      return round ? [{ ...v, round }] : [];
    })
    .sort((x, y) => x.round.number - y.round.number);
  const versions = all.filter((v) => canSee(actor, v.round));
  if (versions.length === 0) notFound("This mechanism");
  const visibleRoundIds = index.all.filter((r) => canSee(actor, r)).map((r) => r.id);
  const firstRound = all[0].round;

  // Decisions about it, decisions merging others into it, and the split it came from.
  const decisionRows = db
    .select()
    .from(decisions)
    .where(
      and(
        inArray(decisions.roundId, visibleRoundIds),
        or(
          eq(decisions.mechanismId, m.id),
          eq(decisions.mergeIntoMechanismId, m.id),
          m.originMechanismId ? and(eq(decisions.mechanismId, m.originMechanismId), eq(decisions.roundId, firstRound.id)) : undefined,
        ),
      ),
    )
    .all();
  const children = db
    .select({ id: mechanisms.id })
    .from(mechanisms)
    .where(and(eq(mechanisms.consultationId, actor.consultation.id), eq(mechanisms.originMechanismId, m.id)))
    .all()
    .map((c) => c.id);
  // Names of every other mechanism mentioned, by round, in one query.
  const relatedIds = [
    ...new Set([...decisionRows.flatMap((d) => [d.mechanismId, d.mergeIntoMechanismId ?? ""]), ...children, m.originMechanismId ?? ""]),
  ].filter((id) => id && id !== m.id);
  const relatedVersions = relatedIds.length
    ? db
        .select({ mechanismId: mechanismVersions.mechanismId, roundId: mechanismVersions.roundId, name: mechanismVersions.name })
        .from(mechanismVersions)
        .where(and(inArray(mechanismVersions.mechanismId, relatedIds), inArray(mechanismVersions.roundId, visibleRoundIds)))
        .all()
    : [];
  const flagRows = db
    .select({ flag: flags, author: authorColumns })
    .from(flags)
    .innerJoin(memberships, eq(memberships.id, flags.membershipId))
    .where(
      or(
        and(inArray(flags.roundId, visibleRoundIds), eq(flags.triageMechanismId, m.id)),
        m.originFlagId ? eq(flags.id, m.originFlagId) : undefined,
      ),
    )
    .all();
  const versionIds = versions.map((v) => v.id);
  const access = new Map(versions.map((v) => [v.id, accessFor(actor, index, v.round)]));
  const counts = ratingCounts(
    db,
    versionIds,
    [...access.values()].some((a) => a.group === "perspective"),
  );
  const mine = actor.membership.role === "stakeholder" ? ownRatings(db, actor.membership.id, versionIds) : new Map<string, number>();
  const sources = loadSources(
    db,
    actor,
    index,
    decisionRows.map((d) => d.id),
  );

  /** Another mechanism's name as of a round: its version there, else its closest earlier one. */
  const nameOf = (id: string | null, roundNumber: number): Link | null => {
    if (!id) return null;
    const candidates = relatedVersions
      .filter((v) => v.mechanismId === id)
      .map((v) => ({ ...v, number: index.byId.get(v.roundId)?.number ?? 0 }))
      .sort((x, y) => Math.abs(x.number - roundNumber) - Math.abs(y.number - roundNumber) || x.number - y.number);
    return candidates[0] ? { mechanismId: id, name: candidates[0].name } : null;
  };
  const withLinks = (d: Decision): DecisionWithLinks => {
    const round = index.byId.get(d.roundId)!;
    return {
      ...decisionView(d, round, sources),
      mergeInto: d.kind === "merge" ? nameOf(d.mergeIntoMechanismId, round.number) : null,
      splitInto: d.kind === "split" ? children.map((c) => nameOf(c, round.number)).filter((l): l is Link => l !== null) : [],
    };
  };
  // A flag's triage reaches the panel with the round it prepared.
  const triageVisible = (f: FlagRow) => {
    const r = index.byId.get(f.flag.roundId);
    return !!r && canSee(actor, index.byNumber.get(r.number + 1));
  };

  let previous: (typeof versions)[number] | null = null;
  const entries: HistoryVersion[] = versions.map((v) => {
    const round = v.round;
    const next = index.byNumber.get(round.number + 1);
    const own = next ? decisionRows.find((d) => d.roundId === next.id && d.mechanismId === m.id) : undefined;
    const results =
      round.status === "draft"
        ? null
        : { ...summaryFor(counts.get(v.id) ?? [], access.get(v.id)!, actor.consultation), roundOpen: round.status === "open" };
    const entry: HistoryVersion = {
      roundNumber: round.number,
      roundTitle: round.title,
      roundStatus: round.status,
      draft: round.status === "draft",
      versionId: v.id,
      name: v.name,
      description: v.description,
      diff: previous ? textDiff(previous, v) : null,
      results,
      myRating: mine.get(v.id) ?? null,
      mergedIn: decisionRows
        .filter((d) => d.roundId === round.id && d.kind === "merge" && d.mergeIntoMechanismId === m.id && d.mechanismId !== m.id)
        .map((d) => ({
          ...(nameOf(d.mechanismId, round.number - 1) ?? { mechanismId: d.mechanismId, name: "" }),
          decision: decisionView(d, round, sources),
        })),
      mergedFlags: flagRows
        .filter(
          (f) =>
            f.flag.triage === "merged" && f.flag.triageMechanismId === m.id && index.byId.get(f.flag.roundId)?.number === round.number - 1,
        )
        .filter(triageVisible)
        .map((f) => triagedFlag(actor, index, f)),
      decision: own ? withLinks(own) : null,
    };
    previous = v;
    return entry;
  });

  const split = m.originMechanismId
    ? decisionRows.find((d) => d.mechanismId === m.originMechanismId && d.roundId === firstRound.id)
    : undefined;
  const originFlag = flagRows.find((f) => f.flag.id === m.originFlagId);
  const last = entries[entries.length - 1];
  return {
    mechanismId: m.id,
    name: last.name,
    origin: originView(m, firstRound.number, {
      flag: originFlag ? flagOrigin(actor, index, originFlag) : null,
      splitFrom: nameOf(m.originMechanismId, firstRound.number - 1),
      splitDecision: split ? decisionView(split, firstRound, sources) : null,
    }),
    versions: entries,
    fate: last.decision && ["merge", "split", "drop"].includes(last.decision.kind) ? last.decision : null,
  };
}
