import type { BillingCustomer, Coupon, Db, Subscription } from "@salesos/db";

import type { Tx } from "../deps";
import { taxRateFor, type InvoiceQuote } from "../invoicing";
import {
  chargeForWindow,
  computePlanChange,
  prorationTotals,
  unusedCredit,
  type BillingCycle,
} from "../money";

/** Whether a coupon still applies to terms on `planId` in `currency` (re-checked at every change). */
export function couponCovers(
  coupon: Pick<Coupon, "appliesToPlanIds" | "amountOff" | "currency"> | null,
  planId: string,
  currency: string,
): boolean {
  if (!coupon) return true;
  if (coupon.appliesToPlanIds.length > 0 && !coupon.appliesToPlanIds.includes(planId)) return false;
  return coupon.amountOff === null || coupon.currency === null || coupon.currency === currency;
}

/**
 * The percent discount a proration's charge line gets: the subscription's, while it lasts and while its
 * coupon covers the new plan. Fixed-amount coupons never apply to prorations (each change would take the
 * amount off again); the credit line needs none, being priced from what was paid.
 */
function prorationPercent(s: Subscription, at: Date, covered: boolean): number {
  if (!covered || s.discountPercentOff === null) return 0;
  if (s.discountEndsAt && at >= s.discountEndsAt) return 0;
  return s.discountPercentOff;
}

export interface PricedChange {
  change: ReturnType<typeof computePlanChange>;
  credit: { amount: number; tax: number };
  charge: { gross: number; net: number; tax: number; discount: number };
  quote: InvoiceQuote;
  /** The new terms' paid window (what the next credit is prorated from). */
  paidTerms: { amount: number; tax: number; from: Date };
  /** A net credit, tax included: issued as a credit note onto the balance. */
  creditCarriedForward: number;
}

/**
 * Prices an immediate change at `prorationDate`: credit = the unused part of what the current terms
 * were paid (discount and tax as paid); charge = the new price for the rest of the period (or a new
 * full period on a cycle change), discounted and taxed before prorating. See money/paid-terms.ts.
 */
export async function priceImmediateChange(
  db: Db | Tx,
  args: {
    subscription: Subscription & { plan: { name: string } };
    customer: BillingCustomer;
    next: { unitAmount: number; quantity: number; cycle: BillingCycle; label: string };
    couponCovered: boolean;
    prorationDate: Date;
  },
): Promise<PricedChange> {
  const { subscription: sub, next, prorationDate } = args;
  const change = computePlanChange({
    current: {
      unitAmount: sub.unitAmount,
      quantity: sub.quantity,
      cycle: sub.billingCycle,
      label: sub.plan.name,
    },
    next,
    periodStart: sub.currentPeriodStart,
    periodEnd: sub.currentPeriodEnd,
    prorationDate,
  });
  const tax = await taxRateFor(db, args.customer.country);
  const credit = unusedCredit(
    {
      amount: sub.paidAmount,
      tax: sub.paidTax,
      from: sub.paidFrom ?? sub.currentPeriodStart,
      to: sub.currentPeriodEnd,
    },
    prorationDate,
  );
  const charge = chargeForWindow({
    fullPrice: next.unitAmount * next.quantity,
    percentOff: prorationPercent(sub, prorationDate, args.couponCovered),
    taxRateBps: tax.bps,
    periodStart: change.cycleChange ? prorationDate : sub.currentPeriodStart,
    periodEnd: change.newPeriodEnd,
    at: prorationDate,
  });
  const totals = prorationTotals(credit, charge);
  const [creditLine, chargeLine] = change.lines;
  const lines = [
    { ...creditLine!, amount: 0 - credit.amount },
    { ...chargeLine!, amount: charge.gross },
  ].map((l) => ({ ...l, quantity: 1, unitAmount: l.amount }));
  const creditApplied = Math.min(args.customer.creditBalance, Math.max(totals.total, 0));
  const quote: InvoiceQuote = {
    ...totals,
    amountDue: Math.max(0, totals.total - creditApplied),
    amountPaid: creditApplied,
    creditApplied,
    lines,
    currency: sub.currency,
    taxRateBps: tax.bps,
    taxLabel: tax.label,
    couponCode: null,
  };
  return {
    change,
    credit,
    charge,
    quote,
    paidTerms: { amount: charge.net, tax: charge.tax, from: prorationDate },
    creditCarriedForward: totals.total < 0 ? -totals.total : 0,
  };
}
