"use client";
/**
 * The configuration a new comment is about, chosen with "Comment on this configuration" on a
 * mechanism's evidence cards and read by the comment form below: a small per-version store, like
 * the chosen passage (passage.tsx), so the cards and the form need not sit side by side.
 */
import { useSyncExternalStore } from "react";

export type ChosenConfiguration = { id: string; number: number; context: string };
type Choice = { configuration: ChosenConfiguration | null; /** Bumped to ask the comment form to take focus. */ focus: number };

const NONE: Choice = { configuration: null, focus: 0 };
const choices = new Map<string, Choice>();
const listeners = new Set<() => void>();

function set(versionId: string, choice: Choice) {
  choices.set(versionId, choice);
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function chooseConfiguration(versionId: string, configuration: ChosenConfiguration) {
  set(versionId, { configuration, focus: (choices.get(versionId)?.focus ?? 0) + 1 });
}

export function clearConfiguration(versionId: string) {
  if (!choices.get(versionId)?.configuration) return;
  set(versionId, { configuration: null, focus: choices.get(versionId)?.focus ?? 0 });
}

/** The configuration chosen for a new comment on this version ("" for none: a flag, a reply). */
export function useConfigurationChoice(versionId: string): Choice {
  return useSyncExternalStore(
    subscribe,
    () => (versionId ? (choices.get(versionId) ?? NONE) : NONE),
    () => NONE,
  );
}

export function shortContext(context: string, max = 120): string {
  return context.length <= max ? context : `${context.slice(0, max).trimEnd()}…`;
}
