import type { Metadata } from "next";
import { FacilitatorsOnly } from "@/app/_components/feedback";
import Link from "next/link";
import { ConsultationForm } from "@/app/c/new/consultation-form";
import { loadConsultation, loadRounds } from "../data";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") {
    return <FacilitatorsOnly title="Settings" />;
  }
  const rounds = await loadRounds(c.id, slug);
  // The panel rates on the scale it was shown, and the consensus rule must be set before anyone
  // sees results: both are fixed once any round has been published, and a pseudonymous panel
  // cannot be shown by name any more (the form reads the same flag).
  const scaleLocked = rounds.some((r) => r.status !== "draft");
  return (
    <div className="narrow">
      <h1>Settings</h1>
      <ConsultationForm
        mode="edit"
        consultationId={c.id}
        scaleLocked={scaleLocked}
        initial={{
          title: c.title,
          researchQuestion: c.researchQuestion,
          description: c.description,
          scaleMax: c.scaleMax === 9 ? 9 : 5,
          scaleLabels: c.scaleLabels,
          anonymity: c.anonymity,
          erasurePolicy: c.erasurePolicy,
          consensusRule: c.consensusRule,
          minGroupSize: String(c.minGroupSize),
        }}
      />
      <p>
        <Link href={`/c/${c.slug}/audit`}>Audit log of facilitator actions</Link>
      </p>
    </div>
  );
}
