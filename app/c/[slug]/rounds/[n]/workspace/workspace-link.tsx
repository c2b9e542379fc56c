"use client";
/** On a draft round's page: the way into its workspace, once the round before it has closed. */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/app/_trpc/client";

export function WorkspaceLink(props: { consultationId: string; slug: string; round: number }) {
  const trpc = useTRPC();
  // The consultation's layout loads the round list on every page, so this is usually cached.
  const { data: rounds } = useQuery(trpc.round.list.queryOptions({ consultationId: props.consultationId }));
  const me = rounds?.find((r) => r.number === props.round);
  const previous = rounds?.find((r) => r.number === props.round - 1);
  if (!me || me.status !== "draft" || previous?.status !== "closed") return null;
  return (
    <Link className="button" href={`/c/${props.slug}/rounds/${props.round}/workspace`}>
      Workspace: prepare round {props.round} from round {previous.number}
    </Link>
  );
}
