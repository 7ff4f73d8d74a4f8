import { transaction } from "@salesos/db";
import { notify, writeAudit } from "../audit";
import type { BillingDeps, Tx } from "../deps";
import { issueInvoice } from "../invoicing";
import { invoicePaidNotice, renewalAudit, scheduledCancellation } from "./records";
import { quoteRenewal, renewalPeriodKey, renewedTerms } from "./renewal-quote";

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
  return transaction(deps.db, async (tx) => {
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
      const { audit, notice } = scheduledCancellation(sub);
      await writeAudit(tx, { actor: null, ...audit, now });
      await notify(tx, { ...notice, now });
      return "canceled";
    }
    const renewal = await quoteRenewal(tx, sub);
    const { start, end, quote } = renewal;
    const invoice = await issueInvoice(tx, {
      customer: sub.customer,
      quote,
      subscriptionId: id,
      billingReason: "SUBSCRIPTION_CYCLE",
      periodStart: start,
      periodEnd: end,
      periodKey: renewalPeriodKey(id, start),
      now,
    });
    await tx.subscription.update({
      where: { id },
      data: renewedTerms(sub, renewal, invoice.amountDue, now),
    });
    if (invoice.status === "PAID") await notify(tx, { ...invoicePaidNotice(invoice), now });
    await writeAudit(tx, { actor: null, ...renewalAudit(sub, invoice.id, start), now });
    return sub.status === "TRIALING" ? "trial_ended" : "renewed";
  });
}
