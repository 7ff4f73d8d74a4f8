import { columns, fastRead, nest, Prisma, type Invoice, type Subscription } from "@salesos/db";

export type ClaimedSubscription = Pick<Subscription, "id" | "organizationId">;

import type { BillingDeps } from "../deps";
import { COLLECTION_DUE } from "./due-sql";

/** A claimed payment: the subscription's oldest open invoice and what pays it. */
export interface DueCharge {
  subscription: ClaimedSubscription;
  invoice: Invoice;
  /** The customer's default card (null: none on file). */
  method: { id: string; gatewayPaymentMethodId: string } | null;
  gatewayCustomerId: string | null;
}

const LEASE_MS = 15 * 60 * 1000;

const CLAIM = `
  UPDATE subscriptions AS s SET next_payment_attempt_at = $2, updated_at = $3
    FROM (SELECT id FROM subscriptions
           WHERE ${COLLECTION_DUE}
             AND ($5::text[] IS NULL OR id = ANY($5::text[]))
           ORDER BY next_payment_attempt_at, id
           LIMIT $4
             FOR UPDATE SKIP LOCKED) AS due
   WHERE s.id = due.id
  RETURNING s.id, s.organization_id AS "organizationId"`;

/**
 * Claims up to `limit` subscriptions whose payment attempt is due, in one statement (its own
 * transaction): each gets a short lease, as claimDue gives one, so a crash only delays it and another
 * clock skips it meanwhile. `only`: among these subscriptions alone (a queue batch's collection jobs).
 */
export async function claimCollections(
  deps: BillingDeps,
  now: Date,
  limit: number,
  only?: readonly string[],
): Promise<ClaimedSubscription[]> {
  const lease = new Date(now.getTime() + (deps.collectLeaseMs ?? LEASE_MS));
  const claimed = await deps.db.$queryRawUnsafe<Subscription[]>(
    CLAIM,
    now,
    lease,
    new Date(),
    limit,
    only ?? null,
  );
  // RETURNING lists rows in no particular order: by id, a batch is handled the same way every run.
  return claimed.sort((a, b) => a.id.localeCompare(b.id));
}

const OPEN_INVOICES = `
  SELECT DISTINCT ON (i.subscription_id)
         ${columns(Prisma.InvoiceScalarFieldEnum, "i", "invoice.")},
         c.gateway_customer_id AS "gatewayCustomerId",
         pm.id AS "method.id", pm.gateway_payment_method_id AS "method.gatewayPaymentMethodId"
    FROM invoices i
    JOIN billing_customers c ON c.id = i.customer_id
    LEFT JOIN payment_methods pm ON pm.id = c.default_payment_method_id
   WHERE i.subscription_id = ANY($1::text[]) AND i.status = 'OPEN'
   ORDER BY i.subscription_id, i.created_at, i.number`;

/**
 * The oldest open invoice of each claimed subscription with the customer's default card (as
 * chargeInvoice reads them one by one), and the subscriptions that have none: their claim is released.
 */
export async function openInvoices(
  deps: BillingDeps,
  subscriptions: ClaimedSubscription[],
): Promise<{ due: DueCharge[]; nothingOpen: ClaimedSubscription[] }> {
  if (subscriptions.length === 0) return { due: [], nothingOpen: [] };
  const rows = await fastRead<Record<string, unknown>>(deps.db, {
    name: "clock_open_invoices",
    text: OPEN_INVOICES,
    values: [subscriptions.map((s) => s.id)],
  });
  const bySubscription = new Map(
    rows.map((row) => {
      const { invoice, method, gatewayCustomerId } = nest(row) as {
        invoice: Invoice;
        method: { id: string | null; gatewayPaymentMethodId: string | null };
        gatewayCustomerId: string | null;
      };
      return [invoice.subscriptionId, { invoice, method, gatewayCustomerId }] as const;
    }),
  );
  const due: DueCharge[] = [];
  const nothingOpen: ClaimedSubscription[] = [];
  for (const subscription of subscriptions) {
    const found = bySubscription.get(subscription.id);
    if (!found) nothingOpen.push(subscription);
    else
      due.push({
        subscription,
        invoice: found.invoice,
        gatewayCustomerId: found.gatewayCustomerId,
        method:
          found.method.id === null
            ? null
            : { id: found.method.id, gatewayPaymentMethodId: found.method.gatewayPaymentMethodId! },
      });
  }
  if (nothingOpen.length > 0)
    await deps.db.$executeRawUnsafe(
      `UPDATE subscriptions SET next_payment_attempt_at = NULL, updated_at = $2
        WHERE id = ANY($1::text[])`,
      nothingOpen.map((s) => s.id),
      new Date(),
    );
  return { due, nothingOpen };
}
