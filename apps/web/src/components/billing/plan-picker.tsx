"use client";

import { useId } from "react";

import { cycleLabel, formatDate, formatMoney } from "~/lib/format";
import { seatCount } from "~/lib/plural";

import {
  changeTerms,
  unitPriceFor,
  type CurrentTerms,
  type Cycle,
  type PlanOption,
} from "./plan-change-terms";

const TONE: Record<string, string> = {
  upgrade: "text-indigo-800",
  cycle: "text-indigo-800",
  "downgrade-now": "text-emerald-800",
  "downgrade-at-period-end": "text-emerald-800",
  trial: "text-slate-700",
  current: "text-slate-600",
  unavailable: "text-slate-600",
};

/**
 * The plans as choices, each with its price for the chosen cycle and seats and what choosing it does
 * (plan-change-terms.ts). Each radio is named by the plan alone, so its accessible name is the plan's
 * name as shown; the price and the consequence are its description.
 */
export function PlanPicker(props: {
  plans: (PlanOption & { slug: string; currency: string })[];
  current: CurrentTerms;
  cycle: Cycle;
  quantity: number | null;
  value: string;
  onChange: (planId: string) => void;
}) {
  const base = useId();
  const quantity = props.quantity ?? props.current.quantity;
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-sm font-medium text-slate-700">Plan</legend>
      <ul className="space-y-2">
        {props.plans.map((plan) => {
          const unit = unitPriceFor(plan, props.cycle, props.current);
          const terms = changeTerms(
            props.current,
            { plan, cycle: props.cycle, quantity },
            formatDate,
          );
          const describedBy = `${base}-${plan.id}`;
          const unavailable = terms.kind === "unavailable";
          return (
            <li key={plan.id}>
              <label
                className={`flex min-h-11 items-start gap-3 rounded-md border p-3 text-sm has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600 ${unavailable ? "cursor-not-allowed border-slate-200 bg-slate-50" : "cursor-pointer border-slate-300"}`}
                data-testid={`plan-option-${plan.slug}`}
              >
                <input
                  type="radio"
                  name={`${base}-plan`}
                  value={plan.id}
                  checked={props.value === plan.id}
                  disabled={unavailable && props.value !== plan.id}
                  onChange={() => props.onChange(plan.id)}
                  aria-label={plan.name}
                  aria-describedby={describedBy}
                  className="mt-0.5 size-4 shrink-0 accent-indigo-600"
                />
                <span className="min-w-0 flex-1 space-y-0.5">
                  <span className="block font-medium">{plan.name}</span>
                  <span id={describedBy} className="block text-xs text-slate-600">
                    <span
                      className="text-sm font-semibold text-slate-900 tabular-nums"
                      data-testid="plan-option-price"
                    >
                      {unit === null
                        ? "—"
                        : `${formatMoney(unit * quantity, plan.currency)} / ${cycleLabel(props.cycle)}`}
                    </span>
                    {unit === null
                      ? " "
                      : ` (${seatCount(quantity)} × ${formatMoney(unit, plan.currency)}). `}
                    <span className={TONE[terms.kind]} data-testid="plan-option-change">
                      {terms.label}.
                    </span>
                  </span>
                </span>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
