import { isUniqueViolation, type CheckoutSession } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { notify, writeAudit } from "../audit";
import type { BillingActor, BillingDeps } from "../deps";
import { callGateway, declinedError, refundUnlessRecorded } from "../gateway-errors";
import { issueInvoice, recordPayment } from "../invoicing";
import { discountEndsAt } from "../money";
import { redeemCoupon, requireValidCoupon } from "./coupons";
import { ensureCustomer } from "./customers";
import { refuseIfLiveSubscription } from "./checkout";
import { quoteCheckout } from "./checkout-quote";
import { savePaymentMethod } from "./payment-method-rows";

export type CheckoutOutcome =
  | { status: "complete"; subscriptionId: string; invoiceId: string | null }
  | { status: "requires_action" };

async function openSession(
  deps: BillingDeps,
  actor: BillingActor,
  sessionId: string,
  now: Date,
): Promise<CheckoutSession> {
  const session = await deps.db.checkoutSession.findFirst({
    where: { id: sessionId, organizationId: actor.organizationId },
  });
  if (!session) throw new AppError("NOT_FOUND", "Checkout session not found.");
  if (session.status === "EXPIRED" || (session.status !== "COMPLETE" && session.expiresAt <= now)) {
    if (session.status !== "EXPIRED")
      await deps.db.checkoutSession.update({
        where: { id: session.id },
        data: { status: "EXPIRED" },
      });
    throw new AppError(
      "SESSION_EXPIRED",
      "This checkout session has expired. Start a new checkout.",
    );
  }
  return session;
}

/**
 * Pays a hosted checkout (LOCAL gateway): attach the card, charge the first invoice, then in one
 * transaction create the subscription, payment method, redemption, invoice and payment. A decline leaves
 * the session open for another card and writes nothing of ours; losing a race to a concurrent checkout
 * refunds the charge.
 */
export async function completeCheckout(
  deps: BillingDeps,
  args: {
    actor: BillingActor;
    sessionId: string;
    paymentMethodId?: string | undefined;
    confirmed?: boolean;
    now: Date;
  },
): Promise<CheckoutOutcome> {
  const { actor, now } = args;
  const session = await openSession(deps, actor, args.sessionId, now);
  if (session.status === "COMPLETE")
    return {
      status: "complete",
      subscriptionId: session.subscriptionId!,
      invoiceId: session.invoiceId,
    };
  const cardToken = args.confirmed ? session.pendingCardId : args.paymentMethodId;
  if (!cardToken)
    throw new AppError(
      "CONFLICT",
      args.confirmed
        ? "This checkout is not waiting for a confirmation."
        : "A payment method is required.",
    );
  await refuseIfLiveSubscription(deps.db, actor.organizationId);
  const customer = await ensureCustomer(deps, { organizationId: actor.organizationId, now });
  const card = await callGateway(() =>
    deps.gateway.attachPaymentMethod({
      gatewayCustomerId: customer.gatewayCustomerId ?? "",
      gatewayPaymentMethodId: cardToken,
      idempotencyKey: `attach:${session.id}:${cardToken}`,
      now,
    }),
  );

  const { plan, coupon, periodStart, periodEnd, trialEnd, quote } = await quoteCheckout(deps.db, {
    session,
    customer,
    now,
  });
  if (coupon) {
    await requireValidCoupon(deps.db, {
      code: coupon.code,
      organizationId: actor.organizationId,
      planId: plan.id,
      currency: plan.currency,
      amount: plan.unitAmount * session.quantity,
      now,
    });
  }

  let gatewayPaymentId: string | null = null;
  if (quote && quote.amountDue > 0) {
    const key = `checkout:${session.id}:${cardToken}${args.confirmed ? ":confirmed" : ""}`;
    const result = await callGateway(() =>
      deps.gateway.charge({
        gatewayCustomerId: customer.gatewayCustomerId,
        gatewayPaymentMethodId: cardToken,
        amount: quote.amountDue,
        currency: quote.currency,
        description: `${plan.name} subscription`,
        idempotencyKey: key,
        onSession: true,
        confirmed: args.confirmed ?? false,
        now,
      }),
    );
    if (result.status === "requires_action") {
      await deps.db.checkoutSession.update({
        where: { id: session.id },
        data: { status: "REQUIRES_ACTION", pendingCardId: cardToken },
      });
      return { status: "requires_action" };
    }
    if (result.status === "failed") throw declinedError(result);
    gatewayPaymentId = result.gatewayPaymentId;
  }

  try {
    return await deps.db.$transaction(async (tx) => {
      const pm = await savePaymentMethod(tx, { customer, card, gateway: deps.gateway.name, now });
      // The card just used pays the renewals too (as Stripe makes it the subscription's default).
      await tx.billingCustomer.update({
        where: { id: customer.id },
        data: { defaultPaymentMethodId: pm.id },
      });
      const subscription = await tx.subscription.create({
        data: {
          organizationId: actor.organizationId,
          customerId: customer.id,
          planId: plan.id,
          status: trialEnd ? "TRIALING" : "ACTIVE",
          billingCycle: session.billingCycle,
          quantity: session.quantity,
          unitAmount: plan.unitAmount,
          currency: plan.currency,
          gateway: deps.gateway.name,
          billingAnchor: trialEnd ?? now,
          currentPeriodStart: periodStart,
          currentPeriodEnd: periodEnd,
          trialStart: trialEnd ? now : null,
          trialEnd,
          couponId: coupon?.id ?? null,
          discountPercentOff: coupon?.percentOff ?? null,
          discountAmountOff: coupon?.amountOff ?? null,
          discountEndsAt: coupon ? discountEndsAt(coupon, periodStart) : null,
          // A ONCE coupon is used up by the first paid invoice (now, or at the end of the trial).
          discountOnce: coupon?.duration === "ONCE" && !!trialEnd,
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
        if (gatewayPaymentId)
          await recordPayment(tx, {
            invoice,
            paymentMethodId: pm.id,
            gatewayPaymentId,
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
        data: { planId: plan.id, checkoutSessionId: session.id, invoiceId },
        now,
      });
      return { status: "complete" as const, subscriptionId: subscription.id, invoiceId };
    });
  } catch (error) {
    if (gatewayPaymentId) await refundUnlessRecorded(deps, gatewayPaymentId, now);
    if (isUniqueViolation(error)) {
      // Another checkout of this organization won: exactly one subscription, and this charge was refunded.
      await refuseIfLiveSubscription(deps.db, actor.organizationId);
    }
    throw error;
  }
}
