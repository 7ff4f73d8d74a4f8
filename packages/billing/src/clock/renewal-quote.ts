import type { BillingCustomer, Coupon, Db, Plan, Subscription } from "@salesos/db";

import type { Tx } from "../deps";
import {
  buildQuote,
  taxRateFor,
  type DiscountTerms,
  type InvoiceQuote,
  type TaxTerms,
} from "../invoicing";
import {
  addMonthsClamped,
  cycleMonths,
  subscriptionLineDescription,
  type BillingCycle,
} from "../money";
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

/** Renewals only: one invoice per subscription and period start (a unique key), never two. */
export function renewalPeriodKey(subscriptionId: string, start: Date): string {
  return `${subscriptionId}:${start.toISOString()}`;
}

export type RenewingSubscription = Subscription & {
  plan: Plan;
  customer: BillingCustomer;
  coupon: Coupon | null;
};

/** What pricing a renewal reads besides the subscription: loaded one by one here, in bulk by the batch. */
export interface RenewalFacts {
  /** The plan of a scheduled change (null when none is scheduled). */
  pendingPlan: Plan | null;
  /** The tax of the customer's country. */
  tax: TaxTerms;
}

/**
 * The invoice that opens the period after the current one. The clock issues exactly this; the billing
 * page shows it as the next invoice, so the two can never disagree.
 */
export async function quoteRenewal(db: Db | Tx, sub: RenewingSubscription): Promise<RenewalQuote> {
  const pendingPlan = sub.pendingPlanId
    ? await db.plan.findUniqueOrThrow({ where: { id: sub.pendingPlanId } })
    : null;
  return priceRenewal(sub, { pendingPlan, tax: await taxRateFor(db, sub.customer.country) });
}

/** The renewal priced from facts already loaded: no database, so one-by-one and batches agree. */
export function priceRenewal(sub: RenewingSubscription, facts: RenewalFacts): RenewalQuote {
  const { pendingPlan } = facts;
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
  const quote = buildQuote(
    {
      customer: sub.customer,
      currency: sub.currency,
      lines: [
        {
          description: subscriptionLineDescription({
            planName: next.plan.name,
            quantity: next.quantity,
            periodStart: start,
            periodEnd: end,
          }),
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
    },
    facts.tax,
  );
  return { next, anchor, start, end, discount, quote };
}

/**
 * The subscription's fields once its renewal invoice is issued: the next period's terms (a scheduled
 * change applied), dunning reset, what the new terms were paid, and the discount ended when it ran out
 * (a ONCE coupon, an expiry, or a coupon that no longer covers the new plan).
 */
export function renewedTerms(
  sub: Subscription & { coupon: Coupon | null },
  renewal: RenewalQuote,
  amountDue: number,
  now: Date,
) {
  const { next, anchor, start, end, discount, quote } = renewal;
  // A coupon that no longer covers the new terms (a scheduled change to another plan) ends here too.
  const covered = couponCovers(sub.coupon, next.plan.id, sub.currency);
  const discountDone = !discount || sub.discountOnce || !covered;
  return {
    status: "ACTIVE" as const,
    planId: next.plan.id,
    billingCycle: next.cycle,
    quantity: next.quantity,
    unitAmount: next.unitAmount,
    billingAnchor: anchor,
    currentPeriodStart: start,
    currentPeriodEnd: end,
    pendingPlanId: null,
    pendingUnitAmount: null,
    pendingBillingCycle: null,
    pendingQuantity: null,
    paymentAttempts: 0,
    nextPaymentAttemptAt: amountDue > 0 ? now : null,
    paidAmount: quote.subtotal - quote.discountAmount,
    paidTax: quote.taxAmount,
    paidFrom: start,
    ...(discountDone
      ? {
          couponId: covered ? sub.couponId : null,
          discountPercentOff: null,
          discountAmountOff: null,
          discountEndsAt: null,
          discountOnce: false,
        }
      : {}),
  };
}
