import type { Subscription } from "@salesos/db";

import { addMonthsClamped, cycleMonths } from "../money";
import type { AuditEntry, NoticeEntry } from "./records";

/** Dunning: retries 1, 3 and 5 days after the first failed attempt; then the plan's final action. */
export const RETRY_DAYS = [1, 3, 5] as const;
const DAY_MS = 86_400_000;

/**
 * A subscription whose open invoices are all paid: dunning over, back to ACTIVE from PAST_DUE or UNPAID.
 * UNPAID has no access: when its period ran out meanwhile, the paid subscription starts a fresh period
 * now instead of being billed for the months it could not be used.
 */
export function settledTerms(
  subscription: Pick<Subscription, "status" | "currentPeriodEnd" | "billingCycle">,
  now: Date,
) {
  const recovered = subscription.status === "PAST_DUE" || subscription.status === "UNPAID";
  const restart = subscription.status === "UNPAID" && subscription.currentPeriodEnd <= now;
  return {
    paymentAttempts: 0,
    nextPaymentAttemptAt: null,
    ...(recovered ? { status: "ACTIVE" as const } : {}),
    ...(restart
      ? {
          billingAnchor: now,
          currentPeriodStart: now,
          paidFrom: now,
          currentPeriodEnd: addMonthsClamped(now, cycleMonths(subscription.billingCycle)),
        }
      : {}),
  };
}

/** When an automatic retry follows the `failures`-th failure; null after the last one. */
export function dunningRetryAt(failures: number, firstFailure: Date): Date | null {
  const retryDay = RETRY_DAYS[failures - 1];
  return retryDay === undefined ? null : new Date(firstFailure.getTime() + retryDay * DAY_MS);
}

/** The notice and the audit row of a failed payment of an invoice (attempt = failures so far). */
export function paymentFailedRecords(
  invoice: { id: string; organizationId: string },
  failure: { code: string; attempt: number; manual: boolean },
): { notice: NoticeEntry; audit: AuditEntry } {
  return {
    notice: {
      organizationId: invoice.organizationId,
      kind: "PAYMENT_FAILED",
      data: { invoiceId: invoice.id, failureCode: failure.code, attempt: failure.attempt },
    },
    audit: {
      organizationId: invoice.organizationId,
      action: "invoice.payment_failed",
      targetType: "invoice",
      targetId: invoice.id,
      data: { failureCode: failure.code, attempt: failure.attempt, manual: failure.manual },
    },
  };
}
