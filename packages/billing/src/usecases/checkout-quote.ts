import type { BillingCustomer, CheckoutSession, Coupon, Db, Plan } from "@salesos/db";

import type { Tx } from "../deps";
import { quoteInvoice, type DraftLine, type InvoiceQuote } from "../invoicing";
import { isoOrNull, storeQuote } from "../attempts/payload";
import type { BillingActor } from "../deps";
import type { CardDetails } from "../gateways/port";
import { addMonthsClamped, cycleMonths, subscriptionLineDescription } from "../money";
import type { CheckoutPlan } from "./checkout-effect";
import { planForSale } from "./checkout";

export interface CheckoutQuote {
  plan: Plan & { unitAmount: number };
  coupon: Coupon | null;
  line: DraftLine;
  periodStart: Date;
  periodEnd: Date;
  /** Set when the subscription starts with a trial (then nothing is charged now). */
  trialEnd: Date | null;
  /** The first invoice; null during a trial. */
  quote: InvoiceQuote | null;
}

/**
 * What a checkout session costs if paid at `now`: shared by the hosted page's summary and by the
 * completion, so the page shows exactly what is charged.
 */
export async function quoteCheckout(
  db: Db | Tx,
  args: { session: CheckoutSession; customer: BillingCustomer; now: Date },
): Promise<CheckoutQuote> {
  const { session, customer, now } = args;
  const plan = await planForSale(db, {
    planId: session.planId,
    billingCycle: session.billingCycle,
    quantity: session.quantity,
    allowPrivate: true,
  });
  const coupon = session.couponId
    ? await db.coupon.findUnique({ where: { id: session.couponId } })
    : null;
  // A trial only for a first-time customer (checked again here: a subscription may have appeared since).
  const firstTime =
    session.trialDays > 0 &&
    (await db.subscription.count({ where: { organizationId: session.organizationId } })) === 0;
  const trialEnd = firstTime ? new Date(now.getTime() + session.trialDays * 86_400_000) : null;
  const periodEnd = trialEnd ?? addMonthsClamped(now, cycleMonths(session.billingCycle));
  const line: DraftLine = {
    description: subscriptionLineDescription({
      planName: plan.name,
      quantity: session.quantity,
      periodStart: now,
      periodEnd,
    }),
    quantity: session.quantity,
    unitAmount: plan.unitAmount,
    amount: plan.unitAmount * session.quantity,
    periodStart: now,
    periodEnd,
    proration: false,
  };
  const discount = coupon
    ? { percentOff: coupon.percentOff, amountOff: coupon.amountOff, couponCode: coupon.code }
    : null;
  const quote = trialEnd
    ? null
    : await quoteInvoice(db, {
        customer,
        currency: plan.currency,
        lines: [line],
        discount,
        useCredit: true,
      });
  return { plan, coupon, line, periodStart: now, periodEnd, trialEnd, quote };
}

/** What a checkout creates once paid, as its quote priced it (dates as ISO strings, for a payload). */
export function checkoutPlanOf(args: {
  sessionId: string;
  actor: BillingActor;
  card: CardDetails | null;
  quoted: CheckoutQuote;
}): CheckoutPlan {
  const { plan, coupon, periodStart, periodEnd, trialEnd, quote } = args.quoted;
  return {
    sessionId: args.sessionId,
    actor: args.actor,
    card: args.card,
    planId: plan.id,
    unitAmount: plan.unitAmount,
    couponId: coupon?.id ?? null,
    periodStart: periodStart.toISOString(),
    periodEnd: periodEnd.toISOString(),
    trialEnd: isoOrNull(trialEnd),
    quote: quote ? storeQuote(quote) : null,
  };
}
