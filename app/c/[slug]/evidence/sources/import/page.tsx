import type { Metadata } from "next";
import { FacilitatorsOnly } from "@/app/_components/feedback";
import { loadConsultation } from "../../../data";
import { SourcesNav } from "../sources-nav";
import { ImportView } from "./import-view";

export const metadata: Metadata = { title: "Import sources" };

export default async function ImportSourcesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = await loadConsultation(slug);
  if (c.me.role !== "facilitator") return <FacilitatorsOnly title="Import sources" />;
  return (
    <>
      <SourcesNav slug={slug} current="import" />
      <ImportView consultationId={c.id} slug={slug} />
    </>
  );
}
