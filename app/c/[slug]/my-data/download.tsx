"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "@/app/_components/feedback";
import { useTRPC } from "@/app/_trpc/client";

export function DownloadMyData({ consultationId, slug }: { consultationId: string; slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState("");
  async function download() {
    setError(null);
    setStatus("Preparing your file…");
    try {
      // Always fresh: the file must hold what is stored now.
      const data = await queryClient.fetchQuery({ ...trpc.me.export.queryOptions({ consultationId }), staleTime: 0 });
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `roundtable-${slug}-my-data.json`;
      a.click();
      URL.revokeObjectURL(url);
      setStatus("Your file has been downloaded.");
    } catch (e) {
      setStatus("");
      setError(e);
    }
  }
  return (
    <div className="card">
      <ErrorAlert error={error} />
      <div className="row">
        <button type="button" onClick={download}>
          Download my data
        </button>
        <span role="status" className="muted">
          {status}
        </span>
      </div>
    </div>
  );
}
