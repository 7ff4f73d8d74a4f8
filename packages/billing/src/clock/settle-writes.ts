import type { Subscription } from "@salesos/db";

import { chargeFailure } from "../attempts/finalize";
import { newId } from "../bulk/ids";
import { fromRows, insertRows, updateRows, type ColumnTypes } from "../bulk/sql";
import type { Tx } from "../deps";
import type { Answered } from "./collect-settle";

const TS = "timestamp(3)";

const failureOf = (a: Answered) => chargeFailure(a.result.status === "failed" ? a.result : null);

/** The payments rows recordPayment and applyInvoiceFailed write, for the whole batch at once. */
export async function writePayments(
  tx: Tx,
  paid: Answered[],
  failed: Answered[],
  pending: Map<string, { gatewayPaymentId: string | null }>,
  now: Date,
): Promise<void> {
  const row = (a: Answered) => ({
    id: newId(),
    organization_id: a.charge.invoice.organizationId,
    invoice_id: a.charge.invoice.id,
    payment_method_id: a.charge.plan.paymentMethodId,
    amount: a.charge.invoice.amountDue,
    currency: a.charge.invoice.currency,
    gateway: a.charge.invoice.gateway,
    created_at: now,
  });
  await insertRows(
    tx,
    "payments",
    {
      id: "text",
      organization_id: "text",
      invoice_id: "text",
      payment_method_id: "text",
      amount: "int",
      currency: "text",
      status: '"PaymentStatus"',
      failure_code: "text",
      failure_message: "text",
      gateway: '"Gateway"',
      gateway_payment_id: "text",
      attempt_id: "text",
      created_at: TS,
    },
    [
      ...paid.map((a) => ({
        ...row(a),
        status: "SUCCEEDED",
        failure_code: null,
        failure_message: null,
        gateway_payment_id: a.result.gatewayPaymentId,
        attempt_id: a.charge.attemptId,
      })),
      ...failed.map((a) => ({
        ...row(a),
        status: "FAILED",
        failure_code: failureOf(a).code,
        failure_message: failureOf(a).message,
        // As the finalizer records a decline: the attempt's payment id as it stood (none yet).
        gateway_payment_id: pending.get(a.charge.attemptId)?.gatewayPaymentId || null,
        attempt_id: null,
      })),
    ],
  );
}

const SUBSCRIPTION_FIELDS: Record<string, [column: string, type: string]> = {
  status: ["status", '"SubscriptionStatus"'],
  paymentAttempts: ["payment_attempts", "int"],
  nextPaymentAttemptAt: ["next_payment_attempt_at", TS],
  billingAnchor: ["billing_anchor", TS],
  currentPeriodStart: ["current_period_start", TS],
  currentPeriodEnd: ["current_period_end", TS],
  paidFrom: ["paid_from", TS],
};

/**
 * Subscription updates of a batch, each writing exactly the fields its terms name (as a Prisma update
 * with that data would): one statement per set of fields, usually one in all.
 */
export async function writeSubscriptionTerms(
  tx: Tx,
  items: { sub: Pick<Subscription, "id">; terms: Record<string, unknown> }[],
): Promise<void> {
  const updatedAt = new Date(); // Prisma's @updatedAt: the wall clock of the write
  const byShape = new Map<string, typeof items>();
  for (const item of items) {
    const shape = Object.keys(item.terms).sort().join(",");
    byShape.set(shape, [...(byShape.get(shape) ?? []), item]);
  }
  for (const group of byShape.values()) {
    const fields = Object.keys(group[0]!.terms);
    const columns: ColumnTypes = { updated_at: TS };
    for (const field of fields) {
      const spec = SUBSCRIPTION_FIELDS[field];
      if (!spec) throw new Error(`no bulk column for subscription.${field}`);
      columns[spec[0]] = spec[1];
    }
    const rows = group.map(({ sub, terms }) => ({
      id: sub.id,
      updated_at: updatedAt,
      ...Object.fromEntries(fields.map((f) => [SUBSCRIPTION_FIELDS[f]![0], terms[f]])),
    }));
    await updateRows(tx, "subscriptions", columns, rows, { set: fromRows(columns) });
  }
}

const ATTEMPT_OUTCOME: ColumnTypes = {
  status: '"AttemptStatus"',
  effect: '"AttemptEffect"',
  gateway_payment_id: "text",
  failure_code: "text",
  failure_message: "text",
  resolved_at: TS,
};

/** The attempts settled: SUCCEEDED with their effect applied, or FAILED with the decline. */
export async function writeAttemptOutcomes(
  tx: Tx,
  paid: Answered[],
  failed: Answered[],
  now: Date,
): Promise<void> {
  await updateRows(
    tx,
    "payment_attempts",
    ATTEMPT_OUTCOME,
    [
      ...paid.map((a) => ({
        id: a.charge.attemptId,
        status: "SUCCEEDED",
        effect: "APPLIED",
        gateway_payment_id: a.result.gatewayPaymentId,
        failure_code: null,
        failure_message: null,
        resolved_at: now,
      })),
      ...failed.map((a) => ({
        id: a.charge.attemptId,
        status: "FAILED",
        effect: null,
        gateway_payment_id: a.result.gatewayPaymentId || null,
        failure_code: failureOf(a).code,
        failure_message: failureOf(a).message,
        resolved_at: now,
      })),
    ],
    { set: fromRows(ATTEMPT_OUTCOME) },
  );
}
