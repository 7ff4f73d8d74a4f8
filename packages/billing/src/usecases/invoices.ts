import type { CreditNoteReason, InvoiceStatus } from "@salesos/db";
import { AppError } from "@salesos/validators";

import type { BillingActor, BillingDeps } from "../deps";
import { renderInvoicePdf, type InvoicePdfData } from "../pdf";
import { cachedPdf } from "../pdf/cache";
import { toInvoiceView, toPaymentView, type InvoiceView } from "../views";
import { chargeInvoice } from "../clock/collection";
import { toCreditNoteView } from "../credit-notes/issue";
import { pageOf, skipTake, type PageOf, type PageQuery } from "./pagination";

/** How a credit note's reason reads on a document. */
export const CREDIT_NOTE_REASONS: Record<CreditNoteReason, string> = {
  PRORATION: "Plan change",
  CANCELLATION: "Cancellation",
  DUPLICATE: "Duplicate charge",
  FRAUDULENT: "Fraudulent charge",
  ORDER_CHANGE: "Order change",
  PRODUCT_UNSATISFACTORY: "Product unsatisfactory",
  GOODWILL: "Goodwill credit",
};

export async function listInvoices(
  deps: BillingDeps,
  args: { actor: BillingActor; query: PageQuery & { status?: InvoiceStatus | undefined } },
): Promise<PageOf<InvoiceView>> {
  const where = {
    organizationId: args.actor.organizationId,
    ...(args.query.status ? { status: args.query.status } : {}),
  };
  const [rows, total] = await Promise.all([
    deps.db.invoice.findMany({
      where,
      include: { lines: true, creditNotes: { select: { total: true } } },
      orderBy: [{ createdAt: "desc" }, { number: "desc" }],
      ...skipTake(args.query),
    }),
    deps.db.invoice.count({ where }),
  ]);
  return pageOf(rows.map(toInvoiceView), total, args.query);
}

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

interface Snapshot {
  name?: string;
  email?: string;
  addressLines?: string[];
  taxId?: string | null;
}

/** Route 14: the invoice drawn as a PDF in-process (no browser, nothing user-typed read as markup). */
export async function renderInvoicePdfFor(
  deps: BillingDeps,
  args: { actor: BillingActor; invoiceId: string },
): Promise<{ filename: string; bytes: Uint8Array }> {
  const invoice = await loadInvoice(deps, args.actor, args.invoiceId);
  const snapshot = (invoice.customerSnapshot ?? {}) as Snapshot;
  const data: InvoicePdfData = {
    number: invoice.number ?? "DRAFT",
    status: invoice.status,
    currency: invoice.currency,
    issuedAt: invoice.issuedAt,
    dueAt: invoice.dueAt,
    paidAt: invoice.paidAt,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    seller: {
      name: "SalesOS, Inc.",
      addressLines: ["100 Market Street", "San Francisco, CA 94105", "United States"],
      email: "billing@salesos.org",
    },
    customer: {
      name: snapshot.name ?? "",
      email: snapshot.email ?? "",
      addressLines: snapshot.addressLines ?? [],
      taxId: snapshot.taxId ?? null,
    },
    lines: [...invoice.lines].sort((a, b) => a.position - b.position),
    subtotal: invoice.subtotal,
    discountAmount: invoice.discountAmount,
    discountLabel: invoice.couponCode ? `Discount (${invoice.couponCode})` : null,
    taxAmount: invoice.taxAmount,
    taxLabel: invoice.taxLabel,
    total: invoice.total,
    amountPaid: invoice.amountPaid,
    amountDue: invoice.amountDue,
    creditNotes: invoice.creditNotes.map((note) => ({
      number: note.number,
      issuedAt: note.createdAt,
      reason: CREDIT_NOTE_REASONS[note.reason],
      total: note.total,
      refundAmount: note.refundAmount,
      creditAmount: note.creditAmount,
    })),
  };
  return {
    filename: `invoice-${invoice.number ?? invoice.id}.pdf`,
    bytes: await cachedPdf(data, renderInvoicePdf),
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
