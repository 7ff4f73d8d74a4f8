"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { useDebounced } from "~/components/billing/use-debounced";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { StatusBadge } from "~/components/ui/status-badge";
import { Empty, Loading, QueryError } from "~/components/ui/states";
import { formatDate } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

/** Search by name, e-mail or invoice number; pages come by keyset cursor ("Load more"). */
export function CustomerSearch() {
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const query = useDebounced(q.trim(), 250);
  const results = useInfiniteQuery(
    trpc.admin.organizations.search.infiniteQueryOptions(
      { q: query || undefined, limit: 25 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = results.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <div className="space-y-4">
      <Field
        label="Search"
        type="search"
        placeholder="Organization, e-mail or invoice number"
        value={q}
        maxLength={200}
        onChange={(e) => setQ(e.target.value)}
      />
      {results.isPending ? (
        <Loading />
      ) : results.isError ? (
        <QueryError query={results} />
      ) : rows.length === 0 ? (
        <Empty>No organization matches.</Empty>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b text-slate-500">
                <th className="px-3 py-2">Organization</th>
                <th className="px-3">Billing e-mail</th>
                <th className="px-3">Subscription</th>
                <th className="px-3">Since</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr key={o.id} className="border-b last:border-0" data-testid="customer-row">
                  <td className="px-3 py-2">
                    <Link
                      href={`/admin/customers/${o.id}`}
                      className="text-indigo-700 hover:underline"
                    >
                      {o.name}
                    </Link>
                  </td>
                  <td className="px-3">{o.email ?? "—"}</td>
                  <td className="px-3">
                    {o.subscription ? (
                      <span className="flex items-center gap-2">
                        {o.subscription.plan} <StatusBadge status={o.subscription.status} />
                      </span>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="px-3">{formatDate(o.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {results.hasNextPage ? (
        <Button
          variant="secondary"
          disabled={results.isFetchingNextPage}
          onClick={() => void results.fetchNextPage()}
        >
          {results.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}
