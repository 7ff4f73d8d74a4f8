import { transaction } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { lockOrganization, moneyTx } from "../attempts/money-tx";
import { notify, writeAudit } from "../audit";
import { postBalance } from "../balance";
import type { BillingActor, BillingDeps } from "../deps";
import { callGateway } from "../gateway-errors";
import { ensureCustomer, profileOf } from "../usecases/customers";
import { getInvoice, payInvoice } from "../usecases/invoices";
import { syncGatewayCustomer } from "../webhooks/customers";

const DAY = 86_400_000;
/** The most one staff grant may add (minor units): a typo of two zeros is refused, not paid out. */
export const MAX_CREDIT_GRANT = 1_000_000;

/**
 * SalesOS staff acting on an organization: the engine's usual rules (its lock, its checks) with the staff
 * user in every audit row. The organization's own functions (cancel, credit notes, pay now) take this
 * actor unchanged.
 */
export function staffActor(args: {
  staffUserId: string;
  organizationId: string;
  requestId?: string | undefined;
}): BillingActor {
  return {
    userId: args.staffUserId,
    organizationId: args.organizationId,
    role: "OWNER",
    requestId: args.requestId,
  };
}

/** Goodwill credit on the customer's balance, in its currency; the next invoices use it first. */
export async function grantBalanceCredit(
  deps: BillingDeps,
  args: { actor: BillingActor; amount: number; reason: string; now: Date },
) {
  if (!Number.isSafeInteger(args.amount) || args.amount <= 0 || args.amount > MAX_CREDIT_GRANT)
    throw new AppError("VALIDATION_FAILED", `A credit is 1 to ${MAX_CREDIT_GRANT} minor units.`, {
      details: { issues: [{ path: "amount", message: `1 to ${MAX_CREDIT_GRANT}.` }] },
    });
  const { actor, now } = args;
  const customer = await ensureCustomer(deps, { organizationId: actor.organizationId, now });
  return moneyTx(deps.db, async (tx) => {
    await lockOrganization(tx, actor.organizationId);
    const entry = await postBalance(tx, {
      customerId: customer.id,
      type: "ADJUSTMENT",
      amount: args.amount,
      description: args.reason,
      now,
    });
    await writeAudit(tx, {
      actor,
      organizationId: actor.organizationId,
      action: "balance.credit_granted",
      targetType: "billing_customer",
      targetId: customer.id,
      data: { amount: args.amount, currency: customer.currency, reason: args.reason },
      now,
    });
    await notify(tx, {
      organizationId: actor.organizationId,
      kind: "CREDIT_GRANTED",
      data: { amount: args.amount, currency: customer.currency },
      now,
    });
    return { balance: entry!.balanceAfter, currency: customer.currency };
  });
}

/**
 * Voids an OPEN invoice (nothing is owed on it any more; its number stays used). Refused while a payment
 * of it is in flight. Credit it had used goes back to the balance; a subscription that was PAST_DUE or
 * UNPAID only because of it is ACTIVE again, its dunning stopped.
 */
export async function voidInvoice(
  deps: BillingDeps,
  args: { actor: BillingActor; invoiceId: string; now: Date },
) {
  const { actor, now } = args;
  return moneyTx(deps.db, async (tx) => {
    await lockOrganization(tx, actor.organizationId);
    const invoice = await tx.invoice.findFirst({
      where: { id: args.invoiceId, organizationId: actor.organizationId },
    });
    if (!invoice) throw new AppError("NOT_FOUND", "No such invoice.");
    if (invoice.status !== "OPEN")
      throw new AppError(
        "CONFLICT",
        `Only an OPEN invoice can be voided (this one is ${invoice.status}).`,
      );
    const inFlight = await tx.paymentAttempt.count({
      where: {
        invoiceId: invoice.id,
        status: { in: ["PENDING", "PROCESSING", "REQUIRES_ACTION"] },
      },
    });
    if (inFlight > 0)
      throw new AppError(
        "PAYMENT_IN_PROGRESS",
        "A payment of this invoice is in flight. Try again shortly.",
      );
    await tx.invoice.update({
      where: { id: invoice.id },
      data: { status: "VOID", voidedAt: now, amountDue: 0 },
    });
    if (invoice.creditApplied > 0)
      await postBalance(tx, {
        customerId: invoice.customerId,
        type: "INVOICE_VOIDED",
        amount: invoice.creditApplied,
        description: `Invoice ${invoice.number ?? invoice.id} voided`,
        invoiceId: invoice.id,
        now,
      });
    if (invoice.subscriptionId) {
      const stillOpen = await tx.invoice.count({
        where: { subscriptionId: invoice.subscriptionId, status: "OPEN" },
      });
      if (stillOpen === 0)
        await tx.subscription.updateMany({
          where: { id: invoice.subscriptionId, status: { in: ["PAST_DUE", "UNPAID"] } },
          data: { status: "ACTIVE", paymentAttempts: 0, nextPaymentAttemptAt: null },
        });
    }
    await writeAudit(tx, {
      actor,
      organizationId: actor.organizationId,
      action: "invoice.voided",
      targetType: "invoice",
      targetId: invoice.id,
      data: { amountDue: invoice.amountDue, creditReturned: invoice.creditApplied },
      now,
    });
    await notify(tx, {
      organizationId: actor.organizationId,
      kind: "INVOICE_VOIDED",
      data: { invoiceId: invoice.id, number: invoice.number },
      now,
    });
    return { id: invoice.id, status: "VOID" as const };
  });
}

/** A longer trial: the trial (and the period it is) ends later; never shorter, never past a year ahead. */
export async function extendTrial(
  deps: BillingDeps,
  args: { actor: BillingActor; subscriptionId: string; trialEnd: Date; now: Date },
) {
  const { actor, now, trialEnd } = args;
  if (trialEnd.getTime() > now.getTime() + 365 * DAY)
    throw new AppError("VALIDATION_FAILED", "A trial ends at most a year from now.", {
      details: { issues: [{ path: "trialEnd", message: "At most a year from now." }] },
    });
  return moneyTx(deps.db, async (tx) => {
    await lockOrganization(tx, actor.organizationId);
    const sub = await tx.subscription.findFirst({
      where: { id: args.subscriptionId, organizationId: actor.organizationId },
    });
    if (!sub) throw new AppError("NOT_FOUND", "Subscription not found.");
    if (sub.status !== "TRIALING" || !sub.trialEnd)
      throw new AppError("CONFLICT", "Only a subscription in its trial can have it extended.");
    if (trialEnd <= sub.trialEnd)
      throw new AppError("VALIDATION_FAILED", "The new trial end must be after the current one.", {
        details: { issues: [{ path: "trialEnd", message: "After the current trial end." }] },
      });
    await tx.subscription.update({
      where: { id: sub.id },
      data: {
        trialEnd,
        currentPeriodEnd: trialEnd,
        billingAnchor: trialEnd,
        trialEndingNotifiedAt: null,
      },
    });
    await writeAudit(tx, {
      actor,
      organizationId: actor.organizationId,
      action: "subscription.trial_extended",
      targetType: "subscription",
      targetId: sub.id,
      data: { from: sub.trialEnd.toISOString(), to: trialEnd.toISOString() },
      now,
    });
    await notify(tx, {
      organizationId: actor.organizationId,
      kind: "TRIAL_EXTENDED",
      data: { subscriptionId: sub.id, trialEnd: trialEnd.toISOString() },
      now,
    });
    return { id: sub.id, trialEnd };
  });
}

/**
 * STRIPE: pushes our billing details to the Stripe customer, then re-reads its cards and default (as
 * the `customer.updated` webhook does). LOCAL has nothing to sync: 404.
 */
export async function resyncCustomer(deps: BillingDeps, args: { actor: BillingActor; now: Date }) {
  const { actor, now } = args;
  if (!deps.gateway.retrieveCustomer)
    throw new AppError("NOT_FOUND", "The LOCAL gateway keeps no customer elsewhere to sync.");
  const customer = await ensureCustomer(deps, { organizationId: actor.organizationId, now });
  if (!customer.gatewayCustomerId)
    throw new AppError("CONFLICT", "The customer has no gateway record yet.");
  await callGateway(() =>
    deps.gateway.updateCustomer({
      gatewayCustomerId: customer.gatewayCustomerId!,
      profile: profileOf(customer),
      idempotencyKey: `resync:${customer.id}:${now.getTime()}`,
    }),
  );
  await syncGatewayCustomer(deps, { gatewayCustomerId: customer.gatewayCustomerId, now });
  await transaction(deps.db, async (tx) =>
    writeAudit(tx, {
      actor,
      organizationId: actor.organizationId,
      action: "billing_customer.resynced",
      targetType: "billing_customer",
      targetId: customer.id,
      now,
    }),
  );
  return { gatewayCustomerId: customer.gatewayCustomerId };
}

/**
 * Staff retry a failed payment: the customer's own "pay now" (manual: no dunning step), after an audit row
 * naming the staff user (written first: the retry happened whether or not the bank accepts it).
 */
export async function retryInvoicePayment(
  deps: BillingDeps,
  args: { actor: BillingActor; invoiceId: string; now: Date },
) {
  const { actor, now } = args;
  const invoice = await deps.db.invoice.findFirst({
    where: { id: args.invoiceId, organizationId: actor.organizationId },
  });
  if (!invoice) throw new AppError("NOT_FOUND", "No such invoice.");
  await transaction(deps.db, async (tx) =>
    writeAudit(tx, {
      actor,
      organizationId: actor.organizationId,
      action: "invoice.payment_retried",
      targetType: "invoice",
      targetId: invoice.id,
      data: { amountDue: invoice.amountDue },
      now,
    }),
  );
  await payInvoice(deps, { actor, invoiceId: invoice.id, now });
  return getInvoice(deps, { actor, invoiceId: invoice.id });
}
