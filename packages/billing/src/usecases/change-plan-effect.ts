import type { BillingCycle, PaymentAttempt } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { reviveQuote, type StoredQuote } from "../attempts/payload";
import type { AttemptFinalizer } from "../attempts/types";
import { writeAudit } from "../audit";
import type { BillingActor, Tx } from "../deps";
import { issueCreditNote } from "../credit-notes/issue";
import { issueInvoice, recordPayment, type InvoiceQuote } from "../invoicing";

/** A plan change as decided from its preview, before any money moved (dates as ISO strings). */
export interface PlanChangePlan {
  actor: BillingActor;
  subscriptionId: string;
  /** The subscription's updatedAt the change was priced from: a change made since voids this one. */
  expectedUpdatedAt: string;
  fromPlanId: string;
  planId: string;
  cycle: BillingCycle;
  quantity: number;
  unitAmount: number;
  prorationDate: string;
  scheduled: boolean;
  cycleChange: boolean;
  nextInvoiceDate: string;
  creditCarriedForward: number;
  quote: StoredQuote | null;
  /** What the new terms are paid for the rest of the period (null: scheduled, or a trial). */
  paidTerms: { amount: number; tax: number; from: string } | null;
  /** The subscription's coupon does not cover the new plan: its discount ends with this change. */
  dropCoupon: boolean;
  paymentMethodId: string | null;
}

/**
 * A net credit (a downgrade) is a credit note on the invoice that paid the period, onto the balance: the
 * proration lines as credited amounts (the unused time positive, the new terms negative) and their tax.
 */
async function issueProrationCredit(
  tx: Tx,
  args: { change: PlanChangePlan; quote: InvoiceQuote; customerId: string; now: Date },
): Promise<void> {
  const { quote, change } = args;
  const paidBy = await tx.invoice.findFirst({
    where: { subscriptionId: change.subscriptionId, status: "PAID" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const lines = quote.lines.map((line) => ({
    description: line.description,
    amount: 0 - line.amount,
  }));
  if (quote.discountAmount > 0)
    lines.push({ description: "Discount on the new terms", amount: quote.discountAmount });
  await issueCreditNote(tx, {
    customerId: args.customerId,
    currency: quote.currency,
    invoiceId: paidBy?.id ?? null,
    subscriptionId: change.subscriptionId,
    reason: "PRORATION",
    memo: null,
    lines,
    taxAmount: 0 - quote.taxAmount,
    refund: null,
    now: args.now,
  });
}

/**
 * Applies a plan change inside the caller's transaction (the organization locked): the subscription's new
 * terms (or the scheduled ones), the proration invoice with its payment, or the credit carried forward.
 * Throws CONFLICT when the subscription changed since it was priced.
 */
export async function applyPlanChange(
  tx: Tx,
  change: PlanChangePlan,
  ctx: {
    now: Date;
    payment: { attemptId: string; gatewayPaymentId: string; amount: number } | null;
  },
): Promise<{ invoiceId: string | null }> {
  const { now } = ctx;
  const prorationDate = new Date(change.prorationDate);
  const nextInvoiceDate = new Date(change.nextInvoiceDate);
  const data = change.scheduled
    ? {
        pendingPlanId: change.planId,
        pendingBillingCycle: change.cycle,
        pendingQuantity: change.quantity,
      }
    : {
        planId: change.planId,
        billingCycle: change.cycle,
        quantity: change.quantity,
        unitAmount: change.unitAmount,
        pendingPlanId: null,
        pendingUnitAmount: null,
        pendingBillingCycle: null,
        pendingQuantity: null,
        ...(change.paidTerms
          ? {
              paidAmount: change.paidTerms.amount,
              paidTax: change.paidTerms.tax,
              paidFrom: new Date(change.paidTerms.from),
            }
          : {}),
        ...(change.dropCoupon
          ? {
              couponId: null,
              discountPercentOff: null,
              discountAmountOff: null,
              discountEndsAt: null,
              discountOnce: false,
            }
          : {}),
        ...(change.cycleChange
          ? {
              billingAnchor: prorationDate,
              currentPeriodStart: prorationDate,
              currentPeriodEnd: nextInvoiceDate,
            }
          : {}),
      };
  const { count } = await tx.subscription.updateMany({
    where: { id: change.subscriptionId, updatedAt: new Date(change.expectedUpdatedAt) },
    data,
  });
  if (count !== 1)
    throw new AppError("CONFLICT", "The subscription changed meanwhile. Preview the change again.");
  const customer = await tx.billingCustomer.findUniqueOrThrow({
    where: { organizationId: change.actor.organizationId },
  });
  const quote = change.quote ? reviveQuote(change.quote) : null;
  let invoiceId: string | null = null;
  if (quote && !change.scheduled) {
    if (quote.total > 0) {
      const invoice = await issueInvoice(tx, {
        customer,
        quote,
        subscriptionId: change.subscriptionId,
        billingReason: "SUBSCRIPTION_UPDATE",
        periodStart: prorationDate,
        periodEnd: nextInvoiceDate,
        now,
      });
      if (ctx.payment)
        await recordPayment(tx, {
          invoice,
          paymentMethodId: change.paymentMethodId,
          gatewayPaymentId: ctx.payment.gatewayPaymentId,
          attemptId: ctx.payment.attemptId,
          amount: ctx.payment.amount,
          now,
        });
      invoiceId = invoice.id;
    } else if (change.creditCarriedForward > 0) {
      await issueProrationCredit(tx, { change, quote, customerId: customer.id, now });
    }
  }
  await writeAudit(tx, {
    actor: change.actor,
    organizationId: change.actor.organizationId,
    action: change.scheduled ? "subscription.change_scheduled" : "subscription.plan_changed",
    targetType: "subscription",
    targetId: change.subscriptionId,
    data: {
      from: change.fromPlanId,
      to: change.planId,
      cycle: change.cycle,
      quantity: change.quantity,
      invoiceId,
    },
    now,
  });
  return { invoiceId };
}

export const planChangeFinalizer: AttemptFinalizer = {
  async applySuccess(tx: Tx, attempt: PaymentAttempt, ctx) {
    await applyPlanChange(tx, attempt.payload as unknown as PlanChangePlan, {
      now: ctx.now,
      payment: {
        attemptId: attempt.id,
        gatewayPaymentId: attempt.gatewayPaymentId ?? "",
        amount: attempt.amount,
      },
    });
  },
};
