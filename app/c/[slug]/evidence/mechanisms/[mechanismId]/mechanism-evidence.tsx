"use client";
/**
 * One mechanism's evidence, for facilitators: the sources linked to it (the evidence in their own
 * words and its effect), its published count, and its context-mechanism-outcome configurations
 * as structured cards, each added, edited, moved and removed here.
 */
import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { ConfirmButton } from "@/app/_components/confirm";
import { Empty, ErrorAlert } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { EVIDENCE_EFFECT_LABELS, EVIDENCE_EFFECT_VALUES, LIMITS, type EvidenceEffect } from "@/shared/domain";
import type { ConfigurationView, LinkView } from "@/server/services/evidence";
import { CountForm } from "../../count-form";
import { ConfigurationCard, countsSentence, EffectMark, publishedSentence } from "../../evidence-parts";
import styles from "../../evidence.module.css";
import { ConfigurationForm } from "./configuration-form";

type Props = { consultationId: string; slug: string; mechanismId: string };

const EFFECT_HINTS: Record<EvidenceEffect, string> = {
  supports: "The source bears the mechanism out.",
  weakens: "The source points against it, or finds it did not work.",
  refines: "The source adds to it: for whom, when, or how it works.",
};

export function MechanismEvidence(props: Props) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(
    trpc.evidence.mechanism.queryOptions({ consultationId: props.consultationId, mechanismId: props.mechanismId }),
  );
  const m = data.mechanism;
  const unlinked = data.sources.filter((s) => !s.linked);
  return (
    <>
      <p className="breadcrumbs">
        <Link href={`/c/${props.slug}/evidence`}>Evidence matrix</Link> · Mechanism in {m.rounds.length === 1 ? "round" : "rounds"}{" "}
        {m.rounds.join(", ") || "none"}
      </p>
      <h1>Evidence: {m.name}</h1>
      {m.description && <p className="prewrap muted">{m.description}</p>}

      <section className="card" aria-labelledby="counts-heading">
        <h2 id="counts-heading" style={{ marginTop: 0 }}>
          Counts
        </h2>
        <p>
          <strong>{countsSentence(data.counts)}.</strong>
          {publishedSentence(m.reportedSourceCount, data.includedSourceCount) && (
            <> Published: {publishedSentence(m.reportedSourceCount, data.includedSourceCount)}.</>
          )}
        </p>
        <ReportedCount {...props} value={m.reportedSourceCount} included={data.includedSourceCount} />
      </section>

      <section aria-labelledby="links-heading">
        <h2 id="links-heading">Sources linked to this mechanism</h2>
        {data.links.length === 0 ? (
          <Empty>No source is linked to this mechanism yet.</Empty>
        ) : (
          <div className="card">
            <ul className={styles.links}>
              {data.links.map((l) => (
                <li key={l.id}>
                  <LinkItem {...props} link={l} />
                </li>
              ))}
            </ul>
          </div>
        )}
        {data.sources.length === 0 ? (
          <p>
            The consultation has no sources yet. <Link href={`/c/${props.slug}/evidence/sources`}>Add or import sources</Link> first.
          </p>
        ) : unlinked.length === 0 ? (
          <p className="muted">Every source of the consultation is linked to this mechanism.</p>
        ) : (
          <AddLink {...props} sources={unlinked} />
        )}
      </section>

      <section aria-labelledby="cmo-heading">
        <h2 id="cmo-heading">Context-mechanism-outcome configurations</h2>
        <p className="muted small">
          Each one records a context, what the mechanism offers (the resource), what it triggers (the reasoning) and the outcomes, present
          or absent. The panel sees them as cards, numbered in this order, when a round shows the evidence.
        </p>
        {data.configurations.length === 0 ? (
          <Empty>No configuration recorded yet.</Empty>
        ) : (
          <ol className={styles.cards}>
            {data.configurations.map((c, i) => (
              <li key={c.id}>
                <ConfigurationItem
                  {...props}
                  configuration={c}
                  first={i === 0}
                  last={i === data.configurations.length - 1}
                  sources={data.sources}
                />
              </li>
            ))}
          </ol>
        )}
        <AddConfiguration {...props} sources={data.sources} />
      </section>
    </>
  );
}

function ReportedCount(props: Props & { value: number | null; included: number | null }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [status, setStatus] = useState("");
  const save = useMutation(
    trpc.evidence.setReportedCount.mutationOptions({
      onSuccess: async () => {
        setStatus("Saved.");
        await refresh();
      },
    }),
  );
  return (
    <CountForm
      label="Papers the review reports for this mechanism"
      hint={`The published count, which may differ from the sources linked here${props.included !== null ? ` (the review included ${props.included} in all; change that on the evidence matrix page)` : ""}. Leave empty for none.`}
      initial={props.value}
      pending={save.isPending}
      error={save.error}
      status={status}
      onSave={(count) => {
        setStatus("");
        save.mutate({ consultationId: props.consultationId, mechanismId: props.mechanismId, count });
      }}
    />
  );
}

function EffectChoice(props: { name: string; value: EvidenceEffect | null; onChange: (e: EvidenceEffect) => void }) {
  return (
    <fieldset>
      <legend>What does the source say about the mechanism?</legend>
      {EVIDENCE_EFFECT_VALUES.map((e) => (
        <label key={e} className="choice">
          <input type="radio" name={props.name} value={e} checked={props.value === e} onChange={() => props.onChange(e)} />
          <span>
            {EVIDENCE_EFFECT_LABELS[e]} <span className="hint">{EFFECT_HINTS[e]}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function AddLink(props: Props & { sources: { id: string; citation: string }[] }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const id = useId();
  const [sourceId, setSourceId] = useState("");
  const [effect, setEffect] = useState<EvidenceEffect | null>(null);
  const [extract, setExtract] = useState("");
  const [status, setStatus] = useState("");
  const [problem, setProblem] = useState<{ message: string } | null>(null);
  const add = useMutation(
    trpc.evidence.addLink.mutationOptions({
      onSuccess: async () => {
        setSourceId("");
        setEffect(null);
        setExtract("");
        setStatus("Source linked.");
        await refresh();
      },
    }),
  );
  return (
    <form
      className="card"
      noValidate
      aria-labelledby={`${id}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        setStatus("");
        add.reset();
        if (!sourceId) return setProblem({ message: "Choose the source to link." });
        if (!effect) return setProblem({ message: "Choose whether the source supports, weakens or refines the mechanism." });
        setProblem(null);
        add.mutate({ consultationId: props.consultationId, mechanismId: props.mechanismId, sourceId, effect, extract });
      }}
    >
      <h3 id={`${id}-h`} style={{ marginTop: 0 }}>
        Link a source
      </h3>
      <ErrorAlert error={problem ?? add.error} focus />
      <div className="field">
        <label htmlFor={`${id}-source`}>Source</label>
        <select id={`${id}-source`} value={sourceId} onChange={(e) => setSourceId(e.target.value)} style={{ maxWidth: "100%" }}>
          <option value="">Choose a source…</option>
          {props.sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.citation.length > 140 ? `${s.citation.slice(0, 140)}…` : s.citation}
            </option>
          ))}
        </select>
      </div>
      <EffectChoice name={`${id}-effect`} value={effect} onChange={setEffect} />
      <div className="field">
        <label htmlFor={`${id}-extract`}>
          The evidence, in your own words{" "}
          <span className="hint">What the source found about this mechanism ({LIMITS.evidenceExtract.max} characters at most).</span>
        </label>
        <textarea
          id={`${id}-extract`}
          rows={4}
          value={extract}
          maxLength={LIMITS.evidenceExtract.max}
          onChange={(e) => setExtract(e.target.value)}
        />
      </div>
      <div className="row">
        <button type="submit" disabled={add.isPending}>
          {add.isPending ? "Linking…" : "Link the source"}
        </button>
        <span role="status" className="muted">
          {status}
        </span>
      </div>
    </form>
  );
}

function LinkItem(props: Props & { link: LinkView }) {
  const l = props.link;
  const trpc = useTRPC();
  const refresh = useRefresh();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [effect, setEffect] = useState<EvidenceEffect>(l.effect);
  const [extract, setExtract] = useState(l.extract);
  const update = useMutation(
    trpc.evidence.updateLink.mutationOptions({
      onSuccess: async () => {
        setEditing(false);
        await refresh();
      },
    }),
  );
  const remove = useMutation(trpc.evidence.removeLink.mutationOptions({ onSuccess: refresh }));
  return (
    <article aria-label={`Evidence from ${l.source.short}`}>
      <p style={{ margin: 0 }}>
        <EffectMark effect={l.effect} withWord /> {l.source.ref !== null && <span className="muted">[{l.source.ref}] </span>}
        {l.source.citation}
      </p>
      <ErrorAlert error={update.error ?? remove.error} />
      {editing ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ consultationId: props.consultationId, linkId: l.id, effect, extract });
          }}
        >
          <EffectChoice name={`${id}-effect`} value={effect} onChange={setEffect} />
          <div className="field">
            <label htmlFor={`${id}-extract`}>The evidence, in your own words</label>
            <textarea
              id={`${id}-extract`}
              rows={4}
              value={extract}
              maxLength={LIMITS.evidenceExtract.max}
              onChange={(e) => setExtract(e.target.value)}
              autoFocus
            />
          </div>
          <div className="row">
            <button type="submit" disabled={update.isPending}>
              Save the link
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setEditing(false);
                setEffect(l.effect);
                setExtract(l.extract);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className={styles.extract}>{l.extract}</p>
          <div className="row">
            <button type="button" className="link" onClick={() => setEditing(true)}>
              Edit<span className="visually-hidden"> the evidence from {l.source.short}</span>
            </button>
            <ConfirmButton
              label={
                <>
                  Remove<span className="visually-hidden"> the link to {l.source.short}</span>
                </>
              }
              className="link"
              title="Remove this link?"
              body={
                <p>
                  {l.source.short} will no longer count as evidence for this mechanism, and its extract is removed. The source itself stays.
                </p>
              }
              confirmLabel="Remove the link"
              danger
              onConfirm={() => remove.mutate({ consultationId: props.consultationId, linkId: l.id })}
            />
          </div>
        </>
      )}
    </article>
  );
}

function AddConfiguration(props: Props & { sources: { id: string; citation: string }[] }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState("");
  const add = useMutation(
    trpc.evidence.addConfiguration.mutationOptions({
      onSuccess: async (r) => {
        setOpen(false);
        setStatus(`Configuration ${r.position} added.`);
        await refresh();
      },
    }),
  );
  return (
    <div>
      <p role="status" className="muted">
        {status}
      </p>
      {open ? (
        <ConfigurationForm
          title="Add a configuration"
          sources={props.sources}
          pending={add.isPending}
          error={add.error}
          submitLabel="Add the configuration"
          onCancel={() => setOpen(false)}
          onSubmit={(fields) => add.mutate({ consultationId: props.consultationId, mechanismId: props.mechanismId, ...fields })}
        />
      ) : (
        <button
          type="button"
          onClick={() => {
            setStatus("");
            setOpen(true);
          }}
        >
          Add a configuration
        </button>
      )}
    </div>
  );
}

function ConfigurationItem(
  props: Props & { configuration: ConfigurationView; first: boolean; last: boolean; sources: { id: string; citation: string }[] },
) {
  const c = props.configuration;
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState("");
  const update = useMutation(
    trpc.evidence.updateConfiguration.mutationOptions({
      onSuccess: async () => {
        setEditing(false);
        await refresh();
      },
    }),
  );
  const move = useMutation(
    trpc.evidence.moveConfiguration.mutationOptions({
      onSuccess: async (r) => {
        setStatus(`Moved to position ${r.position}.`);
        await refresh();
      },
    }),
  );
  const remove = useMutation(trpc.evidence.removeConfiguration.mutationOptions({ onSuccess: refresh }));
  if (editing) {
    return (
      <ConfigurationForm
        title={`Edit configuration ${c.number}`}
        initial={c}
        sources={props.sources}
        pending={update.isPending}
        error={update.error}
        submitLabel="Save the configuration"
        onCancel={() => setEditing(false)}
        onSubmit={(fields) => update.mutate({ consultationId: props.consultationId, configurationId: c.id, ...fields })}
      />
    );
  }
  const ids = { consultationId: props.consultationId, configurationId: c.id };
  return (
    <ConfigurationCard
      configuration={c}
      actions={
        <>
          <ErrorAlert error={move.error ?? remove.error} />
          <div className="row">
            <button type="button" className="secondary" onClick={() => setEditing(true)}>
              Edit<span className="visually-hidden"> configuration {c.number}</span>
            </button>
            <button
              type="button"
              className="secondary"
              disabled={props.first || move.isPending}
              onClick={() => move.mutate({ ...ids, direction: "up" })}
            >
              Move up<span className="visually-hidden"> configuration {c.number}</span>
            </button>
            <button
              type="button"
              className="secondary"
              disabled={props.last || move.isPending}
              onClick={() => move.mutate({ ...ids, direction: "down" })}
            >
              Move down<span className="visually-hidden"> configuration {c.number}</span>
            </button>
            <ConfirmButton
              label={
                <>
                  Remove<span className="visually-hidden"> configuration {c.number}</span>
                </>
              }
              title={`Remove configuration ${c.number}?`}
              body={
                <p>
                  The configuration is removed and the ones after it move up. Comments the panel made on it stay with the mechanism, without
                  the link to it.
                </p>
              }
              confirmLabel="Remove the configuration"
              danger
              onConfirm={() => remove.mutate(ids)}
            />
            <span role="status" className="muted small">
              {status}
            </span>
          </div>
        </>
      }
    />
  );
}
