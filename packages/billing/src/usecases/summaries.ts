import { AppError } from "@salesos/validators";

import type { BillingActor, BillingDeps } from "../deps";
import { quoteRenewal } from "../clock/renewal-quote";
import { quoteInvoice } from "../invoicing";
import { quoteCheckout } from "./checkout-quote";
import { ensureCustomer } from "./customers";

/** What the hosted checkout page shows: the order, its discount and tax, and the session's state. */
export async function getCheckoutSummary(
  deps: BillingDeps,
  args: { actor: BillingActor; sessionId: string; now: Date },
) {
  const session = await deps.db.checkoutSession.findFirst({
    where: { id: args.sessionId, organizationId: args.actor.organizationId },
    include: { plan: true },
  });
  if (!session) throw new AppError("NOT_FOUND", "Checkout session not found.");
  const customer = await ensureCustomer(deps, {
    organizationId: args.actor.organizationId,
    now: args.now,
  });
  const { plan, coupon, line, trialEnd, quote } = await quoteCheckout(deps.db, {
    session,
    customer,
    now: args.now,
  });
  // A trial charges nothing now: the page says what the first invoice at its end will be (before any
  // balance credit, which is only known then).
  const firstCharge = trialEnd
    ? {
        date: trialEnd,
        amount: (
          await quoteInvoice(deps.db, {
            customer,
            currency: plan.currency,
            lines: [line],
            discount: coupon
              ? {
                  percentOff: coupon.percentOff,
                  amountOff: coupon.amountOff,
                  couponCode: coupon.code,
                }
              : null,
            useCredit: false,
          })
        ).total,
      }
    : null;
  const expired =
    session.status === "EXPIRED" ||
    (session.status !== "COMPLETE" && session.expiresAt <= args.now);
  return {
    sessionId: session.id,
    status: expired ? ("EXPIRED" as const) : session.status,
    expiresAt: session.expiresAt,
    plan: { id: plan.id, name: plan.name, description: plan.description },
    billingCycle: session.billingCycle,
    quantity: session.quantity,
    unitAmount: plan.unitAmount,
    currency: plan.currency,
    couponCode: coupon?.code ?? null,
    trialDays: trialEnd ? session.trialDays : 0,
    firstCharge,
    subtotal: quote?.subtotal ?? line.amount,
    discountAmount: quote?.discountAmount ?? 0,
    taxAmount: quote?.taxAmount ?? 0,
    taxLabel: quote?.taxLabel ?? null,
    total: quote?.total ?? 0,
    creditApplied: quote?.creditApplied ?? 0,
    amountDue: quote?.amountDue ?? 0,
    successUrl: session.successUrl,
    cancelUrl: session.cancelUrl,
    subscriptionId: session.subscriptionId,
  };
}

/** The next renewal of a live subscription: when, and how much (discount, tax and credit applied). */
export async function getUpcomingInvoice(
  deps: BillingDeps,
  args: { actor: BillingActor; subscriptionId: string },
) {
  const sub = await deps.db.subscription.findFirst({
    where: { id: args.subscriptionId, organizationId: args.actor.organizationId },
    include: { plan: true, customer: true, coupon: true },
  });
  if (!sub) throw new AppError("NOT_FOUND", "Subscription not found.");
  const live = ["TRIALING", "ACTIVE", "PAST_DUE"].includes(sub.status) && !sub.cancelAtPeriodEnd;
  if (!live) return null;
  const { start, quote } = await quoteRenewal(deps.db, sub);
  return {
    date: start,
    amount: quote.amountDue,
    total: quote.total,
    currency: quote.currency,
    discountAmount: quote.discountAmount,
    taxAmount: quote.taxAmount,
  };
}
