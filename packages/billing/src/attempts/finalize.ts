import type { PaymentAttempt } from "@salesos/db";
import { AppError } from "@salesos/validators";

import type { BillingDeps, Tx } from "../deps";
import type { ChargeResult } from "../gateways/port";
import { lockOrganization, moneyTx } from "./money-tx";
import { FINALIZERS } from "./registry";
import { sendRefund } from "./refund";
import type { ChargeFailure } from "./types";

async function lockAttempt(tx: Tx, id: string): Promise<PaymentAttempt> {
  await tx.$queryRaw`SELECT id FROM payment_attempts WHERE id = ${id} FOR UPDATE`;
  return tx.paymentAttempt.findUniqueOrThrow({ where: { id } });
}

/**
 * Runs a business effect behind a savepoint: an AppError (it no longer applies) undoes what it wrote and
 * is returned; any other error aborts the whole transaction (the attempt stays for the reconciler).
 */
async function applyOrRollBack(tx: Tx, apply: () => Promise<void>): Promise<AppError | null> {
  await tx.$executeRaw`SAVEPOINT attempt_effect`;
  try {
    await apply();
    await tx.$executeRaw`RELEASE SAVEPOINT attempt_effect`;
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await tx.$executeRaw`ROLLBACK TO SAVEPOINT attempt_effect`;
    return error;
  }
}

/** Records, in the same transaction, a refund attempt for a charge whose effect did not apply. */
async function queueRefund(tx: Tx, charge: PaymentAttempt, gatewayPaymentId: string, now: Date) {
  return tx.paymentAttempt.create({
    data: {
      organizationId: charge.organizationId,
      kind: "REFUND",
      purpose: "REFUND",
      status: "PENDING",
      amount: charge.amount,
      currency: charge.currency,
      gateway: charge.gateway,
      payload: { reason: "effect_not_applied" },
      checkoutSessionId: charge.checkoutSessionId,
      subscriptionId: charge.subscriptionId,
      invoiceId: charge.invoiceId,
      gatewayPaymentId,
      refundOfId: charge.id,
      createdAt: now,
    },
  });
}

/** How a failed charge is recorded: the decline code when there is one; no answer at all is abandoned. */
export function chargeFailure(
  result: Extract<ChargeResult, { status: "failed" }> | null,
): ChargeFailure {
  return result
    ? { code: result.declineCode ?? result.failureCode, message: result.message }
    : { code: "abandoned", message: "The payment was not completed." };
}

/**
 * Applies the gateway's answer for a charge attempt in one transaction with its business effect. Twins
 * (the request and the reconciler, or two requests) lock the attempt row: the first applies, the others
 * read what it decided. A success whose effect no longer applies, or one that arrives after the attempt
 * was given up, is refunded through a refund attempt recorded in the same transaction.
 */
export async function finalizeCharge(
  deps: BillingDeps,
  args: { attemptId: string; result: ChargeResult | null; now: Date },
): Promise<PaymentAttempt> {
  const { attemptId, result, now } = args;
  const ctx = { gateway: deps.gateway.name, now };
  const head = await deps.db.paymentAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  const { attempt, refund } = await moneyTx(deps.db, async (tx) => {
    await lockOrganization(tx, head.organizationId);
    const current = await lockAttempt(tx, attemptId);
    const open =
      current.status === "PENDING" ||
      current.status === "REQUIRES_ACTION" ||
      current.status === "PROCESSING";
    if (!open) {
      // Settled already. A success that comes after we gave up on the charge is given back.
      if (current.status === "FAILED" && result?.status === "succeeded") {
        const updated = await tx.paymentAttempt.update({
          where: { id: attemptId },
          data: {
            status: "SUCCEEDED",
            effect: "REFUNDED",
            gatewayPaymentId: result.gatewayPaymentId,
          },
        });
        return {
          attempt: updated,
          refund: await queueRefund(tx, updated, result.gatewayPaymentId, now),
        };
      }
      return { attempt: current, refund: null };
    }
    const finalizer = FINALIZERS[current.purpose as keyof typeof FINALIZERS];
    if (result?.status === "succeeded") {
      const refused = await applyOrRollBack(tx, () =>
        finalizer.applySuccess(tx, { ...current, gatewayPaymentId: result.gatewayPaymentId }, ctx),
      );
      const applied = !refused;
      const updated = await tx.paymentAttempt.update({
        where: { id: attemptId },
        data: {
          status: "SUCCEEDED",
          effect: applied ? "APPLIED" : "REFUNDED",
          gatewayPaymentId: result.gatewayPaymentId,
          // Why the effect did not apply, so the request can answer with the same error.
          failureCode: refused?.code ?? null,
          failureMessage: refused?.message ?? null,
          resolvedAt: now,
        },
      });
      return {
        attempt: updated,
        refund: applied ? null : await queueRefund(tx, updated, result.gatewayPaymentId, now),
      };
    }
    if (result?.status === "requires_action") {
      const updated = await tx.paymentAttempt.update({
        where: { id: attemptId },
        data: {
          status: "REQUIRES_ACTION",
          gatewayPaymentId: result.gatewayPaymentId,
          // Where the customer confirms with the bank: the request answers with it.
          ...(result.confirmUrl
            ? { payload: { ...(current.payload as object), confirmUrl: result.confirmUrl } }
            : {}),
        },
      });
      // After the update, so the finalizer sees the bank's confirmation URL (the notice carries it).
      await finalizer.applyRequiresAction?.(tx, updated, ctx);
      return { attempt: updated, refund: null };
    }
    const failure = chargeFailure(result);
    await finalizer.applyFailure?.(tx, current, failure, ctx);
    const updated = await tx.paymentAttempt.update({
      where: { id: attemptId },
      data: {
        status: "FAILED",
        failureCode: failure.code,
        failureMessage: failure.message,
        gatewayPaymentId: result?.gatewayPaymentId || null,
        resolvedAt: now,
      },
    });
    return { attempt: updated, refund: null };
  });
  if (refund) await sendRefund(deps, { refundAttemptId: refund.id, now });
  return attempt;
}
