"use client";
/**
 * The facilitator's panel: who is on it, whether they have their link, how far they have got,
 * and the actions to invite, edit or remove them.
 */
import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Empty, ErrorAlert } from "@/app/_components/feedback";
import { useRefresh } from "@/app/_components/use-refresh";
import { useTRPC } from "@/app/_trpc/client";
import { PERSPECTIVE_LABELS, PERSPECTIVE_VALUES } from "@/shared/domain";
import { AddFacilitator } from "./add-facilitator";
import { AddMany, AddMember } from "./add-members";
import { MemberRow, type MemberActions } from "./member-row";
import { NewLink, type IssuedLink } from "./new-link";
import { formatDay, type Member, type PanelList } from "./types";

export function PanelView({ consultationId, erasurePolicy }: { consultationId: string; erasurePolicy: "anonymise" | "remove" }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.panel.list.queryOptions({ consultationId }));
  const stakeholders = data.members.filter((m) => m.role === "stakeholder");
  const facilitators = data.members.filter((m) => m.role === "facilitator");

  return (
    <>
      <h1>Panel</h1>
      <Summary stakeholders={stakeholders} />
      <Stakeholders consultationId={consultationId} stakeholders={stakeholders} round={data.round} erasurePolicy={erasurePolicy} />
      {facilitators.length > 0 && (
        <section aria-labelledby="facilitators-heading" className="small">
          <h2 id="facilitators-heading" style={{ fontSize: "1.1rem" }}>
            Facilitators
          </h2>
          <ul>
            {facilitators.map((f) => (
              <li key={f.id}>
                {f.name}
                {f.email && <span className="muted"> · {f.email}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <AddFacilitator consultationId={consultationId} />
      <AddMember consultationId={consultationId} />
      <AddMany consultationId={consultationId} />
    </>
  );
}

function Summary({ stakeholders }: { stakeholders: Member[] }) {
  if (stakeholders.length === 0) return null;
  // Anyone who has rated or commented has signed in, even if not through an invitation link.
  const joined = stakeholders.filter((m) => m.invitation.everJoined || m.rated + m.comments + m.flags > 0).length;
  return (
    <div className="card">
      <p>
        <strong>
          {stakeholders.length} {stakeholders.length === 1 ? "stakeholder" : "stakeholders"}
        </strong>
        , {joined} joined.
      </p>
      <p className="muted small">
        By perspective:{" "}
        {PERSPECTIVE_VALUES.map((p) => `${PERSPECTIVE_LABELS[p]}: ${stakeholders.filter((m) => m.perspective === p).length}`).join(" · ")}
      </p>
    </div>
  );
}

function Stakeholders(props: {
  consultationId: string;
  stakeholders: Member[];
  round: PanelList["round"];
  erasurePolicy: "anonymise" | "remove";
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [notice, setNotice] = useState("");
  const [actionError, setActionError] = useState<unknown>(null);
  const [issued, setIssued] = useState<IssuedLink | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const onError = (error: unknown) => setActionError(error);
  const createLink = useMutation(trpc.panel.createLink.mutationOptions({ onError }));
  const sendEmail = useMutation(trpc.panel.sendEmail.mutationOptions({ onError }));
  const revokeLink = useMutation(trpc.panel.revokeLink.mutationOptions({ onError }));
  const remove = useMutation(trpc.panel.remove.mutationOptions({ onError }));
  const erase = useMutation(trpc.panel.erase.mutationOptions({ onError }));
  const pending = [createLink, sendEmail, revokeLink, remove, erase].find((m) => m.isPending);
  const busyId = pending?.variables?.membershipId ?? null;

  // Each action starts from a clean slate so an old message never describes a new result, and
  // a link shown for this person is hidden: emailing, revoking or removing makes it stop working.
  function start(m: Member) {
    setActionError(null);
    setNotice("");
    setIssued((shown) => (shown?.memberId === m.id ? null : shown));
  }
  const input = (m: Member) => ({ consultationId: props.consultationId, membershipId: m.id });

  const actions: MemberActions = {
    createLink: (m) => {
      start(m);
      createLink.mutate(input(m), {
        onSuccess: async (link) => {
          setIssued({ memberId: m.id, name: m.name, path: link.path, expiresAt: link.expiresAt });
          await refresh();
        },
      });
    },
    sendEmail: (m) => {
      start(m);
      sendEmail.mutate(input(m), {
        onSuccess: async (r) => {
          setNotice(`Invitation emailed to ${m.name}. Their link works until ${formatDay(r.expiresAt)}.`);
          await refresh();
        },
      });
    },
    revokeLink: (m) => {
      start(m);
      revokeLink.mutate(input(m), {
        onSuccess: async () => {
          setNotice(`${m.name}'s link no longer works.`);
          await refresh();
        },
      });
    },
    remove: (m) => {
      start(m);
      remove.mutate(input(m), {
        onSuccess: async () => {
          setNotice(`${m.name} was removed from the panel.`);
          await refresh();
          // Their row, and the button that had focus, are gone.
          headingRef.current?.focus();
        },
      });
    },
    erase: (m) => {
      start(m);
      erase.mutate(input(m), {
        onSuccess: async (r) => {
          setNotice(
            r.policy === "remove"
              ? `${m.name} was erased and their contributions removed.`
              : `${m.name} was erased; their contributions stay under "Withdrawn participant".`,
          );
          await refresh();
        },
      });
    },
    saved: (m) => setNotice(`Changes to ${m.name} saved.`),
  };

  return (
    <section aria-labelledby="stakeholders-heading">
      <h2 id="stakeholders-heading" ref={headingRef} tabIndex={-1}>
        Stakeholders
      </h2>
      <div role="status">{notice && <p className="alert success">{notice}</p>}</div>
      <ErrorAlert error={actionError} focus />
      {issued && (
        <NewLink
          key={issued.path}
          link={issued}
          onDone={() => {
            setIssued(null);
            document.getElementById(`link-${issued.memberId}`)?.focus();
          }}
        />
      )}
      {props.stakeholders.length === 0 ? (
        <Empty>Nobody is on the panel yet. Add stakeholders one by one or paste a list below.</Empty>
      ) : (
        // Positioned so the buttons' visually hidden text stays inside the scrolling box on narrow screens.
        <div className="table-wrap" style={{ position: "relative" }}>
          <table aria-labelledby="stakeholders-heading">
            <thead>
              <tr>
                <th scope="col">Stakeholder</th>
                <th scope="col">Perspective</th>
                <th scope="col">Invitation</th>
                <th scope="col">Progress</th>
                <th scope="col" style={{ minWidth: "19rem" }}>
                  Actions
                </th>
              </tr>
            </thead>
            <tbody>
              {props.stakeholders.map((m) => (
                <MemberRow
                  key={m.id}
                  consultationId={props.consultationId}
                  member={m}
                  round={props.round}
                  busy={busyId === m.id}
                  actions={actions}
                  erasurePolicy={props.erasurePolicy}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
