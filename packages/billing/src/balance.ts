import type { BalanceEntryType, BalanceTransaction } from "@salesos/db";
import { AppError } from "@salesos/validators";

import type { BillingActor, BillingDeps, Tx } from "./deps";

/**
 * The only writer of a customer's credit balance: one ledger row per credit and per use, and the cached
 * balance moved by the same amount in the same transaction (an atomic, conditional increment that never
 * takes it below 0), so the balance is always the sum of its ledger.
 */
export async function postBalance(
  tx: Tx,
  args: {
    customerId: string;
    type: BalanceEntryType;
    /** Positive adds credit; negative uses it. */
    amount: number;
    description: string;
    creditNoteId?: string | null;
    invoiceId?: string | null;
    now: Date;
  },
): Promise<BalanceTransaction | null> {
  if (!Number.isSafeInteger(args.amount))
    throw new RangeError("A balance entry is whole minor units");
  if (args.amount === 0) return null;
  const [row] = await tx.$queryRaw<{ balance: number; organizationId: string; currency: string }[]>`
    UPDATE billing_customers SET credit_balance = credit_balance + ${args.amount}
     WHERE id = ${args.customerId} AND credit_balance + ${args.amount} >= 0
     RETURNING credit_balance AS balance, organization_id AS "organizationId", currency`;
  // No row: the customer is gone, or the balance would go below zero (a use of credit another
  // transaction already spent). Either way nothing is written and the caller's transaction rolls back.
  if (!row) throw new AppError("CONFLICT", "The credit balance changed meanwhile. Try again.");
  return tx.balanceTransaction.create({
    data: {
      organizationId: row.organizationId,
      customerId: args.customerId,
      type: args.type,
      amount: args.amount,
      currency: row.currency,
      balanceAfter: Number(row.balance),
      description: args.description,
      creditNoteId: args.creditNoteId ?? null,
      invoiceId: args.invoiceId ?? null,
      createdAt: args.now,
    },
  });
}

export interface BalanceEntryView {
  id: string;
  type: BalanceEntryType;
  amount: number;
  currency: string;
  balanceAfter: number;
  description: string;
  creditNoteId: string | null;
  invoiceId: string | null;
  createdAt: Date;
}

/** The organization's balance ledger, newest first (an organization without a customer has none). */
export async function listBalanceTransactions(
  deps: BillingDeps,
  args: { actor: BillingActor; limit?: number },
): Promise<{ balance: number; currency: string; data: BalanceEntryView[] }> {
  const limit = args.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new AppError("VALIDATION_FAILED", "limit is 1 to 100.");
  const customer = await deps.db.billingCustomer.findUnique({
    where: { organizationId: args.actor.organizationId },
  });
  if (!customer) return { balance: 0, currency: "usd", data: [] };
  const rows = await deps.db.balanceTransaction.findMany({
    where: { customerId: customer.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return {
    balance: customer.creditBalance,
    currency: customer.currency,
    data: rows.map(({ organizationId: _o, customerId: _c, ...view }) => view),
  };
}
