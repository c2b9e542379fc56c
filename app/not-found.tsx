import Link from "next/link";

export default function NotFound() {
  return (
    <div className="narrow">
      <h1>Page not found</h1>
      <p>This page does not exist, or you do not have access to it. If someone sent you a link, check it is complete.</p>
      <p>
        <Link href="/" className="button">
          Go to your consultations
        </Link>
      </p>
    </div>
  );
}
