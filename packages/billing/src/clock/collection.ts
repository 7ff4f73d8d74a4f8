import { type Invoice, type Subscription, transaction } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { chargeThroughAttempt, refuseInFlight } from "../attempts/charge";
import { lockOrganization, moneyTx } from "../attempts/money-tx";
import { attemptOutcomeError, confirmationError } from "../attempts/outcome";
import type { AttemptPayload } from "../attempts/types";
import type { BillingDeps } from "../deps";
import { applyInvoiceFailed, type InvoicePaymentPlan } from "./invoice-effect";

export { RETRY_DAYS } from "./invoice-terms";
const LEASE_MS = 15 * 60 * 1000;

export type ChargeOutcome = "paid" | "failed";

/**
 * Charges one open invoice on the customer's default card through a recorded payment attempt; its
 * finalizer records the outcome in one transaction: PAID and back to ACTIVE, or a failed payment (with
 * dunning for automatic attempts: the next retry, PAST_DUE, and after the last retry UNPAID or CANCELED
 * per the plan). A manual "pay now" uses none of the automatic retries.
 */
export async function chargeInvoice(
  deps: BillingDeps,
  args: { invoice: Invoice; subscription: Pick<Subscription, "id">; now: Date; manual: boolean },
): Promise<ChargeOutcome> {
  const { invoice, subscription, now } = args;
  const customer = await deps.db.billingCustomer.findUniqueOrThrow({
    where: { id: invoice.customerId },
  });
  const method = customer.defaultPaymentMethodId
    ? await deps.db.paymentMethod.findUnique({ where: { id: customer.defaultPaymentMethodId } })
    : null;
  const plan: InvoicePaymentPlan = {
    invoiceId: invoice.id,
    subscriptionId: subscription.id,
    paymentMethodId: method?.id ?? null,
    manual: args.manual,
  };
  if (!method) {
    // No money can move: the failure is recorded directly, under the same lock.
    await moneyTx(deps.db, async (tx) => {
      await lockOrganization(tx, invoice.organizationId);
      await applyInvoiceFailed(tx, plan, {
        code: "no_payment_method",
        message: "No payment method on file.",
        gatewayPaymentId: null,
        amount: invoice.amountDue,
        now,
      });
    });
    return "failed";
  }
  const attempt = await chargeThroughAttempt(deps, {
    organizationId: invoice.organizationId,
    purpose: "INVOICE",
    amount: invoice.amountDue,
    currency: invoice.currency,
    paymentMethodId: method.id,
    gatewayPaymentMethodId: method.gatewayPaymentMethodId,
    gatewayCustomerId: customer.gatewayCustomerId,
    description: `Invoice ${invoice.number ?? invoice.id}`,
    // "Pay now" has the customer present: on a gateway with bank pages it is on-session, so the bank
    // may ask to confirm (the answer carries where). The clock's attempts are off-session.
    onSession: args.manual && deps.gateway.confirmsOnSession === true,
    subscriptionId: subscription.id,
    invoiceId: invoice.id,
    payload: plan as unknown as AttemptPayload,
    guard: async (tx) => {
      await refuseInFlight(tx, { invoiceId: invoice.id });
      const fresh = await tx.invoice.findUniqueOrThrow({ where: { id: invoice.id } });
      if (fresh.status !== "OPEN" || fresh.amountDue !== invoice.amountDue)
        throw new AppError("CONFLICT", "This invoice has nothing to pay.");
    },
    now,
  });
  if (attempt.status === "SUCCEEDED" && attempt.effect === "APPLIED") return "paid";
  if (attempt.status === "REQUIRES_ACTION" && args.manual) throw confirmationError(attempt);
  if (attempt.status === "FAILED" || attempt.status === "REQUIRES_ACTION") return "failed";
  throw attemptOutcomeError(attempt);
}

/** Claims one subscription whose payment attempt is due (a short lease, so a crash only delays it). */
async function claimDue(deps: BillingDeps, now: Date): Promise<Subscription | null> {
  return transaction(deps.db, async (tx) => {
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
      data: { nextPaymentAttemptAt: new Date(now.getTime() + (deps.collectLeaseMs ?? LEASE_MS)) },
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
  return collectInvoice(deps, { invoice, subscription, now });
}

/** The clock's charge of one open invoice: an AppError (paid meanwhile, in flight) is nothing to do. */
export async function collectInvoice(
  deps: BillingDeps,
  args: { invoice: Invoice; subscription: Pick<Subscription, "id">; now: Date },
): Promise<ChargeOutcome | "nothing_open"> {
  try {
    return await chargeInvoice(deps, { ...args, manual: false });
  } catch (error) {
    // Paid meanwhile, or a payment of it still in flight: nothing for the clock to do now.
    if (error instanceof AppError) return "nothing_open";
    throw error;
  }
}
