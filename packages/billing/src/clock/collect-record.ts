import { lockOrganizations, moneyTx } from "../attempts/money-tx";
import { newId } from "../bulk/ids";
import { insertRows } from "../bulk/sql";
import type { BillingDeps } from "../deps";
import type { DueCharge } from "./collect-due";
import type { InvoicePaymentPlan } from "./invoice-effect";

/** A due charge whose attempt is recorded (committed): it may now go to the gateway. */
export interface RecordedCharge extends DueCharge {
  method: NonNullable<DueCharge["method"]>;
  attemptId: string;
  plan: InvoicePaymentPlan;
  description: string;
}

/**
 * chargeThroughAttempt's first transaction for a whole batch: the organizations locked (in id order),
 * then its guard for each invoice — no charge of it in flight, still OPEN for the same amount — and the
 * PENDING attempts of those that pass, in one insert. The others are left alone, as the guard's 409
 * leaves them ("nothing to do now" for the clock). Nothing has reached the gateway yet.
 */
export async function recordAttempts(
  deps: BillingDeps,
  charges: (DueCharge & { method: RecordedCharge["method"] })[],
  now: Date,
): Promise<RecordedCharge[]> {
  if (charges.length === 0) return [];
  return moneyTx(deps.db, async (tx) => {
    await lockOrganizations(
      tx,
      charges.map((c) => c.invoice.organizationId),
    );
    const invoiceIds = charges.map((c) => c.invoice.id);
    const busy = await tx.$queryRawUnsafe<{ invoiceId: string }[]>(
      `SELECT DISTINCT invoice_id AS "invoiceId" FROM payment_attempts
        WHERE invoice_id = ANY($1::text[]) AND kind = 'CHARGE' AND status IN ('PENDING', 'PROCESSING')`,
      invoiceIds,
    );
    const fresh = await tx.$queryRawUnsafe<{ id: string; status: string; amountDue: number }[]>(
      `SELECT id, status::text AS status, amount_due AS "amountDue" FROM invoices
        WHERE id = ANY($1::text[])`,
      invoiceIds,
    );
    const inFlight = new Set(busy.map((b) => b.invoiceId));
    const current = new Map(fresh.map((f) => [f.id, f]));
    const recorded = charges
      .filter(({ invoice }) => {
        const latest = current.get(invoice.id);
        return (
          !inFlight.has(invoice.id) &&
          latest?.status === "OPEN" &&
          latest.amountDue === invoice.amountDue
        );
      })
      .map((charge): RecordedCharge => ({
        ...charge,
        attemptId: newId(),
        description: `Invoice ${charge.invoice.number ?? charge.invoice.id}`,
        plan: {
          invoiceId: charge.invoice.id,
          subscriptionId: charge.subscription.id,
          paymentMethodId: charge.method.id,
          manual: false,
        },
      }));
    await insertRows(
      tx,
      "payment_attempts",
      {
        id: "text",
        organization_id: "text",
        kind: '"AttemptKind"',
        purpose: '"AttemptPurpose"',
        status: '"AttemptStatus"',
        amount: "int",
        currency: "text",
        gateway: '"Gateway"',
        payload: "jsonb",
        subscription_id: "text",
        invoice_id: "text",
        payment_method_id: "text",
        gateway_payment_method_id: "text",
        created_at: "timestamp(3)",
      },
      recorded.map((c) => ({
        id: c.attemptId,
        organization_id: c.invoice.organizationId,
        kind: "CHARGE",
        purpose: "INVOICE",
        status: "PENDING",
        amount: c.invoice.amountDue,
        currency: c.invoice.currency,
        gateway: deps.gateway.name,
        // What the finalizer (and the reconciler, after a crash) needs, as chargeThroughAttempt stores it.
        payload: { ...c.plan, description: c.description, onSession: false },
        subscription_id: c.subscription.id,
        invoice_id: c.invoice.id,
        payment_method_id: c.method.id,
        gateway_payment_method_id: c.method.gatewayPaymentMethodId,
        created_at: now,
      })),
    );
    return recorded;
  });
}
