/**
 * Proration, Stripe's method: the unused part of the current price is credited and the rest of the period
 * is charged at the new price, both in proportion to the exact seconds left, each line rounded half-up on
 * its own (never the sum), so a preview and the charge made with the same `prorationDate` agree to the unit.
 */
import { prorationLineDescription, subscriptionLineDescription } from "./describe";
import { addMonthsClamped, type BillingCycle, cycleMonths, secondsBetween } from "./periods";
import { mulDivHalfUp } from "./rounding";

/** `amount × secondsLeft / secondsInPeriod`, half-up; `at` outside the period clamps to all or nothing. */
export function prorate(
  amount: number,
  args: { periodStart: Date; periodEnd: Date; at: Date },
): number {
  const secondsInPeriod = secondsBetween(args.periodStart, args.periodEnd);
  if (secondsInPeriod <= 0) throw new RangeError("The period must last at least one second");
  const secondsLeft = Math.min(
    Math.max(secondsBetween(args.at, args.periodEnd), 0),
    secondsInPeriod,
  );
  return mulDivHalfUp(amount, secondsLeft, secondsInPeriod);
}

export interface PriceLine {
  unitAmount: number;
  quantity: number;
  cycle: BillingCycle;
  label: string;
}

export interface ProrationLine {
  description: string;
  /** Negative for a credit. */
  amount: number;
  periodStart: Date;
  periodEnd: Date;
  proration: true;
}

export interface PlanChange {
  lines: ProrationLine[];
  credit: number;
  charge: number;
  net: number;
  isUpgrade: boolean;
  cycleChange: boolean;
  newPeriodStart: Date;
  newPeriodEnd: Date;
}

/** unitAmount × quantity, refusing inputs that would make a credit or a charge negative or inexact. */
function fullPrice(line: PriceLine, name: string): number {
  if (!Number.isSafeInteger(line.unitAmount) || line.unitAmount < 0)
    throw new RangeError(`${name}.unitAmount must be a non-negative integer`);
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 0)
    throw new RangeError(`${name}.quantity must be a non-negative integer`);
  return mulDivHalfUp(line.unitAmount, line.quantity, 1);
}

/**
 * True when `next` costs more per unit of time than `current` (a yearly price is cheaper per month than
 * twelve monthly ones, so raw prices would misclassify a monthly → yearly switch). Cross-multiplied in
 * BigInt rather than divided, so there is no rounding at all.
 */
function costsMorePerMonth(current: PriceLine, next: PriceLine): boolean {
  const nextRate =
    BigInt(next.unitAmount) * BigInt(next.quantity) * BigInt(cycleMonths(current.cycle));
  const currentRate =
    BigInt(current.unitAmount) * BigInt(current.quantity) * BigInt(cycleMonths(next.cycle));
  return nextRate > currentRate;
}

/**
 * The proration lines of a plan, seat or cycle change at `prorationDate`, which must lie inside the
 * current period (a date outside it means the period has already renewed and the preview is stale).
 * Same cycle: credit the unused current price and charge the next price for the rest of the period, which
 * keeps its bounds. Cycle change: credit the unused current price, end the period now, and charge the full
 * next price for a new period starting at `prorationDate`.
 */
export function computePlanChange(args: {
  current: PriceLine;
  next: PriceLine;
  periodStart: Date;
  periodEnd: Date;
  prorationDate: Date;
}): PlanChange {
  const { current, next, periodStart, periodEnd, prorationDate } = args;
  const currentFull = fullPrice(current, "current");
  const nextFull = fullPrice(next, "next");
  if (
    prorationDate.getTime() < periodStart.getTime() ||
    prorationDate.getTime() > periodEnd.getTime()
  )
    throw new RangeError("prorationDate must lie within the current period");

  const window = { periodStart, periodEnd, at: prorationDate };
  const credit = prorate(currentFull, window);
  const creditLine: ProrationLine = {
    description: prorationLineDescription({
      kind: "unused",
      planName: current.label,
      quantity: current.quantity,
      from: prorationDate,
      to: periodEnd,
    }),
    // 0 - credit rather than -credit: a zero credit must be 0, not -0 (which Object.is and JSON treat apart).
    amount: 0 - credit,
    periodStart: prorationDate,
    periodEnd,
    proration: true,
  };

  const cycleChange = current.cycle !== next.cycle;
  const newPeriodStart = cycleChange ? prorationDate : periodStart;
  const newPeriodEnd = cycleChange
    ? addMonthsClamped(prorationDate, cycleMonths(next.cycle))
    : periodEnd;
  const charge = cycleChange ? nextFull : prorate(nextFull, window);
  const chargeLine: ProrationLine = {
    description: cycleChange
      ? subscriptionLineDescription({
          planName: next.label,
          quantity: next.quantity,
          periodStart: newPeriodStart,
          periodEnd: newPeriodEnd,
        })
      : prorationLineDescription({
          kind: "remaining",
          planName: next.label,
          quantity: next.quantity,
          from: prorationDate,
          to: periodEnd,
        }),
    amount: charge,
    periodStart: cycleChange ? newPeriodStart : prorationDate,
    periodEnd: newPeriodEnd,
    proration: true,
  };

  return {
    lines: [creditLine, chargeLine],
    credit,
    charge,
    net: charge - credit,
    isUpgrade: costsMorePerMonth(current, next),
    cycleChange,
    newPeriodStart,
    newPeriodEnd,
  };
}
