import { AppError } from "@salesos/validators";

import type { BillingActor, BillingDeps } from "../deps";
import { toInvoiceView, toPaymentView } from "../views";
import { chargeInvoice } from "../clock/collection";
import { toCreditNoteView } from "../credit-notes/issue";

async function loadInvoice(deps: BillingDeps, actor: BillingActor, id: string) {
  const invoice = await deps.db.invoice.findFirst({
    where: { id, organizationId: actor.organizationId },
    include: {
      lines: true,
      payments: { orderBy: { createdAt: "asc" } },
      creditNotes: { include: { lines: true }, orderBy: [{ createdAt: "asc" }, { number: "asc" }] },
    },
  });
  if (!invoice) throw new AppError("NOT_FOUND", "Invoice not found.");
  return invoice;
}

/** Route 13: one invoice with its lines and payments. */
export async function getInvoice(
  deps: BillingDeps,
  args: { actor: BillingActor; invoiceId: string },
) {
  const invoice = await loadInvoice(deps, args.actor, args.invoiceId);
  return {
    ...toInvoiceView(invoice),
    payments: invoice.payments.map(toPaymentView),
    creditNotes: invoice.creditNotes.map(toCreditNoteView),
  };
}

/** "Update card and pay": charges an open invoice now on the default card; a decline is 402. */
export async function payInvoice(
  deps: BillingDeps,
  args: { actor: BillingActor; invoiceId: string; now: Date },
) {
  const invoice = await loadInvoice(deps, args.actor, args.invoiceId);
  // A retry of a "pay now" whose answer was lost answers what the first got: the paid invoice.
  const paidByThisRoute = await deps.db.paymentAttempt.findFirst({
    where: { invoiceId: invoice.id, purpose: "INVOICE", effect: "APPLIED" },
    orderBy: { createdAt: "desc" },
  });
  if (
    invoice.status === "PAID" &&
    paidByThisRoute &&
    (paidByThisRoute.payload as { manual?: boolean }).manual
  )
    return getInvoice(deps, args);
  if (invoice.status !== "OPEN" || invoice.amountDue === 0)
    throw new AppError("CONFLICT", "This invoice has nothing to pay.");
  if (!invoice.subscriptionId)
    throw new AppError("CONFLICT", "Only subscription invoices can be paid here.");
  const subscription = await deps.db.subscription.findUniqueOrThrow({
    where: { id: invoice.subscriptionId },
  });
  const outcome = await chargeInvoice(deps, { invoice, subscription, now: args.now, manual: true });
  if (outcome === "failed") {
    const last = await deps.db.payment.findFirst({
      where: { invoiceId: invoice.id },
      orderBy: { createdAt: "desc" },
    });
    throw new AppError("PAYMENT_FAILED", last?.failureMessage ?? "The payment failed.", {
      details: { declineCode: last?.failureCode ?? "card_declined" },
    });
  }
  return getInvoice(deps, args);
}
