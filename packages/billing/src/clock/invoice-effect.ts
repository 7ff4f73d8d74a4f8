import type { PaymentAttempt } from "@salesos/db";
import { AppError } from "@salesos/validators";

import type { AttemptFinalizer, ChargeFailure } from "../attempts/types";
import { notify, writeAudit } from "../audit";
import type { Tx } from "../deps";
import { recordPayment } from "../invoicing";
import { dunningRetryAt, paymentFailedRecords, settledTerms } from "./invoice-terms";
import { invoicePaidNotice } from "./records";

/** What paying one open invoice needs, stored in its attempt. */
export interface InvoicePaymentPlan {
  invoiceId: string;
  subscriptionId: string;
  paymentMethodId: string | null;
  /** "Pay now" by the customer: a decline is answered at once and uses none of the automatic retries. */
  manual: boolean;
}

/** The invoice is paid: PAID with its payment, and the subscription back to ACTIVE when nothing is open. */
export async function applyInvoicePaid(
  tx: Tx,
  plan: InvoicePaymentPlan,
  payment: { attemptId: string; gatewayPaymentId: string; amount: number; now: Date },
): Promise<void> {
  const invoice = await tx.invoice.findUniqueOrThrow({ where: { id: plan.invoiceId } });
  if (invoice.status !== "OPEN" || invoice.amountDue !== payment.amount)
    throw new AppError("CONFLICT", "This invoice was paid or changed meanwhile.");
  await recordPayment(tx, {
    invoice,
    paymentMethodId: plan.paymentMethodId,
    gatewayPaymentId: payment.gatewayPaymentId,
    attemptId: payment.attemptId,
    amount: payment.amount,
    now: payment.now,
  });
  const stillOpen = await tx.invoice.count({
    where: { subscriptionId: plan.subscriptionId, status: "OPEN" },
  });
  if (stillOpen === 0) {
    const subscription = await tx.subscription.findUniqueOrThrow({
      where: { id: plan.subscriptionId },
    });
    await tx.subscription.update({
      where: { id: subscription.id },
      data: settledTerms(subscription, payment.now),
    });
  }
  await notify(tx, { ...invoicePaidNotice(invoice), now: payment.now });
}

/**
 * A failed payment of an open invoice: its FAILED payment row; for an automatic attempt also dunning
 * (PAST_DUE with the next retry, and after the last retry UNPAID or CANCELED per the plan).
 */
export async function applyInvoiceFailed(
  tx: Tx,
  plan: InvoicePaymentPlan,
  failure: ChargeFailure & { gatewayPaymentId: string | null; amount: number; now: Date },
): Promise<void> {
  const { now } = failure;
  const invoice = await tx.invoice.findUniqueOrThrow({ where: { id: plan.invoiceId } });
  await tx.payment.create({
    data: {
      organizationId: invoice.organizationId,
      invoiceId: invoice.id,
      paymentMethodId: plan.paymentMethodId,
      amount: failure.amount,
      currency: invoice.currency,
      status: "FAILED",
      failureCode: failure.code,
      failureMessage: failure.message,
      gateway: invoice.gateway,
      gatewayPaymentId: failure.gatewayPaymentId || null,
      createdAt: now,
    },
  });
  const subscription = await tx.subscription.findUniqueOrThrow({
    where: { id: plan.subscriptionId },
  });
  const failures = plan.manual ? subscription.paymentAttempts : subscription.paymentAttempts + 1;
  if (!plan.manual)
    await moveDunning(tx, {
      invoiceId: invoice.id,
      subscriptionId: subscription.id,
      planId: subscription.planId,
      failures,
      firstFailure: invoice.issuedAt ?? now,
      now,
    });
  const records = paymentFailedRecords(invoice, {
    code: failure.code,
    attempt: failures,
    manual: plan.manual,
  });
  await notify(tx, { ...records.notice, now });
  await writeAudit(tx, { actor: null, ...records.audit, now });
}

async function moveDunning(
  tx: Tx,
  args: {
    invoiceId: string;
    subscriptionId: string;
    planId: string;
    failures: number;
    firstFailure: Date;
    now: Date;
  },
): Promise<void> {
  const retryAt = dunningRetryAt(args.failures, args.firstFailure);
  // Dunning moves only a subscription that is still billing; a canceled one stays canceled.
  const billing = {
    id: args.subscriptionId,
    status: { in: ["ACTIVE" as const, "PAST_DUE" as const, "UNPAID" as const] },
  };
  if (retryAt) {
    await tx.subscription.updateMany({
      where: billing,
      data: { status: "PAST_DUE", paymentAttempts: args.failures, nextPaymentAttemptAt: retryAt },
    });
    return;
  }
  const plan = await tx.plan.findUniqueOrThrow({ where: { id: args.planId } });
  const final = plan.dunningFinalAction;
  const { count } = await tx.subscription.updateMany({
    where: billing,
    data: {
      status: final,
      paymentAttempts: args.failures,
      nextPaymentAttemptAt: null,
      ...(final === "CANCELED"
        ? { canceledAt: args.now, endedAt: args.now, cancelReason: "payment_failed" }
        : {}),
    },
  });
  if (count === 1 && final === "CANCELED")
    await tx.invoice.update({ where: { id: args.invoiceId }, data: { status: "UNCOLLECTIBLE" } });
}

function planOf(attempt: PaymentAttempt): InvoicePaymentPlan {
  return attempt.payload as unknown as InvoicePaymentPlan;
}

export const invoiceFinalizer: AttemptFinalizer = {
  async applySuccess(tx, attempt, ctx) {
    await applyInvoicePaid(tx, planOf(attempt), {
      attemptId: attempt.id,
      gatewayPaymentId: attempt.gatewayPaymentId ?? "",
      amount: attempt.amount,
      now: ctx.now,
    });
  },
  /**
   * The clock's off-session charge needs the customer to confirm with the bank (STRIPE answers so for
   * some cards): an ACTION_REQUIRED notice (mailed with the bank's link). A manual "pay now" does not
   * need one: the customer is on the page that takes them to the bank.
   */
  async applyRequiresAction(tx, attempt, ctx) {
    const plan = planOf(attempt);
    if (plan.manual) return;
    const payload = attempt.payload as { confirmUrl?: unknown };
    const invoice = await tx.invoice.findUniqueOrThrow({
      where: { id: plan.invoiceId },
      select: { number: true },
    });
    await notify(tx, {
      organizationId: attempt.organizationId,
      kind: "ACTION_REQUIRED",
      data: {
        invoiceId: plan.invoiceId,
        number: invoice.number,
        attemptId: attempt.id,
        confirmUrl: typeof payload.confirmUrl === "string" ? payload.confirmUrl : null,
      },
      now: ctx.now,
    });
  },
  async applyFailure(tx, attempt, failure, ctx) {
    await applyInvoiceFailed(tx, planOf(attempt), {
      ...failure,
      gatewayPaymentId: attempt.gatewayPaymentId,
      amount: attempt.amount,
      now: ctx.now,
    });
  },
};
