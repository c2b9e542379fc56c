/**
 * How a source is cited everywhere (sources list, evidence pages, matrix, reports): one place, so
 * the same paper reads the same on every page and in every file.
 */

/** "Smith" from "Smith, Ann"; a name written without a comma (e.g. "The King's Fund") stays whole. */
function familyName(author: string): string {
  const comma = author.indexOf(",");
  return (comma > 0 ? author.slice(0, comma) : author).trim();
}

/** "Smith (2019)", "Smith and Jones (2019)", "Smith et al. (2019)", "Anonymous (n.d.)". */
export function shortCitation(s: { authors: string[]; year: number | null }): string {
  const names = s.authors.map(familyName).filter(Boolean);
  const who =
    names.length === 0
      ? "Anonymous"
      : names.length === 1
        ? names[0]
        : names.length === 2
          ? `${names[0]} and ${names[1]}`
          : `${names[0]} et al.`;
  return `${who} (${s.year ?? "n.d."})`;
}

/** "Smith et al. (2019) Title. Venue." */
export function fullCitation(s: { authors: string[]; year: number | null; title: string; venue: string }): string {
  const title = s.title.replace(/[.\s]+$/, "");
  return `${shortCitation(s)} ${title}.${s.venue ? ` ${s.venue.replace(/[.\s]+$/, "")}.` : ""}`;
}

/** How a report cites a source: "Choi (2012) [38]", the review's reference number last when it has one. */
export function referencedCitation(s: { authors: string[]; year: number | null; ref: number | null }): string {
  return `${shortCitation(s)}${s.ref === null ? "" : ` [${s.ref}]`}`;
}
