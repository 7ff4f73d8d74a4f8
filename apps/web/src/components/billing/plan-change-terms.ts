/**
 * What choosing a plan in the change-plan dialog will do, by the engine's own rules
 * (packages/billing/src/usecases/change-plan-preview.ts and money/proration.ts), before any preview:
 * - during a trial, the plan changes now and nothing is charged until the trial ends;
 * - a change of billing cycle ends the period now: a new period starts today, charged now, less a credit
 *   for the unused time of the current one (any credit left goes to the next invoices);
 * - an upgrade (a higher price per month for the seats) is charged now, prorated to the second, less the
 *   unused time;
 * - otherwise (a downgrade, or the same price) the change applies now with the unused time credited to
 *   the next invoices, or at the end of the period when the current plan says so (`downgradeTiming`).
 * The preview then gives the exact amounts.
 */
import { seatCount } from "../../lib/plural";

export type Cycle = "monthly" | "yearly";

export interface PlanOption {
  id: string;
  name: string;
  prices: { monthly: number | null; yearly: number | null };
  limits: { maxUsers: number | null };
}

export interface CurrentTerms {
  planId: string;
  unitAmount: number;
  quantity: number;
  cycle: Cycle;
  status: string;
  currentPeriodEnd: Date | string;
  /** The current plan's rule for cheaper changes. */
  downgradeTiming: "IMMEDIATE" | "PERIOD_END";
}

export type ChangeKind =
  | "current"
  | "unavailable"
  | "trial"
  | "cycle"
  | "upgrade"
  | "downgrade-now"
  | "downgrade-at-period-end";

export interface ChangeTerms {
  kind: ChangeKind;
  /** Short, beside the plan: "Upgrade: charged now, prorated". */
  label: string;
}

const MONTHS: Record<Cycle, number> = { monthly: 1, yearly: 12 };

/**
 * The price per seat the new terms would have: the subscription keeps its own price for a seat change
 * (grandfathered); any other plan or cycle takes today's list price. Null: not sold on that cycle.
 */
export function unitPriceFor(plan: PlanOption, cycle: Cycle, current: CurrentTerms): number | null {
  if (plan.id === current.planId && cycle === current.cycle) return current.unitAmount;
  return plan.prices[cycle];
}

/**
 * The engine's test for an upgrade is "more per month" (cross-multiplied, so no rounding is involved):
 * the sign of next − current per month.
 */
function perMonthDifference(
  current: CurrentTerms,
  next: { unit: number; qty: number; cycle: Cycle },
) {
  return Math.sign(
    next.unit * next.qty * MONTHS[current.cycle] -
      current.unitAmount * current.quantity * MONTHS[next.cycle],
  );
}

export function changeTerms(
  current: CurrentTerms,
  target: { plan: PlanOption; cycle: Cycle; quantity: number },
  formatDate: (value: Date | string) => string,
): ChangeTerms {
  const { plan, cycle, quantity } = target;
  if (plan.id === current.planId && cycle === current.cycle && quantity === current.quantity)
    return { kind: "current", label: "Your current plan" };
  const unit = unitPriceFor(plan, cycle, current);
  if (unit === null)
    return { kind: "unavailable", label: `Not sold ${cycle === "yearly" ? "yearly" : "monthly"}` };
  if (plan.limits.maxUsers !== null && quantity > plan.limits.maxUsers)
    return { kind: "unavailable", label: `Allows at most ${seatCount(plan.limits.maxUsers)}` };
  if (current.status === "TRIALING")
    return { kind: "trial", label: "Changes now; nothing charged until the trial ends" };
  if (cycle !== current.cycle)
    return {
      kind: "cycle",
      label: "New period starts today: charged now, less the unused time",
    };
  const difference = perMonthDifference(current, { unit, qty: quantity, cycle });
  if (difference > 0) return { kind: "upgrade", label: "Upgrade: charged now, prorated" };
  // Not an upgrade: the same price is treated as a downgrade by the engine (no charge to make).
  const what = difference < 0 ? "Downgrade" : "Same price";
  if (current.downgradeTiming === "PERIOD_END")
    return {
      kind: "downgrade-at-period-end",
      label: `${what}: at period end (${formatDate(current.currentPeriodEnd)}), nothing charged now`,
    };
  return { kind: "downgrade-now", label: `${what}: now, unused time credited to next invoices` };
}
