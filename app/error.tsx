"use client";
import Link from "next/link";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="narrow">
      <h1>Something went wrong</h1>
      <div className="alert error" role="alert">
        The page could not be shown. Nothing you saved earlier is lost.
      </div>
      <p className="row">
        <button type="button" onClick={reset}>
          Try again
        </button>
        <Link className="button secondary" href="/">
          Go to your consultations
        </Link>
      </p>
    </div>
  );
}
