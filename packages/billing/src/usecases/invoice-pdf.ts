/**
 * Route 14, the invoice PDF. The document is drawn once per content (pdf/cache.ts); what remains per
 * request is loading the invoice, so that is three prepared statements run together, without Prisma
 * (fast-read.ts), instead of a findFirst with three relations.
 */
import {
  columns,
  fastRead,
  Prisma,
  type CreditNoteReason,
  type Invoice,
  type InvoiceLine,
} from "@salesos/db";
import { AppError } from "@salesos/validators";

import type { BillingActor, BillingDeps } from "../deps";
import { renderInvoicePdf, type InvoicePdfData } from "../pdf";
import { invoiceDescription } from "../money";
import { cachedPdf } from "../pdf/cache";
import { CREDIT_NOTE_REASONS } from "./credit-note-reasons";

const INVOICE = `SELECT ${columns(Prisma.InvoiceScalarFieldEnum, "i")}
  FROM invoices i WHERE i.id = $1 AND i.organization_id = $2`;
const LINES = `SELECT ${columns(Prisma.InvoiceLineScalarFieldEnum, "l")}
  FROM invoice_lines l WHERE l.invoice_id = $1 ORDER BY l.position`;
const CREDIT_NOTES = `SELECT number, created_at AS "createdAt", reason::text AS reason, total,
       refund_amount AS "refundAmount", credit_amount AS "creditAmount"
  FROM credit_notes WHERE invoice_id = $1 ORDER BY created_at, number`;

interface CreditNoteRow {
  number: string;
  createdAt: Date;
  reason: CreditNoteReason;
  total: number;
  refundAmount: number;
  creditAmount: number;
}

interface Snapshot {
  name?: string;
  email?: string;
  addressLines?: string[];
  taxId?: string | null;
}

const SELLER = {
  name: "SalesOS, Inc.",
  addressLines: ["100 Market Street", "San Francisco, CA 94105", "United States"],
  email: "billing@salesos.org",
};

/** The invoice drawn as a PDF in-process (no browser, nothing user-typed read as markup). */
export async function renderInvoicePdfFor(
  deps: BillingDeps,
  args: { actor: BillingActor; invoiceId: string },
): Promise<{ filename: string; bytes: Uint8Array }> {
  // Lines and notes are read by invoice id alongside the tenant check, and dropped unless it passes.
  const [[invoice], lines, notes] = await Promise.all([
    fastRead<Invoice>(deps.db, {
      name: "pdf_invoice",
      text: INVOICE,
      values: [args.invoiceId, args.actor.organizationId],
    }),
    fastRead<InvoiceLine>(deps.db, { name: "pdf_lines", text: LINES, values: [args.invoiceId] }),
    fastRead<CreditNoteRow>(deps.db, {
      name: "pdf_credit_notes",
      text: CREDIT_NOTES,
      values: [args.invoiceId],
    }),
  ]);
  if (!invoice) throw new AppError("NOT_FOUND", "Invoice not found.");
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
    // The API's `description` of the same invoice (views.ts): one wording for both.
    description: invoiceDescription(invoice),
    seller: SELLER,
    customer: {
      name: snapshot.name ?? "",
      email: snapshot.email ?? "",
      addressLines: snapshot.addressLines ?? [],
      taxId: snapshot.taxId ?? null,
    },
    lines: lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      amount: line.amount,
      periodStart: line.periodStart,
      periodEnd: line.periodEnd,
      proration: line.proration,
    })),
    subtotal: invoice.subtotal,
    discountAmount: invoice.discountAmount,
    discountLabel: invoice.couponCode ? `Discount (${invoice.couponCode})` : null,
    taxAmount: invoice.taxAmount,
    taxLabel: invoice.taxLabel,
    total: invoice.total,
    amountPaid: invoice.amountPaid,
    amountDue: invoice.amountDue,
    creditNotes: notes.map((note) => ({
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
