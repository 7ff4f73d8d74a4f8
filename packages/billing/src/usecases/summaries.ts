import { AppError } from "@salesos/validators";

import type { BillingActor, BillingDeps } from "../deps";
import { quoteInvoice } from "../invoicing";
import { addMonthsClamped, cycleMonths } from "../money";
import { ensureCustomer } from "./customers";

/** What the hosted checkout page shows: the order, its discount and tax, and the session's state. */
export async function getCheckoutSummary(
  deps: BillingDeps,
  args: { actor: BillingActor; sessionId: string; now: Date },
) {
  const session = await deps.db.checkoutSession.findFirst({
    where: { id: args.sessionId, organizationId: args.actor.organizationId },
    include: { plan: true, coupon: true },
  });
  if (!session) throw new AppError("NOT_FOUND", "Checkout session not found.");
  const unitAmount =
    (session.billingCycle === "yearly" ? session.plan.yearlyPrice : session.plan.monthlyPrice) ?? 0;
  const customer = await ensureCustomer(deps, {
    organizationId: args.actor.organizationId,
    now: args.now,
  });
  const end = addMonthsClamped(args.now, cycleMonths(session.billingCycle));
  const discount = session.coupon
    ? {
        percentOff: session.coupon.percentOff,
        amountOff: session.coupon.amountOff,
        couponCode: session.coupon.code,
      }
    : null;
  const quote = await quoteInvoice(deps.db, {
    customer,
    currency: session.plan.currency,
    lines: [
      {
        description: `${session.plan.name} (${session.billingCycle})`,
        quantity: session.quantity,
        unitAmount,
        amount: unitAmount * session.quantity,
        periodStart: args.now,
        periodEnd: end,
        proration: false,
      },
    ],
    discount,
    useCredit: true,
  });
  const expired =
    session.status === "EXPIRED" ||
    (session.status !== "COMPLETE" && session.expiresAt <= args.now);
  return {
    sessionId: session.id,
    status: expired ? ("EXPIRED" as const) : session.status,
    expiresAt: session.expiresAt,
    plan: { id: session.plan.id, name: session.plan.name, description: session.plan.description },
    billingCycle: session.billingCycle,
    quantity: session.quantity,
    unitAmount,
    currency: quote.currency,
    couponCode: session.coupon?.code ?? null,
    trialDays: session.trialDays,
    subtotal: quote.subtotal,
    discountAmount: quote.discountAmount,
    taxAmount: quote.taxAmount,
    taxLabel: quote.taxLabel,
    total: quote.total,
    creditApplied: quote.creditApplied,
    amountDue: session.trialDays > 0 ? 0 : quote.amountDue,
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
  const pendingPlan = sub.pendingPlanId
    ? await deps.db.plan.findUnique({ where: { id: sub.pendingPlanId } })
    : null;
  const cycle = sub.pendingBillingCycle ?? sub.billingCycle;
  const quantity = sub.pendingQuantity ?? sub.quantity;
  const unitAmount = pendingPlan
    ? ((cycle === "yearly" ? pendingPlan.yearlyPrice : pendingPlan.monthlyPrice) ?? sub.unitAmount)
    : sub.unitAmount;
  const start = sub.currentPeriodEnd;
  const discountLive =
    (sub.discountPercentOff !== null || sub.discountAmountOff !== null) &&
    (!sub.discountEndsAt || start < sub.discountEndsAt);
  const quote = await quoteInvoice(deps.db, {
    customer: sub.customer,
    currency: sub.currency,
    lines: [
      {
        description: (pendingPlan ?? sub.plan).name,
        quantity,
        unitAmount,
        amount: unitAmount * quantity,
        periodStart: start,
        periodEnd: addMonthsClamped(start, cycleMonths(cycle)),
        proration: false,
      },
    ],
    discount: discountLive
      ? {
          percentOff: sub.discountPercentOff,
          amountOff: sub.discountAmountOff,
          couponCode: sub.coupon?.code ?? null,
        }
      : null,
    useCredit: true,
  });
  return {
    date: start,
    amount: quote.amountDue,
    total: quote.total,
    currency: quote.currency,
    discountAmount: quote.discountAmount,
    taxAmount: quote.taxAmount,
  };
}
