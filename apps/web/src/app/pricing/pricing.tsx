"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import type { PricingChoice } from "@salesos/validators";

import { ChangePlanDialog } from "~/components/billing/change-plan-dialog";
import { CouponField } from "~/components/billing/coupon-field";
import { SeatsField, useSeatsInput } from "~/components/billing/seats-field";
import { useCouponCheck } from "~/components/billing/use-coupon-check";
import { Loading, QueryError } from "~/components/ui/states";
import { useTRPC } from "~/trpc/react";

import { PricingFaq } from "./faq";
import { PlanCard } from "./plan-card";
import { recommendedPlanId } from "./recommended";
import { ResumeBanner } from "./resume-banner";
import { useChoose } from "./use-choose";

const LIVE = new Set(["TRIALING", "ACTIVE", "PAST_DUE", "PAUSED", "INCOMPLETE"]);

export function Pricing({
  signedIn,
  role,
  choice,
}: {
  signedIn: boolean;
  role: string | null;
  /** A choice carried here in the URL (through sign-up), already validated by the page. */
  choice: PricingChoice | null;
}) {
  const trpc = useTRPC();
  const [cycle, setCycle] = useState<"monthly" | "yearly">(choice?.cycle ?? "monthly");
  const seats = useSeatsInput(choice?.seats ?? 1);
  const [coupon, setCoupon] = useState(choice?.coupon ?? "");
  const [changeTo, setChangeTo] = useState<string | null>(null);
  const [resume, setResume] = useState(choice);
  const canBuy = !signedIn || role === "OWNER" || role === "ADMIN";
  const blockedLabel = canBuy ? null : "Ask an owner or admin";
  const plans = useQuery(trpc.plans.list.queryOptions({}));
  const subscriptions = useQuery({
    ...trpc.payments.subscriptions.list.queryOptions({ page: 1, limit: 10 }),
    enabled: signedIn,
  });
  const live = subscriptions.data?.data.find((s) => LIVE.has(s.status));
  // The server grants a trial to an organization that never had a subscription: offered only then.
  const firstTime = !signedIn || subscriptions.data?.total === 0;
  // Signed in, only an owner or admin may ask the organization-aware check (a MEMBER gets the public one).
  const coupons = useCouponCheck({ typed: coupon, signedIn: signedIn && canBuy, cycle });
  const { choose, busy } = useChoose({
    signedIn,
    hasLiveSubscription: !!live,
    cycle,
    seats: seats.seats,
    couponText: coupon,
    settleCoupon: coupons.settle,
    openChangePlan: setChangeTo,
  });

  if (plans.isPending) return <Loading label="Loading plans…" />;
  if (plans.isError) return <QueryError query={plans} />;
  const paid = plans.data.filter((p) => (p.prices.monthly ?? 0) > 0);
  const best = Math.max(
    ...paid.map((p) =>
      Math.round((1 - (p.prices.yearly ?? 0) / ((p.prices.monthly ?? 1) * 12)) * 100),
    ),
  );
  const recommended = recommendedPlanId(plans.data);
  const resumed = resume ? plans.data.find((p) => p.slug === resume.plan) : undefined;
  // Until the organization's subscriptions are known, nothing may start (it might need a plan change).
  const waiting = signedIn && subscriptions.isPending;

  return (
    <div className="space-y-6">
      {resume && resumed ? (
        <ResumeBanner
          planName={resumed.name}
          cycle={cycle}
          seats={seats.seats ?? resume.seats ?? 1}
          coupon={coupon.trim() || undefined}
          trial={!resume.trial ? "none" : waiting || firstTime ? "offered" : "not-available"}
          changesPlan={!!live}
          blockedLabel={blockedLabel}
          busy={busy !== null || waiting || seats.seats === null}
          onContinue={() => void choose({ plan: resumed, trial: !!resume.trial && firstTime })}
          onDismiss={() => setResume(null)}
        />
      ) : null}
      <div className="flex flex-wrap items-start gap-6">
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
        <SeatsField input={seats} className="w-40" />
        <div className="w-64">
          <CouponField value={coupon} onChange={setCoupon} check={coupons.check} />
        </div>
      </div>
      {live ? (
        <p className="rounded-md bg-indigo-50 p-3 text-sm text-indigo-900">
          You are on <strong>{live.plan.name}</strong> ({live.billingCycle}). Choosing another plan
          changes it with proration.
        </p>
      ) : null}
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {plans.data.map((plan) => (
          <PlanCard
            key={plan.id}
            plan={plan}
            cycle={cycle}
            seats={seats.seats}
            current={live?.plan.id === plan.id && live.billingCycle === cycle}
            recommended={plan.id === recommended}
            blockedLabel={blockedLabel}
            offerTrial={firstTime && !live}
            busyLabel={busy?.planId === plan.id ? busy.label : null}
            disabled={busy !== null || waiting || seats.seats === null}
            onChoose={(trial) => void choose({ plan, trial })}
          />
        ))}
      </ul>
      <PricingFaq plans={plans.data} />
      {live && changeTo ? (
        <ChangePlanDialog
          subscription={live}
          initialPlanId={changeTo}
          initialCycle={cycle}
          initialQuantity={seats.seats ?? live.quantity}
          {...(coupon.trim() ? { couponCode: coupon.trim().toUpperCase() } : {})}
          open
          onOpenChange={(open) => !open && setChangeTo(null)}
        />
      ) : null}
    </div>
  );
}
