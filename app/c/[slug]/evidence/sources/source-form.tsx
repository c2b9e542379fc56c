"use client";
/** Adding or editing one source by hand. Authors are written one per line, "Family, Given". */
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorAlert, fieldError } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { LIMITS, SOURCE_KIND_LABELS, SOURCE_KIND_VALUES, type SourceKind } from "@/shared/domain";
import type { SourceItem } from "./types";

type Draft = {
  authors: string;
  year: string;
  title: string;
  venue: string;
  doi: string;
  kind: SourceKind | "";
  searchStage: string;
  ref: string;
};

function draftOf(s: SourceItem | null): Draft {
  return {
    authors: s?.authors.join("\n") ?? "",
    year: s?.year?.toString() ?? "",
    title: s?.title ?? "",
    venue: s?.venue ?? "",
    doi: s?.doi ?? "",
    kind: s?.kind ?? "",
    searchStage: s?.searchStage ?? "",
    ref: s?.ref?.toString() ?? "",
  };
}

export function SourceForm({
  consultationId,
  slug,
  source,
  stages,
}: {
  consultationId: string;
  slug: string;
  source: SourceItem | null;
  stages: string[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const refresh = useRefresh();
  const [d, setD] = useState<Draft>(() => draftOf(source));
  const [local, setLocal] = useState<Partial<Record<keyof Draft, string>>>({});
  const [saved, setSaved] = useState("");
  const set = (k: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    setD({ ...d, [k]: e.target.value });

  const create = useMutation(
    trpc.source.create.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setSaved(`“${d.title.trim()}” was added.`);
        // Ready for the next one, keeping the kind and stage (sources are often added in runs).
        setD({ ...draftOf(null), kind: d.kind, searchStage: d.searchStage });
        document.getElementById("source-authors")?.focus();
      },
    }),
  );
  const update = useMutation(
    trpc.source.update.mutationOptions({
      onSuccess: async () => {
        await refresh();
        router.push(`/c/${slug}/evidence/sources`);
      },
    }),
  );
  const mutation = source ? update : create;

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setSaved("");
    const problems: Partial<Record<keyof Draft, string>> = {};
    const year = d.year.trim();
    const ref = d.ref.trim();
    if (year && !/^\d{4}$/.test(year)) problems.year = "Write the year as four digits, e.g. 2014, or leave it empty";
    if (ref && !/^\d{1,5}$/.test(ref)) problems.ref = "The reference number is a whole number, e.g. 24";
    if (!d.kind) problems.kind = "Choose the kind of source";
    setLocal(problems);
    if (Object.keys(problems).length || !d.kind) {
      mutation.reset();
      document.getElementById(`source-${Object.keys(problems)[0]}`)?.focus();
      return;
    }
    const fields = {
      consultationId,
      authors: d.authors
        .split(/\r?\n/)
        .map((a) => a.trim())
        .filter(Boolean),
      year: year ? Number(year) : null,
      title: d.title,
      venue: d.venue,
      doi: d.doi.trim() || null,
      kind: d.kind,
      searchStage: d.searchStage,
      ref: ref ? Number(ref) : null,
    };
    if (source) update.mutate({ ...fields, sourceId: source.id });
    else create.mutate(fields);
  }

  const err = (k: keyof Draft) => local[k] ?? fieldError(mutation.error, k);
  const described = (k: keyof Draft, hint?: boolean) =>
    [hint ? `source-${k}-hint` : null, err(k) ? `source-${k}-error` : null].filter(Boolean).join(" ") || undefined;
  const errorOf = (k: keyof Draft) =>
    err(k) ? (
      <p id={`source-${k}-error`} className="field-error">
        {err(k)}
      </p>
    ) : null;

  return (
    <form noValidate onSubmit={submit} className="card narrow" style={{ maxWidth: "44rem" }}>
      {/* Field problems are shown beside their fields; the alert says where to look. */}
      {mutation.error &&
        (mutation.error.data?.fieldErrors ? (
          <div className="alert error" role="alert">
            Some details need correcting: see the messages below the fields.
          </div>
        ) : (
          <ErrorAlert error={mutation.error} focus />
        ))}
      <div role="status">
        {saved && (
          <p className="alert success">
            {saved} Add another, or go back to the <Link href={`/c/${slug}/evidence/sources`}>list of sources</Link>.
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="source-authors">
          Authors <span className="hint">One per line, e.g. “Aitken, K.”</span>
        </label>
        <textarea
          id="source-authors"
          rows={4}
          value={d.authors}
          onChange={set("authors")}
          aria-invalid={!!err("authors") || undefined}
          aria-describedby={described("authors")}
        />
        {errorOf("authors")}
      </div>
      <div className="field">
        <label htmlFor="source-title">Title</label>
        <textarea
          id="source-title"
          rows={2}
          value={d.title}
          maxLength={LIMITS.sourceTitle.max}
          onChange={set("title")}
          aria-invalid={!!err("title") || undefined}
          aria-describedby={described("title")}
        />
        {errorOf("title")}
      </div>
      <div className="row" style={{ alignItems: "flex-start" }}>
        <div className="field">
          <label htmlFor="source-year">
            Year <span className="hint">Optional</span>
          </label>
          <input
            id="source-year"
            inputMode="numeric"
            style={{ maxWidth: "8rem" }}
            value={d.year}
            onChange={set("year")}
            aria-invalid={!!err("year") || undefined}
            aria-describedby={described("year")}
          />
          {errorOf("year")}
        </div>
        <div className="field">
          <label htmlFor="source-ref">
            Reference number <span className="hint">Optional</span>
          </label>
          <input
            id="source-ref"
            inputMode="numeric"
            style={{ maxWidth: "8rem" }}
            value={d.ref}
            onChange={set("ref")}
            aria-invalid={!!err("ref") || undefined}
            aria-describedby={described("ref", true)}
          />
          <p id="source-ref-hint" className="hint">
            The number the review&apos;s reference list gives it.
          </p>
          {errorOf("ref")}
        </div>
      </div>
      <div className="field">
        <label htmlFor="source-venue">
          Venue <span className="hint">Journal, publisher or organisation; optional</span>
        </label>
        <input
          id="source-venue"
          value={d.venue}
          maxLength={LIMITS.sourceVenue.max}
          onChange={set("venue")}
          aria-invalid={!!err("venue") || undefined}
          aria-describedby={described("venue")}
        />
        {errorOf("venue")}
      </div>
      <div className="field">
        <label htmlFor="source-doi">
          DOI <span className="hint">Optional</span>
        </label>
        <input
          id="source-doi"
          value={d.doi}
          onChange={set("doi")}
          aria-invalid={!!err("doi") || undefined}
          aria-describedby={described("doi", true)}
        />
        <p id="source-doi-hint" className="hint">
          Like 10.1108/14769011211255285; a https://doi.org/ link works too.
        </p>
        {errorOf("doi")}
      </div>
      <div className="field">
        <label htmlFor="source-kind">Kind</label>
        <select
          id="source-kind"
          value={d.kind}
          onChange={set("kind")}
          aria-invalid={!!err("kind") || undefined}
          aria-describedby={described("kind")}
        >
          <option value="">Choose a kind</option>
          {SOURCE_KIND_VALUES.map((k) => (
            <option key={k} value={k}>
              {SOURCE_KIND_LABELS[k]}
            </option>
          ))}
        </select>
        {errorOf("kind")}
      </div>
      <div className="field">
        <label htmlFor="source-searchStage">
          Search stage <span className="hint">Optional</span>
        </label>
        <input
          id="source-searchStage"
          list="source-stages"
          value={d.searchStage}
          maxLength={LIMITS.searchStage.max}
          onChange={set("searchStage")}
          aria-invalid={!!err("searchStage") || undefined}
          aria-describedby={described("searchStage", true)}
        />
        <datalist id="source-stages">
          {stages.filter(Boolean).map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <p id="source-searchStage-hint" className="hint">
          Where the review found it, e.g. “Stage 1: key papers”.
        </p>
        {errorOf("searchStage")}
      </div>
      <div className="row">
        <button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : source ? "Save changes" : "Add source"}
        </button>
        <Link className="button secondary" href={`/c/${slug}/evidence/sources`}>
          {source ? "Cancel" : "Back to the sources"}
        </Link>
      </div>
    </form>
  );
}
