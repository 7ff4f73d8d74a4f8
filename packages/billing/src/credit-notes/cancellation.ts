import type { Plan, Subscription } from "@salesos/db";

import type { Tx } from "../deps";
import { prorationLineDescription, unusedCredit } from "../money";
import { chargesThatPaid, issueCreditNote } from "./issue";

/**
 * An immediate cancellation on a plan with `refundOnCancel`: the unused part of what the period was
 * paid (tax included) becomes a credit note refunded to the charges that paid the subscription, newest
 * first; what they cannot take goes to the balance. Runs in the cancelling transaction (organization
 * locked); returns the refund attempts to send after the commit.
 */
export async function creditUnusedTimeOnCancel(
  tx: Tx,
  args: { subscription: Subscription & { plan: Plan }; now: Date },
): Promise<string[]> {
  const { subscription: sub, now } = args;
  if (!sub.plan.refundOnCancel || sub.status === "TRIALING") return [];
  const credit = unusedCredit(
    {
      amount: sub.paidAmount,
      tax: sub.paidTax,
      from: sub.paidFrom ?? sub.currentPeriodStart,
      to: sub.currentPeriodEnd,
    },
    now,
  );
  if (credit.amount + credit.tax <= 0) return [];
  const paidBy = await tx.invoice.findFirst({
    where: { subscriptionId: sub.id, status: "PAID" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const { refundAttemptIds } = await issueCreditNote(tx, {
    customerId: sub.customerId,
    currency: sub.currency,
    invoiceId: paidBy?.id ?? null,
    subscriptionId: sub.id,
    reason: "CANCELLATION",
    memo: null,
    lines: [
      {
        description: prorationLineDescription({
          kind: "unused",
          planName: sub.plan.name,
          quantity: sub.quantity,
          from: now,
          to: sub.currentPeriodEnd,
        }),
        amount: credit.amount,
      },
    ],
    taxAmount: credit.tax,
    refund: {
      maxAmount: credit.amount + credit.tax,
      charges: await chargesThatPaid(tx, { subscriptionId: sub.id }),
    },
    now,
  });
  return refundAttemptIds;
}
