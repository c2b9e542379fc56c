/** Decisions between rounds (see db/schema.ts: decision, decision_source). */
import type { Tx } from "./actor";

/**
 * Why a prepared round cannot be published yet (empty when it can): mechanisms of the previous
 * round without a decision, flags without triage. Called by rounds.publish inside its transaction.
 */
export function publishBlockers(_tx: Tx, _roundId: string): string[] {
  return [];
}
