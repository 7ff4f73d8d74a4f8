"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Empty, Loading, QueryError } from "~/components/ui/states";
import { formatDate } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

import { CouponEdit } from "./coupon-edit";

/** A coupon and who redeemed it, newest first. */
export function Redemptions({ couponId }: { couponId: string }) {
  const trpc = useTRPC();
  const pages = useInfiniteQuery(
    trpc.admin.coupons.redemptions.infiniteQueryOptions(
      { id: couponId, limit: 25 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  if (pages.isPending) return <Loading />;
  if (pages.isError) return <QueryError query={pages} />;
  const coupon = pages.data.pages[0]!.coupon;
  const rows = pages.data.pages.flatMap((p) => p.data);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h1 className="text-2xl font-bold">
          <span className="font-mono">{coupon.code}</span> · {coupon.name}
        </h1>
        <CouponEdit coupon={coupon} />
      </div>
      <p className="text-sm text-slate-600" data-testid="coupon-redeemed">
        Redeemed {coupon.timesRedeemed} time{coupon.timesRedeemed === 1 ? "" : "s"}
        {coupon.maxRedemptions !== null ? ` of ${coupon.maxRedemptions}` : ""} ·{" "}
        {coupon.isActive ? "active" : "inactive"}
      </p>
      <Card title="Redemptions">
        {rows.length === 0 ? (
          <Empty>Nobody has redeemed it yet.</Empty>
        ) : (
          <ul className="space-y-1 text-sm">
            {rows.map((r) => (
              <li key={r.id} className="flex justify-between gap-2" data-testid="redemption-row">
                <Link
                  href={`/admin/customers/${r.organizationId}`}
                  className="text-indigo-700 hover:underline"
                >
                  {r.organizationName ?? r.organizationId}
                </Link>
                <span className="text-slate-500">{formatDate(r.redeemedAt)}</span>
              </li>
            ))}
          </ul>
        )}
        {pages.hasNextPage ? (
          <Button variant="secondary" className="mt-3" onClick={() => void pages.fetchNextPage()}>
            Load more
          </Button>
        ) : null}
      </Card>
    </div>
  );
}
