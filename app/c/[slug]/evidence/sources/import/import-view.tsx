"use client";
/**
 * Importing a reference file in two steps: "Check the file" reads it on the server and reports
 * what would be imported, what is skipped and why, and which records look like duplicates (with
 * a choice for each); "Import" then writes all of it in one go, or nothing.
 */
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { ErrorAlert, fieldError } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { LIMITS, SOURCE_KIND_LABELS, SOURCE_KIND_VALUES, type SourceKind } from "@/shared/domain";
import { FORMAT_LABELS, type ImportPreview, type ImportResult } from "../types";

type Action = "skip" | "merge" | "import";
type Format = keyof typeof FORMAT_LABELS;

const MB = LIMITS.importBytes.max / 1024 / 1024;
const SHOWN = 100;

/** The file's bytes as base64, so the server can detect its encoding (UTF-16, Windows-1252...). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function ImportView({ consultationId, slug }: { consultationId: string; slug: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState("");
  const [format, setFormat] = useState<Format>("auto");
  const [kind, setKind] = useState<SourceKind | "">("");
  const [searchStage, setSearchStage] = useState("");
  const [localError, setLocalError] = useState<{ field: "file" | "kind"; message: string } | null>(null);
  const [sent, setSent] = useState<Parameters<typeof preview.mutate>[0] | null>(null);
  const [choices, setChoices] = useState<Record<number, Action>>({});
  const [result, setResult] = useState<ImportResult | null>(null);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const preview = useMutation(
    trpc.source.importPreview.mutationOptions({
      onSuccess: (p) => {
        setChoices(Object.fromEntries(p.records.filter((r) => r.duplicate).map((r) => [r.record, r.duplicate!.proposed])));
      },
    }),
  );
  const commit = useMutation(
    trpc.source.importCommit.mutationOptions({
      onSuccess: async (r) => {
        setResult(r);
        await refresh();
      },
    }),
  );

  useEffect(() => {
    if (preview.data) previewHeading.current?.focus();
  }, [preview.data]);
  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);

  /** Anything changed in the form makes the preview out of date. */
  function changed() {
    preview.reset();
    commit.reset();
    setResult(null);
    setSent(null);
  }

  async function check(e: React.FormEvent) {
    e.preventDefault();
    changed();
    setLocalError(null);
    if (!file && !pasted.trim()) return setLocalError({ field: "file", message: "Choose a file, or paste references in the box." });
    if (file && file.size > LIMITS.importBytes.max) {
      return setLocalError({
        field: "file",
        message: `“${file.name}” is ${(file.size / 1024 / 1024).toFixed(1)} MB; Roundtable reads files up to ${MB} MB. Split it into smaller files (for example one per search stage).`,
      });
    }
    if (!kind) return setLocalError({ field: "kind", message: "Choose the kind of sources this file holds." });
    let input;
    try {
      input = file
        ? { consultationId, fileName: file.name, file: await base64Of(file), fileEncoding: "base64" as const, format, kind, searchStage }
        : { consultationId, fileName: "", file: pasted, fileEncoding: "text" as const, format, kind, searchStage };
    } catch {
      return setLocalError({ field: "file", message: "The file could not be read. Choose it again." });
    }
    setSent(input);
    preview.mutate(input);
  }

  const p = preview.data;
  const duplicates = p?.records.filter((r) => r.duplicate) ?? [];
  const ready = p?.records.filter((r) => !r.duplicate) ?? [];
  const toImport = p ? ready.length + duplicates.filter((r) => choices[r.record] === "import").length : 0;
  const toMerge = duplicates.filter((r) => choices[r.record] === "merge").length;
  const fileError = localError?.field === "file" ? localError.message : fieldError(preview.error, "file");
  const kindError = localError?.field === "kind" ? localError.message : fieldError(preview.error, "kind");

  return (
    <>
      <h1>Import sources</h1>
      <p>
        Export references from EndNote, Zotero, Mendeley or a database as RIS, BibTeX or CSV, and check the file here first: nothing is
        saved until you confirm the import.
      </p>
      <form noValidate onSubmit={check} className="card" aria-labelledby="import-step-1">
        <h2 id="import-step-1" style={{ marginTop: 0 }}>
          1. Choose the file
        </h2>
        {!fileError && !kindError && <ErrorAlert error={preview.error} focus />}
        <div className="field">
          <label htmlFor="import-file">Reference file</label>
          <p id="import-file-hint" className="hint">
            RIS (.ris, .txt), BibTeX (.bib) or CSV (.csv) with a header row, up to {MB} MB and {LIMITS.importRecords.max} records.
          </p>
          <input
            id="import-file"
            type="file"
            accept=".ris,.bib,.bibtex,.csv,.txt,.nbib,text/plain,text/csv,application/x-research-info-systems,application/x-bibtex"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              changed();
            }}
            aria-invalid={!!fileError || undefined}
            aria-describedby={["import-file-hint", fileError ? "import-file-error" : null].filter(Boolean).join(" ")}
          />
          {fileError && (
            <p id="import-file-error" className="field-error" role="alert">
              {fileError}
            </p>
          )}
        </div>
        <details className="field">
          <summary>Or paste references instead</summary>
          <label htmlFor="import-paste">References as text (used when no file is chosen)</label>
          <textarea
            id="import-paste"
            rows={6}
            value={pasted}
            onChange={(e) => {
              setPasted(e.target.value);
              changed();
            }}
          />
        </details>
        <div className="row" style={{ alignItems: "flex-start" }}>
          <div className="field">
            <label htmlFor="import-format">Format</label>
            <select
              id="import-format"
              value={format}
              onChange={(e) => {
                setFormat(e.target.value as Format);
                changed();
              }}
            >
              {Object.entries(FORMAT_LABELS).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="import-kind">Kind of sources</label>
            <select
              id="import-kind"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as SourceKind | "");
                changed();
              }}
              aria-invalid={!!kindError || undefined}
              aria-describedby={["import-kind-hint", kindError ? "import-kind-error" : null].filter(Boolean).join(" ")}
            >
              <option value="">Choose a kind</option>
              {SOURCE_KIND_VALUES.map((k) => (
                <option key={k} value={k}>
                  {SOURCE_KIND_LABELS[k]}
                </option>
              ))}
            </select>
            <p id="import-kind-hint" className="hint">
              For the whole file; a CSV&apos;s own Kind column wins where it has one.
            </p>
            {kindError && (
              <p id="import-kind-error" className="field-error" role="alert">
                {kindError}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="import-stage">
              Search stage <span className="hint">Optional</span>
            </label>
            <input
              id="import-stage"
              value={searchStage}
              maxLength={LIMITS.searchStage.max}
              onChange={(e) => {
                setSearchStage(e.target.value);
                changed();
              }}
              aria-describedby="import-stage-hint"
            />
            <p id="import-stage-hint" className="hint">
              E.g. “Stage 2: empirical search”, for every record of the file.
            </p>
          </div>
        </div>
        <button type="submit" disabled={preview.isPending}>
          {preview.isPending ? "Checking…" : "Check the file"}
        </button>
      </form>

      {p && !result && sent && (
        <section aria-labelledby="import-step-2" className="stack">
          <h2 id="import-step-2" ref={previewHeading} tabIndex={-1}>
            2. Check what will be imported
          </h2>
          <div className="alert info" role="status">
            <p style={{ margin: 0 }}>
              {p.fileName ? <>“{p.fileName}”: </> : null}
              {p.formatLabel.split(" (")[0]}
              {p.formatDetected ? " (recognised from its content)" : ""}, read as {p.encoding}.{" "}
              <strong>
                {p.total} {p.total === 1 ? "record" : "records"}: {p.ready} ready to import, {duplicates.length} possible{" "}
                {duplicates.length === 1 ? "duplicate" : "duplicates"}, {p.skipped.length} skipped.
              </strong>
            </p>
          </div>
          <Skipped skipped={p.skipped} heading="Records that cannot be imported" />
          {duplicates.length > 0 && (
            <Duplicates
              duplicates={duplicates}
              choices={choices}
              setChoice={(record, action) => {
                commit.reset();
                setChoices({ ...choices, [record]: action });
              }}
              setAll={(action) => {
                commit.reset();
                setChoices(Object.fromEntries(duplicates.map((r) => [r.record, action])));
              }}
            />
          )}
          <Ready records={ready} />
          <ErrorAlert error={commit.error} focus />
          <div className="row">
            <button
              type="button"
              disabled={commit.isPending || toImport + toMerge === 0}
              onClick={() =>
                commit.mutate({
                  ...sent,
                  fingerprint: p.fingerprint,
                  choices: Object.entries(choices).map(([record, action]) => ({ record: Number(record), action })),
                })
              }
            >
              {commit.isPending
                ? "Importing…"
                : toImport + toMerge === 0
                  ? "Nothing to import"
                  : `Import ${toImport} ${toImport === 1 ? "source" : "sources"}${toMerge ? ` and merge ${toMerge}` : ""}`}
            </button>
            <button type="button" className="secondary" onClick={changed}>
              Cancel
            </button>
          </div>
        </section>
      )}

      {result && (
        <section aria-labelledby="import-result" className="stack">
          <h2 id="import-result" ref={resultHeading} tabIndex={-1}>
            Import finished
          </h2>
          <div className="alert success" role="status">
            {result.imported} {result.imported === 1 ? "source was" : "sources were"} imported
            {result.merged.length
              ? `, ${result.merged.length} merged into ${result.merged.length === 1 ? "a source" : "sources"} already there`
              : ""}
            {result.skipped.length ? `, ${result.skipped.length} skipped` : ""}.
          </div>
          {result.merged.length > 0 && (
            <>
              <h3>Merged</h3>
              <ul>
                {result.merged.map((m) => (
                  <li key={m.record}>
                    Record {m.record} into {m.into}
                    {m.fills.length ? `: added its ${m.fills.join(", ")}` : ": nothing new to add"}
                  </li>
                ))}
              </ul>
            </>
          )}
          <Skipped skipped={result.skipped} heading="Skipped" />
          <div className="row">
            <Link className="button" href={`/c/${slug}/evidence/sources`}>
              See the sources
            </Link>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                changed();
                setFile(null);
                setPasted("");
                const input = document.getElementById("import-file") as HTMLInputElement | null;
                if (input) input.value = "";
                input?.focus();
              }}
            >
              Import another file
            </button>
          </div>
        </section>
      )}
    </>
  );
}

function Skipped({ skipped, heading }: { skipped: { record: number; label: string; reason: string }[]; heading: string }) {
  if (skipped.length === 0) return null;
  return (
    <section>
      <h3 id="skipped-heading">
        {heading} ({skipped.length})
      </h3>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="skipped-heading">
        <table>
          <thead>
            <tr>
              <th scope="col" className="num">
                Record
              </th>
              <th scope="col">Record as read</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {skipped.map((s) => (
              <tr key={s.record}>
                <td className="num">{s.record}</td>
                <td>{s.label || <span className="muted">(nothing readable)</span>}</td>
                <td>{s.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

type PreviewRecord = ImportPreview["records"][number];

function Duplicates(props: {
  duplicates: PreviewRecord[];
  choices: Record<number, Action>;
  setChoice: (record: number, action: Action) => void;
  setAll: (action: Action) => void;
}) {
  const { duplicates, choices, setChoice } = props;
  return (
    <section>
      <h3 id="dups-heading">Possible duplicates ({duplicates.length})</h3>
      <p className="hint">
        Same DOI, or the same first author, year and title (ignoring case, accents and punctuation). Merging adds what the record has and
        the other lacks (DOI, venue, year…); nothing already there is overwritten.
      </p>
      {duplicates.length > 1 && (
        <div className="row" role="group" aria-label="For every possible duplicate">
          <span>For all of them:</span>
          <button type="button" className="secondary" onClick={() => props.setAll("skip")}>
            Skip all
          </button>
          <button type="button" className="secondary" onClick={() => props.setAll("merge")}>
            Merge all
          </button>
          <button type="button" className="secondary" onClick={() => props.setAll("import")}>
            Import all anyway
          </button>
        </div>
      )}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="dups-heading">
        <table>
          <thead>
            <tr>
              <th scope="col" className="num">
                Record
              </th>
              <th scope="col">In the file</th>
              <th scope="col">Looks like</th>
              <th scope="col">What to do</th>
            </tr>
          </thead>
          <tbody>
            {duplicates.map((r) => {
              const d = r.duplicate!;
              const id = `dup-action-${r.record}`;
              return (
                <tr key={r.record}>
                  <td className="num">{r.record}</td>
                  <td>
                    <strong>{r.citation}</strong> {r.title}
                  </td>
                  <td>
                    {d.of.kind === "existing" ? "A source already in the review: " : `Record ${d.of.record} of this file: `}
                    {d.of.label}
                    <div className="small muted">{d.reason === "doi" ? "Same DOI" : "Same first author, year and title"}</div>
                  </td>
                  <td>
                    <label htmlFor={id} className="visually-hidden">
                      What to do with record {r.record}
                    </label>
                    <select id={id} value={choices[r.record] ?? d.proposed} onChange={(e) => setChoice(r.record, e.target.value as Action)}>
                      <option value="skip">Skip it</option>
                      <option value="merge">Merge{d.fills.length ? ` (adds its ${d.fills.join(", ")})` : " (nothing new to add)"}</option>
                      <option value="import">Import anyway</option>
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Ready({ records }: { records: PreviewRecord[] }) {
  if (records.length === 0) return <p>No new records to import from this file.</p>;
  return (
    <section>
      <h3 id="ready-heading">Ready to import ({records.length})</h3>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="ready-heading">
        <table>
          <thead>
            <tr>
              <th scope="col" className="num">
                Record
              </th>
              <th scope="col">Source</th>
              <th scope="col">Kind and stage</th>
            </tr>
          </thead>
          <tbody>
            {records.slice(0, SHOWN).map((r) => (
              <tr key={r.record}>
                <td className="num">{r.record}</td>
                <td>
                  <strong>{r.citation}</strong> {r.title}
                  {r.venue && <em>. {r.venue}</em>}
                  {r.doi && <div className="small">DOI {r.doi}</div>}
                  {r.notes.map((n) => (
                    <div key={n} className="small muted">
                      Note: {n}
                    </div>
                  ))}
                </td>
                <td className="small">
                  {SOURCE_KIND_LABELS[r.kind]}
                  {r.searchStage && <div className="muted">{r.searchStage}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {records.length > SHOWN && <p className="muted">…and {records.length - SHOWN} more, imported the same way.</p>}
    </section>
  );
}
