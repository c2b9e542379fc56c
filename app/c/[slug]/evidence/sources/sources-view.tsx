"use client";
/**
 * The review's sources as a table: search, filters by kind, stage and year, sorting and pages of
 * 50. The filters live in the page address, so a filtered list can be bookmarked or shared.
 */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { ConfirmButton } from "@/app/_components/confirm";
import { Empty, ErrorAlert, Loading } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { SOURCE_KIND_LABELS, SOURCE_KIND_VALUES, type SourceKind } from "@/shared/domain";
import { paramsFromFilters, SORT_LABELS, type ListFilters, type SourceItem } from "./types";

export function SourcesView({ consultationId, slug, initial }: { consultationId: string; slug: string; initial: ListFilters }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<ListFilters>(initial);
  const [search, setSearch] = useState(initial.q ?? "");
  const [deleted, setDeleted] = useState("");
  const query = useQuery({ ...trpc.source.list.queryOptions({ consultationId, ...filters }), placeholderData: keepPreviousData });
  const dups = useQuery(trpc.source.duplicates.queryOptions({ consultationId }));

  function change(next: Partial<ListFilters>) {
    // Any change but a page turn starts again at page 1.
    const merged = { ...filters, page: 1, ...next };
    setFilters(merged);
    window.history.replaceState(null, "", `/c/${slug}/evidence/sources${paramsFromFilters(merged)}`);
  }

  const data = query.data;
  const filtered = !!(
    filters.q ||
    filters.kind ||
    (filters.stage !== null && filters.stage !== undefined) ||
    (filters.year !== null && filters.year !== undefined)
  );
  const first = data ? (data.page - 1) * data.pageSize + 1 : 0;
  const last = data ? first + data.sources.length - 1 : 0;

  return (
    <>
      <div className="spread">
        <h1>Sources</h1>
        <div className="row">
          <Link className="button" href={`/c/${slug}/evidence/sources/new`}>
            Add a source
          </Link>
          <Link className="button secondary" href={`/c/${slug}/evidence/sources/import`}>
            Import RIS, BibTeX or CSV
          </Link>
        </div>
      </div>
      <p>
        The papers, reports and other documents of the review. Link them to mechanisms on the{" "}
        <Link href={`/c/${slug}/evidence`}>evidence matrix</Link>. Only facilitators see this page.
      </p>
      {dups.data && dups.data.total > 0 && (
        <div className="alert warn">
          {dups.data.total === 1 ? "One pair of sources looks" : `${dups.data.total} pairs of sources look`} like the same work.{" "}
          <Link href={`/c/${slug}/evidence/sources/duplicates`}>Review possible duplicates</Link>
        </div>
      )}
      <div role="status">{deleted && <p className="alert success">{deleted}</p>}</div>

      {data && data.all > 0 && (
        <Filters filters={filters} search={search} setSearch={setSearch} change={change} stages={data.stages} years={data.years} />
      )}

      {query.isPending ? (
        <Loading what="the sources" />
      ) : query.isError ? (
        <ErrorAlert error={query.error} />
      ) : data!.all === 0 ? (
        <Empty>
          No sources yet. <Link href={`/c/${slug}/evidence/sources/new`}>Add one by hand</Link> or{" "}
          <Link href={`/c/${slug}/evidence/sources/import`}>import a reference file</Link> exported from EndNote, Zotero, Mendeley or a
          database.
        </Empty>
      ) : (
        <>
          <p role="status" aria-live="polite" className="muted">
            {data!.total === 0
              ? "No source matches these filters."
              : `Showing ${first}–${last} of ${data!.total} ${filtered ? `matching sources (${data!.all} in all)` : data!.total === 1 ? "source" : "sources"}.`}
          </p>
          {data!.total > 0 && (
            <SourceTable
              consultationId={consultationId}
              slug={slug}
              sources={data!.sources}
              onDeleted={(title, links) => {
                setDeleted(`“${title}” was deleted${links ? ` with its ${links} evidence ${links === 1 ? "link" : "links"}` : ""}.`);
              }}
            />
          )}
          {data!.pageCount > 1 && <Pager page={data!.page} pageCount={data!.pageCount} go={(page) => change({ page })} />}
        </>
      )}
    </>
  );
}

function Filters(props: {
  filters: ListFilters;
  search: string;
  setSearch: (s: string) => void;
  change: (f: Partial<ListFilters>) => void;
  stages: string[];
  years: (number | null)[];
}) {
  const { filters, change } = props;
  const id = useId();
  return (
    <form
      role="search"
      aria-label="Find sources"
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        change({ q: props.search.trim() });
      }}
    >
      <div className="row" style={{ alignItems: "flex-end" }}>
        <div className="field" style={{ flex: "2 1 16rem", marginBottom: 0 }}>
          <label htmlFor={`${id}-q`}>Search authors, titles, venues, DOIs</label>
          <input id={`${id}-q`} type="search" value={props.search} maxLength={200} onChange={(e) => props.setSearch(e.target.value)} />
        </div>
        <button type="submit">Search</button>
        {(filters.q || props.search) && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              props.setSearch("");
              change({ q: "" });
            }}
          >
            Clear search
          </button>
        )}
      </div>
      <div className="row" style={{ marginTop: "0.75rem", alignItems: "flex-end" }}>
        <Select
          label="Kind"
          id={`${id}-kind`}
          value={filters.kind ?? ""}
          onChange={(v) => change({ kind: (v || null) as SourceKind | null })}
        >
          <option value="">All kinds</option>
          {SOURCE_KIND_VALUES.map((k) => (
            <option key={k} value={k}>
              {SOURCE_KIND_LABELS[k]}
            </option>
          ))}
        </Select>
        <Select
          label="Search stage"
          id={`${id}-stage`}
          value={filters.stage === null || filters.stage === undefined ? "*" : `=${filters.stage}`}
          onChange={(v) => change({ stage: v === "*" ? null : v.slice(1) })}
        >
          <option value="*">All stages</option>
          {props.stages.map((s) => (
            <option key={s} value={`=${s}`}>
              {s || "No stage given"}
            </option>
          ))}
        </Select>
        <Select
          label="Year"
          id={`${id}-year`}
          value={filters.year === null || filters.year === undefined ? "" : String(filters.year)}
          onChange={(v) => change({ year: v === "" ? null : Number(v) })}
        >
          <option value="">All years</option>
          {props.years.map((y) => (
            <option key={y ?? "none"} value={y ?? 0}>
              {y ?? "No year"}
            </option>
          ))}
        </Select>
        <Select
          label="Sort by"
          id={`${id}-sort`}
          value={filters.sort ?? "ref"}
          onChange={(v) => change({ sort: v as keyof typeof SORT_LABELS })}
        >
          {Object.entries(SORT_LABELS).map(([k, l]) => (
            <option key={k} value={k}>
              {l}
            </option>
          ))}
        </Select>
        <Select label="Order" id={`${id}-dir`} value={filters.dir ?? "asc"} onChange={(v) => change({ dir: v as "asc" | "desc" })}>
          <option value="asc">{filters.sort === "year" || filters.sort === "added" ? "Oldest first" : "Ascending (A to Z, 1 to 9)"}</option>
          <option value="desc">
            {filters.sort === "year" || filters.sort === "added" ? "Newest first" : "Descending (Z to A, 9 to 1)"}
          </option>
        </Select>
      </div>
    </form>
  );
}

function Select(props: { label: string; id: string; value: string; onChange: (v: string) => void; children: React.ReactNode }) {
  return (
    <div className="field" style={{ marginBottom: 0 }}>
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.children}
      </select>
    </div>
  );
}

function SourceTable(props: {
  consultationId: string;
  slug: string;
  sources: SourceItem[];
  onDeleted: (title: string, links: number) => void;
}) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="sources-caption">
      <table>
        <caption id="sources-caption" className="visually-hidden">
          Sources of the review
        </caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Ref
            </th>
            <th scope="col">Source</th>
            <th scope="col">Kind and stage</th>
            <th scope="col" className="num">
              Evidence links
            </th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.sources.map((s) => (
            <SourceRow key={s.id} {...props} source={s} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SourceRow({
  consultationId,
  slug,
  source: s,
  onDeleted,
}: {
  consultationId: string;
  slug: string;
  source: SourceItem;
  onDeleted: (title: string, links: number) => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const remove = useMutation(
    trpc.source.delete.mutationOptions({
      onSuccess: async (r) => {
        onDeleted(s.title, r.links);
        await refresh();
      },
    }),
  );
  return (
    <tr>
      <td className="num">{s.ref ?? <span className="muted">–</span>}</td>
      <td>
        <strong>{s.citation}</strong> {s.title}
        {s.venue && <em>. {s.venue}</em>}
        {s.doi && (
          <div className="small">
            DOI{" "}
            <a href={`https://doi.org/${encodeURI(s.doi)}`} rel="noreferrer noopener" target="_blank">
              {s.doi}
              <span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          </div>
        )}
      </td>
      <td className="small">
        {s.kindLabel}
        {s.searchStage && <div className="muted">{s.searchStage}</div>}
      </td>
      <td className="num">
        {s.links}
        {s.configurations > 0 && (
          <div className="small muted">
            {s.configurations} {s.configurations === 1 ? "configuration" : "configurations"}
          </div>
        )}
      </td>
      <td>
        <div className="row">
          <Link href={`/c/${slug}/evidence/sources/${s.id}`}>
            Edit<span className="visually-hidden"> {s.citation}</span>
          </Link>
          <ConfirmButton
            className="link"
            label={
              <>
                Delete<span className="visually-hidden"> {s.citation}</span>
              </>
            }
            title={`Delete ${s.citation}?`}
            body={
              <>
                <p>“{s.title}” will be removed from the review&apos;s sources.</p>
                <p>
                  {s.links === 0
                    ? "It is not linked to any mechanism."
                    : `Its ${s.links} evidence ${s.links === 1 ? "link" : "links"} to mechanisms will be deleted with it, extracts included.`}{" "}
                  {s.configurations > 0 &&
                    `${s.configurations} ${s.configurations === 1 ? "configuration cites" : "configurations cite"} it; they stay, without a source.`}
                </p>
                <p>This cannot be undone.</p>
              </>
            }
            confirmLabel="Delete source"
            danger
            onConfirm={() => remove.mutate({ consultationId, sourceId: s.id })}
            disabled={remove.isPending}
          />
        </div>
        <ErrorAlert error={remove.error} />
      </td>
    </tr>
  );
}

function Pager({ page, pageCount, go }: { page: number; pageCount: number; go: (p: number) => void }) {
  return (
    <nav aria-label="Pages of sources" className="row" style={{ marginTop: "1rem" }}>
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => go(page - 1)}>
        Previous page
      </button>
      <span>
        Page {page} of {pageCount}
      </span>
      <button type="button" className="secondary" disabled={page >= pageCount} onClick={() => go(page + 1)}>
        Next page
      </button>
    </nav>
  );
}
