"use client";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { ConfirmButton } from "@/app/_components/confirm";
import { ErrorAlert, fieldError } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { LIMITS, PERSPECTIVE_LABELS, PERSPECTIVE_VALUES, type PerspectiveValue } from "@/shared/domain";
import { NoteTakerToggle } from "./note-taker-toggle";
import { formatDay, INVITATION_WORDS, type InvitationState, type Member, type PanelList } from "./types";

export type MemberActions = {
  createLink: (m: Member) => void;
  sendEmail: (m: Member) => void;
  revokeLink: (m: Member) => void;
  remove: (m: Member) => void;
  erase: (m: Member) => void;
  saved: (m: Member) => void;
};

const COLUMNS = 5;

const BADGE: Record<InvitationState, string> = {
  none: "draft",
  link_created: "closed",
  emailed: "closed",
  joined: "open",
  expired: "warn",
  revoked: "warn",
};

type Props = {
  consultationId: string;
  member: Member;
  round: PanelList["round"];
  busy: boolean;
  actions: MemberActions;
  erasurePolicy: "anonymise" | "remove";
};

export function MemberRow(props: Props) {
  const { member: m, actions } = props;
  const [editing, setEditing] = useState(false);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (!editing && returnFocus.current) {
      returnFocus.current = false;
      document.getElementById(`edit-${m.id}`)?.focus();
    }
  }, [editing, m.id]);

  if (editing) {
    return (
      <tr>
        <td colSpan={COLUMNS}>
          <EditMember
            consultationId={props.consultationId}
            member={m}
            onDone={(saved) => {
              returnFocus.current = true;
              setEditing(false);
              if (saved) actions.saved(m);
            }}
          />
        </td>
      </tr>
    );
  }

  if (m.withdrawn) {
    return (
      <tr>
        <td>
          <strong>{m.name}</strong>
          <div className="muted small">{m.pseudonym}</div>
        </td>
        <td>{m.perspectiveLabel}</td>
        <td>
          <span className="badge closed">Erased</span>
        </td>
        <td colSpan={COLUMNS - 3} className="muted">
          Erased at their request: no name, email or access remain.
        </td>
      </tr>
    );
  }

  const inv = m.invitation;
  const unusedLink = inv.state === "link_created" || inv.state === "emailed";
  return (
    <tr>
      <td>
        <strong>{m.name}</strong>
        <div className="muted small">{m.pseudonym}</div>
        <div className="muted small" style={{ overflowWrap: "anywhere" }}>
          {m.email ?? "no email"}
        </div>
      </td>
      <td>{m.perspectiveLabel}</td>
      <td>
        <span className={`badge ${BADGE[inv.state]}`}>{INVITATION_WORDS[inv.state]}</span>
        {unusedLink && inv.expiresAt && <div className="muted small">until {formatDay(inv.expiresAt)}</div>}
      </td>
      <td>
        {props.round ? (
          <>
            rated {m.rated} of {props.round.total} in round {props.round.number}
            <div className="muted small">
              {m.comments} {m.comments === 1 ? "comment" : "comments"}
            </div>
          </>
        ) : (
          <span className="muted">No round published yet</span>
        )}
      </td>
      <td>
        <div className="row">
          <button type="button" id={`link-${m.id}`} className="secondary" disabled={props.busy} onClick={() => actions.createLink(m)}>
            {inv.state === "none" ? "Create link" : "New link"}
            <span className="visually-hidden"> for {m.name}</span>
          </button>
          {m.email && (
            <button type="button" className="secondary" disabled={props.busy} onClick={() => actions.sendEmail(m)}>
              Send by email<span className="visually-hidden"> to {m.name}</span>
            </button>
          )}
          {unusedLink && (
            // ConfirmButton takes its label as plain text, so the name is part of the visible label.
            <ConfirmButton
              label={`Revoke link for ${m.name}`}
              title={`Revoke ${m.name}'s link?`}
              body={<p>The link stops working at once. You can create a new one at any time.</p>}
              confirmLabel="Revoke link"
              danger
              disabled={props.busy}
              onConfirm={() => actions.revokeLink(m)}
            />
          )}
          <NoteTakerToggle consultationId={props.consultationId} membershipId={m.id} name={m.name} noteTaker={m.noteTaker} />
          <button type="button" id={`edit-${m.id}`} className="secondary" disabled={props.busy} onClick={() => setEditing(true)}>
            Edit<span className="visually-hidden"> {m.name}</span>
          </button>
          <ConfirmButton
            label={`Remove ${m.name}`}
            title={`Remove ${m.name} from the panel?`}
            body={
              <p>
                This is for people added by mistake. Anyone who has already rated or commented stays on the record; revoke their link
                instead.
              </p>
            }
            confirmLabel="Remove"
            danger
            disabled={props.busy}
            onConfirm={() => actions.remove(m)}
          />
          <ConfirmButton
            label={
              <>
                Erase<span className="visually-hidden"> {m.name}</span>
              </>
            }
            title={`Erase ${m.name}'s personal data?`}
            body={
              <>
                <p>Use this when {m.name} asks to be forgotten. Their name, email address and access are deleted at once.</p>
                <p>
                  {props.erasurePolicy === "remove"
                    ? "This consultation's policy is to remove what they contributed: their ratings, flags and comments are deleted (replies by others stay)."
                    : 'This consultation\'s policy is to keep what they contributed, shown as "Withdrawn participant".'}{" "}
                  This cannot be undone.
                </p>
              </>
            }
            confirmLabel="Erase personal data"
            danger
            disabled={props.busy}
            onConfirm={() => actions.erase(m)}
          />
        </div>
      </td>
    </tr>
  );
}

function EditMember(props: { consultationId: string; member: Member; onDone: (saved: boolean) => void }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { member: m } = props;
  const [name, setName] = useState(m.name);
  const [perspective, setPerspective] = useState<PerspectiveValue>(m.perspective ?? "practitioner");
  const nameRef = useRef<HTMLInputElement>(null);
  const update = useMutation(
    trpc.panel.update.mutationOptions({
      onSuccess: async () => {
        await refresh();
        props.onDone(true);
      },
    }),
  );
  useEffect(() => {
    nameRef.current?.focus();
  }, []);
  const idp = `member-${m.id}`;
  const nameError = fieldError(update.error, "name");

  return (
    <form
      noValidate
      aria-label={`Edit ${m.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ consultationId: props.consultationId, membershipId: m.id, name, perspective });
      }}
    >
      <ErrorAlert error={update.error} />
      <div className="field">
        <label htmlFor={`${idp}-name`}>Name</label>
        <input
          id={`${idp}-name`}
          ref={nameRef}
          value={name}
          maxLength={LIMITS.personName.max}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={!!nameError || undefined}
          aria-describedby={nameError ? `${idp}-name-error` : undefined}
        />
        {nameError && (
          <p id={`${idp}-name-error`} className="field-error">
            {nameError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${idp}-perspective`}>Perspective</label>
        <select id={`${idp}-perspective`} value={perspective} onChange={(e) => setPerspective(e.target.value as PerspectiveValue)}>
          {PERSPECTIVE_VALUES.map((p) => (
            <option key={p} value={p}>
              {PERSPECTIVE_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      <div className="row">
        <button type="submit" disabled={update.isPending}>
          Save changes
        </button>
        <button type="button" className="secondary" onClick={() => props.onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
