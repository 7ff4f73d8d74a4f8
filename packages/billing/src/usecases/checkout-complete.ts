import type { CheckoutSession, PaymentAttempt } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { chargeThroughAttempt, confirmAttempt, refuseInFlight } from "../attempts/charge";
import { lockOrganization, moneyTx } from "../attempts/money-tx";
import { attemptOutcomeError } from "../attempts/outcome";
import type { AttemptPayload } from "../attempts/types";
import type { BillingActor, BillingDeps, Tx } from "../deps";
import { callGateway } from "../gateway-errors";
import { refuseIfLiveSubscription } from "./checkout";
import { applyCheckout } from "./checkout-effect";
import { checkoutPlanOf, quoteCheckout } from "./checkout-quote";
import { requireValidCoupon } from "./coupons";
import { ensureCustomer } from "./customers";

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

/** Refuses a checkout charge while the organization's live subscription or another checkout exists. */
export async function checkoutGuard(tx: Tx, session: CheckoutSession, now: Date): Promise<void> {
  await refuseInFlight(tx, { organizationId: session.organizationId, purpose: "CHECKOUT" });
  await refuseIfLiveSubscription(tx, session.organizationId);
  const fresh = await tx.checkoutSession.findUniqueOrThrow({ where: { id: session.id } });
  if (fresh.status === "COMPLETE")
    throw new AppError("CONFLICT", "This checkout is already complete.");
  // A bank confirmation left waiting for this session is abandoned for the new card.
  await tx.paymentAttempt.updateMany({
    where: { checkoutSessionId: session.id, kind: "CHARGE", status: "REQUIRES_ACTION" },
    data: {
      status: "FAILED",
      failureCode: "abandoned",
      failureMessage: "Replaced by another payment.",
      resolvedAt: now,
    },
  });
}

async function outcomeOf(
  deps: BillingDeps,
  sessionId: string,
  attempt: PaymentAttempt,
): Promise<CheckoutOutcome> {
  if (attempt.status === "REQUIRES_ACTION") return { status: "requires_action" };
  if (attempt.status === "SUCCEEDED" && attempt.effect === "APPLIED") {
    const session = await deps.db.checkoutSession.findUniqueOrThrow({ where: { id: sessionId } });
    return {
      status: "complete",
      subscriptionId: session.subscriptionId!,
      invoiceId: session.invoiceId,
    };
  }
  throw attemptOutcomeError(attempt);
}

/**
 * Pays a hosted checkout (LOCAL gateway): attach the card, then charge the first invoice through a
 * recorded payment attempt whose success creates the subscription, payment method, redemption, invoice
 * and payment in one transaction. A decline leaves the session open for another card; a charge that lost
 * to a concurrent checkout is refunded through an attempt of its own.
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
  if (args.confirmed) {
    const waiting = await deps.db.paymentAttempt.findFirst({
      where: { checkoutSessionId: session.id, kind: "CHARGE", status: "REQUIRES_ACTION" },
      orderBy: { createdAt: "desc" },
    });
    if (!waiting)
      throw new AppError("CONFLICT", "This checkout is not waiting for a confirmation.");
    const customer = await ensureCustomer(deps, { organizationId: actor.organizationId, now });
    const settled = await confirmAttempt(deps, {
      attempt: waiting,
      gatewayCustomerId: customer.gatewayCustomerId,
      now,
    });
    return outcomeOf(deps, session.id, settled);
  }
  const cardToken = args.paymentMethodId;
  if (!cardToken) throw new AppError("CONFLICT", "A payment method is required.");
  await refuseIfLiveSubscription(deps.db, actor.organizationId);
  const customer = await ensureCustomer(deps, { organizationId: actor.organizationId, now });
  const card = await callGateway(() =>
    deps.gateway.attachPaymentMethod({
      gatewayCustomerId: customer.gatewayCustomerId ?? "",
      organizationId: actor.organizationId,
      gatewayPaymentMethodId: cardToken,
      idempotencyKey: `attach:${session.id}:${cardToken}`,
      now,
    }),
  );

  const quoted = await quoteCheckout(deps.db, { session, customer, now });
  const { plan, coupon, quote } = quoted;
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
  const checkoutPlan = checkoutPlanOf({ sessionId: session.id, actor, card, quoted });

  if (!quote || quote.amountDue === 0) {
    // Nothing to charge (a trial, a free plan, credit): the same effect, under the same lock and guard.
    const created = await moneyTx(deps.db, async (tx) => {
      await lockOrganization(tx, actor.organizationId);
      await checkoutGuard(tx, session, now);
      return applyCheckout(tx, checkoutPlan, { gateway: deps.gateway.name, now, payment: null });
    });
    return { status: "complete", ...created };
  }
  const attempt = await chargeThroughAttempt(deps, {
    organizationId: actor.organizationId,
    purpose: "CHECKOUT",
    amount: quote.amountDue,
    currency: quote.currency,
    paymentMethodId: null,
    gatewayPaymentMethodId: cardToken,
    gatewayCustomerId: customer.gatewayCustomerId,
    description: `${plan.name} subscription`,
    onSession: true,
    checkoutSessionId: session.id,
    payload: checkoutPlan as unknown as AttemptPayload,
    guard: (tx) => checkoutGuard(tx, session, now),
    now,
  });
  return outcomeOf(deps, session.id, attempt);
}
