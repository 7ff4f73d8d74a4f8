import { fastRead, type Db, type InvoiceStatus } from "@salesos/db";

import type { Direction, Keyset } from "../admin/cursor";
import type { InvoiceLineViewFields, InvoiceViewFields } from "../views";

/**
 * The invoice list's reads in plain SQL, prepared and without Prisma (fast-read.ts): a page is two short
 * statements (the rows, then their lines) instead of Prisma's three, and without its per-query mapping
 * and compilation, which cost more than the queries did.
 * Columns are aliased to the Prisma field names, so `toInvoiceView` builds the very same view from them
 * (a test compares the two for every invoice).
 */
export interface InvoiceScope {
  organizationId: string;
  status: InvoiceStatus | undefined;
}

export type InvoiceRow = InvoiceViewFields & { createdAt: Date; amountCredited: number };

export type InvoiceRowWithLines = InvoiceRow & {
  lines: InvoiceLineViewFields[];
  creditNotes: { total: number }[];
};

/**
 * One page of rows in the list's order (forward: newest first; backward: oldest first). The page's ids
 * come from the (organization, [status,] created_at, id) index alone, bounded by a row comparison: an
 * OR of two conditions would make PostgreSQL walk every invoice sharing the cursor's timestamp. Only
 * then are the page's rows themselves read, so an OFFSET (old clients) skips index entries, not rows.
 */
export async function readPageRows(
  db: Db,
  scope: InvoiceScope,
  from: { key: Keyset | null; direction: Direction; skip: number; take: number },
): Promise<InvoiceRow[]> {
  const forward = from.direction === "forward";
  const values: unknown[] = [scope.organizationId, from.take, from.skip];
  const param = (value: unknown) => `$${values.push(value)}`;
  const status = scope.status ? `AND status = ${param(scope.status)}::"InvoiceStatus"` : "";
  // created_at is a UTC timestamp without a zone: the ISO text cast to it is exact in any session zone.
  const bound = from.key
    ? `AND (created_at, id) ${forward ? "<" : ">"} (${param(from.key.createdAt.toISOString())}::timestamp(3), ${param(from.key.id)})`
    : "";
  const order = forward ? "DESC" : "ASC";
  // One prepared statement per shape (direction, status filter, cursor): 8 in all.
  const name = `invoice_page_${forward ? "f" : "b"}${scope.status ? "s" : ""}${from.key ? "k" : ""}`;
  return fastRead<InvoiceRow>(db, {
    name,
    values,
    text: `
    WITH page AS (
      SELECT id, created_at FROM invoices
       WHERE organization_id = $1 ${status} ${bound}
       ORDER BY created_at ${order}, id ${order}
       LIMIT $2 OFFSET $3)
    SELECT i.id, i.number, i.status::text AS status, i.currency, i.subtotal,
           i.discount_amount AS "discountAmount", i.tax_amount AS "taxAmount", i.total,
           i.amount_paid AS "amountPaid", i.amount_due AS "amountDue", i.credit_applied AS "creditApplied",
           i.period_start AS "periodStart", i.period_end AS "periodEnd", i.issued_at AS "issuedAt",
           i.due_at AS "dueAt", i.paid_at AS "paidAt", i.billing_reason::text AS "billingReason",
           i.subscription_id AS "subscriptionId", i.hosted_url AS "hostedUrl",
           i.gateway_invoice_id AS "gatewayInvoiceId", i.dispute_status AS "disputeStatus",
           i.dispute_amount AS "disputeAmount", i.disputed_at AS "disputedAt", i.created_at AS "createdAt",
           (SELECT COALESCE(SUM(n.total), 0)::int FROM credit_notes n WHERE n.invoice_id = i.id)
             AS "amountCredited"
      FROM page JOIN invoices i ON i.id = page.id
     ORDER BY page.created_at ${order}, page.id ${order}`,
  });
}

/** The lines of the page's invoices, in one statement. */
export async function withLines(db: Db, rows: InvoiceRow[]): Promise<InvoiceRowWithLines[]> {
  if (rows.length === 0) return [];
  const lines = await fastRead<InvoiceLineViewFields & { invoiceId: string }>(db, {
    name: "invoice_page_lines",
    text: `
    SELECT id, invoice_id AS "invoiceId", position, description, quantity, unit_amount AS "unitAmount",
           amount, period_start AS "periodStart", period_end AS "periodEnd", proration
      FROM invoice_lines
     WHERE invoice_id = ANY($1::text[])
     ORDER BY invoice_id, position`,
    values: [rows.map((row) => row.id)],
  });
  const byInvoice = new Map<string, InvoiceLineViewFields[]>();
  for (const { invoiceId, ...line } of lines)
    byInvoice.set(invoiceId, [...(byInvoice.get(invoiceId) ?? []), line]);
  return rows.map((row) => ({
    ...row,
    lines: byInvoice.get(row.id) ?? [],
    creditNotes: [{ total: row.amountCredited }],
  }));
}
