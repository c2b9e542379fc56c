/**
 * The PostgreSQL declaration of the schema in ./schema.ts (the truth, SQLite). Drizzle has no
 * dialect-neutral table core (drizzle-orm issue #1196), so the same tables are declared twice;
 * server/tests/schema-parity.test.ts proves the two declare the same tables, columns, types,
 * defaults, keys, indexes and relations. Change both files together, then run `npm run
 * db:generate` and `npm run db:generate:pg`.
 *
 * Type mapping (SQLite -> PostgreSQL), chosen so that `$inferSelect` / `$inferInsert` are the
 * same TypeScript types on both engines:
 *
 * | SQLite (drizzle)                        | PostgreSQL (drizzle)                               | TS type   |
 * |-----------------------------------------|----------------------------------------------------|-----------|
 * | text                                    | text                                               | string    |
 * | text { enum }                           | text { enum } (no pg enum type: plain migrations)  | union     |
 * | text { mode: "json" }.$type<T>()        | jsonb.$type<T>()                                   | T         |
 * | integer                                 | integer (int4: every such column holds small       | number    |
 * |                                         | counts, positions, years, Auth.js seconds)         |           |
 * | integer rate_limit_window.reset_at      | bigint { mode: "number" } (epoch ms > 2^31)        | number    |
 * | integer { mode: "timestamp_ms" }        | timestamp(3) with time zone { mode: "date" }       | Date      |
 * | integer { mode: "boolean" }             | boolean                                            | boolean   |
 * | (none used yet) real                    | doublePrecision                                    | number    |
 * | (none used yet) blob { mode: "buffer" } | customType "bytea" (pg-core 0.45 has no bytea())   | Buffer    |
 *
 * Timestamps: `timestamp with time zone`, mode "date", precision 3, rather than a bigint of
 * epoch ms behind a custom Date type. Both give `Date` to the app, but (1) @auth/drizzle-adapter's
 * PostgreSQL table types require `PgTimestamp` for user.emailVerified, session.expires and
 * verificationToken.expires, so a custom bigint type would not type-check there; (2) a native
 * timestamp is what PostgreSQL tools, pg_dump readers and date functions expect; (3) precision 3
 * (milliseconds) is exactly what SQLite stores, so a value round-trips unchanged, copy-to-postgres
 * can compare rows exactly, and ordering ties behave alike. `with time zone` stores an instant
 * (UTC), like epoch ms; a plain `timestamp` would depend on the session's TimeZone setting.
 * Cost: raw SQL (db.all(sql`…`)) that selects a timestamp column gets a number on SQLite and a
 * string (or Date, by driver) on PostgreSQL, and arithmetic on it differs; such sites must map
 * through the column (sql`…`.mapWith(col)) or go through the query builder.
 *
 * JSON: jsonb gives back the same values, but not the same text: object keys are reordered and
 * duplicates dropped, and `\u0000` is refused. SQL that reads the text (`like` over
 * source.authors, `authors = '[]'`) or uses json_each/json_extract needs a PostgreSQL form.
 *
 * Booleans: SQLite stores 0/1 integers that drizzle maps to boolean; PostgreSQL has a real
 * `boolean`, same TS type, same `default(false)`.
 *
 * Defaults: SQLite's schema has no SQL-expression defaults (no unixepoch()); ids and
 * created/updated times are `$defaultFn`s, which drizzle runs in the app on either engine, so
 * they are kept as they are (no `defaultNow()` in the database: the two engines' DDL stays alike,
 * and a raw INSERT must give them on both). Literal defaults ('', 'draft', 5, false) are the same.
 *
 * Relations are repeated below (relations() binds to table objects, so they cannot be shared);
 * the parity test compares them too.
 */
import { relations } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import {
  ATTENDANCE_SOURCE_VALUES,
  CMO_POLARITY_VALUES,
  type CmoOutcome,
  type ConsensusRule,
  DECISION_KIND_VALUES,
  DECISION_SOURCE_VALUES,
  EVIDENCE_EFFECT_VALUES,
  FEEDBACK_VISIBILITY_VALUES,
  FLAG_TRIAGE_VALUES,
  MECHANISM_ORIGIN_VALUES,
  MEETING_FORMAT_VALUES,
  MEETING_ITEM_KIND_VALUES,
  MEETING_MODE_VALUES,
  MEETING_STATUS_VALUES,
  PERSPECTIVE_VALUES,
  SOURCE_KIND_VALUES,
} from "../shared/domain";

/** An instant in milliseconds, read and written as a Date (SQLite: integer timestamp_ms). */
const timestampMs = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });
const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());
const createdAt = () =>
  timestampMs("created_at")
    .notNull()
    .$defaultFn(() => new Date());

// ---------------------------------------------------------------------------------------------
// Auth.js (adapter-shaped)

export const users = pgTable("user", {
  id: id(),
  name: text("name"),
  email: text("email").unique(),
  emailVerified: timestampMs("emailVerified"),
  image: text("image"),
  /** May create new consultations (granted with `npm run cli -- facilitator add`). */
  canCreateConsultations: boolean("can_create_consultations").notNull().default(false),
  createdAt: createdAt(),
});

export const accounts = pgTable(
  "account",
  {
    userId: text("userId")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("providerAccountId").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable(
  "session",
  {
    sessionToken: text("sessionToken").primaryKey(),
    userId: text("userId")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: timestampMs("expires").notNull(),
  },
  (t) => [index("session_user_idx").on(t.userId)],
);

export const verificationTokens = pgTable(
  "verificationToken",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestampMs("expires").notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/**
 * Rate-limit counters, one row per limited key and fixed window ("signin-email:ann@example.org"):
 * kept in the database so every app process serving it counts against the same limit.
 */
export const rateLimitWindows = pgTable(
  "rate_limit_window",
  {
    key: text("key").primaryKey(),
    count: integer("count").notNull(),
    resetAt: bigint("reset_at", { mode: "number" }).notNull(),
  },
  (t) => [index("rate_limit_window_reset_at_idx").on(t.resetAt)],
);

// ---------------------------------------------------------------------------------------------
// Consultations

export const consultations = pgTable("consultation", {
  id: id(),
  slug: text("slug").notNull().unique(),
  title: text("title").notNull(),
  researchQuestion: text("research_question").notNull(),
  description: text("description").notNull().default(""),
  /** Top of the relevance scale: 5 or 9. The bottom is always 1. */
  scaleMax: integer("scale_max").notNull().default(5),
  /** JSON array of scaleMax labels, one per point. */
  scaleLabels: jsonb("scale_labels").$type<string[]>().notNull(),
  /** How stakeholders appear to each other: by name or by pseudonym. */
  anonymity: text("anonymity", { enum: ["named", "pseudonymous"] })
    .notNull()
    .default("pseudonymous"),
  /**
   * What erasing a stakeholder does to what they contributed: keep it under "Withdrawn
   * participant" (the default: the analysis keeps its numbers) or remove it.
   */
  erasurePolicy: text("erasure_policy", { enum: ["anonymise", "remove"] })
    .notNull()
    .default("anonymise"),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  /**
   * The consensus rule, set before the first round opens (changes are audited): a share of
   * ratings at the top of the scale, optionally with at most a share at the bottom. Null: none.
   */
  consensusRule: jsonb("consensus_rule").$type<ConsensusRule | null>(),
  /** The seeded demo: its panel and responses are fictional, and every page says so. */
  isDemo: boolean("is_demo").notNull().default(false),
  /** The evidence base: how many papers the review included in all (e.g. 36); null when unknown. */
  includedSourceCount: integer("included_source_count"),
  /**
   * The fewest answers a perspective's figures need before the panel (or a pseudonymised export)
   * sees them: in a smaller group someone who knows their own rating could work out another's.
   */
  minGroupSize: integer("min_group_size").notNull().default(3),
});

export const memberships = pgTable(
  "membership",
  {
    id: id(),
    consultationId: text("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["facilitator", "stakeholder"] }).notNull(),
    /** Stakeholders only. */
    perspective: text("perspective", { enum: PERSPECTIVE_VALUES }),
    /** Stakeholders only: the stable number in "Stakeholder 7". */
    pseudonymNumber: integer("pseudonym_number"),
    /** The name the facilitator gave this person on this panel. */
    displayName: text("display_name").notNull(),
    createdAt: createdAt(),
    /** Set when the person was erased at their request; the row stays as "Withdrawn participant". */
    withdrawnAt: timestampMs("withdrawn_at"),
    /** Stakeholders only: a facilitator let this person take notes and quotes in meetings. */
    noteTaker: boolean("note_taker").notNull().default(false),
  },
  (t) => [
    uniqueIndex("membership_consultation_user_uq").on(t.consultationId, t.userId),
    uniqueIndex("membership_pseudonym_uq").on(t.consultationId, t.pseudonymNumber),
    index("membership_user_idx").on(t.userId),
  ],
);

export const invitations = pgTable(
  "invitation",
  {
    id: id(),
    membershipId: text("membership_id")
      .notNull()
      .references(() => memberships.id, { onDelete: "cascade" }),
    /** SHA-256 of the token; the token itself is only ever shown once. */
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: timestampMs("expires_at").notNull(),
    emailedAt: timestampMs("emailed_at"),
    usedAt: timestampMs("used_at"),
    revokedAt: timestampMs("revoked_at"),
  },
  (t) => [index("invitation_membership_idx").on(t.membershipId, t.createdAt)],
);

export const rounds = pgTable(
  "round",
  {
    id: id(),
    consultationId: text("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    instructions: text("instructions").notNull().default(""),
    status: text("status", { enum: ["draft", "open", "closed"] })
      .notNull()
      .default("draft"),
    openedAt: timestampMs("opened_at"),
    closedAt: timestampMs("closed_at"),
    /** How the round's meeting runs (shown to the panel); "none" when it is online responses only. */
    meetingMode: text("meeting_mode", { enum: MEETING_MODE_VALUES }).notNull().default("none"),
    /** Planned opening, shown to the panel and in the invitation email. */
    opensAt: timestampMs("opens_at"),
    /** The round closes itself at this time (server/services/round-schedule.ts). */
    closesAt: timestampMs("closes_at"),
    /** Delphi feedback: which of the previous round's results the panel sees in this round. */
    feedbackVisibility: text("feedback_visibility", { enum: FEEDBACK_VISIBILITY_VALUES }).notNull().default("all"),
    /** Set when the next round's workspace copied the previous round's mechanisms into this one. */
    preparedAt: timestampMs("prepared_at"),
    /** Whether the panel sees the evidence base (sources, counts, configurations) in this round. */
    evidenceVisible: boolean("evidence_visible").notNull().default(false),
  },
  (t) => [uniqueIndex("round_consultation_number_uq").on(t.consultationId, t.number)],
);

/** A mechanism's stable identity across rounds; its text lives in one version per round. */
export const mechanisms = pgTable(
  "mechanism",
  {
    id: id(),
    consultationId: text("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    /**
     * Where it came from: the first draft ("initial"), added by facilitators in a later round
     * ("added"), accepted from a stakeholder's missing-mechanism flag ("flag"), or split from
     * another mechanism ("split").
     */
    originKind: text("origin_kind", { enum: MECHANISM_ORIGIN_VALUES }).notNull().default("initial"),
    /** The flag it was accepted from (originKind "flag"). */
    originFlagId: text("origin_flag_id").references((): AnyPgColumn => flags.id, { onDelete: "set null" }),
    /** The mechanism it was split from (originKind "split"). */
    originMechanismId: text("origin_mechanism_id").references((): AnyPgColumn => mechanisms.id, {
      onDelete: "set null",
    }),
    /** Facilitators' note on why it was added (originKind "added"), shown on its history. */
    originNote: text("origin_note").notNull().default(""),
    /**
     * The evidence base: the number of included papers the review team reports for this
     * mechanism (the published count), which may differ from the sources linked here. Null: none.
     */
    reportedSourceCount: integer("reported_source_count"),
  },
  (t) => [index("mechanism_consultation_idx").on(t.consultationId)],
);

export const mechanismVersions = pgTable(
  "mechanism_version",
  {
    id: id(),
    mechanismId: text("mechanism_id")
      .notNull()
      .references(() => mechanisms.id, { onDelete: "cascade" }),
    roundId: text("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull(),
    position: integer("position").notNull(),
    updatedAt: timestampMs("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex("version_mechanism_round_uq").on(t.mechanismId, t.roundId),
    index("version_round_position_idx").on(t.roundId, t.position),
  ],
);

/** Edits of a published (open) round's text: never silent. */
export const mechanismEdits = pgTable(
  "mechanism_edit",
  {
    id: id(),
    versionId: text("version_id")
      .notNull()
      .references(() => mechanismVersions.id, { onDelete: "cascade" }),
    editorId: text("editor_id").references(() => users.id, { onDelete: "set null" }),
    editedAt: timestampMs("edited_at").notNull(),
    reason: text("reason").notNull(),
    beforeName: text("before_name").notNull(),
    beforeDescription: text("before_description").notNull(),
    afterName: text("after_name").notNull(),
    afterDescription: text("after_description").notNull(),
  },
  (t) => [index("mechanism_edit_version_idx").on(t.versionId, t.editedAt)],
);

export const ratings = pgTable(
  "rating",
  {
    id: id(),
    versionId: text("version_id")
      .notNull()
      .references(() => mechanismVersions.id, { onDelete: "cascade" }),
    membershipId: text("membership_id")
      .notNull()
      .references(() => memberships.id, { onDelete: "cascade" }),
    value: integer("value").notNull(),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
    /** Set when the rating was last given from a live meeting's participant view. */
    meetingId: text("meeting_id").references((): AnyPgColumn => meetings.id, {
      onDelete: "set null",
    }),
  },
  (t) => [
    index("rating_meeting_idx").on(t.meetingId),
    uniqueIndex("rating_version_member_uq").on(t.versionId, t.membershipId),
    index("rating_member_idx").on(t.membershipId),
  ],
);

export const flags = pgTable(
  "flag",
  {
    id: id(),
    roundId: text("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    membershipId: text("membership_id")
      .notNull()
      .references(() => memberships.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    covers: text("covers").notNull(),
    whyItMatters: text("why_it_matters").notNull(),
    createdAt: createdAt(),
    /** Facilitators' triage after the round: accepted as a new mechanism, merged, or declined. */
    triage: text("triage", { enum: FLAG_TRIAGE_VALUES }),
    /** Why (required to decline; the panel reads it). */
    triageReason: text("triage_reason"),
    /** Accepted: the new mechanism; merged: the mechanism it was merged into. */
    triageMechanismId: text("triage_mechanism_id").references((): AnyPgColumn => mechanisms.id, {
      onDelete: "set null",
    }),
    triagedBy: text("triaged_by").references(() => users.id, { onDelete: "set null" }),
    triagedAt: timestampMs("triaged_at"),
  },
  (t) => [index("flag_round_idx").on(t.roundId, t.createdAt)],
);

export const flagEndorsements = pgTable(
  "flag_endorsement",
  {
    flagId: text("flag_id")
      .notNull()
      .references(() => flags.id, { onDelete: "cascade" }),
    membershipId: text("membership_id")
      .notNull()
      .references(() => memberships.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.flagId, t.membershipId] })],
);

/** A comment sits on a mechanism version or on a flag; replies go one level deep. */
export const comments = pgTable(
  "comment",
  {
    id: id(),
    roundId: text("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    versionId: text("version_id").references(() => mechanismVersions.id, { onDelete: "cascade" }),
    flagId: text("flag_id").references(() => flags.id, { onDelete: "cascade" }),
    parentId: text("parent_id").references((): AnyPgColumn => comments.id, {
      onDelete: "cascade",
    }),
    membershipId: text("membership_id")
      .notNull()
      .references(() => memberships.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
    editedAt: timestampMs("edited_at"),
    deletedAt: timestampMs("deleted_at"),
    hiddenAt: timestampMs("hidden_at"),
    hiddenBy: text("hidden_by").references(() => users.id, { onDelete: "set null" }),
    hiddenReason: text("hidden_reason"),
    /**
     * A comment on a passage of the description: the quoted text, a little context either side
     * and where it was when the comment was written. Positions are found again from these when
     * the text changes (server/services/anchors.ts); null for a comment on the whole mechanism.
     */
    anchorQuote: text("anchor_quote"),
    anchorPrefix: text("anchor_prefix"),
    anchorSuffix: text("anchor_suffix"),
    anchorStart: integer("anchor_start"),
    /** Written from a live meeting's participant view. */
    meetingId: text("meeting_id").references((): AnyPgColumn => meetings.id, {
      onDelete: "set null",
    }),
    /** A comment on one context-mechanism-outcome configuration of the mechanism. */
    configurationId: text("configuration_id").references((): AnyPgColumn => cmoConfigurations.id, {
      onDelete: "set null",
    }),
  },
  (t) => [
    index("comment_version_idx").on(t.versionId, t.createdAt),
    index("comment_flag_idx").on(t.flagId, t.createdAt),
    index("comment_parent_idx").on(t.parentId),
    index("comment_round_idx").on(t.roundId, t.createdAt),
    index("comment_meeting_idx").on(t.meetingId),
    index("comment_configuration_idx").on(t.configurationId),
  ],
);

/**
 * What happened to a mechanism of the previous round when the next round was prepared: one
 * decision per (new round, mechanism of the previous round). The old version and its feedback
 * always stay; merge, split and drop only mean it has no version of its own in the new round.
 */
export const decisions = pgTable(
  "decision",
  {
    id: id(),
    /** The round the decision prepares (round N); the mechanism's last version is in round N-1. */
    roundId: text("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    mechanismId: text("mechanism_id")
      .notNull()
      .references(() => mechanisms.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: DECISION_KIND_VALUES }).notNull(),
    rationale: text("rationale").notNull(),
    /** keep_with_note: the status note shown with the mechanism (e.g. no empirical evidence found). */
    statusNote: text("status_note").notNull().default(""),
    /** merge: the mechanism it was merged into. */
    mergeIntoMechanismId: text("merge_into_mechanism_id").references(() => mechanisms.id, {
      onDelete: "set null",
    }),
    decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [uniqueIndex("decision_round_mechanism_uq").on(t.roundId, t.mechanismId)],
);

/** The feedback behind a decision: a comment, a flag, or a mechanism version's ratings. */
export const decisionSources = pgTable(
  "decision_source",
  {
    id: id(),
    decisionId: text("decision_id")
      .notNull()
      .references(() => decisions.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: DECISION_SOURCE_VALUES }).notNull(),
    commentId: text("comment_id").references(() => comments.id, { onDelete: "cascade" }),
    flagId: text("flag_id").references(() => flags.id, { onDelete: "cascade" }),
    /** kind "ratings": the version whose rating summary is cited. */
    versionId: text("version_id").references(() => mechanismVersions.id, { onDelete: "cascade" }),
    /** kind "meeting_note" / "meeting_quote": what was said in a live meeting. */
    meetingNoteId: text("meeting_note_id").references((): AnyPgColumn => meetingNotes.id, {
      onDelete: "cascade",
    }),
    meetingQuoteId: text("meeting_quote_id").references((): AnyPgColumn => meetingQuotes.id, {
      onDelete: "cascade",
    }),
  },
  (t) => [index("decision_source_decision_idx").on(t.decisionId)],
);

/** Facilitator actions, append-only from the app's point of view. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    consultationId: text("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetId: text("target_id"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_consultation_idx").on(t.consultationId, t.createdAt)],
);

// ---------------------------------------------------------------------------------------------
// Live meetings (issue 6)

/** A consultation meeting of one round, run from the platform: agenda, live state, record. */
export const meetings = pgTable(
  "meeting",
  {
    id: id(),
    consultationId: text("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    roundId: text("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    format: text("format", { enum: MEETING_FORMAT_VALUES }).notNull(),
    status: text("status", { enum: MEETING_STATUS_VALUES }).notNull().default("planned"),
    /** The short code in the join link (/m/<code>) and QR code; unique across the instance. */
    shortCode: text("short_code").notNull().unique(),
    scheduledAt: timestampMs("scheduled_at"),
    startedAt: timestampMs("started_at"),
    endedAt: timestampMs("ended_at"),
    /** The agenda item on screen now. */
    currentItemId: text("current_item_id").references((): AnyPgColumn => meetingItems.id, {
      onDelete: "set null",
    }),
    /** When the current item came on screen (its timer counts from here). */
    itemStartedAt: timestampMs("item_started_at"),
    /** Whether the presenter view shows the live ratings (hidden to avoid anchoring the room). */
    resultsVisible: boolean("results_visible").notNull().default(false),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [index("meeting_round_idx").on(t.roundId), index("meeting_consultation_idx").on(t.consultationId)],
);

/** One agenda item: a mechanism of the round (its version) or a free item, with a planned time. */
export const meetingItems = pgTable(
  "meeting_item",
  {
    id: id(),
    meetingId: text("meeting_id")
      .notNull()
      .references((): AnyPgColumn => meetings.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind", { enum: MEETING_ITEM_KIND_VALUES }).notNull(),
    versionId: text("version_id").references(() => mechanismVersions.id, { onDelete: "cascade" }),
    /** Free items only (mechanism items show the mechanism's name). */
    title: text("title"),
    plannedMinutes: integer("planned_minutes").notNull().default(5),
    /** Time already spent on the item in earlier visits (seconds); the timer adds the current one. */
    spentSeconds: integer("spent_seconds").notNull().default(0),
  },
  (t) => [index("meeting_item_meeting_idx").on(t.meetingId, t.position)],
);

/** Who took part: joined from their device, or recorded by the facilitator (e.g. in the room). */
export const meetingAttendance = pgTable(
  "meeting_attendance",
  {
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    membershipId: text("membership_id")
      .notNull()
      .references(() => memberships.id, { onDelete: "cascade" }),
    source: text("source", { enum: ATTENDANCE_SOURCE_VALUES }).notNull(),
    joinedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.membershipId] })],
);

/** The facilitator's or note-taker's notes, per agenda item (or the meeting as a whole). */
export const meetingNotes = pgTable(
  "meeting_note",
  {
    id: id(),
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    itemId: text("item_id").references(() => meetingItems.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [index("meeting_note_meeting_idx").on(t.meetingId, t.createdAt)],
);

/**
 * A verbatim quote, attributed to a stakeholder (shown by pseudonym) or only to a perspective;
 * neither for an unattributed quote.
 */
export const meetingQuotes = pgTable(
  "meeting_quote",
  {
    id: id(),
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    itemId: text("item_id").references(() => meetingItems.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    membershipId: text("membership_id").references(() => memberships.id, { onDelete: "set null" }),
    perspective: text("perspective", { enum: PERSPECTIVE_VALUES }),
    recordedBy: text("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("meeting_quote_meeting_idx").on(t.meetingId, t.createdAt)],
);

/** A quick question put to the room ("Is anything missing from this mechanism?"). */
export const meetingQuestions = pgTable(
  "meeting_question",
  {
    id: id(),
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    itemId: text("item_id").references(() => meetingItems.id, { onDelete: "set null" }),
    prompt: text("prompt").notNull(),
    openedAt: createdAt(),
    closedAt: timestampMs("closed_at"),
  },
  (t) => [index("meeting_question_meeting_idx").on(t.meetingId, t.openedAt)],
);

export const meetingAnswers = pgTable(
  "meeting_answer",
  {
    id: id(),
    questionId: text("question_id")
      .notNull()
      .references(() => meetingQuestions.id, { onDelete: "cascade" }),
    membershipId: text("membership_id")
      .notNull()
      .references(() => memberships.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("meeting_answer_question_idx").on(t.questionId, t.createdAt)],
);

// ---------------------------------------------------------------------------------------------
// The evidence base (issue 7)

/** A source of the review: a paper, report or other document. */
export const sources = pgTable(
  "source",
  {
    id: id(),
    consultationId: text("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    /** The review's own reference number, when it has one (e.g. 23). */
    ref: integer("ref"),
    /** Authors in citation order, "Family, Given" or as written. */
    authors: jsonb("authors").$type<string[]>().notNull(),
    year: integer("year"),
    title: text("title").notNull(),
    venue: text("venue").notNull().default(""),
    /** Normalised: lower case, without a resolver prefix ("10.1108/lhs-08-2012-0028"). */
    doi: text("doi"),
    kind: text("kind", { enum: SOURCE_KIND_VALUES }).notNull().default("empirical"),
    /** The search stage it came from, as the review names it (e.g. "Stage 2: empirical search"). */
    searchStage: text("search_stage").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [index("source_consultation_idx").on(t.consultationId, t.year), index("source_doi_idx").on(t.consultationId, t.doi)],
);

/**
 * Two sources the duplicate rules match that a facilitator has said are different works (a
 * preprint and its article, two reports of one study…): no longer listed as possible duplicates.
 * Stored once per pair, the smaller id first.
 */
export const sourceDistinctPairs = pgTable(
  "source_distinct_pair",
  {
    consultationId: text("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    firstId: text("first_id")
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    secondId: text("second_id")
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.firstId, t.secondId] }),
    index("source_distinct_pair_consultation_idx").on(t.consultationId),
    index("source_distinct_pair_second_idx").on(t.secondId),
  ],
);

/** Evidence a source gives about a mechanism, in the facilitators' own words. */
export const evidenceLinks = pgTable(
  "evidence_link",
  {
    id: id(),
    consultationId: text("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    sourceId: text("source_id")
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    mechanismId: text("mechanism_id")
      .notNull()
      .references(() => mechanisms.id, { onDelete: "cascade" }),
    effect: text("effect", { enum: EVIDENCE_EFFECT_VALUES }).notNull(),
    extract: text("extract").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex("evidence_link_source_mechanism_uq").on(t.sourceId, t.mechanismId),
    index("evidence_link_mechanism_idx").on(t.mechanismId),
  ],
);

/** A context-mechanism-outcome configuration of a mechanism. */
export const cmoConfigurations = pgTable(
  "cmo_configuration",
  {
    id: id(),
    consultationId: text("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    mechanismId: text("mechanism_id")
      .notNull()
      .references(() => mechanisms.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /** Whether the mechanism fired ("present") or was missing ("absent") in this account. */
    polarity: text("polarity", { enum: CMO_POLARITY_VALUES }).notNull().default("present"),
    context: text("context").notNull(),
    /** The resource the mechanism offers. */
    resource: text("resource").notNull(),
    /** The reasoning it triggers. */
    reasoning: text("reasoning").notNull(),
    outcomes: jsonb("outcomes").$type<CmoOutcome[]>().notNull(),
    sourceId: text("source_id").references(() => sources.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [index("cmo_mechanism_idx").on(t.mechanismId, t.position)],
);

// ---------------------------------------------------------------------------------------------
// Relations

export const consultationRelations = relations(consultations, ({ many }) => ({
  memberships: many(memberships),
  rounds: many(rounds),
  mechanisms: many(mechanisms),
}));

export const membershipRelations = relations(memberships, ({ one, many }) => ({
  consultation: one(consultations, {
    fields: [memberships.consultationId],
    references: [consultations.id],
  }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
  invitations: many(invitations),
}));

export const invitationRelations = relations(invitations, ({ one }) => ({
  membership: one(memberships, {
    fields: [invitations.membershipId],
    references: [memberships.id],
  }),
}));

export const roundRelations = relations(rounds, ({ one, many }) => ({
  consultation: one(consultations, {
    fields: [rounds.consultationId],
    references: [consultations.id],
  }),
  versions: many(mechanismVersions),
  flags: many(flags),
}));

export const mechanismRelations = relations(mechanisms, ({ one, many }) => ({
  consultation: one(consultations, {
    fields: [mechanisms.consultationId],
    references: [consultations.id],
  }),
  versions: many(mechanismVersions),
}));

export const mechanismVersionRelations = relations(mechanismVersions, ({ one, many }) => ({
  mechanism: one(mechanisms, {
    fields: [mechanismVersions.mechanismId],
    references: [mechanisms.id],
  }),
  round: one(rounds, { fields: [mechanismVersions.roundId], references: [rounds.id] }),
  ratings: many(ratings),
  comments: many(comments),
  edits: many(mechanismEdits),
}));

export const commentRelations = relations(comments, ({ one }) => ({
  author: one(memberships, { fields: [comments.membershipId], references: [memberships.id] }),
  parent: one(comments, { fields: [comments.parentId], references: [comments.id] }),
}));

export const flagRelations = relations(flags, ({ one, many }) => ({
  round: one(rounds, { fields: [flags.roundId], references: [rounds.id] }),
  author: one(memberships, { fields: [flags.membershipId], references: [memberships.id] }),
  endorsements: many(flagEndorsements),
}));
