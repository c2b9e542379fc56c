import { loadConsultation, loadRounds } from "./data";
import { Tabs } from "./tabs";

export default async function ConsultationLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = await loadConsultation(slug);
  const rounds = await loadRounds(c.id, slug);
  const facilitator = c.me.role === "facilitator";
  const base = `/c/${c.slug}`;
  const items = [
    { href: base, label: "Overview", exact: true },
    ...rounds
      .filter((r) => facilitator || r.status !== "draft")
      .map((r) => ({ href: `${base}/rounds/${r.number}`, label: `Round ${r.number}` })),
    ...(facilitator
      ? [
          { href: `${base}/meetings`, label: "Meetings" },
          { href: `${base}/evidence`, label: "Evidence" },
          { href: `${base}/summary`, label: "Summary" },
          { href: `${base}/panel`, label: "Panel" },
          { href: `${base}/settings`, label: "Settings" },
          { href: `${base}/audit`, label: "Audit log" },
        ]
      : [...(c.me.noteTaker ? [{ href: `${base}/meetings`, label: "Meetings" }] : []), { href: `${base}/my-data`, label: "Your data" }]),
  ];
  return (
    <>
      <p className="breadcrumbs muted">
        {facilitator ? "Facilitating" : "Stakeholder panel"} · <span>{c.title}</span>
      </p>
      <Tabs items={items} />
      {c.isDemo && (
        <p className="notice demo-notice">
          <strong>Demo data.</strong> This consultation follows the shape of a published realist review: its sources and published counts
          are the review&rsquo;s, but its panel, ratings, comments, flags and meeting record are fictional, and the evidence extracts and
          configurations are retold for illustration.
        </p>
      )}
      {children}
    </>
  );
}
