import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/app/_trpc/server";
import { ConsultationForm } from "./consultation-form";

export const metadata: Metadata = { title: "New consultation" };

export default async function NewConsultationPage() {
  if (!(await currentUser())) redirect("/signin?callbackUrl=/c/new");
  return (
    <div className="narrow">
      <h1>New consultation</h1>
      <p className="muted">
        It starts with three draft rounds. You can change all of this later, except the rating scale once a round is published.
      </p>
      <ConsultationForm mode="create" />
    </div>
  );
}
