import type { Notification } from "@salesos/db";

import type { BillingActor, BillingDeps } from "../deps";
import { formatMoney } from "../money";

export interface NoticeView {
  id: string;
  kind: string;
  message: string;
  createdAt: Date;
}

/** The outbox as people read it: without SMTP configured, the app shows these instead of mailing them. */
function messageOf(n: Notification): string {
  const data = (n.data ?? {}) as Record<string, unknown>;
  const invoice = typeof data.number === "string" ? ` ${data.number}` : "";
  switch (n.kind) {
    case "INVOICE_PAID":
      return `Invoice${invoice} was paid.`;
    case "PAYMENT_FAILED":
      if (data.failureCode === "authentication_required")
        return "Your bank asks you to confirm a payment: open Billing and choose Pay now to confirm it with your bank.";
      return `A payment failed (${typeof data.failureCode === "string" ? data.failureCode : "declined"}). Update your card to keep access.`;
    case "TRIAL_ENDING":
      return `Your trial ends on ${typeof data.trialEnd === "string" ? data.trialEnd.slice(0, 10) : "soon"}; the first invoice follows.`;
    case "SUBSCRIPTION_CANCELED":
      return "Your subscription was canceled.";
    case "DISPUTE_OPENED":
      return `The payment of invoice${invoice} is disputed with your bank.`;
    case "DISPUTE_CLOSED":
      return `The dispute on invoice${invoice} was decided: ${typeof data.status === "string" ? data.status : "closed"}.`;
    case "TRIAL_EXTENDED":
      return `Your trial was extended to ${typeof data.trialEnd === "string" ? data.trialEnd.slice(0, 10) : "a later date"}.`;
    case "CREDIT_GRANTED":
      return `A credit of ${typeof data.amount === "number" && typeof data.currency === "string" ? formatMoney(data.amount, data.currency) : "some amount"} was added to your balance; it pays your next invoices.`;
    case "PRICE_CHANGE_SCHEDULED":
      return `The price of ${typeof data.plan === "string" ? data.plan : "your plan"} changes to ${typeof data.unitAmount === "number" && typeof data.currency === "string" ? formatMoney(data.unitAmount, data.currency) : "a new price"} from your renewal on ${typeof data.from === "string" ? data.from : "your next renewal"}.`;
    case "ACTION_REQUIRED":
      return `Your bank asks you to confirm the payment of invoice${invoice}: open Billing and choose Pay now to confirm it.`;
    case "CARD_EXPIRING":
      return `Your card ending in ${typeof data.last4 === "string" ? data.last4 : "…"} expires at the end of ${typeof data.expMonth === "number" && typeof data.expYear === "number" ? `${String(data.expMonth).padStart(2, "0")}/${data.expYear}` : "next month"}: add a new card to keep paying.`;
    case "INVOICE_VOIDED":
      return `Invoice${invoice} was voided: nothing is owed on it.`;
    default:
      return n.kind.toLowerCase().replace(/_/g, " ");
  }
}

export async function listNotifications(
  deps: BillingDeps,
  args: { actor: BillingActor; limit: number },
): Promise<NoticeView[]> {
  const rows = await deps.db.notification.findMany({
    where: { organizationId: args.actor.organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: args.limit,
  });
  return rows.map((n) => ({
    id: n.id,
    kind: n.kind,
    message: messageOf(n),
    createdAt: n.createdAt,
  }));
}
