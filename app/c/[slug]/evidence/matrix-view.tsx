"use client";
/**
 * The evidence matrix: the review's sources (rows) against the mechanisms of a round (columns),
 * each cell the effect of the link, with counts per mechanism, filters, pages of 50 sources and
 * the download of what the filters keep (CSV, XLSX, Word).
 */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useId, useState } from "react";
import { Empty, ErrorAlert, Loading } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import {
  EVIDENCE_EFFECT_LABELS,
  EVIDENCE_EFFECT_VALUES,
  SOURCE_KIND_LABELS,
  SOURCE_KIND_VALUES,
  type EvidenceEffect,
  type SourceKind,
} from "@/shared/domain";
import type { Matrix } from "@/server/services/evidence";
import { CountForm } from "./count-form";
import { matrixSearch, readMatrixParams, type MatrixParams } from "./matrix-params";
import { EffectLegend, EffectMark, publishedSentence } from "./evidence-parts";
import styles from "./evidence.module.css";

type Filters = Omit<MatrixParams, "page">;

export function MatrixView(props: { consultationId: string; slug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const search = useSearchParams();
  const base = `/c/${props.slug}/evidence`;
  // The filters and page live in the address, so the view survives a visit to a mechanism.
  const { page = 1, ...filters } = readMatrixParams((k) => search.get(k) ?? undefined);
  const go = (next: MatrixParams) => {
    const q = matrixSearch(next);
    router.replace(q ? `${base}?${q}` : base, { scroll: false });
  };
  const query = useQuery({
    ...trpc.evidence.matrix.queryOptions({ consultationId: props.consultationId, ...filters, ...(page > 1 ? { page } : {}) }),
    placeholderData: keepPreviousData,
  });
  const m = query.data;
  return (
    <>
      <div className="spread">
        <h1>Evidence matrix</h1>
        <p className="row">
          <Link className="button secondary" href={`${base}/sources`}>
            Sources: add, import, merge
          </Link>
        </p>
      </div>
      <p className="muted">
        Each row is a source of the review, each column a mechanism; a cell says whether the source supports, weakens or refines the
        mechanism. Open a mechanism to link sources with the evidence in your own words and to record its context-mechanism-outcome
        configurations.
      </p>
      {query.isError && <ErrorAlert error={query.error} />}
      {!m ? (
        <Loading what="the evidence matrix" />
      ) : m.totalSources === 0 ? (
        <>
          <Empty>
            <p>This consultation has no sources yet.</p>
            <p style={{ margin: 0 }}>
              <Link href={`${base}/sources`}>Add sources by hand or import them from RIS, BibTeX or CSV</Link>, then link them to the
              mechanisms here.
            </p>
          </Empty>
          <IncludedCount consultationId={props.consultationId} value={m.includedSourceCount} />
        </>
      ) : (
        <>
          <FilterForm
            // A new address (back button, cleared filters) starts the form from what it shows.
            key={matrixSearch(filters)}
            matrix={m}
            filters={filters}
            onApply={(f) => go(f)}
          />
          <MatrixTable matrix={m} base={base} stale={query.isPlaceholderData} page={page} onPage={(n) => go({ ...filters, page: n })} />
          <section aria-labelledby="download-heading">
            <h2 id="download-heading">Download</h2>
            <p className="small muted">
              The whole filtered matrix ({m.totalRows} {m.totalRows === 1 ? "source" : "sources"}), not only this page.
            </p>
            <p className="row">
              <a className="button secondary" href={`${base}/export?${matrixSearch(filters, { format: "csv" })}`} download>
                CSV
              </a>
              <a className="button secondary" href={`${base}/export?${matrixSearch(filters, { format: "xlsx" })}`} download>
                Excel (XLSX)
              </a>
              <a className="button secondary" href={`${base}/export?${matrixSearch(filters, { format: "docx" })}`} download>
                Word table (DOCX)
              </a>
            </p>
          </section>
          <IncludedCount consultationId={props.consultationId} value={m.includedSourceCount} />
        </>
      )}
    </>
  );
}

function FilterForm(props: { matrix: Matrix; filters: Filters; onApply: (f: Filters) => void }) {
  const m = props.matrix;
  const [draft, setDraft] = useState<Filters>(props.filters);
  const id = useId();
  const set = (patch: Filters) => setDraft((d) => ({ ...d, ...patch }));
  const active = Object.values(props.filters).some((v) => v !== undefined && v !== "");
  return (
    <form
      role="search"
      aria-label="Filter the matrix"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply({ ...draft, text: draft.text?.trim() || undefined });
      }}
      className="card"
    >
      <div className={styles.filters}>
        <div>
          <label htmlFor={`${id}-round`}>Mechanisms of</label>
          <select
            id={`${id}-round`}
            value={draft.round ?? m.round?.number ?? ""}
            onChange={(e) => set({ round: Number(e.target.value), mechanismId: undefined })}
          >
            {m.rounds.map((r) => (
              <option key={r.number} value={r.number}>
                Round {r.number} ({r.status})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-mechanism`}>Mechanism</label>
          <select
            id={`${id}-mechanism`}
            value={draft.mechanismId ?? ""}
            onChange={(e) => set({ mechanismId: e.target.value || undefined })}
          >
            <option value="">All</option>
            {m.roundMechanisms.map((x) => (
              <option key={x.mechanismId} value={x.mechanismId}>
                {x.position}. {x.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-effect`}>Effect</label>
          <select
            id={`${id}-effect`}
            value={draft.effect ?? ""}
            onChange={(e) => set({ effect: (e.target.value || undefined) as EvidenceEffect | undefined })}
          >
            <option value="">Any</option>
            {EVIDENCE_EFFECT_VALUES.map((e) => (
              <option key={e} value={e}>
                {EVIDENCE_EFFECT_LABELS[e]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-kind`}>Kind of source</label>
          <select
            id={`${id}-kind`}
            value={draft.kind ?? ""}
            onChange={(e) => set({ kind: (e.target.value || undefined) as SourceKind | undefined })}
          >
            <option value="">Any</option>
            {SOURCE_KIND_VALUES.map((k) => (
              <option key={k} value={k}>
                {SOURCE_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        {m.searchStages.length > 0 && (
          <div>
            <label htmlFor={`${id}-stage`}>Search stage</label>
            <select id={`${id}-stage`} value={draft.searchStage ?? ""} onChange={(e) => set({ searchStage: e.target.value || undefined })}>
              <option value="">Any</option>
              {m.searchStages.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        )}
        <div>
          <label htmlFor={`${id}-text`}>Author, title, venue or DOI</label>
          <input id={`${id}-text`} type="search" value={draft.text ?? ""} maxLength={200} onChange={(e) => set({ text: e.target.value })} />
        </div>
      </div>
      <div className="row">
        <button type="submit">Show</button>
        {active && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft({});
              props.onApply({});
            }}
          >
            Clear the filters
          </button>
        )}
      </div>
    </form>
  );
}

function MatrixTable(props: { matrix: Matrix; base: string; stale: boolean; page: number; onPage: (n: number) => void }) {
  const m = props.matrix;
  const roundText = m.round ? `round ${m.round.number}` : "no round";
  return (
    <section aria-labelledby="matrix-heading">
      <h2 id="matrix-heading">
        {m.totalRows} {m.totalRows === 1 ? "source" : "sources"}
        {m.totalRows !== m.totalSources ? ` of ${m.totalSources}` : ""} against {m.columns.length}{" "}
        {m.columns.length === 1 ? "mechanism" : "mechanisms"} of {roundText}
      </h2>
      {m.round && (
        <p className="small muted">
          The panel {m.round.evidenceVisible ? "sees" : "does not see"} the evidence in round {m.round.number} (a switch in the round&apos;s
          settings).
          {m.mechanismsOutsideRound > 0 &&
            ` ${m.mechanismsOutsideRound} ${m.mechanismsOutsideRound === 1 ? "mechanism with evidence has" : "mechanisms with evidence have"} no version in this round and ${m.mechanismsOutsideRound === 1 ? "is" : "are"} not shown: choose another round.`}
        </p>
      )}
      <EffectLegend />
      <p role="status" aria-live="polite" className="small muted">
        {props.stale ? "Updating…" : ""}
      </p>
      {m.columns.length === 0 ? (
        <Empty>{m.round ? `Round ${m.round.number} has no mechanisms yet.` : "There are no rounds yet."}</Empty>
      ) : m.totalRows === 0 ? (
        <Empty>No source matches these filters.</Empty>
      ) : (
        <div className={styles.matrixWrap} tabIndex={0} role="region" aria-labelledby="matrix-caption">
          <table className={styles.matrix} aria-busy={props.stale}>
            <caption id="matrix-caption">
              {/* Stays in view when the table is scrolled sideways. */}
              <span className={styles.captionText}>
                Sources against mechanisms of {roundText}
                {m.pages > 1 ? `, page ${m.page} of ${m.pages}` : ""}
              </span>
            </caption>
            <thead>
              <tr>
                <th scope="col" className={styles.source}>
                  Source
                </th>
                {m.columns.map((c) => (
                  <th scope="col" key={c.mechanismId} className={styles.mech}>
                    <Link href={`${props.base}/mechanisms/${c.mechanismId}`}>
                      M{c.position}. {c.name}
                    </Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {m.rows.map((r) => (
                <tr key={r.source.id}>
                  <th scope="row" className={styles.source}>
                    {r.source.ref !== null && <span className="muted">[{r.source.ref}] </span>}
                    <strong>{r.source.short}</strong> {r.source.title}
                    <span className="small muted"> · {SOURCE_KIND_LABELS[r.source.kind]}</span>
                  </th>
                  {m.columns.map((c) => {
                    const cell = r.cells[c.mechanismId];
                    return (
                      <td key={c.mechanismId} className={styles.cell}>
                        {cell ? <EffectMark effect={cell.effect} /> : <span className="visually-hidden">Not linked</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" className={styles.source}>
                  Linked sources (support / weaken / refine)
                </th>
                {m.columns.map((c) => (
                  <td key={c.mechanismId} className="num">
                    <strong>{c.counts.total}</strong>
                    <span className="small">
                      {" "}
                      ({c.counts.supports} / {c.counts.weakens} / {c.counts.refines})
                    </span>
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row" className={styles.source}>
                  Published count
                </th>
                {m.columns.map((c) => (
                  <td key={c.mechanismId} className="small">
                    {publishedSentence(c.reportedSourceCount, m.includedSourceCount) ?? <span className="muted">Not set</span>}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {m.pages > 1 && (
        <nav aria-label="Pages of sources" className="row">
          <button type="button" className="secondary" disabled={m.page <= 1} onClick={() => props.onPage(m.page - 1)}>
            ← Previous page
          </button>
          <span>
            Page {m.page} of {m.pages}
          </span>
          <button type="button" className="secondary" disabled={m.page >= m.pages} onClick={() => props.onPage(m.page + 1)}>
            Next page →
          </button>
        </nav>
      )}
    </section>
  );
}

/** The number of papers the review included in all: the "of 36 included" beside each published count. */
function IncludedCount(props: { consultationId: string; value: number | null }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [status, setStatus] = useState("");
  const save = useMutation(
    trpc.evidence.setIncludedCount.mutationOptions({
      onSuccess: async () => {
        setStatus("Saved.");
        await refresh();
      },
    }),
  );
  return (
    <section aria-labelledby="included-heading" className="card">
      <h2 id="included-heading" style={{ marginTop: 0 }}>
        Papers included in the review
      </h2>
      <CountForm
        label="Number of included papers"
        hint="As the review reports it (e.g. 36); shown as “22 papers reported of 36 included”. Leave empty when not known."
        initial={props.value}
        pending={save.isPending}
        error={save.error}
        status={status}
        onSave={(count) => {
          setStatus("");
          save.mutate({ consultationId: props.consultationId, count });
        }}
      />
    </section>
  );
}
