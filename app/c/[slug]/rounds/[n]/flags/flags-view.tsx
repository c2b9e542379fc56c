"use client";
import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Comments } from "@/app/_components/comments";
import { Empty, ErrorAlert, fieldError, formatDate, StatusBadge } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { LIMITS } from "@/shared/domain";

type Props = { consultationId: string; slug: string; round: number; role: "facilitator" | "stakeholder" };

export function FlagsView(props: Props) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.flag.list.queryOptions({ consultationId: props.consultationId, round: props.round }));
  const open = data.round.status === "open";
  const stakeholder = props.role === "stakeholder";
  return (
    <>
      <p className="breadcrumbs">
        <Link href={`/c/${props.slug}/rounds/${props.round}`}>Round {props.round}</Link> <StatusBadge status={data.round.status} />
      </p>
      <h1>Missing mechanisms</h1>
      <p>
        Is something important missing from this round&apos;s list? Flag it here. Others on the panel can support your suggestion and
        discuss it; the research team decides what goes into the next round.
      </p>
      {stakeholder && open && <FlagForm {...props} />}
      <h2>Flags raised in round {props.round}</h2>
      {data.flags.length === 0 ? (
        <Empty>No missing mechanisms have been flagged yet.</Empty>
      ) : (
        <ul className="plain">
          {data.flags.map((f) => (
            <li key={f.id}>
              <Flag {...props} flag={f} open={open} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

type FlagData = {
  id: string;
  name: string;
  covers: string;
  whyItMatters: string;
  createdAt: Date;
  author: { label: string };
  mine: boolean;
  endorsementCount: number;
  endorsedByMe: boolean;
  endorsers: string[] | null;
  commentCount: number;
};

function Flag(props: Props & { flag: FlagData; open: boolean }) {
  const f = props.flag;
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [status, setStatus] = useState("");
  const endorse = useMutation(
    trpc.flag.endorse.mutationOptions({
      onSuccess: async () => {
        setStatus("You support this flag.");
        await refresh();
      },
    }),
  );
  const withdraw = useMutation(
    trpc.flag.withdrawEndorsement.mutationOptions({
      onSuccess: async () => {
        setStatus("Your support was withdrawn.");
        await refresh();
      },
    }),
  );
  const ids = { consultationId: props.consultationId, flagId: f.id };
  const headingId = `flag-${f.id}`;
  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId} style={{ marginBottom: "0.2rem" }}>
        {f.name}
      </h3>
      <p className="muted small">
        Flagged by {f.author.label} · {formatDate(f.createdAt)}
      </p>
      <h4 style={{ margin: "0.5rem 0 0.1rem" }}>What it covers</h4>
      <p className="prewrap">{f.covers}</p>
      <h4 style={{ margin: "0.5rem 0 0.1rem" }}>Why it matters</h4>
      <p className="prewrap">{f.whyItMatters}</p>
      <ErrorAlert error={endorse.error ?? withdraw.error} />
      <div className="row">
        <strong>
          {f.endorsementCount} {f.endorsementCount === 1 ? "person supports" : "people support"} this
        </strong>
        {props.role === "stakeholder" &&
          props.open &&
          !f.mine &&
          (f.endorsedByMe ? (
            <button type="button" className="secondary" disabled={withdraw.isPending} onClick={() => withdraw.mutate(ids)}>
              Withdraw my support<span className="visually-hidden"> for {f.name}</span>
            </button>
          ) : (
            <button type="button" disabled={endorse.isPending} onClick={() => endorse.mutate(ids)}>
              I support this<span className="visually-hidden">: {f.name}</span>
            </button>
          ))}
        <span role="status" className="muted">
          {status}
        </span>
      </div>
      {f.endorsers && f.endorsers.length > 0 && <p className="small muted">Supported by: {f.endorsers.join("; ")}</p>}
      <details style={{ marginTop: "0.75rem" }}>
        <summary>
          Discussion ({f.commentCount} {f.commentCount === 1 ? "comment" : "comments"})
        </summary>
        <Comments
          consultationId={props.consultationId}
          target={{ flagId: f.id }}
          canWrite={props.open}
          isFacilitator={props.role === "facilitator"}
          formLabel={`Comment on "${f.name}"`}
          headingLevel={3}
        />
      </details>
    </article>
  );
}

function FlagForm(props: Props) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [values, setValues] = useState({ name: "", covers: "", whyItMatters: "" });
  const [done, setDone] = useState(false);
  const create = useMutation(
    trpc.flag.create.mutationOptions({
      onSuccess: async () => {
        setValues({ name: "", covers: "", whyItMatters: "" });
        setDone(true);
        await refresh();
      },
    }),
  );
  const fe = (f: string) => fieldError(create.error, f);
  const field = (key: keyof typeof values, label: string, hint: string, multiline: boolean, max: number) => (
    <div className="field">
      <label htmlFor={`flag-${key}`}>
        {label} <span className="hint">{hint}</span>
      </label>
      {multiline ? (
        <textarea
          id={`flag-${key}`}
          value={values[key]}
          maxLength={max}
          onChange={(e) => setValues({ ...values, [key]: e.target.value })}
          aria-invalid={!!fe(key) || undefined}
          aria-describedby={fe(key) ? `flag-${key}-error` : undefined}
        />
      ) : (
        <input
          id={`flag-${key}`}
          value={values[key]}
          maxLength={max}
          onChange={(e) => setValues({ ...values, [key]: e.target.value })}
          aria-invalid={!!fe(key) || undefined}
          aria-describedby={fe(key) ? `flag-${key}-error` : undefined}
        />
      )}
      {fe(key) && (
        <p id={`flag-${key}-error`} className="field-error">
          {fe(key)}
        </p>
      )}
    </div>
  );
  return (
    <form
      className="card"
      noValidate
      aria-labelledby="flag-form-heading"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(false);
        create.mutate({ consultationId: props.consultationId, round: props.round, ...values });
      }}
    >
      <h2 id="flag-form-heading" style={{ marginTop: 0 }}>
        Flag a missing mechanism
      </h2>
      <ErrorAlert error={create.error} focus />
      {done && (
        <div className="alert success" role="status">
          Thank you: your flag is listed below for the panel and the research team.
        </div>
      )}
      {field("name", "Name", "A short name, such as “Use of power”.", false, LIMITS.flagName.max)}
      {field("covers", "What it covers", "What do leaders do, or what happens, under this heading?", true, LIMITS.flagText.max)}
      {field(
        "whyItMatters",
        "Why it matters",
        "Why should it be on the list? An example from your experience helps.",
        true,
        LIMITS.flagText.max,
      )}
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? "Sending…" : "Flag this mechanism"}
      </button>
    </form>
  );
}
