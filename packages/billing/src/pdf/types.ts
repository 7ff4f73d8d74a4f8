/**
 * Input of the invoice PDF: plain values, already loaded and computed by the caller, so rendering
 * needs no database and never recomputes a total. Amounts are integers in the currency's minor unit.
 */
export interface InvoicePdfLine {
  description: string;
  quantity: number;
  unitAmount: number;
  amount: number;
  periodStart: Date | null;
  periodEnd: Date | null;
  proration: boolean;
}

export type InvoicePdfStatus = "DRAFT" | "OPEN" | "PAID" | "VOID" | "UNCOLLECTIBLE";

export interface InvoicePdfData {
  number: string;
  status: InvoicePdfStatus;
  currency: string;
  issuedAt: Date | null;
  dueAt: Date | null;
  paidAt: Date | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  /** What the invoice is for ("Renewal, Dec 4 – Jan 4"), under its number; none: not drawn. */
  description?: string | null;
  seller: { name: string; addressLines: string[]; email: string };
  customer: { name: string; email: string; addressLines: string[]; taxId: string | null };
  lines: InvoicePdfLine[];
  subtotal: number;
  discountAmount: number;
  discountLabel: string | null;
  taxAmount: number;
  taxLabel: string | null;
  total: number;
  amountPaid: number;
  amountDue: number;
  /** Credit notes issued against this invoice, oldest first (an immutable invoice is corrected by them). */
  creditNotes: InvoicePdfCreditNote[];
}

export interface InvoicePdfCreditNote {
  number: string;
  issuedAt: Date;
  reason: string;
  total: number;
  refundAmount: number;
  creditAmount: number;
}
