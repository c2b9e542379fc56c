"use client";
import Link from "next/link";
import { useState } from "react";
import { Empty } from "@/app/_components/feedback";
import type { StakeholderResponse } from "./types";

type Filter = "all" | "responded" | "waiting";

const FILTERS: { value: Filter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "responded", label: "Responded" },
  { value: "waiting", label: "Not yet responded" },
];

type Props = { stakeholders: StakeholderResponse[]; mechanismCount: number; panelHref: string };

export function WhoResponded({ stakeholders, mechanismCount, panelHref }: Props) {
  const [filter, setFilter] = useState<Filter>("all");
  // Array.prototype.sort is stable, so pseudonym order is kept within each group.
  const sorted = [...stakeholders].sort((a, b) => Number(b.responded) - Number(a.responded));
  const shown = sorted.filter((s) => filter === "all" || s.responded === (filter === "responded"));

  return (
    <section>
      <h2 id="who-heading">Who has responded</h2>
      {stakeholders.length === 0 ? (
        <Empty>
          Nobody is on the panel yet. <Link href={panelHref}>Add stakeholders on the Panel page</Link>.
        </Empty>
      ) : (
        <>
          <div className="field" style={{ maxWidth: "20rem" }}>
            <label htmlFor="responded-filter">Show</label>
            <select id="responded-filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
              {FILTERS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
          <p role="status" className="muted small">
            Showing {shown.length} of {stakeholders.length} panel members.
          </p>
          {shown.length === 0 ? (
            <Empty>{filter === "responded" ? "Nobody has responded yet." : "Everyone has responded."}</Empty>
          ) : (
            // Focusable so keyboard users can scroll it sideways on narrow screens.
            <div className="table-wrap" role="region" aria-labelledby="who-heading" tabIndex={0}>
              <table aria-labelledby="who-heading">
                <thead>
                  <tr>
                    <th scope="col">Pseudonym</th>
                    <th scope="col">Name</th>
                    <th scope="col">Perspective</th>
                    <th scope="col" className="num">
                      Rated
                    </th>
                    <th scope="col" className="num">
                      Comments
                    </th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">{s.pseudonym}</th>
                      <td>{s.name}</td>
                      <td>{s.perspectiveLabel}</td>
                      <td className="num">
                        {s.rated} of {mechanismCount}
                      </td>
                      <td className="num">{s.comments}</td>
                      <td>{s.responded ? <span className="badge open">Responded</span> : <span className="badge draft">Not yet</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
