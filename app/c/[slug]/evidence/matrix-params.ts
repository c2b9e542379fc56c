/**
 * The matrix's filters and page as URL parameters (?round=2&effect=weakens&page=3), so a filtered
 * view survives opening a mechanism and coming back, and can be shared with a colleague. A value
 * that cannot be valid (an unknown effect, a malformed id) is left out rather than refused.
 */
import { EVIDENCE_EFFECT_VALUES, SOURCE_KIND_VALUES, type EvidenceEffect, type SourceKind } from "@/shared/domain";

export type MatrixParams = {
  round?: number;
  kind?: SourceKind;
  searchStage?: string;
  effect?: EvidenceEffect;
  mechanismId?: string;
  text?: string;
  page?: number;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function whole(v: string | undefined, max: number): number | undefined {
  if (!v || !/^\d{1,5}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 1 && n <= max ? n : undefined;
}

export function readMatrixParams(get: (key: string) => string | undefined): MatrixParams {
  const kind = get("kind");
  const effect = get("effect");
  const mechanismId = get("mechanismId");
  const stage = get("searchStage")?.trim().slice(0, 100);
  const text = get("text")?.trim().slice(0, 200);
  const page = whole(get("page"), 10_000);
  return {
    ...(whole(get("round"), 50) ? { round: whole(get("round"), 50) } : {}),
    ...(kind && (SOURCE_KIND_VALUES as readonly string[]).includes(kind) ? { kind: kind as SourceKind } : {}),
    ...(stage ? { searchStage: stage } : {}),
    ...(effect && (EVIDENCE_EFFECT_VALUES as readonly string[]).includes(effect) ? { effect: effect as EvidenceEffect } : {}),
    ...(mechanismId && UUID.test(mechanismId) ? { mechanismId } : {}),
    ...(text ? { text } : {}),
    ...(page && page > 1 ? { page } : {}),
  };
}

export function matrixSearch(p: MatrixParams, extra: Record<string, string> = {}): string {
  const s = new URLSearchParams(extra);
  for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== "") s.set(k, String(v));
  return s.toString();
}
