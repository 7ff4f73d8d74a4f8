import type { Invoice, Subscription } from "@salesos/db";

import { notify, writeAudit } from "../audit";
import type { BillingDeps } from "../deps";
import { callGateway } from "../gateway-errors";
import { recordPayment } from "../invoicing";

/** Dunning: retries 1, 3 and 5 days after the first failed attempt; then the plan's final action. */
export const RETRY_DAYS = [1, 3, 5] as const;
const LEASE_MS = 15 * 60 * 1000;
const DAY_MS = 86_400_000;

export type ChargeOutcome = "paid" | "failed";

/**
 * Charges one open invoice on the customer's default card (outside any transaction), then records the
 * outcome in one transaction: PAID and back to ACTIVE, or a failed payment with the next retry, PAST_DUE,
 * and after the last retry UNPAID or CANCELED per the plan. The idempotency key is per attempt, so a
 * second runner never charges the same attempt twice.
 */
export async function chargeInvoice(
  deps: BillingDeps,
  args: {
    invoice: Invoice;
    subscription: Subscription;
    now: Date;
    attempt: number;
    actorUserId?: string | null;
  },
): Promise<ChargeOutcome> {
  const { invoice, subscription, now } = args;
  const customer = await deps.db.billingCustomer.findUniqueOrThrow({
    where: { id: invoice.customerId },
  });
  const method = customer.defaultPaymentMethodId
    ? await deps.db.paymentMethod.findUnique({ where: { id: customer.defaultPaymentMethodId } })
    : null;
  const result = method
    ? await callGateway(() =>
        deps.gateway.charge({
          gatewayCustomerId: customer.gatewayCustomerId,
          gatewayPaymentMethodId: method.gatewayPaymentMethodId,
          amount: invoice.amountDue,
          currency: invoice.currency,
          description: `Invoice ${invoice.number ?? invoice.id}`,
          idempotencyKey: `invoice:${invoice.id}:attempt:${args.attempt}`,
          onSession: false,
          now,
        }),
      )
    : ({
        status: "failed",
        gatewayPaymentId: "",
        failureCode: "no_payment_method",
        declineCode: "no_payment_method",
        message: "No payment method on file.",
      } as const);

  return deps.db.$transaction(async (tx) => {
    if (result.status === "succeeded") {
      await recordPayment(tx, {
        invoice,
        paymentMethodId: method?.id ?? null,
        gatewayPaymentId: result.gatewayPaymentId,
        amount: invoice.amountDue,
        now,
      });
      const stillOpen = await tx.invoice.count({
        where: { subscriptionId: subscription.id, status: "OPEN" },
      });
      if (stillOpen === 0) {
        const recovered = subscription.status === "PAST_DUE" || subscription.status === "UNPAID";
        await tx.subscription.update({
          where: { id: subscription.id },
          data: {
            paymentAttempts: 0,
            nextPaymentAttemptAt: null,
            ...(recovered ? { status: "ACTIVE" } : {}),
          },
        });
      }
      await notify(tx, {
        organizationId: invoice.organizationId,
        kind: "INVOICE_PAID",
        data: { invoiceId: invoice.id, number: invoice.number },
        now,
      });
      return "paid" as const;
    }
    const failureCode =
      result.status === "failed"
        ? (result.declineCode ?? result.failureCode)
        : "authentication_required";
    await tx.payment.create({
      data: {
        organizationId: invoice.organizationId,
        invoiceId: invoice.id,
        paymentMethodId: method?.id ?? null,
        amount: invoice.amountDue,
        currency: invoice.currency,
        status: "FAILED",
        failureCode,
        failureMessage: result.status === "failed" ? result.message : null,
        gateway: invoice.gateway,
        gatewayPaymentId: result.gatewayPaymentId || null,
        createdAt: now,
      },
    });
    const failures = subscription.paymentAttempts + 1;
    const firstFailure = invoice.issuedAt ?? now;
    const retryDay = RETRY_DAYS[failures - 1];
    // Dunning moves only a subscription that is still billing; a canceled one stays canceled.
    const billing = {
      id: subscription.id,
      status: { in: ["ACTIVE" as const, "PAST_DUE" as const, "UNPAID" as const] },
    };
    if (retryDay !== undefined) {
      await tx.subscription.updateMany({
        where: billing,
        data: {
          status: "PAST_DUE",
          paymentAttempts: failures,
          nextPaymentAttemptAt: new Date(firstFailure.getTime() + retryDay * DAY_MS),
        },
      });
    } else {
      const plan = await tx.plan.findUniqueOrThrow({ where: { id: subscription.planId } });
      const final = plan.dunningFinalAction;
      const { count } = await tx.subscription.updateMany({
        where: billing,
        data: {
          status: final,
          paymentAttempts: failures,
          nextPaymentAttemptAt: null,
          ...(final === "CANCELED"
            ? { canceledAt: now, endedAt: now, cancelReason: "payment_failed" }
            : {}),
        },
      });
      if (count === 1 && final === "CANCELED")
        await tx.invoice.update({ where: { id: invoice.id }, data: { status: "UNCOLLECTIBLE" } });
    }
    await notify(tx, {
      organizationId: invoice.organizationId,
      kind: "PAYMENT_FAILED",
      data: { invoiceId: invoice.id, failureCode, attempt: failures },
      now,
    });
    await writeAudit(tx, {
      actor: null,
      organizationId: invoice.organizationId,
      action: "invoice.payment_failed",
      targetType: "invoice",
      targetId: invoice.id,
      data: { failureCode, attempt: failures },
      now,
    });
    return "failed" as const;
  });
}

/** Claims one subscription whose payment attempt is due (a short lease, so a crash only delays it). */
async function claimDue(deps: BillingDeps, now: Date): Promise<Subscription | null> {
  return deps.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM subscriptions
       WHERE next_payment_attempt_at <= ${now} AND status IN ('ACTIVE', 'PAST_DUE')
       ORDER BY next_payment_attempt_at, id
       LIMIT 1
       FOR UPDATE SKIP LOCKED`;
    const id = rows[0]?.id;
    if (!id) return null;
    const sub = await tx.subscription.findUniqueOrThrow({ where: { id } });
    await tx.subscription.update({
      where: { id },
      data: { nextPaymentAttemptAt: new Date(now.getTime() + LEASE_MS) },
    });
    return sub;
  });
}

/** One due payment attempt: the subscription's oldest open invoice. Null when none is due. */
export async function collectOne(
  deps: BillingDeps,
  now: Date,
): Promise<ChargeOutcome | "nothing_open" | null> {
  const subscription = await claimDue(deps, now);
  if (!subscription) return null;
  const invoice = await deps.db.invoice.findFirst({
    where: { subscriptionId: subscription.id, status: "OPEN" },
    orderBy: [{ createdAt: "asc" }, { number: "asc" }],
  });
  if (!invoice) {
    await deps.db.subscription.update({
      where: { id: subscription.id },
      data: { nextPaymentAttemptAt: null },
    });
    return "nothing_open";
  }
  return chargeInvoice(deps, {
    invoice,
    subscription,
    now,
    attempt: subscription.paymentAttempts + 1,
  });
}
