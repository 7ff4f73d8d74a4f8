"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";

import type { AppRouter } from "@salesos/api";
import type { inferRouterOutputs } from "@trpc/server";

import { ChangePlanDialog } from "~/components/billing/change-plan-dialog";
import { Button } from "~/components/ui/button";
import { StatusBadge } from "~/components/ui/status-badge";
import { apiError } from "~/lib/errors";
import { cycleLabel, formatDate, formatMoney } from "~/lib/format";
import { seatCount } from "~/lib/plural";
import { useTRPC } from "~/trpc/react";

import { CancelDialog } from "./cancel-dialog";
import { PayNowDialog } from "./pay-now-dialog";

type Subscription =
  inferRouterOutputs<AppRouter>["payments"]["subscriptions"]["list"]["data"][number];

export function SubscriptionPanel({
  subscription: s,
  canManage,
}: {
  subscription: Subscription;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<"change" | "cancel" | "pay" | null>(null);
  // The next invoice is an invoice preview, OWNER/ADMIN only: a MEMBER's page does not ask (a 403).
  const upcoming = useQuery({
    ...trpc.payments.subscriptions.upcoming.queryOptions({ id: s.id }),
    enabled: canManage,
  });
  const resume = useMutation(trpc.payments.subscriptions.resume.mutationOptions());
  const overdue = s.status === "PAST_DUE" || s.status === "UNPAID";
  const ended = s.status === "CANCELED" || s.status === "INCOMPLETE_EXPIRED";

  async function onResume() {
    try {
      await resume.mutateAsync({ id: s.id });
      toast.success("Your subscription will continue.");
      await queryClient.invalidateQueries();
    } catch (error) {
      toast.error(apiError(error).message);
    }
  }

  return (
    <div className="space-y-4">
      {overdue ? (
        <div
          role="alert"
          className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
          data-testid="overdue-banner"
        >
          <span>
            {s.status === "PAST_DUE"
              ? "Your last payment failed. We will retry, but access ends if it keeps failing."
              : "Your subscription is unpaid: access is paused until the open invoice is paid."}
            {canManage ? null : " An owner or admin of your organization can update the card."}
          </span>
          {canManage ? <Button onClick={() => setDialog("pay")}>Update card and pay</Button> : null}
        </div>
      ) : null}
      {s.cancelAtPeriodEnd && !ended ? (
        <div
          role="status"
          className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-slate-300 bg-slate-50 p-4 text-sm"
          data-testid="cancel-banner"
        >
          <span>
            Cancels on <strong>{formatDate(s.currentPeriodEnd)}</strong>. You keep access until
            then.
          </span>
          {canManage ? (
            <Button variant="secondary" onClick={() => void onResume()} disabled={resume.isPending}>
              Resume subscription
            </Button>
          ) : null}
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="text-xl font-semibold" data-testid="current-plan">
          {s.plan.name}
        </h3>
        <StatusBadge
          status={s.status}
          cancelsOn={s.cancelAtPeriodEnd && !ended ? formatDate(s.currentPeriodEnd) : null}
        />
      </div>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        <Item
          label="Price"
          value={`${formatMoney(s.unitAmount * s.quantity, s.currency)} / ${cycleLabel(s.billingCycle)}${s.quantity > 1 ? ` (${seatCount(s.quantity)} × ${formatMoney(s.unitAmount, s.currency)})` : ""}`}
        />
        <Item label="Seats" value={seatCount(s.quantity)} />
        <Item
          label="Current period"
          value={`${formatDate(s.currentPeriodStart)} – ${formatDate(s.currentPeriodEnd)}`}
        />
        {s.trialEnd && s.status === "TRIALING" ? (
          <Item label="Trial ends" value={formatDate(s.trialEnd)} />
        ) : null}
        {s.discount ? (
          <Item
            label="Discount"
            value={`${s.discount.couponCode ?? "Coupon"}: ${s.discount.percentOff ? `${s.discount.percentOff}%` : formatMoney(s.discount.amountOff ?? 0, s.currency)} off${s.discount.endsAt ? ` until ${formatDate(s.discount.endsAt)}` : ""}`}
          />
        ) : null}
        {canManage ? (
          <Item
            label="Next invoice"
            value={
              upcoming.data
                ? `${formatMoney(upcoming.data.amount, upcoming.data.currency)} on ${formatDate(upcoming.data.date)}`
                : ended || s.cancelAtPeriodEnd
                  ? "None"
                  : "…"
            }
            testId="next-invoice"
          />
        ) : (
          <Item
            label="Renews"
            value={ended || s.cancelAtPeriodEnd ? "No" : `On ${formatDate(s.currentPeriodEnd)}`}
            testId="renews"
          />
        )}
      </dl>
      {canManage && !ended ? (
        <div className="flex flex-wrap gap-2">
          {s.status === "ACTIVE" || s.status === "TRIALING" ? (
            <Button onClick={() => setDialog("change")}>Change plan</Button>
          ) : null}
          {!s.cancelAtPeriodEnd ? (
            <Button variant="danger" onClick={() => setDialog("cancel")}>
              Cancel subscription
            </Button>
          ) : null}
        </div>
      ) : null}
      {dialog === "change" ? (
        <ChangePlanDialog subscription={s} open onOpenChange={(open) => !open && setDialog(null)} />
      ) : null}
      {dialog === "cancel" ? (
        <CancelDialog subscription={s} open onOpenChange={(open) => !open && setDialog(null)} />
      ) : null}
      {dialog === "pay" ? (
        <PayNowDialog
          subscriptionId={s.id}
          open
          onOpenChange={(open) => !open && setDialog(null)}
        />
      ) : null}
    </div>
  );
}

function Item({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
