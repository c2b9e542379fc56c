"use client";
/**
 * The facilitator's list of a round's mechanisms: add, edit, move and remove while the round is a
 * draft; once it is open, edits need a reason the panel will see; closed rounds are read-only.
 * Two facilitators editing the same text: the second save is refused, and the form keeps what was
 * typed beside the text saved meanwhile, so nothing is overwritten without being seen.
 */
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { ConfirmButton } from "@/app/_components/confirm";
import { Empty, ErrorAlert, fieldError } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { LIMITS } from "@/shared/domain";

type Mechanism = {
  id: string;
  mechanismId: string;
  name: string;
  description: string;
  position: number;
  commentCount: number;
  updatedAt: Date;
};

type Props = {
  consultationId: string;
  slug: string;
  round: number;
  status: "draft" | "open" | "closed";
  mechanisms: Mechanism[];
};

export function MechanismEditor(props: Props) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [announce, setAnnounce] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const focusAfter = useRef<string | null>(null);
  const draft = props.status === "draft";

  const reorder = useMutation(trpc.mechanism.reorder.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.mechanism.remove.mutationOptions({
      onSuccess: async () => {
        setAnnounce("Mechanism removed.");
        await refresh();
      },
    }),
  );

  useEffect(() => {
    if (focusAfter.current) {
      document.getElementById(focusAfter.current)?.focus();
      focusAfter.current = null;
    }
  }, [props.mechanisms]);

  function move(index: number, delta: -1 | 1) {
    const ids = props.mechanisms.map((m) => m.id);
    const [item] = ids.splice(index, 1);
    ids.splice(index + delta, 0, item);
    const target = index + delta;
    // Keep focus on the same control of the moved item, or its other arrow at either end.
    const edge = target === 0 ? "down" : target === ids.length - 1 ? "up" : delta < 0 ? "up" : "down";
    focusAfter.current = `move-${edge}-${item}`;
    setAnnounce(`${props.mechanisms[index].name} moved to position ${target + 1} of ${ids.length}.`);
    reorder.mutate({ consultationId: props.consultationId, round: props.round, versionIds: ids });
  }

  return (
    <>
      <div aria-live="polite" className="visually-hidden">
        {announce}
      </div>
      <ErrorAlert error={reorder.error ?? remove.error} focus />
      {props.status === "open" && (
        <div className="alert warn">
          This round is published. You can still correct a mechanism&apos;s text, but you must give a reason, and the panel sees the change
          and its reason.
        </div>
      )}
      {props.mechanisms.length === 0 ? (
        <Empty>No mechanisms yet. Add the first one below.</Empty>
      ) : (
        <ol className="plain">
          {props.mechanisms.map((m, i) => (
            <li key={m.id} className="list-item">
              {editing === m.id ? (
                <MechanismForm
                  {...props}
                  existing={m}
                  onDone={(msg) => {
                    setEditing(null);
                    if (msg) setAnnounce(msg);
                    focusAfter.current = `edit-${m.id}`;
                  }}
                />
              ) : (
                <>
                  <h3 style={{ marginBottom: "0.3rem" }}>
                    {props.status === "draft" ? (
                      `${m.position}. ${m.name}`
                    ) : (
                      <Link href={`/c/${props.slug}/rounds/${props.round}/mechanisms/${m.mechanismId}`}>
                        {m.position}. {m.name}
                      </Link>
                    )}
                  </h3>
                  <p className="prewrap">{m.description}</p>
                  {props.status !== "closed" && (
                    <div className="row">
                      <button type="button" id={`edit-${m.id}`} className="secondary" onClick={() => setEditing(m.id)}>
                        Edit<span className="visually-hidden"> {m.name}</span>
                      </button>
                      {draft && (
                        <>
                          <button
                            type="button"
                            id={`move-up-${m.id}`}
                            className="secondary"
                            disabled={i === 0 || reorder.isPending}
                            onClick={() => move(i, -1)}
                          >
                            Move up<span className="visually-hidden"> {m.name}</span>
                          </button>
                          <button
                            type="button"
                            id={`move-down-${m.id}`}
                            className="secondary"
                            disabled={i === props.mechanisms.length - 1 || reorder.isPending}
                            onClick={() => move(i, 1)}
                          >
                            Move down<span className="visually-hidden"> {m.name}</span>
                          </button>
                          <ConfirmButton
                            label={`Remove`}
                            title={`Remove "${m.name}"?`}
                            body={<p>The mechanism and its text will be deleted from this draft round.</p>}
                            confirmLabel="Remove mechanism"
                            danger
                            onConfirm={() => remove.mutate({ consultationId: props.consultationId, versionId: m.id })}
                          />
                        </>
                      )}
                    </div>
                  )}
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      {draft && (
        <section className="card" aria-labelledby="add-mechanism">
          <h3 id="add-mechanism">Add a mechanism</h3>
          <MechanismForm {...props} onDone={(msg) => msg && setAnnounce(msg)} />
        </section>
      )}
    </>
  );
}

function MechanismForm(props: Props & { existing?: Mechanism; onDone: (message?: string) => void }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [name, setName] = useState(props.existing?.name ?? "");
  const [description, setDescription] = useState(props.existing?.description ?? "");
  const [reason, setReason] = useState("");
  const [originNote, setOriginNote] = useState("");
  // The saved text this form started from; after a conflict, the text saved meanwhile.
  const [loadedAt] = useState<Date | undefined>(props.existing?.updatedAt);
  const [conflicted, setConflicted] = useState(false);
  const idp = props.existing ? `m-${props.existing.id}` : "new";
  const laterRound = props.round > 1;
  const current = props.existing;
  // After a conflict the form shows the text saved meanwhile: saving again knowingly replaces it.
  const base = conflicted ? current?.updatedAt : loadedAt;
  const add = useMutation(
    trpc.mechanism.add.mutationOptions({
      onSuccess: async () => {
        setName("");
        setDescription("");
        setOriginNote("");
        await refresh();
        props.onDone(`Mechanism added.`);
        document.getElementById(`${idp}-name`)?.focus();
      },
    }),
  );
  const update = useMutation(
    trpc.mechanism.update.mutationOptions({
      onSuccess: async () => {
        setConflicted(false);
        await refresh();
        props.onDone("Changes saved.");
      },
      onError: async (error) => {
        // Load the text saved meanwhile; what this person typed stays in the form.
        if (error.data?.code === "CONFLICT") {
          setConflicted(true);
          await refresh();
        }
      },
    }),
  );
  const mutation = props.existing ? update : add;
  const needsReason = props.existing && props.status === "open";
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (props.existing) {
          update.mutate({
            consultationId: props.consultationId,
            versionId: props.existing.id,
            name,
            description,
            reason: needsReason ? reason : undefined,
            expectedUpdatedAt: base,
          });
        } else {
          add.mutate({
            consultationId: props.consultationId,
            round: props.round,
            name,
            description,
            originNote: laterRound ? originNote : undefined,
          });
        }
      }}
    >
      <ErrorAlert error={mutation.error} focus />
      {conflicted && current && (
        <div className="alert warn">
          <p style={{ marginTop: 0 }}>
            <strong>Saved meanwhile by someone else:</strong>
          </p>
          <p style={{ fontWeight: 700, margin: "0.2rem 0" }}>{current.name}</p>
          <p className="prewrap">{current.description}</p>
          <p style={{ marginBottom: 0 }}>
            Your text is still in the form below. Compare the two, then save again to replace theirs, or cancel to keep theirs.
          </p>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${idp}-name`}>Name</label>
        <input
          id={`${idp}-name`}
          value={name}
          maxLength={LIMITS.mechanismName.max}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={!!fieldError(mutation.error, "name") || undefined}
        />
      </div>
      <div className="field">
        <label htmlFor={`${idp}-description`}>
          Description <span className="hint">What leaders do under this heading and why it might matter.</span>
        </label>
        <textarea
          id={`${idp}-description`}
          rows={5}
          value={description}
          maxLength={LIMITS.mechanismDescription.max}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={!!fieldError(mutation.error, "description") || undefined}
        />
      </div>
      {!props.existing && laterRound && (
        <div className="field">
          <label htmlFor={`${idp}-originNote`}>
            Why are you adding it?{" "}
            <span className="hint">Optional. Shown on the mechanism&apos;s history, e.g. “Raised at the round 1 meeting”.</span>
          </label>
          <textarea
            id={`${idp}-originNote`}
            rows={2}
            value={originNote}
            maxLength={LIMITS.originNote.max}
            onChange={(e) => setOriginNote(e.target.value)}
            aria-invalid={!!fieldError(mutation.error, "originNote") || undefined}
          />
        </div>
      )}
      {needsReason && (
        <div className="field">
          <label htmlFor={`${idp}-reason`}>
            Reason for the change <span className="hint">Shown to the panel with the change.</span>
          </label>
          <input id={`${idp}-reason`} value={reason} maxLength={LIMITS.editReason.max} onChange={(e) => setReason(e.target.value)} />
        </div>
      )}
      <div className="row">
        <button type="submit" disabled={mutation.isPending}>
          {props.existing ? "Save changes" : "Add mechanism"}
        </button>
        {props.existing && (
          <button type="button" className="secondary" onClick={() => props.onDone()}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
