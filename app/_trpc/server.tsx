/**
 * Server components' access to the same procedures, with the caller's session from cookies:
 * `fetchQuery` fills the request's QueryClient, `HydrateClient` hands it to the browser.
 */
import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { TRPCError } from "@trpc/server";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { createCookieContext } from "@/server/context";
import { appRouter } from "@/server/root";
import { makeQueryClient } from "./query-client";

export const getQueryClient = cache(makeQueryClient);

const getContext = cache(async () => {
  const jar = await cookies();
  return createCookieContext((name) => jar.get(name)?.value);
});

export const trpc = createTRPCOptionsProxy({ ctx: getContext, router: appRouter, queryClient: getQueryClient });

export async function currentUser() {
  return (await getContext()).user;
}

/** Fetches for the page; signed-out visitors go to sign in, others' resources are a 404. */
export async function load<T>(fetcher: () => Promise<T>, returnTo: string): Promise<T> {
  try {
    return await fetcher();
  } catch (error) {
    const code = error instanceof TRPCError ? error.code : null;
    if (code === "UNAUTHORIZED") redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
    if (code === "NOT_FOUND" || code === "BAD_REQUEST") notFound();
    throw error;
  }
}

export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
