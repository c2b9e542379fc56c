import type { Metadata } from "next";

export const metadata: Metadata = { title: "Sign-in problem" };

const messages: Record<string, string> = {
  Verification: "This sign-in link has already been used or has expired.",
  AccessDenied: "This account cannot sign in here.",
  Configuration: "Sign-in is not configured correctly on this server. Please tell the research team.",
};

export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  return (
    <div className="narrow">
      <h1>That did not work</h1>
      <div className="alert error" role="alert">
        {(error && messages[error]) ?? "Something went wrong while signing you in."}
      </div>
      <p>
        <a href="/signin" className="button">
          Get a new sign-in link
        </a>
      </p>
    </div>
  );
}
