import type { BillingCustomer, BillingReason, Db, Invoice, InvoiceLine } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { postBalance } from "./balance";
import type { Tx } from "./deps";
import { computeInvoiceTotals, type InvoiceTotals } from "./money";

export interface DraftLine {
  description: string;
  quantity: number;
  unitAmount: number;
  amount: number;
  periodStart: Date;
  periodEnd: Date;
  proration: boolean;
}

export interface DiscountTerms {
  percentOff: number | null;
  amountOff: number | null;
  couponCode: string | null;
}

/** Everything an invoice will say, computed before any money moves, so the charge and the invoice agree. */
export interface InvoiceQuote extends InvoiceTotals {
  lines: DraftLine[];
  currency: string;
  taxRateBps: number;
  taxLabel: string | null;
  couponCode: string | null;
  /** Credit balance used by this invoice (counts as paid). */
  creditApplied: number;
  amountPaid: number;
}

export interface TaxTerms {
  bps: number;
  label: string | null;
}

/** A tax rate row as the invoice states it (none: no tax). Pure, so a batch can price from rows it loaded. */
export function taxTermsOf(rate: { name: string; percentBps: number } | null): TaxTerms {
  if (!rate) return { bps: 0, label: null };
  return {
    bps: rate.percentBps,
    label: `${rate.name} (${(rate.percentBps / 100).toFixed(2).replace(/\.?0+$/, "")}%)`,
  };
}

/** Tax by the customer's country (admin-managed; none by default). */
export async function taxRateFor(db: Db | Tx, country: string | null): Promise<TaxTerms> {
  if (!country) return { bps: 0, label: null };
  const rate = await db.taxRate.findFirst({
    where: { country: country.toUpperCase(), isActive: true },
  });
  return taxTermsOf(rate);
}

export interface QuoteInput {
  customer: Pick<BillingCustomer, "creditBalance">;
  currency: string;
  lines: DraftLine[];
  discount: DiscountTerms | null;
  useCredit: boolean;
}

/** The quote from facts already loaded (the tax rate of the customer's country): no database. */
export function buildQuote(args: QuoteInput, tax: TaxTerms): InvoiceQuote {
  const totals = computeInvoiceTotals({
    lineAmounts: args.lines.map((l) => l.amount),
    discount: args.discount,
    taxRateBps: tax.bps,
  });
  const creditApplied = args.useCredit
    ? Math.min(args.customer.creditBalance, Math.max(totals.total, 0))
    : 0;
  return {
    ...totals,
    amountPaid: creditApplied,
    amountDue: Math.max(0, totals.total - creditApplied),
    creditApplied,
    lines: args.lines,
    currency: args.currency,
    taxRateBps: tax.bps,
    taxLabel: tax.label,
    couponCode: args.discount?.couponCode ?? null,
  };
}

export async function quoteInvoice(
  db: Db | Tx,
  args: QuoteInput & { customer: Pick<BillingCustomer, "creditBalance" | "country"> },
): Promise<InvoiceQuote> {
  return buildQuote(args, await taxRateFor(db, args.customer.country));
}

export interface IssueArgs {
  quote: InvoiceQuote;
  subscriptionId: string | null;
  billingReason: BillingReason;
  periodStart: Date;
  periodEnd: Date;
  periodKey?: string;
  now: Date;
}

/**
 * The invoice row (without id and lines) for number `seq` of the organization: status OPEN, or PAID when
 * nothing is due, with the bill-to details as they are now. Pure: the clock's batches write the same rows.
 */
export function invoiceRecord(
  customer: BillingCustomer,
  counter: { seq: number; prefix: string },
  args: IssueArgs,
) {
  const { quote } = args;
  const paid = quote.amountDue === 0;
  return {
    organizationId: customer.organizationId,
    customerId: customer.id,
    subscriptionId: args.subscriptionId,
    number: `${counter.prefix}-${String(counter.seq).padStart(6, "0")}`,
    status: paid ? ("PAID" as const) : ("OPEN" as const),
    billingReason: args.billingReason,
    currency: quote.currency,
    subtotal: quote.subtotal,
    discountAmount: quote.discountAmount,
    taxAmount: quote.taxAmount,
    taxRateBps: quote.taxRateBps,
    taxLabel: quote.taxLabel,
    total: quote.total,
    creditApplied: quote.creditApplied,
    amountPaid: quote.amountPaid,
    amountDue: quote.amountDue,
    couponCode: quote.couponCode,
    periodStart: args.periodStart,
    periodEnd: args.periodEnd,
    periodKey: args.periodKey ?? null,
    issuedAt: args.now,
    dueAt: args.now,
    paidAt: paid ? args.now : null,
    customerSnapshot: {
      name: customer.name,
      email: customer.email,
      addressLines: [
        customer.addressLine1,
        customer.addressLine2,
        [customer.postalCode, customer.city].filter(Boolean).join(" "),
        customer.state,
        customer.country,
      ].filter((l): l is string => !!l),
      taxId: customer.taxId,
    },
    gateway: customer.gateway,
    createdAt: args.now,
  };
}

/** The ledger line of the credit an invoice used. */
export function creditUseDescription(invoiceNumber: string | null): string {
  return `Applied to invoice ${invoiceNumber}`;
}

/**
 * Finalizes an invoice inside the caller's transaction: takes the next number of the organization
 * (row-locked counter, so numbers are gapless and never reused), snapshots the bill-to details, and
 * uses the quoted credit (a ledger row). Status OPEN, or PAID when nothing is due.
 */
export async function issueInvoice(
  tx: Tx,
  args: IssueArgs & { customer: BillingCustomer },
): Promise<Invoice & { lines: InvoiceLine[] }> {
  const [counter] = await tx.$queryRaw<{ seq: number; prefix: string }[]>`
    UPDATE billing_customers
       SET next_invoice_sequence = next_invoice_sequence + 1
     WHERE id = ${args.customer.id}
     RETURNING next_invoice_sequence - 1 AS seq, invoice_prefix AS prefix`;
  if (!counter) throw new Error(`billing customer ${args.customer.id} vanished`);
  const { quote, customer } = args;
  const invoice = await tx.invoice.create({
    data: {
      ...invoiceRecord(customer, counter, args),
      lines: { create: quote.lines.map((line, position) => ({ ...line, position })) },
    },
    include: { lines: true },
  });
  await postBalance(tx, {
    customerId: customer.id,
    type: "INVOICE",
    amount: -quote.creditApplied,
    description: creditUseDescription(invoice.number),
    invoiceId: invoice.id,
    now: args.now,
  });
  return invoice;
}

/**
 * Records a successful charge against an invoice: invoice PAID (only from OPEN, so two requests that got
 * the same charge cannot both record it), then the Payment row.
 */
export async function recordPayment(
  tx: Tx,
  args: {
    invoice: Invoice;
    paymentMethodId: string | null;
    gatewayPaymentId: string;
    /** The payment attempt whose success this records. */
    attemptId: string | null;
    amount: number;
    now: Date;
  },
): Promise<void> {
  const { count } = await tx.invoice.updateMany({
    where: { id: args.invoice.id, status: "OPEN" },
    data: {
      status: "PAID",
      amountPaid: { increment: args.amount },
      amountDue: 0,
      paidAt: args.now,
    },
  });
  if (count !== 1) throw new AppError("CONFLICT", "This invoice is already paid.");
  await tx.payment.create({
    data: {
      organizationId: args.invoice.organizationId,
      invoiceId: args.invoice.id,
      paymentMethodId: args.paymentMethodId,
      amount: args.amount,
      currency: args.invoice.currency,
      status: "SUCCEEDED",
      gateway: args.invoice.gateway,
      gatewayPaymentId: args.gatewayPaymentId,
      attemptId: args.attemptId,
      createdAt: args.now,
    },
  });
}
