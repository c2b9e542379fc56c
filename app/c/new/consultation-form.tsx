"use client";
/** The consultation's fields, for creating one and for its settings page. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorAlert, fieldError } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";
import { describeConsensusRule, LIMITS, MIN_GROUP_SIZE, SCALE_PRESETS, type ConsensusRule } from "@/shared/domain";

type Values = {
  title: string;
  researchQuestion: string;
  description: string;
  scaleMax: 5 | 9;
  scaleLabels: string[];
  anonymity: "named" | "pseudonymous";
  erasurePolicy: "anonymise" | "remove";
  consensusRule: ConsensusRule | null;
  /** As typed: a cleared box stays empty until sent (the server then says what to give). */
  minGroupSize: string;
};

/** The rule's inputs as typed: percentages stay text until sent, so a cleared box is not a 0. */
type RuleDraft = { enabled: boolean; topFrom: number; topMinPercent: string; bottom: boolean; bottomTo: number; bottomMaxPercent: string };

/** "At least 70% rate 4-5 and at most 15% rate 1-2", or its 9-point equivalent. */
function defaultRule(scaleMax: 5 | 9): Omit<RuleDraft, "enabled"> {
  return scaleMax === 9
    ? { topFrom: 7, topMinPercent: "70", bottom: true, bottomTo: 3, bottomMaxPercent: "15" }
    : { topFrom: 4, topMinPercent: "70", bottom: true, bottomTo: 2, bottomMaxPercent: "15" };
}

function draftOf(rule: ConsensusRule | null, scaleMax: 5 | 9): RuleDraft {
  if (!rule) return { enabled: false, ...defaultRule(scaleMax) };
  const fallback = defaultRule(scaleMax);
  return {
    enabled: true,
    topFrom: rule.topFrom,
    topMinPercent: String(rule.topMinPercent),
    bottom: rule.bottomTo !== null,
    bottomTo: rule.bottomTo ?? fallback.bottomTo,
    bottomMaxPercent: rule.bottomMaxPercent === null ? fallback.bottomMaxPercent : String(rule.bottomMaxPercent),
  };
}

function ruleOf(d: RuleDraft): ConsensusRule | null {
  if (!d.enabled) return null;
  // Number("") is 0, which the server refuses with a sentence about the 1-100% range.
  return {
    topFrom: d.topFrom,
    topMinPercent: Number(d.topMinPercent),
    bottomTo: d.bottom ? d.bottomTo : null,
    bottomMaxPercent: d.bottom ? Number(d.bottomMaxPercent) : null,
  };
}

export function ConsultationForm(
  props: { mode: "create" } | { mode: "edit"; consultationId: string; initial: Values; scaleLocked: boolean },
) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(
    props.mode === "edit"
      ? props.initial
      : {
          title: "",
          researchQuestion: "",
          description: "",
          scaleMax: 5,
          scaleLabels: SCALE_PRESETS[5],
          anonymity: "pseudonymous",
          erasurePolicy: "anonymise",
          consensusRule: null,
          minGroupSize: String(MIN_GROUP_SIZE.default),
        },
  );
  const [rule, setRule] = useState<RuleDraft>(() =>
    props.mode === "edit" ? draftOf(props.initial.consensusRule, props.initial.scaleMax) : { enabled: true, ...defaultRule(5) },
  );
  const changeRule = (patch: Partial<RuleDraft>) => {
    setSaved(false);
    setRule((old) => ({ ...old, ...patch }));
  };
  const [saved, setSaved] = useState(false);
  const create = useMutation(trpc.consultation.create.mutationOptions({ onSuccess: (r) => router.push(`/c/${r.slug}/rounds/1`) }));
  const update = useMutation(
    trpc.consultation.update.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries();
        router.refresh();
      },
    }),
  );
  const mutation = props.mode === "create" ? create : update;
  const error = mutation.error;
  const set = <K extends keyof Values>(k: K, v: Values[K]) => {
    setSaved(false);
    setValues((old) => ({ ...old, [k]: v }));
  };
  const locked = props.mode === "edit" && props.scaleLocked;
  // Once a round is published anonymity may only become stricter: a pseudonymous panel stays so.
  const namesLocked = locked && props.mode === "edit" && props.initial.anonymity === "pseudonymous";

  function submit(e: React.FormEvent) {
    e.preventDefault();
    // Once round 1 has opened the rule is fixed: it is left out, so the server keeps it as it is.
    const consensusRule = locked ? undefined : ruleOf(rule);
    // Number("") is 0, which the server refuses with a sentence about the allowed range.
    const fields = { ...values, consensusRule, minGroupSize: Number(values.minGroupSize) };
    if (props.mode === "create") create.mutate(fields);
    else update.mutate({ ...fields, consultationId: props.consultationId });
  }

  const fe = (f: string) => fieldError(error, f);
  return (
    <form onSubmit={submit} noValidate className="card">
      <ErrorAlert error={error} focus />
      {saved && (
        <div className="alert success" role="status">
          Settings saved.
        </div>
      )}
      <div className="field">
        <label htmlFor="title">Title</label>
        <input
          id="title"
          value={values.title}
          maxLength={LIMITS.title.max}
          onChange={(e) => set("title", e.target.value)}
          aria-invalid={!!fe("title") || undefined}
          aria-describedby={fe("title") ? "title-error" : undefined}
        />
        {fe("title") && (
          <p id="title-error" className="field-error">
            {fe("title")}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="rq">Research question</label>
        <textarea
          id="rq"
          value={values.researchQuestion}
          maxLength={LIMITS.researchQuestion.max}
          onChange={(e) => set("researchQuestion", e.target.value)}
          aria-invalid={!!fe("researchQuestion") || undefined}
          aria-describedby={fe("researchQuestion") ? "rq-error" : undefined}
        />
        {fe("researchQuestion") && (
          <p id="rq-error" className="field-error">
            {fe("researchQuestion")}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="description">
          Description for the panel{" "}
          <span className="hint">Optional. Plain language: what the review is and what you ask of the panel.</span>
        </label>
        <textarea
          id="description"
          value={values.description}
          maxLength={LIMITS.consultationDescription.max}
          onChange={(e) => set("description", e.target.value)}
        />
      </div>
      <fieldset disabled={locked}>
        <legend>Relevance rating scale</legend>
        {locked && <p className="hint">The scale cannot change once a round has been published.</p>}
        {([5, 9] as const).map((n) => (
          <label key={n} className="choice">
            <input
              type="radio"
              name="scale"
              checked={values.scaleMax === n}
              onChange={() => {
                setValues((v) => ({ ...v, scaleMax: n, scaleLabels: SCALE_PRESETS[n] }));
                // The rule's bands follow the scale: the same rule in the new scale's terms.
                setRule((r) => ({
                  ...r,
                  ...defaultRule(n),
                  topMinPercent: r.topMinPercent,
                  bottomMaxPercent: r.bottomMaxPercent,
                  bottom: r.bottom,
                }));
              }}
            />
            <span>
              1 to {n} {n === 9 ? "(GRADE: 1-3 not important, 4-6 important, 7-9 critical)" : "(not relevant to essential)"}
            </span>
          </label>
        ))}
        <details>
          <summary>Edit the labels of each point</summary>
          {values.scaleLabels.map((label, i) => (
            <div className="field" key={`${values.scaleMax}-${i}`}>
              <label htmlFor={`label-${i}`}>Label for {i + 1}</label>
              <input
                id={`label-${i}`}
                value={label}
                maxLength={LIMITS.scaleLabel.max}
                onChange={(e) =>
                  set(
                    "scaleLabels",
                    values.scaleLabels.map((l, j) => (j === i ? e.target.value : l)),
                  )
                }
              />
            </div>
          ))}
        </details>
      </fieldset>
      <ConsensusRuleFields
        rule={rule}
        change={changeRule}
        scaleMax={values.scaleMax}
        locked={locked}
        fixed={props.mode === "edit" ? props.initial.consensusRule : null}
        error={fe("consensusRule")}
      />
      <fieldset aria-describedby={locked ? "anonymity-lock" : undefined}>
        <legend>How panel members see each other</legend>
        {namesLocked && (
          <p id="anonymity-lock" className="hint">
            Locked under pseudonyms: the panel has taken part under pseudonyms since round 1 opened, and showing names now would put them
            beside everything already said.
          </p>
        )}
        {locked && !namesLocked && (
          <p id="anonymity-lock" className="hint">
            Now that a round has been published you can still move the panel to pseudonyms, but not back to names afterwards.
          </p>
        )}
        <label className="choice">
          <input
            type="radio"
            name="anonymity"
            checked={values.anonymity === "pseudonymous"}
            onChange={() => set("anonymity", "pseudonymous")}
          />
          <span>By pseudonym, such as &ldquo;Stakeholder 7, service user&rdquo; (recommended)</span>
        </label>
        <label className="choice">
          <input
            type="radio"
            name="anonymity"
            checked={values.anonymity === "named"}
            disabled={namesLocked}
            onChange={() => set("anonymity", "named")}
          />
          <span>By name and perspective</span>
        </label>
        <p className="hint">Facilitators always see names.</p>
      </fieldset>
      <div className="field">
        <label htmlFor="min-group-size">
          Smallest group whose figures the panel sees{" "}
          <span className="hint">
            Results by perspective from fewer ratings than this are shown to the panel, and in exports without names, as &ldquo;fewer than{" "}
            {values.minGroupSize || "n"} answers&rdquo;: in a smaller group someone who knows their own rating could work out
            another&apos;s. From {MIN_GROUP_SIZE.min} to {MIN_GROUP_SIZE.max}; facilitators always see every figure.
          </span>
        </label>
        <input
          id="min-group-size"
          type="text"
          inputMode="numeric"
          style={{ width: "5.5rem" }}
          value={values.minGroupSize}
          onChange={(e) => set("minGroupSize", e.target.value)}
          aria-invalid={!!fe("minGroupSize") || undefined}
          aria-describedby={fe("minGroupSize") ? "min-group-size-error" : undefined}
        />
        {fe("minGroupSize") && (
          <p id="min-group-size-error" className="field-error">
            {fe("minGroupSize")}
          </p>
        )}
      </div>
      <fieldset>
        <legend>If a stakeholder asks to be erased</legend>
        <label className="choice">
          <input
            type="radio"
            name="erasure"
            checked={values.erasurePolicy === "anonymise"}
            onChange={() => set("erasurePolicy", "anonymise")}
          />
          <span>Keep what they contributed, shown as &ldquo;Withdrawn participant&rdquo; (the analysis keeps its numbers)</span>
        </label>
        <label className="choice">
          <input type="radio" name="erasure" checked={values.erasurePolicy === "remove"} onChange={() => set("erasurePolicy", "remove")} />
          <span>Remove their ratings, comments and flags</span>
        </label>
        <p className="hint">Either way, their name, email address and access are deleted. Tell the panel which you chose.</p>
      </fieldset>
      <button type="submit" disabled={mutation.isPending}>
        {mutation.isPending ? "Saving…" : props.mode === "create" ? "Create consultation" : "Save settings"}
      </button>
    </form>
  );
}

const inline: React.CSSProperties = { width: "5.5rem", display: "inline-block", margin: "0 0.3rem" };

/**
 * The consensus rule as a sentence with blanks: "at least [70] % rate [4] or higher; optionally at
 * most [15] % rate [2] or lower". Each blank has its own label for screen readers. Once round 1 has
 * opened the rule is shown as text: it cannot change after anyone has seen results.
 */
function ConsensusRuleFields(props: {
  rule: RuleDraft;
  change: (patch: Partial<RuleDraft>) => void;
  scaleMax: 5 | 9;
  locked: boolean;
  fixed: ConsensusRule | null;
  error: string | undefined;
}) {
  const { rule, change, scaleMax } = props;
  if (props.locked) {
    return (
      <section className="card" aria-labelledby="rule-heading" style={{ background: "var(--wash)" }}>
        <h2 id="rule-heading" style={{ fontSize: "1.05rem", marginTop: 0 }}>
          Consensus rule
        </h2>
        <p>
          <strong>{describeConsensusRule(props.fixed, scaleMax)}.</strong>
        </p>
        <p className="hint">
          The rule was fixed when round 1 opened. A rule chosen after the results are in could be fitted to them, so it cannot change now;
          the summary and the exports judge every mechanism by it.
        </p>
      </section>
    );
  }
  const points = Array.from({ length: scaleMax }, (_, i) => i + 1);
  const preview = ruleOf(rule);
  const percentOk = (n: number | null) => n === null || (Number.isInteger(n) && n >= 1 && n <= 100);
  const readable = !preview || (percentOk(preview.topMinPercent) && percentOk(preview.bottomMaxPercent));
  return (
    <fieldset aria-describedby={props.error ? "rule-error rule-hint" : "rule-hint"}>
      <legend>Consensus rule</legend>
      <p id="rule-hint" className="hint">
        How the summary decides whether the panel agrees that a mechanism is relevant. Set it now: it is fixed when round 1 opens, before
        anyone sees the results.
      </p>
      <label className="choice">
        <input type="checkbox" checked={rule.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
        <span>Judge consensus with a rule</span>
      </label>
      {rule.enabled && (
        <>
          <p className="row" style={{ gap: "0.2rem", margin: "0.5rem 0" }}>
            <span>At least</span>
            <label htmlFor="rule-top-percent" className="visually-hidden">
              Share of ratings at the top, in percent
            </label>
            <input
              id="rule-top-percent"
              type="text"
              inputMode="numeric"
              style={inline}
              value={rule.topMinPercent}
              onChange={(e) => change({ topMinPercent: e.target.value })}
              aria-invalid={!!props.error || undefined}
            />
            <span>% rate</span>
            <label htmlFor="rule-top-from" className="visually-hidden">
              Lowest rating counted at the top
            </label>
            <select id="rule-top-from" style={inline} value={rule.topFrom} onChange={(e) => change({ topFrom: Number(e.target.value) })}>
              {points.slice(1).map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
            <span>or higher</span>
          </p>
          <label className="choice">
            <input type="checkbox" checked={rule.bottom} onChange={(e) => change({ bottom: e.target.checked })} />
            <span>And a limit at the bottom of the scale (optional)</span>
          </label>
          {rule.bottom && (
            <p className="row" style={{ gap: "0.2rem", margin: "0.5rem 0" }}>
              <span>At most</span>
              <label htmlFor="rule-bottom-percent" className="visually-hidden">
                Largest share of ratings at the bottom, in percent
              </label>
              <input
                id="rule-bottom-percent"
                type="text"
                inputMode="numeric"
                style={inline}
                value={rule.bottomMaxPercent}
                onChange={(e) => change({ bottomMaxPercent: e.target.value })}
                aria-invalid={!!props.error || undefined}
              />
              <span>% rate</span>
              <label htmlFor="rule-bottom-to" className="visually-hidden">
                Highest rating counted at the bottom
              </label>
              <select
                id="rule-bottom-to"
                style={inline}
                value={rule.bottomTo}
                onChange={(e) => change({ bottomTo: Number(e.target.value) })}
              >
                {points.slice(0, -1).map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
              <span>or lower</span>
            </p>
          )}
        </>
      )}
      <p className="hint">
        In words: {readable ? `${describeConsensusRule(preview, scaleMax)}.` : "give each share as a whole percentage from 1 to 100."}
      </p>
      {props.error && (
        <p id="rule-error" className="field-error">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
