import type { BillingCustomer, Coupon, Db, Plan, Subscription } from "@salesos/db";

import type { Tx } from "../deps";
import { quoteInvoice, type DiscountTerms, type InvoiceQuote } from "../invoicing";
import { addMonthsClamped, cycleMonths, type BillingCycle } from "../money";
import { couponCovers } from "../usecases/change-plan-pricing";

function monthsBetween(a: Date, b: Date): number {
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
}

/** The subscription's discount if it still applies to a period starting at `at`. */
export function activeDiscount(
  sub: Subscription,
  at: Date,
  coupon?: Pick<Coupon, "code"> | null,
): DiscountTerms | null {
  if (sub.discountPercentOff === null && sub.discountAmountOff === null) return null;
  if (sub.discountEndsAt && at >= sub.discountEndsAt) return null;
  return {
    percentOff: sub.discountPercentOff,
    amountOff: sub.discountAmountOff,
    couponCode: coupon?.code ?? null,
  };
}

export interface RenewalQuote {
  /** Plan, cycle, seats and price of the next period: a scheduled downgrade takes effect there. */
  next: { plan: Plan; cycle: BillingCycle; quantity: number; unitAmount: number };
  anchor: Date;
  start: Date;
  end: Date;
  discount: DiscountTerms | null;
  quote: InvoiceQuote;
}

/**
 * The invoice that opens the period after the current one. The clock issues exactly this; the billing
 * page shows it as the next invoice, so the two can never disagree.
 */
export async function quoteRenewal(
  db: Db | Tx,
  sub: Subscription & { plan: Plan; customer: BillingCustomer; coupon: Coupon | null },
): Promise<RenewalQuote> {
  const pendingPlan = sub.pendingPlanId
    ? await db.plan.findUniqueOrThrow({ where: { id: sub.pendingPlanId } })
    : null;
  const cycle = sub.pendingBillingCycle ?? sub.billingCycle;
  const pendingPrice = pendingPlan
    ? cycle === "yearly"
      ? pendingPlan.yearlyPrice
      : pendingPlan.monthlyPrice
    : null;
  const next = {
    plan: pendingPlan ?? sub.plan,
    cycle,
    quantity: sub.pendingQuantity ?? sub.quantity,
    // A scheduled plan change brings its price; else a new list price staff moved it to; else its own.
    unitAmount: pendingPrice ?? sub.pendingUnitAmount ?? sub.unitAmount,
  };
  const start = sub.currentPeriodEnd;
  // A new cycle, or the first paid period after a trial, starts counting periods from here.
  const anchor =
    next.cycle !== sub.billingCycle || sub.status === "TRIALING" ? start : sub.billingAnchor;
  const end = addMonthsClamped(anchor, monthsBetween(anchor, start) + cycleMonths(next.cycle));
  // Coupon terms are re-checked at every renewal: one that does not cover the next plan is dropped.
  const discount = couponCovers(sub.coupon, next.plan.id, sub.currency)
    ? activeDiscount(sub, start, sub.coupon)
    : null;
  const quote = await quoteInvoice(db, {
    customer: sub.customer,
    currency: sub.currency,
    lines: [
      {
        description: `${next.plan.name} (${next.cycle})`,
        quantity: next.quantity,
        unitAmount: next.unitAmount,
        amount: next.unitAmount * next.quantity,
        periodStart: start,
        periodEnd: end,
        proration: false,
      },
    ],
    discount,
    useCredit: true,
  });
  return { next, anchor, start, end, discount, quote };
}
