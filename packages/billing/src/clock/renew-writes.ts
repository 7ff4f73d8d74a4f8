import { AppError } from "@salesos/validators";

import type { Tx } from "../deps";
import { creditUseDescription, invoiceRecord } from "../invoicing";
import { fromRows, insertRows, updateRows } from "../bulk/sql";
import { newId } from "../bulk/ids";
import { INVOICE, LINE, RENEWED } from "./renew-columns";
import type { ClaimedRenewal, NumberedCustomer } from "./renew-load";
import { renewalPeriodKey, renewedTerms, type RenewalQuote } from "./renewal-quote";

const TS = "timestamp(3)";
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A row for the bulk writers: the engine's camelCase fields under their column names. */
function toRow(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [snake(k), v]));
}

export interface PricedRenewal extends NumberedCustomer {
  sub: ClaimedRenewal;
  renewal: RenewalQuote;
}

export interface IssuedRenewal {
  id: string;
  number: string;
  status: "OPEN" | "PAID";
  amountDue: number;
  organizationId: string;
}

/**
 * Issues the batch's renewal invoices as issueInvoice does one by one: the rows with their lines, and
 * the credit each uses taken off the (locked) balance with its ledger row.
 */
export async function issueRenewalInvoices(
  tx: Tx,
  items: PricedRenewal[],
  now: Date,
): Promise<IssuedRenewal[]> {
  const issued = items.map(({ sub, customer, counter, renewal }) => ({
    id: newId(),
    ...invoiceRecord(customer, counter, {
      quote: renewal.quote,
      subscriptionId: sub.id,
      billingReason: "SUBSCRIPTION_CYCLE",
      periodStart: renewal.start,
      periodEnd: renewal.end,
      periodKey: renewalPeriodKey(sub.id, renewal.start),
      now,
    }),
  }));
  await insertRows(tx, "invoices", INVOICE, issued.map(toRow));
  await insertRows(
    tx,
    "invoice_lines",
    LINE,
    items.flatMap(({ renewal }, i) =>
      renewal.quote.lines.map((line, position) =>
        toRow({ id: newId(), invoiceId: issued[i]!.id, position, ...line }),
      ),
    ),
  );
  await useCredit(tx, items, issued, now);
  return issued;
}

/** postBalance for each invoice that uses credit: the balance down, never below 0, and its ledger row. */
async function useCredit(
  tx: Tx,
  items: PricedRenewal[],
  issued: { id: string; number: string }[],
  now: Date,
): Promise<void> {
  const uses = items.flatMap(({ customer, renewal }, i) =>
    renewal.quote.creditApplied > 0
      ? [{ customer, amount: renewal.quote.creditApplied, invoice: issued[i]! }]
      : [],
  );
  const changed = await updateRows(
    tx,
    "billing_customers",
    { amount: "int" },
    uses.map((u) => ({ id: u.customer.id, amount: u.amount })),
    {
      set: { credit_balance: "t.credit_balance - x.amount" },
      where: "t.credit_balance >= x.amount",
    },
  );
  // The rows are locked since their numbers were taken, so this cannot happen; if it did, nothing stays.
  if (changed.size !== uses.length)
    throw new AppError("CONFLICT", "The credit balance changed meanwhile. Try again.");
  await insertRows(
    tx,
    "balance_transactions",
    {
      id: "text",
      organization_id: "text",
      customer_id: "text",
      type: '"BalanceEntryType"',
      amount: "int",
      currency: "text",
      balance_after: "int",
      description: "text",
      invoice_id: "text",
      created_at: TS,
    },
    uses.map(({ customer, amount, invoice }) => ({
      id: newId(),
      organization_id: customer.organizationId,
      customer_id: customer.id,
      type: "INVOICE",
      amount: -amount,
      currency: customer.currency,
      balance_after: customer.creditBalance - amount,
      description: creditUseDescription(invoice.number),
      invoice_id: invoice.id,
      created_at: now,
    })),
  );
}

/** The subscriptions' next periods (renewedTerms of each); a discount still running is kept as it is. */
export async function writeRenewedTerms(
  tx: Tx,
  items: PricedRenewal[],
  issued: IssuedRenewal[],
  now: Date,
): Promise<void> {
  // Prisma's @updatedAt is the wall clock of the write, not the clock's `now`.
  const updatedAt = new Date();
  const rows = items.map(({ sub, renewal }, i) => ({
    id: sub.id,
    ...toRow({
      couponId: sub.couponId,
      discountPercentOff: sub.discountPercentOff,
      discountAmountOff: sub.discountAmountOff,
      discountEndsAt: sub.discountEndsAt,
      discountOnce: sub.discountOnce,
      ...renewedTerms(sub, renewal, issued[i]!.amountDue, now),
      updatedAt,
    }),
  }));
  await updateRows(tx, "subscriptions", RENEWED, rows, { set: fromRows(RENEWED) });
}

/** Scheduled cancellations: CANCELED at the period's end, nothing more to collect. */
export async function writeCancellations(tx: Tx, subs: ClaimedRenewal[]): Promise<void> {
  const updatedAt = new Date();
  await updateRows(
    tx,
    "subscriptions",
    { ended_at: TS, updated_at: TS },
    subs.map((s) => ({ id: s.id, ended_at: s.currentPeriodEnd, updated_at: updatedAt })),
    {
      set: {
        status: `'CANCELED'::"SubscriptionStatus"`,
        ended_at: "x.ended_at",
        next_payment_attempt_at: "NULL",
        updated_at: "x.updated_at",
      },
    },
  );
}
