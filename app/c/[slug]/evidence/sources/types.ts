/** Output types of the source procedures, for the client components of these pages. */
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/root";

type Out = inferRouterOutputs<AppRouter>["source"];
type In = inferRouterInputs<AppRouter>["source"];

export type SourceList = Out["list"];
export type SourceItem = SourceList["sources"][number];
export type ListFilters = Omit<In["list"], "consultationId">;
export type ImportPreview = Out["importPreview"];
export type ImportResult = Out["importCommit"];
export type DuplicatePairs = Out["duplicates"];

export const SORT_LABELS = {
  ref: "Reference number",
  author: "First author",
  year: "Year",
  title: "Title",
  added: "Date added",
} as const;

export const FORMAT_LABELS = {
  auto: "Work it out from the file",
  ris: "RIS (EndNote, Zotero, Mendeley, databases)",
  bibtex: "BibTeX",
  csv: "CSV (a spreadsheet with a header row)",
} as const;

/** Reads the list's filters from the page address (shared by the server page and the client view). */
export function filtersFromParams(p: Record<string, string | string[] | undefined>): ListFilters {
  const one = (k: string) => (Array.isArray(p[k]) ? p[k][0] : p[k]) ?? "";
  const sort = one("sort");
  const kind = one("kind");
  const year = Number(one("year"));
  const page = Number(one("page"));
  return {
    q: one("q").slice(0, 200),
    kind: kind === "empirical" || kind === "grey" || kind === "other_field" ? kind : null,
    stage: p.stage === undefined ? null : one("stage").slice(0, 100),
    year: one("year") !== "" && Number.isInteger(year) && year >= 0 && year <= 9999 ? year : null,
    sort: sort in SORT_LABELS ? (sort as keyof typeof SORT_LABELS) : "ref",
    dir: one("dir") === "desc" ? "desc" : "asc",
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

export function paramsFromFilters(f: ListFilters): string {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.kind) p.set("kind", f.kind);
  if (f.stage !== null && f.stage !== undefined) p.set("stage", f.stage);
  if (f.year !== null && f.year !== undefined) p.set("year", String(f.year));
  if (f.sort && f.sort !== "ref") p.set("sort", f.sort);
  if (f.dir === "desc") p.set("dir", "desc");
  if (f.page && f.page > 1) p.set("page", String(f.page));
  const s = p.toString();
  return s ? `?${s}` : "";
}
