"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";

import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { Field } from "~/components/ui/field";
import { SelectField } from "~/components/ui/select-field";
import { Loading, QueryError } from "~/components/ui/states";
import { apiError } from "~/lib/errors";
import { formatDate, formatMoney } from "~/lib/format";
import { decimalToMinor } from "~/lib/money-input";
import { useTRPC } from "~/trpc/react";

import { PlanEdit } from "./plan-edit";

export function PlanList() {
  const trpc = useTRPC();
  const plans = useQuery(trpc.admin.plans.list.queryOptions({}));
  if (plans.isPending) return <Loading />;
  if (plans.isError) return <QueryError query={plans} />;
  return (
    <div className="space-y-4">
      {plans.data.map((plan) => (
        <PlanCard key={plan.id} plan={plan} />
      ))}
    </div>
  );
}

type Plan = {
  id: string;
  slug: string;
  name: string;
  description: string;
  maxUsers: number | null;
  features: string[];
  trialDays: number;
  currency: string;
  monthlyPrice: number | null;
  yearlyPrice: number | null;
  isActive: boolean;
  isPublic: boolean;
  prices: {
    id: string;
    billingCycle: "monthly" | "yearly";
    unitAmount: number;
    createdAt: Date;
    supersededAt: Date | null;
  }[];
  subscribers: { billingCycle: "monthly" | "yearly"; unitAmount: number; count: number }[];
};

function PlanCard({ plan }: { plan: Plan }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.admin.plans.update.mutationOptions());
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.admin.plans.list.queryKey() });

  async function toggle(change: { isActive?: boolean; isPublic?: boolean }) {
    try {
      await update.mutateAsync({ id: plan.id, ...change });
      await refresh();
    } catch (error) {
      toast.error(apiError(error).message);
    }
  }

  return (
    <section
      aria-label={`Plan ${plan.name}`}
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
      data-testid={`plan-${plan.slug}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold">
            {plan.name} <span className="font-mono text-xs text-slate-500">{plan.slug}</span>
          </h2>
          <p className="text-sm text-slate-600" data-testid="current-prices">
            {plan.monthlyPrice !== null
              ? `${formatMoney(plan.monthlyPrice, plan.currency)}/month`
              : "no monthly price"}{" "}
            ·{" "}
            {plan.yearlyPrice !== null
              ? `${formatMoney(plan.yearlyPrice, plan.currency)}/year`
              : "no yearly price"}
            {plan.isActive ? "" : " · not sold"}
            {plan.isPublic ? "" : " · hidden"}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <PlanEdit plan={plan} onSaved={refresh} />
          <PriceDialog plan={plan} onSaved={refresh} />
          <Button
            variant="secondary"
            className="px-2 py-1 text-xs"
            onClick={() => void toggle({ isPublic: !plan.isPublic })}
          >
            {plan.isPublic ? `Hide ${plan.name}` : `Show ${plan.name}`}
          </Button>
          <Button
            variant={plan.isActive ? "danger" : "secondary"}
            className="px-2 py-1 text-xs"
            onClick={() => void toggle({ isActive: !plan.isActive })}
          >
            {plan.isActive ? `Deactivate ${plan.name}` : `Activate ${plan.name}`}
          </Button>
        </div>
      </div>
      <div className="mt-3 grid gap-4 text-sm md:grid-cols-2">
        <div>
          <h3 className="font-medium">Price history</h3>
          <ul>
            {plan.prices.map((p) => (
              <li key={p.id} className={p.supersededAt ? "text-slate-500" : ""}>
                {formatMoney(p.unitAmount, plan.currency)}/
                {p.billingCycle === "yearly" ? "year" : "month"} · from {formatDate(p.createdAt)}
                {p.supersededAt ? ` to ${formatDate(p.supersededAt)}` : " · current"}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3 className="font-medium">Live subscribers by price</h3>
          {plan.subscribers.length === 0 ? (
            <p className="text-slate-500">None.</p>
          ) : (
            <ul data-testid="subscribers-by-price">
              {plan.subscribers.map((s) => (
                <li key={`${s.billingCycle}-${s.unitAmount}`}>
                  {s.count} at {formatMoney(s.unitAmount, plan.currency)}/
                  {s.billingCycle === "yearly" ? "year" : "month"}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}

function PriceDialog({ plan, onSaved }: { plan: Plan; onSaved: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const setPrice = useMutation(trpc.admin.plans.setPrice.mutationOptions());
  const [open, setOpen] = useState(false);
  const [cycle, setCycle] = useState<"monthly" | "yearly">("monthly");
  const [amount, setAmount] = useState("");
  const [moveExisting, setMoveExisting] = useState(false);
  const minor = decimalToMinor(amount, plan.currency);

  async function save() {
    if (minor === null) return toast.error("Enter a price, e.g. 39.99.");
    try {
      const { moved } = await setPrice.mutateAsync({
        id: plan.id,
        billingCycle: cycle,
        unitAmount: minor,
        moveExisting,
      });
      toast.success(
        moved
          ? `New price saved; ${moved} subscriptions move at their next renewal.`
          : "New price saved for new subscriptions.",
      );
      setOpen(false);
      await onSaved();
    } catch (error) {
      toast.error(apiError(error).message);
    }
  }

  return (
    <>
      <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setOpen(true)}>
        Change price of {plan.name}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={`New price for ${plan.name}`}
        description="New subscriptions pay it; existing ones keep theirs unless you move them."
      >
        <form
          className="mt-4 space-y-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <SelectField
            label="Billing cycle"
            value={cycle}
            onChange={(e) => setCycle(e.target.value as "monthly" | "yearly")}
          >
            <option value="monthly">Monthly</option>
            <option value="yearly">Yearly</option>
          </SelectField>
          <Field
            label={`Price (${plan.currency.toUpperCase()})`}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
          <label className="flex min-h-11 items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={moveExisting}
              onChange={(e) => setMoveExisting(e.target.checked)}
            />
            Move existing subscribers at their next renewal (they are told now)
          </label>
          <Button type="submit" className="w-full" disabled={setPrice.isPending}>
            Save price
          </Button>
        </form>
      </Dialog>
    </>
  );
}
