import type { Metadata } from "next";
import { loadConsultation } from "../data";
import { DownloadMyData } from "./download";

export const metadata: Metadata = { title: "Your data" };

export default async function MyDataPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = await loadConsultation(slug);
  return (
    <div className="narrow">
      <h1>Your data</h1>
      <p>
        You can download everything you have contributed to <strong>{c.title}</strong>: your details on the panel, your ratings, comments,
        missing-mechanism flags and the flags you supported. The file is in JSON, a plain-text format that other programs can read.
      </p>
      <DownloadMyData consultationId={c.id} slug={c.slug} />
      <h2>Asking to be erased</h2>
      <p>
        If you want your personal data erased, ask the research team. They will delete your name, email address and access.
        {c.erasurePolicy === "remove"
          ? " In this consultation, your ratings, comments and flags are removed too."
          : ' In this consultation, what you contributed stays in the analysis under "Withdrawn participant", with nothing that identifies you.'}
      </p>
    </div>
  );
}
