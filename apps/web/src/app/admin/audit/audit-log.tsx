"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { useDebounced } from "~/components/billing/use-debounced";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { Empty, Loading, QueryError } from "~/components/ui/states";
import { useTRPC } from "~/trpc/react";

const dateTime = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** Every billing change and staff action, filterable by action prefix and organization; keyset-paged. */
export function AuditLog() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState({ action: "", organizationId: "" });
  const applied = useDebounced(filters, 300);
  const log = useInfiniteQuery(
    trpc.admin.reports.auditLog.infiniteQueryOptions(
      {
        limit: 50,
        ...(applied.action.trim() ? { action: applied.action.trim() } : {}),
        ...(applied.organizationId.trim() ? { organizationId: applied.organizationId.trim() } : {}),
      },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = log.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <div className="space-y-4">
      <form
        aria-label="Filter"
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(e) => e.preventDefault()}
      >
        <Field
          label="Action starts with"
          placeholder="coupon."
          maxLength={100}
          value={filters.action}
          onChange={(e) => setFilters({ ...filters, action: e.target.value })}
        />
        <Field
          label="Organization id"
          maxLength={64}
          value={filters.organizationId}
          onChange={(e) => setFilters({ ...filters, organizationId: e.target.value })}
        />
      </form>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <QueryError query={log} />
      ) : rows.length === 0 ? (
        <Empty>No entries match.</Empty>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b text-slate-500">
                <th className="px-3 py-2">When (UTC)</th>
                <th className="px-3">Action</th>
                <th className="px-3">By</th>
                <th className="px-3">Organization</th>
                <th className="px-3">Target</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-b last:border-0" data-testid="audit-row">
                  <td className="px-3 py-2 whitespace-nowrap">
                    {dateTime.format(new Date(r.createdAt))}
                  </td>
                  <td className="px-3 font-mono text-xs">{r.action}</td>
                  <td className="px-3">{r.actor?.email ?? "system"}</td>
                  <td className="px-3">
                    {r.organizationId ? (
                      <Link
                        href={`/admin/customers/${r.organizationId}`}
                        className="text-indigo-700 hover:underline"
                      >
                        {r.organizationId}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="px-3 font-mono text-xs">
                    {r.targetType}:{r.targetId}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage ? (
        <Button variant="secondary" onClick={() => void log.fetchNextPage()}>
          Load more
        </Button>
      ) : null}
    </div>
  );
}
