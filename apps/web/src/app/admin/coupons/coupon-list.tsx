"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { toast } from "sonner";

import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Empty, Loading, QueryError } from "~/components/ui/states";
import { apiError } from "~/lib/errors";
import { formatDate, formatMoney } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

export function CouponList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const coupons = useInfiniteQuery(
    trpc.admin.coupons.list.infiniteQueryOptions(
      { limit: 25 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const update = useMutation(trpc.admin.coupons.update.mutationOptions());
  const rows = coupons.data?.pages.flatMap((p) => p.data) ?? [];

  async function toggle(id: string, isActive: boolean) {
    try {
      await update.mutateAsync({ id, isActive });
      toast.success(isActive ? "Coupon active again." : "Coupon deactivated.");
      await queryClient.invalidateQueries({ queryKey: trpc.admin.coupons.list.pathKey() });
    } catch (error) {
      toast.error(apiError(error).message);
    }
  }

  return (
    <Card title="All coupons">
      {coupons.isPending ? (
        <Loading />
      ) : coupons.isError ? (
        <QueryError query={coupons} />
      ) : rows.length === 0 ? (
        <Empty>No coupons yet.</Empty>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b text-slate-500">
                <th className="py-2">Code</th>
                <th>Discount</th>
                <th>Redeemed</th>
                <th>Expires</th>
                <th className="text-right">Active</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} className="border-b last:border-0" data-testid="coupon-row">
                  <td className="py-2">
                    <Link
                      href={`/admin/coupons/${c.id}`}
                      className="font-mono text-indigo-700 hover:underline"
                    >
                      {c.code}
                    </Link>
                    <div className="text-xs text-slate-500">{c.name}</div>
                  </td>
                  <td>
                    {c.percentOff !== null
                      ? `${c.percentOff} %`
                      : formatMoney(c.amountOff ?? 0, c.currency ?? "usd")}{" "}
                    {c.duration === "REPEATING"
                      ? `× ${c.durationMonths} months`
                      : c.duration.toLowerCase()}
                  </td>
                  <td>
                    {c.timesRedeemed}
                    {c.maxRedemptions !== null ? ` / ${c.maxRedemptions}` : ""}
                  </td>
                  <td>{c.expiresAt ? formatDate(c.expiresAt) : "—"}</td>
                  <td className="text-right">
                    <Button
                      variant={c.isActive ? "danger" : "secondary"}
                      className="px-2 py-1 text-xs"
                      onClick={() => void toggle(c.id, !c.isActive)}
                    >
                      {c.isActive ? `Deactivate ${c.code}` : `Activate ${c.code}`}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {coupons.hasNextPage ? (
        <Button variant="secondary" className="mt-3" onClick={() => void coupons.fetchNextPage()}>
          Load more
        </Button>
      ) : null}
    </Card>
  );
}
