import {
  type BillingCustomer,
  type CheckoutSession,
  type PaymentAttempt,
  transaction,
} from "@salesos/db";
import { AppError } from "@salesos/validators";

import { finalizeCharge } from "../attempts/finalize";
import { lockOrganization, moneyTx } from "../attempts/money-tx";
import type { AttemptPayload } from "../attempts/types";
import type { BillingActor, BillingDeps } from "../deps";
import { callGateway } from "../gateway-errors";
import type { CardDetails, HostedCheckoutState } from "../gateways/port";
import { refuseIfLiveSubscription } from "./checkout";
import { applyCheckout } from "./checkout-effect";
import { checkoutPlanOf, quoteCheckout } from "./checkout-quote";

/**
 * STRIPE: the charge the hosted Checkout page will make, recorded before the page exists. It waits as
 * REQUIRES_ACTION (the customer must act on Stripe's page; the reconciler leaves it alone) until the
 * webhook or the success page brings the page's result, applied by the same finalizer as every checkout.
 */
export async function recordHostedCheckoutAttempt(
  deps: BillingDeps,
  args: { actor: BillingActor; session: CheckoutSession; customer: BillingCustomer; now: Date },
): Promise<{ attemptId: string | null; amountDue: number }> {
  const { actor, session, customer, now } = args;
  const quoted = await quoteCheckout(deps.db, { session, customer, now });
  const { plan, quote } = quoted;
  if (!quote || quote.amountDue === 0) return { attemptId: null, amountDue: 0 };
  const checkoutPlan = checkoutPlanOf({ sessionId: session.id, actor, card: null, quoted });
  const attempt = await moneyTx(deps.db, async (tx) => {
    await lockOrganization(tx, actor.organizationId);
    await refuseIfLiveSubscription(tx, actor.organizationId);
    return tx.paymentAttempt.create({
      data: {
        organizationId: actor.organizationId,
        kind: "CHARGE",
        purpose: "CHECKOUT",
        status: "REQUIRES_ACTION",
        amount: quote.amountDue,
        currency: quote.currency,
        gateway: deps.gateway.name,
        payload: {
          ...(checkoutPlan as unknown as AttemptPayload),
          description: `${plan.name} subscription`,
          onSession: true,
        },
        checkoutSessionId: session.id,
        paymentMethodId: null,
        createdAt: now,
      },
    });
  });
  return { attemptId: attempt.id, amountDue: quote.amountDue };
}

export type HostedCheckoutOutcome =
  | { status: "complete"; subscriptionId: string; invoiceId: string | null }
  | { status: "open" }
  | { status: "expired" }
  | { status: "failed"; message: string };

async function withCard(deps: BillingDeps, attempt: PaymentAttempt, card: CardDetails | null) {
  if (!card) return;
  await deps.db.paymentAttempt.update({
    where: { id: attempt.id },
    data: {
      gatewayPaymentMethodId: card.gatewayPaymentMethodId,
      payload: { ...(attempt.payload as object), card } as unknown as AttemptPayload,
    },
  });
}

/** Ends a checkout session that can no longer be paid, and the attempt waiting on it. */
export async function expireCheckout(deps: BillingDeps, session: CheckoutSession, now: Date) {
  await transaction(deps.db, async (tx) => {
    await tx.checkoutSession.updateMany({
      where: { id: session.id, status: { not: "COMPLETE" } },
      data: { status: "EXPIRED" },
    });
    await tx.paymentAttempt.updateMany({
      where: { checkoutSessionId: session.id, kind: "CHARGE", status: "REQUIRES_ACTION" },
      data: {
        status: "FAILED",
        failureCode: "expired",
        failureMessage: "The checkout expired.",
        resolvedAt: now,
      },
    });
  });
}

/**
 * Brings our records in line with the gateway's hosted checkout (re-fetched, so the order webhooks
 * arrive in does not matter, and the success page can call it too): paid → the attempt succeeds and the
 * checkout finalizer creates the subscription (or refunds a charge that lost); a card saved for a trial
 * → the subscription starts; expired → the session and its attempt end. Idempotent.
 */
export async function syncHostedCheckout(
  deps: BillingDeps,
  args: { gatewaySessionId: string; now: Date; organizationId?: string },
): Promise<HostedCheckoutOutcome> {
  const gateway = deps.gateway;
  if (!gateway.retrieveHostedCheckout) throw new AppError("NOT_FOUND", "No hosted checkout here.");
  const state: HostedCheckoutState = await callGateway(() =>
    gateway.retrieveHostedCheckout!(args.gatewaySessionId),
  );
  const session = state.sessionId
    ? await deps.db.checkoutSession.findFirst({
        where: {
          id: state.sessionId,
          gatewaySessionId: state.gatewaySessionId,
          ...(args.organizationId ? { organizationId: args.organizationId } : {}),
        },
      })
    : null;
  if (!session) throw new AppError("NOT_FOUND", "Checkout session not found.");
  const done = async (): Promise<HostedCheckoutOutcome> => {
    const fresh = await deps.db.checkoutSession.findUniqueOrThrow({ where: { id: session.id } });
    return fresh.status === "COMPLETE"
      ? { status: "complete", subscriptionId: fresh.subscriptionId!, invoiceId: fresh.invoiceId }
      : { status: "open" };
  };
  if (session.status === "COMPLETE") return done();
  if (state.status === "expired") {
    await expireCheckout(deps, session, args.now);
    return { status: "expired" };
  }
  if (state.status !== "complete") return { status: "open" };
  if (state.attemptId) {
    const attempt = await deps.db.paymentAttempt.findFirst({
      where: { id: state.attemptId, checkoutSessionId: session.id },
    });
    if (!attempt) throw new AppError("NOT_FOUND", "Checkout payment not found.");
    await withCard(deps, attempt, state.card);
    const settled = await finalizeCharge(deps, {
      attemptId: attempt.id,
      result: state.payment,
      now: args.now,
    });
    if (settled.status === "SUCCEEDED" && settled.effect === "APPLIED") return done();
    return {
      status: "failed",
      message: settled.failureMessage ?? "The payment did not go through.",
    };
  }
  // Nothing was due (a trial): the page saved the card; the subscription starts with it.
  if (!state.card) return { status: "open" };
  const customer = await deps.db.billingCustomer.findUniqueOrThrow({
    where: { organizationId: session.organizationId },
  });
  const quoted = await quoteCheckout(deps.db, { session, customer, now: args.now });
  const actor = await ownerActor(deps, session.organizationId);
  await moneyTx(deps.db, async (tx) => {
    await lockOrganization(tx, session.organizationId);
    const fresh = await tx.checkoutSession.findUniqueOrThrow({ where: { id: session.id } });
    if (fresh.status === "COMPLETE") return;
    await applyCheckout(
      tx,
      checkoutPlanOf({ sessionId: session.id, actor, card: state.card, quoted }),
      { gateway: deps.gateway.name, now: args.now, payment: null },
    );
  });
  return done();
}

/** Who a gateway-driven change is recorded as: the organization's owner (the audit says "via webhook"). */
async function ownerActor(deps: BillingDeps, organizationId: string): Promise<BillingActor> {
  const owner = await deps.db.membership.findFirst({
    where: { organizationId, role: "OWNER" },
    orderBy: { createdAt: "asc" },
  });
  return { userId: owner?.userId ?? "system", organizationId, role: "OWNER", requestId: "webhook" };
}
