import type { PaymentAttempt } from "@salesos/db";
import { AppError } from "@salesos/validators";

import type { FinalizeContext, AttemptFinalizer } from "../attempts/types";
import { reviveQuote, type StoredQuote } from "../attempts/payload";
import { notify, writeAudit } from "../audit";
import type { BillingActor, Tx } from "../deps";
import type { CardDetails, GatewayName } from "../gateways/port";
import { issueInvoice, recordPayment } from "../invoicing";
import { discountEndsAt } from "../money";
import { refuseIfLiveSubscription } from "./checkout";
import { redeemCoupon, requireValidCoupon } from "./coupons";
import { savePaymentMethod } from "./payment-method-rows";

/** Everything a paid (or free) checkout creates, decided before any money moved. */
export interface CheckoutPlan {
  sessionId: string;
  actor: BillingActor;
  /** Null while a gateway-hosted page has not collected it yet (filled in before the effect applies). */
  card: CardDetails | null;
  planId: string;
  unitAmount: number;
  couponId: string | null;
  periodStart: string;
  periodEnd: string;
  trialEnd: string | null;
  quote: StoredQuote | null;
}

export interface CheckoutResult {
  subscriptionId: string;
  invoiceId: string | null;
}

/**
 * Creates the subscription, payment method, redemption, invoice and payment of a checkout, inside the
 * caller's transaction (the organization locked). Throws an AppError when it no longer applies: the
 * session was completed by a twin, the organization has a live subscription, the coupon ran out.
 */
export async function applyCheckout(
  tx: Tx,
  plan: CheckoutPlan,
  ctx: {
    gateway: GatewayName;
    now: Date;
    payment: { attemptId: string; gatewayPaymentId: string } | null;
  },
): Promise<CheckoutResult> {
  const { actor } = plan;
  const { now } = ctx;
  const session = await tx.checkoutSession.findFirstOrThrow({
    where: { id: plan.sessionId, organizationId: actor.organizationId },
  });
  if (session.status === "COMPLETE")
    throw new AppError("CONFLICT", "This checkout was completed by another payment.");
  await refuseIfLiveSubscription(tx, actor.organizationId);
  const customer = await tx.billingCustomer.findUniqueOrThrow({
    where: { organizationId: actor.organizationId },
  });
  const salePlan = await tx.plan.findUniqueOrThrow({ where: { id: plan.planId } });
  const coupon = plan.couponId
    ? await tx.coupon.findUniqueOrThrow({ where: { id: plan.couponId } })
    : null;
  const quote = plan.quote ? reviveQuote(plan.quote) : null;
  const periodStart = new Date(plan.periodStart);
  const periodEnd = new Date(plan.periodEnd);
  const trialEnd = plan.trialEnd ? new Date(plan.trialEnd) : null;
  if (coupon)
    await requireValidCoupon(tx, {
      code: coupon.code,
      organizationId: actor.organizationId,
      planId: salePlan.id,
      currency: salePlan.currency,
      amount: plan.unitAmount * session.quantity,
      now: periodStart,
    });

  // Only terms that never charge (a free plan) start without a card; anything else needs one for renewals.
  if (!plan.card && plan.unitAmount > 0)
    throw new AppError("CONFLICT", "The checkout has no card yet.");
  const pm = plan.card
    ? await savePaymentMethod(tx, { customer, card: plan.card, gateway: ctx.gateway, now })
    : null;
  // The card just used pays the renewals too (as Stripe makes it the subscription's default).
  if (pm)
    await tx.billingCustomer.update({
      where: { id: customer.id },
      data: { defaultPaymentMethodId: pm.id },
    });
  const subscription = await tx.subscription.create({
    data: {
      organizationId: actor.organizationId,
      customerId: customer.id,
      planId: salePlan.id,
      status: trialEnd ? "TRIALING" : "ACTIVE",
      billingCycle: session.billingCycle,
      quantity: session.quantity,
      unitAmount: plan.unitAmount,
      currency: salePlan.currency,
      gateway: ctx.gateway,
      billingAnchor: trialEnd ?? periodStart,
      currentPeriodStart: periodStart,
      currentPeriodEnd: periodEnd,
      trialStart: trialEnd ? periodStart : null,
      trialEnd,
      couponId: coupon?.id ?? null,
      discountPercentOff: coupon?.percentOff ?? null,
      discountAmountOff: coupon?.amountOff ?? null,
      discountEndsAt: coupon ? discountEndsAt(coupon, periodStart) : null,
      // A ONCE coupon is used up by the first paid invoice (now, or at the end of the trial).
      discountOnce: coupon?.duration === "ONCE" && !!trialEnd,
      // What the first period is paid (nothing during a trial): a later credit is prorated from it.
      paidAmount: quote && !trialEnd ? quote.subtotal - quote.discountAmount : 0,
      paidTax: quote && !trialEnd ? quote.taxAmount : 0,
      paidFrom: periodStart,
      createdAt: now,
    },
  });
  if (coupon?.duration === "ONCE" && !trialEnd) {
    await tx.subscription.update({
      where: { id: subscription.id },
      data: { discountPercentOff: null, discountAmountOff: null },
    });
  }
  if (coupon)
    await redeemCoupon(tx, {
      coupon,
      organizationId: actor.organizationId,
      subscriptionId: subscription.id,
      now,
    });
  let invoiceId: string | null = null;
  if (quote) {
    const invoice = await issueInvoice(tx, {
      customer,
      quote,
      subscriptionId: subscription.id,
      billingReason: "SUBSCRIPTION_CREATE",
      periodStart,
      periodEnd,
      now,
    });
    if (ctx.payment && pm)
      await recordPayment(tx, {
        invoice,
        paymentMethodId: pm.id,
        gatewayPaymentId: ctx.payment.gatewayPaymentId,
        attemptId: ctx.payment.attemptId,
        amount: quote.amountDue,
        now,
      });
    invoiceId = invoice.id;
    await notify(tx, {
      organizationId: actor.organizationId,
      kind: "INVOICE_PAID",
      data: {
        invoiceId: invoice.id,
        number: invoice.number,
        total: invoice.total,
        currency: invoice.currency,
      },
      now,
    });
  }
  await tx.checkoutSession.update({
    where: { id: session.id },
    data: {
      status: "COMPLETE",
      completedAt: now,
      subscriptionId: subscription.id,
      invoiceId,
      pendingCardId: null,
    },
  });
  await writeAudit(tx, {
    actor,
    organizationId: actor.organizationId,
    action: "subscription.created",
    targetType: "subscription",
    targetId: subscription.id,
    data: { planId: salePlan.id, checkoutSessionId: session.id, invoiceId },
    now,
  });
  return { subscriptionId: subscription.id, invoiceId };
}

function planOf(attempt: PaymentAttempt): CheckoutPlan {
  return attempt.payload as unknown as CheckoutPlan;
}

export const checkoutFinalizer: AttemptFinalizer = {
  async applySuccess(tx: Tx, attempt: PaymentAttempt, ctx: FinalizeContext) {
    await applyCheckout(tx, planOf(attempt), {
      ...ctx,
      payment: { attemptId: attempt.id, gatewayPaymentId: attempt.gatewayPaymentId ?? "" },
    });
  },
  async applyRequiresAction(tx: Tx, attempt: PaymentAttempt) {
    await tx.checkoutSession.update({
      where: { id: planOf(attempt).sessionId },
      data: { status: "REQUIRES_ACTION", pendingCardId: attempt.gatewayPaymentMethodId },
    });
  },
};
