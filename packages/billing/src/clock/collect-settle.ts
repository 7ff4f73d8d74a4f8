import type { Subscription } from "@salesos/db";

import { chargeFailure } from "../attempts/finalize";
import { lockOrganizations, moneyTx } from "../attempts/money-tx";
import { updateRows } from "../bulk/sql";
import type { BillingDeps, Tx } from "../deps";
import type { ChargeResult } from "../gateways/port";
import type { RecordedCharge } from "./collect-record";
import { dunningRetryAt, paymentFailedRecords, settledTerms } from "./invoice-terms";
import { invoicePaidNotice, notifyAll, writeAudits } from "./records";
import { writeAttemptOutcomes, writePayments, writeSubscriptionTerms } from "./settle-writes";

export interface Answered {
  charge: RecordedCharge;
  result: ChargeResult;
}

type Locked = Pick<
  Subscription,
  "id" | "status" | "paymentAttempts" | "currentPeriodEnd" | "billingCycle"
>;

/** Still billing: dunning moves only these (moveDunning's condition). */
const BILLING = new Set(["ACTIVE", "PAST_DUE", "UNPAID"]);

async function lockRows(tx: Tx, answered: Answered[]) {
  await lockOrganizations(
    tx,
    answered.map((a) => a.charge.invoice.organizationId),
  );
  // The attempt rows, as finalizeCharge locks each: only those still PENDING are ours to settle.
  const pending = await tx.$queryRawUnsafe<{ id: string; gatewayPaymentId: string | null }[]>(
    `SELECT id, gateway_payment_id AS "gatewayPaymentId" FROM payment_attempts
      WHERE id = ANY($1::text[]) AND status = 'PENDING' ORDER BY id FOR UPDATE`,
    answered.map((a) => a.charge.attemptId),
  );
  const subs = await tx.$queryRawUnsafe<Locked[]>(
    `SELECT id, status::text AS status, payment_attempts AS "paymentAttempts",
            current_period_end AS "currentPeriodEnd", billing_cycle::text AS "billingCycle"
       FROM subscriptions WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    answered.map((a) => a.charge.subscription.id),
  );
  return {
    pending: new Map(pending.map((p) => [p.id, p])),
    subs: new Map(subs.map((s) => [s.id, s])),
  };
}

/**
 * finalizeCharge for a batch's answers in one transaction, in bulk, for the common outcomes: a success
 * whose invoice is still OPEN for the amount (PAID, its payment, the subscription settled when nothing
 * else is open, the notice), and a decline with a retry left (its failed payment, PAST_DUE with the next
 * retry, the notice and the audit row). Everything else — an attempt settled meanwhile, an invoice paid
 * or changed meanwhile (the money goes back), a confirmation asked, the last retry — is returned as
 * `fallback`, still PENDING, for finalizeCharge itself.
 */
export async function settleCharges(
  deps: Pick<BillingDeps, "db">,
  answered: Answered[],
  now: Date,
): Promise<{ paid: Answered[]; failed: Answered[]; fallback: Answered[] }> {
  if (answered.length === 0) return { paid: [], failed: [], fallback: [] };
  return moneyTx(deps.db, async (tx) => {
    const { pending, subs } = await lockRows(tx, answered);
    const open = answered.filter((a) => pending.has(a.charge.attemptId));
    const successes = open.filter((a) => a.result.status === "succeeded");
    const paidIds = await markPaid(tx, successes, now);
    const paid = successes.filter((a) => paidIds.has(a.charge.invoice.id));
    const failed = open.filter((a) => {
      const sub = subs.get(a.charge.subscription.id);
      return (
        a.result.status === "failed" &&
        sub !== undefined &&
        BILLING.has(sub.status) &&
        // A retry left (the date does not matter here): the last failure's final action goes to fallback.
        dunningRetryAt(sub.paymentAttempts + 1, now) !== null
      );
    });
    const done = new Set([...paid, ...failed]);
    const declines = failed.map((a) => declined(a, subs.get(a.charge.subscription.id)!, now));
    await writePayments(tx, paid, failed, pending, now);
    await writeSubscriptionTerms(tx, [
      ...(await settledSubscriptions(tx, paid, subs, now)),
      ...declines.map((d) => d.update),
    ]);
    const notices = [
      ...paid.map((a) => invoicePaidNotice(a.charge.invoice)),
      ...declines.map((d) => d.records.notice),
    ];
    const audits = declines.map((d) => d.records.audit);
    await notifyAll(tx, notices, now);
    await writeAudits(tx, audits, now);
    await writeAttemptOutcomes(tx, paid, failed, now);
    return { paid, failed, fallback: answered.filter((a) => !done.has(a)) };
  });
}

/** applyInvoiceFailed for an automatic attempt with a retry left: PAST_DUE until the next retry. */
function declined(a: Answered, sub: Locked, now: Date) {
  const attempt = sub.paymentAttempts + 1;
  const failure = chargeFailure(a.result.status === "failed" ? a.result : null);
  return {
    update: {
      sub,
      terms: {
        status: "PAST_DUE" as const,
        paymentAttempts: attempt,
        // Retries count from the invoice's issue (the first failure), not from this attempt.
        nextPaymentAttemptAt: dunningRetryAt(attempt, a.charge.invoice.issuedAt ?? now),
      },
    },
    records: paymentFailedRecords(a.charge.invoice, { code: failure.code, attempt, manual: false }),
  };
}

/** recordPayment's conditional update for many invoices: PAID only from OPEN for the amount charged. */
async function markPaid(tx: Tx, successes: Answered[], now: Date): Promise<Set<string>> {
  return updateRows(
    tx,
    "invoices",
    { amount: "int", paid_at: "timestamp(3)" },
    successes.map((a) => ({
      id: a.charge.invoice.id,
      amount: a.charge.invoice.amountDue,
      paid_at: now,
    })),
    {
      set: {
        status: `'PAID'::"InvoiceStatus"`,
        amount_paid: "t.amount_paid + x.amount",
        amount_due: "0",
        paid_at: "x.paid_at",
      },
      where: `t.status = 'OPEN' AND t.amount_due = x.amount`,
    },
  );
}

/** The paid invoices' subscriptions with nothing else open: settled (applyInvoicePaid's last step). */
async function settledSubscriptions(
  tx: Tx,
  paid: Answered[],
  subs: Map<string, Locked>,
  now: Date,
) {
  if (paid.length === 0) return [];
  const stillOpen = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT DISTINCT subscription_id AS id FROM invoices
      WHERE subscription_id = ANY($1::text[]) AND status = 'OPEN'`,
    paid.map((a) => a.charge.subscription.id),
  );
  const open = new Set(stillOpen.map((s) => s.id));
  return paid
    .map((a) => subs.get(a.charge.subscription.id))
    .filter((sub): sub is Locked => sub !== undefined && !open.has(sub.id))
    .map((sub) => ({ sub, terms: settledTerms(sub, now) }));
}
