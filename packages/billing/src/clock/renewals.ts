import { notify, writeAudit } from "../audit";
import type { BillingDeps, Tx } from "../deps";
import { issueInvoice } from "../invoicing";
import { couponCovers } from "../usecases/change-plan-pricing";
import { quoteRenewal } from "./renewal-quote";

/** Takes one due subscription (period or trial over), locked; others running the clock skip it. */
async function lockNextDue(tx: Tx, now: Date): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM subscriptions
     WHERE status IN ('ACTIVE', 'TRIALING') AND current_period_end <= ${now}
     ORDER BY current_period_end, id
     LIMIT 1
     FOR UPDATE SKIP LOCKED`;
  return rows[0]?.id ?? null;
}

export type RenewalOutcome = "canceled" | "renewed" | "trial_ended";

/**
 * Closes the period of one due subscription in one transaction: a scheduled cancellation ends it;
 * otherwise the next period opens (pending downgrade applied, coupon expiry honoured) with its invoice,
 * and the payment is left to the collection step. Returns null when nothing is due.
 */
export async function renewOne(deps: BillingDeps, now: Date): Promise<RenewalOutcome | null> {
  return deps.db.$transaction(async (tx) => {
    const id = await lockNextDue(tx, now);
    if (!id) return null;
    const sub = await tx.subscription.findUniqueOrThrow({
      where: { id },
      include: { plan: true, customer: true, coupon: true },
    });
    const periodEnd = sub.currentPeriodEnd;
    if (sub.cancelAtPeriodEnd) {
      await tx.subscription.update({
        where: { id },
        data: { status: "CANCELED", endedAt: periodEnd, nextPaymentAttemptAt: null },
      });
      await writeAudit(tx, {
        actor: null,
        organizationId: sub.organizationId,
        action: "subscription.canceled",
        targetType: "subscription",
        targetId: id,
        data: { at: periodEnd.toISOString(), scheduled: true },
        now,
      });
      await notify(tx, {
        organizationId: sub.organizationId,
        kind: "SUBSCRIPTION_CANCELED",
        data: { subscriptionId: id },
        now,
      });
      return "canceled";
    }
    const { next, anchor, start, end, discount, quote } = await quoteRenewal(tx, sub);
    const invoice = await issueInvoice(tx, {
      customer: sub.customer,
      quote,
      subscriptionId: id,
      billingReason: "SUBSCRIPTION_CYCLE",
      periodStart: start,
      periodEnd: end,
      periodKey: `${id}:${start.toISOString()}`,
      now,
    });
    // A coupon that no longer covers the new terms (a scheduled change to another plan) ends here too.
    const covered = couponCovers(sub.coupon, next.plan.id, sub.currency);
    const discountDone = !discount || sub.discountOnce || !covered;
    await tx.subscription.update({
      where: { id },
      data: {
        status: "ACTIVE",
        planId: next.plan.id,
        billingCycle: next.cycle,
        quantity: next.quantity,
        unitAmount: next.unitAmount,
        billingAnchor: anchor,
        currentPeriodStart: start,
        currentPeriodEnd: end,
        pendingPlanId: null,
        pendingUnitAmount: null,
        pendingBillingCycle: null,
        pendingQuantity: null,
        paymentAttempts: 0,
        nextPaymentAttemptAt: invoice.amountDue > 0 ? now : null,
        paidAmount: quote.subtotal - quote.discountAmount,
        paidTax: quote.taxAmount,
        paidFrom: start,
        ...(discountDone
          ? {
              couponId: covered ? sub.couponId : null,
              discountPercentOff: null,
              discountAmountOff: null,
              discountEndsAt: null,
              discountOnce: false,
            }
          : {}),
      },
    });
    if (invoice.status === "PAID")
      await notify(tx, {
        organizationId: sub.organizationId,
        kind: "INVOICE_PAID",
        data: { invoiceId: invoice.id, number: invoice.number },
        now,
      });
    await writeAudit(tx, {
      actor: null,
      organizationId: sub.organizationId,
      action: sub.status === "TRIALING" ? "subscription.trial_ended" : "subscription.renewed",
      targetType: "subscription",
      targetId: id,
      data: { invoiceId: invoice.id, periodStart: start.toISOString() },
      now,
    });
    return sub.status === "TRIALING" ? "trial_ended" : "renewed";
  });
}
