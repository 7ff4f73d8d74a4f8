import { type PaymentAttempt, transaction } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { postBalance } from "../balance";
import type { BillingDeps } from "../deps";
import { GatewayError } from "../gateways/port";
import { crashPoint } from "./crash";
import { lockOrganization, moneyTx } from "./money-tx";

/**
 * A refund the gateway refused for good. When it paid out a credit note, the customer is still owed the
 * money: the same transaction puts it on their balance.
 */
async function failRefund(
  deps: BillingDeps,
  attempt: PaymentAttempt,
  error: GatewayError,
  now: Date,
): Promise<PaymentAttempt> {
  return transaction(deps.db, async (tx) => {
    const { count } = await tx.paymentAttempt.updateMany({
      where: { id: attempt.id, status: "PENDING" },
      data: {
        status: "FAILED",
        failureCode: error.code,
        failureMessage: error.message,
        resolvedAt: now,
      },
    });
    if (count === 1 && attempt.creditNoteId) {
      const customer = await tx.billingCustomer.findUniqueOrThrow({
        where: { organizationId: attempt.organizationId },
      });
      await postBalance(tx, {
        customerId: customer.id,
        type: "REFUND_FAILED",
        amount: attempt.amount,
        description: "Refund the card could not take, credited instead",
        creditNoteId: attempt.creditNoteId,
        now,
      });
    }
    return tx.paymentAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
  });
}

/**
 * Sends a recorded refund attempt to the gateway (its id is the key, so sending it again refunds once)
 * and marks it SUCCEEDED. A gateway that does not answer leaves it PENDING for the reconciler.
 */
export async function sendRefund(
  deps: BillingDeps,
  args: { refundAttemptId: string; now: Date },
): Promise<PaymentAttempt> {
  const attempt = await deps.db.paymentAttempt.findUniqueOrThrow({
    where: { id: args.refundAttemptId },
  });
  if (attempt.status !== "PENDING" || !attempt.gatewayPaymentId) return attempt;
  let gatewayRefundId: string;
  try {
    ({ gatewayRefundId } = await deps.gateway.refund({
      gatewayPaymentId: attempt.gatewayPaymentId,
      amount: attempt.amount,
      idempotencyKey: attempt.id,
      now: args.now,
    }));
  } catch (error) {
    if (error instanceof GatewayError && !error.retryable && error.code === "provider_error")
      return failRefund(deps, attempt, error, args.now);
    return attempt; // unknown outcome: the reconciler sends it again with the same key
  }
  crashPoint(deps, "refund.sent");
  return deps.db.paymentAttempt.update({
    where: { id: attempt.id },
    data: {
      status: "SUCCEEDED",
      resolvedAt: args.now,
      payload: { ...(attempt.payload as object), gatewayRefundId },
    },
  });
}

/** What is left to refund of a succeeded charge: its amount less every refund not failed. */
export async function refundableAmount(
  db: BillingDeps["db"],
  charge: PaymentAttempt,
): Promise<number> {
  const refunds = await db.paymentAttempt.aggregate({
    where: { refundOfId: charge.id, kind: "REFUND", status: { not: "FAILED" } },
    _sum: { amount: true },
  });
  return charge.amount - (refunds._sum.amount ?? 0);
}

/**
 * A (partial) refund of a succeeded charge, as an attempt of its own: recorded (and checked against what
 * is left) under the organization's lock before the gateway is called.
 */
export async function refundCharge(
  deps: BillingDeps,
  args: { chargeAttemptId: string; amount: number; reason: string; now: Date },
): Promise<PaymentAttempt> {
  if (!Number.isSafeInteger(args.amount) || args.amount <= 0)
    throw new AppError("VALIDATION_FAILED", "A refund is a positive amount in minor units.");
  const charge = await deps.db.paymentAttempt.findUniqueOrThrow({
    where: { id: args.chargeAttemptId },
  });
  const refund = await moneyTx(deps.db, async (tx) => {
    await lockOrganization(tx, charge.organizationId);
    const fresh = await tx.paymentAttempt.findUniqueOrThrow({ where: { id: charge.id } });
    if (fresh.kind !== "CHARGE" || fresh.status !== "SUCCEEDED" || !fresh.gatewayPaymentId)
      throw new AppError("CONFLICT", "Only a succeeded charge can be refunded.");
    const left = await refundableAmount(tx as unknown as BillingDeps["db"], fresh);
    if (args.amount > left)
      throw new AppError("CONFLICT", `At most ${left} can still be refunded from this payment.`, {
        details: { refundable: left },
      });
    return tx.paymentAttempt.create({
      data: {
        organizationId: fresh.organizationId,
        kind: "REFUND",
        purpose: "REFUND",
        status: "PENDING",
        amount: args.amount,
        currency: fresh.currency,
        gateway: fresh.gateway,
        payload: { reason: args.reason },
        checkoutSessionId: fresh.checkoutSessionId,
        subscriptionId: fresh.subscriptionId,
        invoiceId: fresh.invoiceId,
        gatewayPaymentId: fresh.gatewayPaymentId,
        refundOfId: fresh.id,
        createdAt: args.now,
      },
    });
  });
  return sendRefund(deps, { refundAttemptId: refund.id, now: args.now });
}
