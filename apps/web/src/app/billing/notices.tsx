"use client";

import { useQuery } from "@tanstack/react-query";

import { formatDate } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

/** The latest billing notices (what would be mailed when SMTP is configured). Hidden while empty. */
export function Notices() {
  const trpc = useTRPC();
  const notices = useQuery(trpc.payments.notifications.list.queryOptions({ limit: 5 }));
  if (!notices.data?.length) return null;
  return (
    <section
      aria-label="Notices"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 className="text-sm font-semibold text-slate-700">Recent notices</h2>
      <ul className="mt-2 space-y-1 text-sm" data-testid="notices">
        {notices.data.map((n) => (
          <li key={n.id} className="flex justify-between gap-4">
            <span>{n.message}</span>
            <span className="shrink-0 text-xs text-slate-500">{formatDate(n.createdAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
