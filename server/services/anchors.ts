/**
 * Passage anchors: where a comment's quoted passage is in a description that may have changed
 * since the comment was written. Nothing is stored per text version: an anchor keeps the quote, a
 * little context either side and its old start, and is found again whenever it is read, first
 * verbatim, then approximately (Myers' bit-parallel algorithm, as Hypothesis does for web
 * annotations). Positions are UTF-16 offsets, the unit of JavaScript strings and of the browser's
 * textarea selection. Pure functions: no database, so the browser could use them too.
 */
import approxSearch from "approx-string-match";
import { LIMITS } from "@/shared/domain";

export type Anchor = {
  quote: string;
  /** Up to LIMITS.anchorContext.max characters just before the quote when it was written. */
  prefix: string;
  /** Up to LIMITS.anchorContext.max characters just after it. */
  suffix: string;
  /** Where the quote started in the text it was written against. */
  start: number;
};

/**
 * "exact": the same words at the same place; "moved": the same words elsewhere (text inserted
 * before it, paragraphs reordered); "fuzzy": the passage was edited a little (a typo fixed, a word
 * added) and this is its closest match.
 */
export type LocateStatus = "exact" | "moved" | "fuzzy";
export type Located = { start: number; end: number; status: LocateStatus };

const CONTEXT = LIMITS.anchorContext.max;
/** Up to this share of the quote's characters may differ for an approximate match. */
const ERROR_RATE = 0.2;
/**
 * Quotes shorter than this ("trust", "power") occur by chance in any text, so a match away from
 * the old place, or an approximate one, only counts when the words around it still fit.
 */
const SHORT_QUOTE = 16;
/** A short quote's context must be at least this similar on one side to be trusted. */
const MIN_CONTEXT_FIT = 0.5;
/** Enough verbatim occurrences to pick from; more only happens with one-letter quotes. */
const MAX_OCCURRENCES = 500;

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Moves a boundary off the middle of a surrogate pair (an emoji is two UTF-16 units). */
function snapBack(text: string, i: number): number {
  return i > 0 && i < text.length && isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1)) ? i - 1 : i;
}
function snapForward(text: string, i: number): number {
  return i > 0 && i < text.length && isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1)) ? i + 1 : i;
}

/** The anchor for text[start, end): the caller has checked that the range is inside the text. */
export function captureAnchor(text: string, start: number, end: number): Anchor {
  return {
    quote: text.slice(start, end),
    prefix: text.slice(snapForward(text, Math.max(0, start - CONTEXT)), start),
    suffix: text.slice(end, snapBack(text, Math.min(text.length, end + CONTEXT))),
    start,
  };
}

/** Levenshtein distance; only used on context strings of at most CONTEXT characters. */
function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let previous = new Uint16Array(b.length + 1);
  let row = new Uint16Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
    }
    [previous, row] = [row, previous];
  }
  return previous[b.length];
}

const similarity = (a: string, b: string) => 1 - editDistance(a, b) / Math.max(a.length, b.length, 1);

/**
 * How well the text around a candidate [start, end) matches the anchor's context, 0 to 1 per
 * side. An empty prefix means the passage began the text, so it fits only at the very start (and
 * an empty suffix only at the very end).
 */
function contextFit(anchor: Anchor, text: string, start: number, end: number): { before: number; after: number } {
  const before = anchor.prefix
    ? similarity(anchor.prefix, text.slice(Math.max(0, start - anchor.prefix.length), start))
    : start === 0
      ? 1
      : 0;
  const after = anchor.suffix ? similarity(anchor.suffix, text.slice(end, end + anchor.suffix.length)) : end === text.length ? 1 : 0;
  return { before, after };
}

type Candidate = { start: number; end: number; errors: number; before: number; after: number };

/** Higher is better: the quote itself counts most, then its context, then closeness to the old place. */
function score(anchor: Anchor, text: string, c: Candidate): number {
  const quoteFit = 1 - c.errors / anchor.quote.length;
  const nearness = 1 - Math.min(1, Math.abs(c.start - anchor.start) / Math.max(text.length, 1));
  return 50 * quoteFit + 20 * c.before + 20 * c.after + 2 * nearness;
}

/** A short quote found away from its old place, or only approximately, needs its context. */
function trusted(anchor: Anchor, c: Candidate, atOldPlace: boolean): boolean {
  if (anchor.quote.length >= SHORT_QUOTE || (atOldPlace && c.errors === 0)) return true;
  return Math.max(c.before, c.after) >= MIN_CONTEXT_FIT;
}

function best(anchor: Anchor, text: string, candidates: Candidate[]): Candidate | null {
  let top: Candidate | null = null;
  let topScore = -Infinity;
  for (const c of candidates) {
    if (!trusted(anchor, c, c.start === anchor.start)) continue;
    const s = score(anchor, text, c);
    // Equal scores: the one nearer the old place (then the earlier one) wins.
    if (s > topScore || (s === topScore && top && Math.abs(c.start - anchor.start) < Math.abs(top.start - anchor.start))) {
      top = c;
      topScore = s;
    }
  }
  return top;
}

/**
 * Fewest-errors matching happily trims the edges of an edited passage ("Leaders openly advocate"
 * found as "penly advocate" when "openly" was added): where the old context sits intact right
 * next to a boundary nearby, that is where the passage begins (or ends). An edited passage is at
 * most `slack` characters longer or shorter than the quote, which bounds how far a boundary moves.
 */
function refineStart(anchor: Anchor, text: string, start: number, end: number, slack: number): number {
  if (!anchor.prefix) return start;
  const q = anchor.quote.length;
  let best = start;
  let bestLength = commonSuffixLength(anchor.prefix, text, start);
  // Myers' end may itself be trimmed, hence twice the slack here and once for the end below.
  for (let s = Math.max(0, end - q - 2 * slack); s <= Math.min(end - 1, end - q + 2 * slack); s++) {
    const length = commonSuffixLength(anchor.prefix, text, s);
    if (length > bestLength || (length === bestLength && length > 0 && Math.abs(s - start) < Math.abs(best - start))) {
      best = s;
      bestLength = length;
    }
  }
  return best;
}

function refineEnd(anchor: Anchor, text: string, start: number, end: number, slack: number): number {
  if (!anchor.suffix) return end;
  const q = anchor.quote.length;
  let best = end;
  let bestLength = commonPrefixLength(anchor.suffix, text, end);
  for (let e = Math.max(start + 1, start + q - slack); e <= Math.min(text.length, start + q + slack); e++) {
    const length = commonPrefixLength(anchor.suffix, text, e);
    if (length > bestLength || (length === bestLength && length > 0 && Math.abs(e - end) < Math.abs(best - end))) {
      best = e;
      bestLength = length;
    }
  }
  return best;
}

/** How many characters of `prefix`, counted back from its end, appear just before text[at]. */
function commonSuffixLength(prefix: string, text: string, at: number): number {
  let n = 0;
  while (n < prefix.length && at - n - 1 >= 0 && prefix.charCodeAt(prefix.length - n - 1) === text.charCodeAt(at - n - 1)) n++;
  return n;
}

/** How many characters of `suffix` appear from text[at] on. */
function commonPrefixLength(suffix: string, text: string, at: number): number {
  let n = 0;
  while (n < suffix.length && at + n < text.length && suffix.charCodeAt(n) === text.charCodeAt(at + n)) n++;
  return n;
}

/**
 * Where the anchored passage is in `text` now, or null when it is gone (deleted, or rewritten
 * beyond small edits): the caller shows that as "passage changed", never as nothing.
 */
export function locate(anchor: Anchor, text: string): Located | null {
  const quote = anchor.quote;
  if (!quote || !text) return null;

  // 0. The usual case, an unchanged text: the same words in the same surroundings at the same place.
  const end = anchor.start + quote.length;
  if (
    text.startsWith(quote, anchor.start) &&
    text.slice(Math.max(0, anchor.start - anchor.prefix.length), anchor.start) === anchor.prefix &&
    text.startsWith(anchor.suffix, end)
  ) {
    return { start: anchor.start, end, status: "exact" };
  }

  // 1. Verbatim occurrences; with several, the one whose surroundings fit best.
  const exact: Candidate[] = [];
  for (let i = text.indexOf(quote); i !== -1 && exact.length < MAX_OCCURRENCES; i = text.indexOf(quote, i + 1)) {
    exact.push({ start: i, end: i + quote.length, errors: 0, ...contextFit(anchor, text, i, i + quote.length) });
  }
  const verbatim = best(anchor, text, exact);
  if (verbatim) {
    return { start: verbatim.start, end: verbatim.end, status: verbatim.start === anchor.start ? "exact" : "moved" };
  }

  // 2. Approximate: small edits inside the passage, within an error budget proportional to it.
  const maxErrors = Math.max(1, Math.floor(quote.length * ERROR_RATE));
  const approximate = approxSearch(text, quote, maxErrors).map((m) => {
    const start = snapBack(text, refineStart(anchor, text, m.start, m.end, maxErrors));
    const end = snapForward(text, refineEnd(anchor, text, start, m.end, maxErrors));
    return { start, end, errors: m.errors, ...contextFit(anchor, text, start, end) };
  });
  const near = best(
    anchor,
    text,
    approximate.filter((c) => c.end > c.start),
  );
  return near ? { start: near.start, end: near.end, status: "fuzzy" } : null;
}

/**
 * Memoised `locate` for read paths: a busy mechanism's page is read far more often than its text
 * changes, so each anchor is worked out once per text. Keyed by the text itself, so an edit simply
 * misses the cache, and by the comment's id (an anchor never changes once written); bounded so
 * old texts fall out.
 */
const cache = new Map<string, Map<string, Located | null>>();
const CACHE_TEXTS = 100;

export function locateCached(commentId: string, anchor: Anchor, text: string): Located | null {
  let forText = cache.get(text);
  if (forText) {
    // A Map keeps insertion order: re-inserting marks the text as recently used.
    cache.delete(text);
  } else {
    forText = new Map();
  }
  cache.set(text, forText);
  if (cache.size > CACHE_TEXTS) cache.delete(cache.keys().next().value!);
  if (forText.has(commentId)) return forText.get(commentId)!;
  const found = locate(anchor, text);
  forText.set(commentId, found);
  return found;
}
