import "server-only";

import { dehydrate, HydrationBoundary, type FetchQueryOptions } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache, type ReactNode } from "react";

import { appRouter, createContextForActor } from "@salesos/api";
import { getDb } from "@salesos/db";

import { getActor } from "~/server/actor";

import { makeQueryClient } from "./query-client";

/** One cache per server request (React's `cache`), filled by the page's prefetches. */
export const getQueryClient = cache(makeQueryClient);

/**
 * The same procedures the browser calls, called in-process for server rendering: the caller's actor from
 * the session cookie, exactly as /api/trpc resolves it, so a page shows only what its API would answer.
 */
export const serverTrpc = createTRPCOptionsProxy({
  router: appRouter,
  ctx: async () => createContextForActor({ db: getDb(), actor: await getActor() }),
  queryClient: getQueryClient,
});

/**
 * Runs the page's prefetches before it renders, so its HTML arrives with the content. A query that fails
 * is not sent down: the client component asks again and shows its own error state.
 */
export async function prefetch(queries: { queryKey: readonly unknown[] }[]): Promise<void> {
  const queryClient = getQueryClient();
  // Each entry is a tRPC `queryOptions(...)`; their data types differ, which prefetchQuery does not need.
  await Promise.all(
    queries.map((options) => queryClient.prefetchQuery(options as FetchQueryOptions)),
  );
}

/** Hands the request's cache to the client components below it. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
