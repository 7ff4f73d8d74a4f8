"use client";

import { Button } from "~/components/ui/button";
import { cycleLabel, formatMoney } from "~/lib/format";
import { plural } from "~/lib/plural";

export interface PricingPlan {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  currency: string;
  prices: { monthly: number | null; yearly: number | null };
  trialDays: number;
  limits: { maxUsers: number | null };
  features: string[];
  tier: string;
  downgradeTiming: "IMMEDIATE" | "PERIOD_END";
  refundOnCancel: boolean;
}

/**
 * One plan on /pricing. It says what each button does: a free plan needs no card; a trial, offered only
 * where the server would grant it (a first-time customer), takes a card and charges nothing until it
 * ends; "Choose" pays now.
 */
export function PlanCard(props: {
  plan: PricingPlan;
  cycle: "monthly" | "yearly";
  seats: number | null;
  current: boolean;
  /** Marked "Recommended" (recommended.ts says which). */
  recommended: boolean;
  /** Null when this visitor may choose; else the button's text (e.g. "Ask an owner or admin"). */
  blockedLabel: string | null;
  offerTrial: boolean;
  busyLabel: string | null;
  disabled: boolean;
  onChoose: (trial: boolean) => void;
}) {
  const { plan, cycle, seats, current } = props;
  const price = cycle === "yearly" ? plan.prices.yearly : plan.prices.monthly;
  const saving =
    plan.prices.monthly && plan.prices.yearly
      ? Math.round((1 - plan.prices.yearly / (plan.prices.monthly * 12)) * 100)
      : 0;
  const free = price === 0;
  const trial = props.offerTrial && !free && price !== null && plan.trialDays > 0;
  const total = price === null ? null : price * (seats ?? 1);
  const cannot = price === null || current || props.blockedLabel !== null || props.disabled;
  return (
    <li
      className={`relative flex flex-col rounded-lg border bg-white p-5 shadow-sm ${props.recommended ? "border-2 border-indigo-600" : "border-slate-200"}`}
      aria-label={plan.name}
      data-recommended={props.recommended || undefined}
    >
      {props.recommended ? (
        <p
          className="absolute -top-3 left-5 rounded-full bg-indigo-600 px-2.5 py-0.5 text-xs font-semibold text-white"
          data-testid="recommended-badge"
        >
          Recommended
        </p>
      ) : null}
      <h2 className="text-lg font-semibold">{plan.name}</h2>
      <p className="text-sm text-slate-600">{plan.description}</p>
      <p className="mt-3 text-2xl font-bold" data-testid={`price-${plan.slug}`}>
        {total === null ? "—" : formatMoney(total, plan.currency)}
        <span className="text-sm font-normal text-slate-500"> / {cycleLabel(cycle)}</span>
      </p>
      {seats === null && price ? (
        <p className="text-xs text-slate-500">{formatMoney(price, plan.currency)} per seat</p>
      ) : null}
      {cycle === "yearly" && saving > 0 ? (
        <p className="text-xs font-medium text-emerald-700">Save {saving}% vs monthly</p>
      ) : null}
      <p className="mt-1 text-xs text-slate-500">
        {plan.limits.maxUsers === null
          ? "Unlimited users"
          : `Up to ${plural(plan.limits.maxUsers, "user")}`}
        {free ? " · No card needed" : ""}
      </p>
      <ul className="mt-3 flex-1 space-y-1 text-sm text-slate-700">
        {plan.features.map((f) => (
          <li key={f}>✓ {f}</li>
        ))}
      </ul>
      <Button
        className="mt-4"
        aria-label={`Choose ${plan.name}`}
        disabled={cannot}
        onClick={() => props.onChoose(false)}
      >
        {current
          ? "Current plan"
          : (props.blockedLabel ?? props.busyLabel ?? (free ? "Choose (free)" : "Choose"))}
      </Button>
      {trial && !current && props.blockedLabel === null ? (
        <div className="mt-2 space-y-1">
          <Button
            variant="secondary"
            className="w-full"
            // The visible text first, then the plan: the accessible name contains what is seen.
            aria-label={`Start ${plan.trialDays}-day free trial of ${plan.name}`}
            disabled={cannot}
            onClick={() => props.onChoose(true)}
          >
            Start {plan.trialDays}-day free trial
          </Button>
          <p className="text-xs text-slate-500" data-testid={`trial-terms-${plan.slug}`}>
            For new customers. A card is required; nothing is charged for {plan.trialDays} days,
            then {total === null ? "" : formatMoney(total, plan.currency)} per {cycleLabel(cycle)}{" "}
            (before any coupon) unless you cancel before the trial ends.
          </p>
        </div>
      ) : null}
    </li>
  );
}
