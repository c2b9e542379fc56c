/**
 * Compares the database file with the ledger of acknowledged writes. Opened read-only with
 * better-sqlite3 directly (not through the app), so the check does not depend on the code it
 * checks; safe while the server runs (WAL lets readers in beside the writer).
 */
import Database from "better-sqlite3";
import type { Fixture } from "./fixture";
import type { Ledger, LedgerSnapshot } from "./workload";

export type Verification = {
  integrity: string;
  ratingPairsChecked: number;
  /** Pairs holding exactly the last acknowledged value. */
  ratingsExact: number;
  /** Pairs holding a value sent after the last acknowledged one (in flight at a crash or sent after a backup began). */
  ratingsLater: number;
  commentsChecked: number;
  commentsFound: number;
  /** Comments stored whose request never got its answer (in flight at a crash): allowed, counted. */
  unacknowledgedCommentsStored: number;
  problems: string[];
};

/**
 * `since` (backup check): only writes acknowledged in that snapshot must be present, and a pair
 * may hold any value sent after it, since the backup's moment inside the write stream is unknown.
 * Without `since` (load and crash checks): everything acknowledged so far must be present; a pair
 * may only differ from its last acknowledged value by a later write that was never acknowledged
 * (in flight when the server was killed).
 */
export function verifyDatabase(dbPath: string, fixture: Fixture, ledger: Ledger, since?: LedgerSnapshot): Verification {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  const problems: string[] = [];
  const problem = (p: string) => {
    if (problems.length < 20) problems.push(p);
    else if (problems.length === 20) problems.push("(more problems not shown)");
  };
  try {
    const integrity = (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
    if (integrity !== "ok") problem(`PRAGMA integrity_check: ${integrity}`);
    const fk = db.pragma("foreign_key_check") as unknown[];
    if (fk.length > 0) problem(`PRAGMA foreign_key_check: ${fk.length} violation(s)`);

    // Ratings. Read them all once: at most 200 x 10 rows.
    const rows = db
      .prepare(
        `select r.membership_id as m, r.version_id as v, r.value as value from rating r
         join membership ms on ms.id = r.membership_id where ms.consultation_id = ?`,
      )
      .all(fixture.consultationId) as { m: string; v: string; value: number }[];
    const inDb = new Map(rows.map((r) => [`${r.m}|${r.v}`, r.value]));
    let ratingPairsChecked = 0;
    let ratingsExact = 0;
    let ratingsLater = 0;
    for (const [key, events] of ledger.ratings) {
      let from: number;
      if (since) {
        const i = since.ratings.get(key);
        if (i === undefined) continue;
        from = i;
      } else {
        from = events.findLastIndex((e) => e.status === "acked");
        if (from < 0) continue;
      }
      ratingPairsChecked++;
      const value = inDb.get(key);
      // After `from`, only writes the ledger knows of: in the no-snapshot case these are all
      // unacknowledged, since `from` is the last acknowledged one.
      const allowed = events.slice(from).map((e) => e.value);
      if (value === undefined) problem(`rating ${key}: acknowledged value ${events[from].value} is missing`);
      else if (value === events[from].value) ratingsExact++;
      else if (allowed.includes(value)) ratingsLater++;
      else
        problem(
          `rating ${key}: database holds ${value}, last acknowledged ${events[from].value}, later sent [${allowed.slice(1).join(", ")}]`,
        );
    }
    // No rating may appear that nobody sent (the fixture starts with none).
    for (const [key, value] of inDb) {
      const events = ledger.ratings.get(key);
      if (!events || !events.some((e) => e.value === value)) problem(`rating ${key} = ${value} was never sent`);
    }

    // Comments: every acknowledged id with its body, author and mechanism, not deleted.
    const commentRows = db
      .prepare(
        `select c.id, c.body, c.membership_id as m, c.version_id as v, c.deleted_at as deletedAt from comment c
         join round r on r.id = c.round_id where r.consultation_id = ?`,
      )
      .all(fixture.consultationId) as { id: string; body: string; m: string; v: string; deletedAt: number | null }[];
    const byId = new Map(commentRows.map((c) => [c.id, c]));
    const ids = since ? [...since.commentIds] : [...ledger.ackedComments.keys()];
    let commentsFound = 0;
    for (const id of ids) {
      const expected = ledger.ackedComments.get(id)!;
      const row = byId.get(id);
      if (!row) problem(`comment ${id} ("${expected.body}") was acknowledged but is missing`);
      else if (row.body !== expected.body || row.m !== expected.membershipId || row.v !== expected.versionId || row.deletedAt) {
        problem(`comment ${id} differs: ${JSON.stringify(row)} vs acknowledged ${JSON.stringify(expected)}`);
      } else commentsFound++;
    }
    // Nothing invented or duplicated: every stored body was sent, once.
    const seen = new Set<string>();
    let unacknowledgedCommentsStored = 0;
    for (const c of commentRows) {
      if (!ledger.ackedComments.has(c.id)) unacknowledgedCommentsStored++;
      if (!ledger.attemptedCommentBodies.has(c.body)) problem(`comment ${c.id} ("${c.body.slice(0, 60)}") was never sent`);
      if (seen.has(c.body)) problem(`comment body stored twice: "${c.body.slice(0, 60)}"`);
      seen.add(c.body);
    }

    return {
      integrity,
      ratingPairsChecked,
      ratingsExact,
      ratingsLater,
      commentsChecked: ids.length,
      commentsFound,
      unacknowledgedCommentsStored,
      problems,
    };
  } finally {
    db.close();
  }
}
