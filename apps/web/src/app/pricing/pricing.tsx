"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { toast } from "sonner";

import { ChangePlanDialog } from "~/components/billing/change-plan-dialog";
import { CouponField } from "~/components/billing/coupon-field";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { ErrorState, Loading } from "~/components/ui/states";
import { apiError } from "~/lib/errors";
import { formatMoney } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

const LIVE = new Set(["TRIALING", "ACTIVE", "PAST_DUE", "PAUSED", "INCOMPLETE"]);

export function Pricing({ signedIn, role }: { signedIn: boolean; role: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [cycle, setCycle] = useState<"monthly" | "yearly">("monthly");
  const [seats, setSeats] = useState(1);
  const [coupon, setCoupon] = useState("");
  const [couponValid, setCouponValid] = useState(false);
  const [changeTo, setChangeTo] = useState<string | null>(null);
  const plans = useQuery(trpc.plans.list.queryOptions({}));
  const subscriptions = useQuery({
    ...trpc.payments.subscriptions.list.queryOptions({ page: 1, limit: 10 }),
    enabled: signedIn,
  });
  const live = subscriptions.data?.data.find((s) => LIVE.has(s.status));
  const checkout = useMutation(trpc.payments.checkout.create.mutationOptions());
  const canBuy = role === "OWNER" || role === "ADMIN";
  const onValidity = useCallback((valid: boolean) => setCouponValid(valid), []);

  async function choose(planId: string) {
    if (!signedIn) {
      router.push(`/sign-up?callbackUrl=${encodeURIComponent("/pricing")}`);
      return;
    }
    if (live) {
      setChangeTo(planId);
      return;
    }
    try {
      const session = await checkout.mutateAsync({
        licenseTypeId: planId,
        billingCycle: cycle,
        quantity: seats,
        ...(coupon.trim() && couponValid ? { couponCode: coupon.trim() } : {}),
      });
      window.location.assign(session.url);
    } catch (error) {
      toast.error(apiError(error).message);
    }
  }

  if (plans.isPending) return <Loading label="Loading plans…" />;
  if (plans.isError) return <ErrorState message="Could not load the plans." />;
  const paid = plans.data.filter((p) => (p.prices.monthly ?? 0) > 0);
  const best = Math.max(
    ...paid.map((p) =>
      Math.round((1 - (p.prices.yearly ?? 0) / ((p.prices.monthly ?? 1) * 12)) * 100),
    ),
  );

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-6">
        <fieldset
          className="flex rounded-lg border border-slate-300 bg-white p-1"
          aria-label="Billing cycle"
        >
          {(["monthly", "yearly"] as const).map((c) => (
            <label
              key={c}
              className={`flex min-h-11 cursor-pointer items-center rounded-md px-4 py-1.5 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600 sm:min-h-0 ${cycle === c ? "bg-indigo-600 text-white" : "text-slate-700"}`}
            >
              <input
                type="radio"
                name="cycle"
                value={c}
                checked={cycle === c}
                onChange={() => setCycle(c)}
                className="sr-only"
              />
              {c === "monthly" ? "Monthly" : `Yearly (save up to ${best}%)`}
            </label>
          ))}
        </fieldset>
        <div className="w-24">
          <Field
            label="Seats"
            type="number"
            min={1}
            max={1000}
            value={seats}
            onChange={(e) => setSeats(Math.max(1, Math.floor(Number(e.target.value) || 1)))}
          />
        </div>
        <div className="w-64">
          <CouponField
            value={coupon}
            onChange={setCoupon}
            onValidity={onValidity}
            signedIn={signedIn && canBuy}
            planId={undefined}
            cycle={cycle}
          />
        </div>
      </div>
      {live ? (
        <p className="rounded-md bg-indigo-50 p-3 text-sm text-indigo-900">
          You are on <strong>{live.plan.name}</strong> ({live.billingCycle}). Choosing another plan
          changes it with proration.
        </p>
      ) : null}
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {plans.data.map((plan) => {
          const price = cycle === "yearly" ? plan.prices.yearly : plan.prices.monthly;
          const saving =
            plan.prices.monthly && plan.prices.yearly
              ? Math.round((1 - plan.prices.yearly / (plan.prices.monthly * 12)) * 100)
              : 0;
          const current = live?.plan.id === plan.id && live.billingCycle === cycle;
          return (
            <li
              key={plan.id}
              className="flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
              aria-label={plan.name}
            >
              <h2 className="text-lg font-semibold">{plan.name}</h2>
              <p className="text-sm text-slate-600">{plan.description}</p>
              <p className="mt-3 text-2xl font-bold" data-testid={`price-${plan.slug}`}>
                {price === null ? "—" : formatMoney(price * seats, plan.currency)}
                <span className="text-sm font-normal text-slate-500">
                  {" "}
                  / {cycle === "yearly" ? "year" : "month"}
                </span>
              </p>
              {cycle === "yearly" && saving > 0 ? (
                <p className="text-xs font-medium text-emerald-700">Save {saving}% vs monthly</p>
              ) : null}
              <p className="mt-1 text-xs text-slate-500">
                {plan.limits.maxUsers === null
                  ? "Unlimited users"
                  : `Up to ${plan.limits.maxUsers} users`}
                {plan.trialDays ? ` · ${plan.trialDays}-day trial available` : ""}
              </p>
              <ul className="mt-3 flex-1 space-y-1 text-sm text-slate-700">
                {plan.features.map((f) => (
                  <li key={f}>✓ {f}</li>
                ))}
              </ul>
              <Button
                className="mt-4"
                aria-label={`Choose ${plan.name}`}
                disabled={price === null || current || (signedIn && !canBuy) || checkout.isPending}
                onClick={() => void choose(plan.id)}
              >
                {current
                  ? "Current plan"
                  : signedIn && !canBuy
                    ? "Ask an owner or admin"
                    : "Choose"}
              </Button>
            </li>
          );
        })}
      </ul>
      {live && changeTo ? (
        <ChangePlanDialog
          subscription={live}
          initialPlanId={changeTo}
          initialCycle={cycle}
          open
          onOpenChange={(open) => !open && setChangeTo(null)}
        />
      ) : null}
    </div>
  );
}
