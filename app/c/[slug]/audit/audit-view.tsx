"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Empty, ErrorAlert, formatDate, Loading } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";

/** A short, readable summary of an entry's recorded details. */
function summary(details: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ["number", "round", "name", "pseudonym", "title", "reason", "count", "policy", "consensusRule", "before", "after"]) {
    const v = details[key];
    if (v !== undefined && v !== null && typeof v !== "object") parts.push(`${key}: ${String(v)}`);
  }
  return parts.join(" · ");
}

export function AuditView({ consultationId }: { consultationId: string }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions({ consultationId }, { getNextPageParam: (l) => l.nextCursor }));
  const entries = query.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <>
      <h1>Audit log</h1>
      <p>
        Every facilitator action that changes what the panel sees or who is on it, newest first. The log cannot be edited; keep it with your
        review&apos;s records.
      </p>
      {query.isPending ? (
        <Loading what="the audit log" />
      ) : query.isError ? (
        <ErrorAlert error={query.error} />
      ) : entries.length === 0 ? (
        <Empty>Nothing has been recorded yet.</Empty>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="audit-caption">
          <table>
            <caption id="audit-caption" className="visually-hidden">
              Facilitator actions, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{formatDate(e.createdAt)}</td>
                  <td>{e.actor}</td>
                  <td>{e.label}</td>
                  <td className="small prewrap">{summary(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {query.hasNextPage && (
        <button type="button" className="secondary" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? "Loading…" : "Show older entries"}
        </button>
      )}
    </>
  );
}
