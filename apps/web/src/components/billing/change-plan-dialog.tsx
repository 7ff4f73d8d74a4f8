"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";

import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { SelectField } from "~/components/ui/select-field";
import { ErrorState, Loading, QueryError } from "~/components/ui/states";
import { apiError, followBankConfirmation } from "~/lib/errors";
import { formatDate, formatMoney } from "~/lib/format";
import { seatCount } from "~/lib/plural";
import { useTRPC } from "~/trpc/react";

import { PlanPicker } from "./plan-picker";
import { SeatsField, useSeatsInput } from "./seats-field";

interface SubscriptionLike {
  id: string;
  status: string;
  plan: { id: string; name: string; downgradeTiming: "IMMEDIATE" | "PERIOD_END" };
  billingCycle: "monthly" | "yearly";
  quantity: number;
  unitAmount: number;
  currentPeriodEnd: Date | string;
}

/**
 * Pick a cycle, seats and a plan (each shown with its price and what choosing it does); see the exact
 * proration; confirm. The charge equals the preview. Opened
 * from /pricing it starts from what was chosen there (plan, cycle, seats) and says what becomes of a
 * coupon typed there: a plan change takes no new coupon (the API has none), so it is named, not dropped.
 */
export function ChangePlanDialog(props: {
  subscription: SubscriptionLike;
  initialPlanId?: string;
  initialCycle?: "monthly" | "yearly";
  initialQuantity?: number;
  couponCode?: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { subscription } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [planId, setPlanId] = useState(props.initialPlanId ?? subscription.plan.id);
  const [cycle, setCycle] = useState(props.initialCycle ?? subscription.billingCycle);
  const seats = useSeatsInput(props.initialQuantity ?? subscription.quantity);
  const quantity = seats.seats;
  const plans = useQuery(trpc.plans.list.queryOptions({}));
  const unchanged =
    planId === subscription.plan.id &&
    cycle === subscription.billingCycle &&
    quantity === subscription.quantity;
  const preview = useQuery({
    ...trpc.payments.subscriptions.upgradePreview.queryOptions({
      id: subscription.id,
      newLicenseTypeId: planId,
      billingCycle: cycle,
      quantity: quantity ?? subscription.quantity,
    }),
    enabled: props.open && !unchanged && quantity !== null,
    staleTime: 0,
  });
  const change = useMutation(trpc.payments.subscriptions.changePlan.mutationOptions());

  async function confirm() {
    if (!preview.data || quantity === null) return;
    try {
      const result = await change.mutateAsync({
        id: subscription.id,
        newLicenseTypeId: planId,
        billingCycle: cycle,
        quantity,
        prorationDate: preview.data.prorationDate,
      });
      toast.success(
        result.invoice ? `Plan changed. Invoice ${result.invoice.number} paid.` : "Plan changed.",
      );
      props.onOpenChange(false);
      void queryClient.invalidateQueries();
    } catch (error) {
      if (followBankConfirmation(error)) return;
      toast.error(apiError(error).message);
    }
  }

  const p = preview.data;
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Change plan"
      description={`Currently ${subscription.plan.name}, ${subscription.billingCycle}, ${seatCount(subscription.quantity)}.`}
    >
      <div className="space-y-4">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <SelectField
            label="Billing cycle"
            value={cycle}
            onChange={(e) => setCycle(e.target.value as "monthly" | "yearly")}
          >
            <option value="monthly">Monthly</option>
            <option value="yearly">Yearly</option>
          </SelectField>
          <SeatsField input={seats} />
        </div>
        {plans.isPending ? (
          <Loading label="Loading plans…" />
        ) : plans.isError ? (
          <QueryError query={plans} />
        ) : (
          <PlanPicker
            plans={plans.data}
            current={{
              planId: subscription.plan.id,
              unitAmount: subscription.unitAmount,
              quantity: subscription.quantity,
              cycle: subscription.billingCycle,
              status: subscription.status,
              currentPeriodEnd: subscription.currentPeriodEnd,
              downgradeTiming: subscription.plan.downgradeTiming,
            }}
            cycle={cycle}
            quantity={quantity}
            value={planId}
            onChange={setPlanId}
          />
        )}
        {props.couponCode ? (
          <p
            className="rounded-md bg-amber-50 p-3 text-sm text-amber-900"
            data-testid="coupon-note"
          >
            Coupon {props.couponCode} is not applied: coupons apply when a subscription starts, not
            to a plan change. The price below is without it.
          </p>
        ) : null}
        {quantity === null ? null : unchanged ? (
          <p className="text-sm text-slate-500">
            Pick a different plan, cycle or number of seats to see the price.
          </p>
        ) : preview.isPending ? (
          <Loading label="Calculating…" />
        ) : preview.isError ? (
          <ErrorState message={apiError(preview.error).message} />
        ) : p ? (
          <div
            className="space-y-2 rounded-md bg-slate-50 p-4 text-sm"
            data-testid="change-preview"
          >
            {p.lines.map((line) => (
              <div key={line.description} className="flex justify-between gap-4">
                <span className="text-slate-600">{line.description}</span>
                <span className="tabular-nums">{formatMoney(line.amount, p.currency)}</span>
              </div>
            ))}
            {p.scheduled ? (
              <p className="text-slate-700">
                This plan changes at the end of the current period ({formatDate(p.nextInvoice.date)}
                ); nothing is charged now.
              </p>
            ) : null}
            {p.taxAmount ? <Row label="Tax" value={formatMoney(p.taxAmount, p.currency)} /> : null}
            <Row
              label="Due now"
              value={formatMoney(p.amountDueNow, p.currency)}
              strong
              testId="amount-due-now"
            />
            {p.creditCarriedForward > 0 ? (
              <Row
                label="Credit for your next invoices"
                value={formatMoney(p.creditCarriedForward, p.currency)}
              />
            ) : null}
            <Row
              label={`Next invoice on ${formatDate(p.nextInvoice.date)}`}
              value={formatMoney(p.nextInvoice.amount, p.currency)}
            />
          </div>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => props.onOpenChange(false)}>
            Keep current plan
          </Button>
          <Button
            disabled={!p || unchanged || quantity === null || change.isPending}
            onClick={() => void confirm()}
          >
            {change.isPending
              ? "Changing…"
              : p && p.amountDueNow > 0
                ? `Pay ${formatMoney(p.amountDueNow, p.currency)} and change`
                : "Confirm change"}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

function Row({
  label,
  value,
  strong,
  testId,
}: {
  label: string;
  value: string;
  strong?: boolean;
  testId?: string;
}) {
  return (
    <div
      className={`flex justify-between gap-4 border-t border-slate-200 pt-2 ${strong ? "font-semibold" : ""}`}
    >
      <span>{label}</span>
      <span className="tabular-nums" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}
