import type { Metadata } from "next";
import Link from "next/link";
import { currentUser } from "./_trpc/server";
import { TRPCReactProvider } from "./_trpc/client";
import { signOutAction } from "./signin/actions";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Roundtable", template: "%s · Roundtable" },
  description: "Stakeholder consultation rounds for realist reviews and Delphi studies",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en-GB">
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        <header className="site-header">
          <div className="bar">
            <Link href="/" className="brand">
              Roundtable
            </Link>
            {user ? (
              <>
                <span className="who">Signed in as {user.name ?? user.email}</span>
                <form action={signOutAction}>
                  <button type="submit" className="secondary">
                    Sign out
                  </button>
                </form>
              </>
            ) : (
              <Link href="/signin" className="button secondary">
                Sign in
              </Link>
            )}
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <TRPCReactProvider>{children}</TRPCReactProvider>
        </main>
      </body>
    </html>
  );
}
