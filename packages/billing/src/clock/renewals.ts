import type { Plan, Subscription } from "@salesos/db";

import { notify, writeAudit } from "../audit";
import type { BillingDeps, Tx } from "../deps";
import { issueInvoice, quoteInvoice } from "../invoicing";
import { addMonthsClamped, cycleMonths } from "../money";

function monthsBetween(a: Date, b: Date): number {
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
}

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
      include: { plan: true, customer: true },
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
    const next = await nextTerms(tx, sub);
    const start = periodEnd;
    const anchor =
      next.cycle !== sub.billingCycle || sub.status === "TRIALING" ? start : sub.billingAnchor;
    const end = addMonthsClamped(anchor, monthsBetween(anchor, start) + cycleMonths(next.cycle));
    const discountLive =
      (sub.discountPercentOff !== null || sub.discountAmountOff !== null) &&
      (!sub.discountEndsAt || start < sub.discountEndsAt);
    const coupon = sub.couponId
      ? await tx.coupon.findUnique({ where: { id: sub.couponId } })
      : null;
    const amount = next.unitAmount * next.quantity;
    const quote = await quoteInvoice(tx, {
      customer: sub.customer,
      currency: sub.currency,
      lines: [
        {
          description: `${next.plan.name} (${next.cycle})`,
          quantity: next.quantity,
          unitAmount: next.unitAmount,
          amount,
          periodStart: start,
          periodEnd: end,
          proration: false,
        },
      ],
      discount: discountLive
        ? {
            percentOff: sub.discountPercentOff,
            amountOff: sub.discountAmountOff,
            couponCode: coupon?.code ?? null,
          }
        : null,
      useCredit: true,
    });
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
    const discountDone = !discountLive || sub.discountOnce;
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
        pendingBillingCycle: null,
        pendingQuantity: null,
        paymentAttempts: 0,
        nextPaymentAttemptAt: invoice.amountDue > 0 ? now : null,
        ...(discountDone
          ? {
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

/** The plan, cycle, quantity and price of the next period: a scheduled downgrade takes effect now. */
async function nextTerms(tx: Tx, sub: Subscription & { plan: Plan }) {
  if (!sub.pendingPlanId)
    return {
      plan: sub.plan,
      cycle: sub.billingCycle,
      quantity: sub.quantity,
      unitAmount: sub.unitAmount,
    };
  const plan = await tx.plan.findUniqueOrThrow({ where: { id: sub.pendingPlanId } });
  const cycle = sub.pendingBillingCycle ?? sub.billingCycle;
  const price = cycle === "yearly" ? plan.yearlyPrice : plan.monthlyPrice;
  return {
    plan,
    cycle,
    quantity: sub.pendingQuantity ?? sub.quantity,
    unitAmount: price ?? sub.unitAmount,
  };
}
