/** The links between the evidence pages a facilitator moves through while keeping the sources. */
import Link from "next/link";

const PAGES = [
  { key: "matrix", label: "Evidence matrix", path: "" },
  { key: "sources", label: "Sources", path: "/sources" },
  { key: "import", label: "Import a file", path: "/sources/import" },
  { key: "duplicates", label: "Possible duplicates", path: "/sources/duplicates" },
] as const;

export function SourcesNav({ slug, current }: { slug: string; current: (typeof PAGES)[number]["key"] | null }) {
  return (
    <nav aria-label="Evidence pages" className="breadcrumbs">
      <ul className="row" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {PAGES.map((p) => (
          <li key={p.key}>
            <Link
              href={`/c/${slug}/evidence${p.path}`}
              aria-current={current === p.key ? "page" : undefined}
              style={current === p.key ? { fontWeight: 700 } : undefined}
            >
              {p.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
