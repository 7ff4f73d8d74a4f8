import type { Db } from "@salesos/db";

/**
 * The auditor's checks for one organization, after every request and the reconciler have run: at most one
 * live subscription; every succeeded charge either recorded by exactly one payment or refunded in full;
 * every PAID invoice's payments backed by charges that still stand; no attempt left unsettled.
 * Returns the list of violations (empty when the books balance).
 */
export async function moneyViolations(db: Db, organizationId: string): Promise<string[]> {
  const problems: string[] = [];
  const live = await db.subscription.count({
    where: {
      organizationId,
      status: { in: ["TRIALING", "ACTIVE", "PAST_DUE", "PAUSED", "UNPAID"] },
    },
  });
  if (live > 1) problems.push(`${live} live subscriptions`);
  const attempts = await db.paymentAttempt.findMany({ where: { organizationId } });
  const unsettled = attempts.filter((a) => a.status === "PENDING" || a.status === "PROCESSING");
  if (unsettled.length) problems.push(`${unsettled.length} attempts unsettled`);
  const keys = attempts.filter((a) => a.kind === "CHARGE").map((a) => a.id);
  const charges = await db.localCharge.findMany({ where: { idempotencyKey: { in: keys } } });
  const payments = await db.payment.findMany({
    where: { organizationId, status: "SUCCEEDED" },
    include: { invoice: true },
  });
  for (const charge of charges.filter((c) => c.succeeded)) {
    const recorded = payments.filter((p) => p.gatewayPaymentId === charge.id);
    const refunded = charge.amountRefunded >= charge.amount;
    if (recorded.length > 1) problems.push(`charge ${charge.id} recorded ${recorded.length} times`);
    const attempt = attempts.find((a) => a.id === charge.idempotencyKey);
    const byCreditNote = attempts
      .filter((a) => a.refundOfId === attempt?.id && a.status === "SUCCEEDED" && a.creditNoteId)
      .reduce((sum, a) => sum + a.amount, 0);
    if (recorded.length === 1 && charge.amountRefunded !== byCreditNote)
      problems.push(`charge ${charge.id} is recorded and refunded without a credit note`);
    if (recorded.length === 0 && !refunded)
      problems.push(`charge ${charge.id} of ${charge.amount} is neither recorded nor refunded`);
  }
  for (const payment of payments) {
    const charge = charges.find((c) => c.id === payment.gatewayPaymentId);
    // On STRIPE the processor's ledger is not ours to read: the succeeded attempt is the record.
    const byAttempt = attempts.some(
      (a) => a.id === payment.attemptId && a.gateway === "STRIPE" && a.status === "SUCCEEDED",
    );
    if (!charge?.succeeded && !byAttempt)
      problems.push(`payment ${payment.id} has no succeeded charge`);
    if (payment.invoice.status !== "PAID")
      problems.push(`payment ${payment.id} on a ${payment.invoice.status} invoice`);
  }
  for (const attempt of attempts.filter(
    (a) => a.gateway === "STRIPE" && a.kind === "CHARGE" && a.status === "SUCCEEDED",
  )) {
    const recorded = payments.filter((p) => p.attemptId === attempt.id).length;
    const refunded = attempts
      .filter((r) => r.refundOfId === attempt.id && r.status === "SUCCEEDED")
      .reduce((sum, r) => sum + r.amount, 0);
    if (recorded > 1) problems.push(`attempt ${attempt.id} recorded ${recorded} times`);
    if (recorded === 0 && refunded < attempt.amount)
      problems.push(
        `STRIPE charge ${attempt.id} of ${attempt.amount} is neither recorded nor refunded`,
      );
  }
  const paid = await db.invoice.findMany({ where: { organizationId, status: "PAID" } });
  for (const invoice of paid) {
    const covered =
      invoice.creditApplied +
      payments.filter((p) => p.invoiceId === invoice.id).reduce((sum, p) => sum + p.amount, 0);
    if (covered !== invoice.total)
      problems.push(`PAID invoice ${invoice.number} total ${invoice.total}, covered ${covered}`);
  }
  problems.push(...(await ledgerViolations(db, organizationId, attempts, paid)));
  return problems;
}

/**
 * The books balance: the balance is the sum of its ledger and never negative, and money moved equals
 * documents issued — Σ charges − Σ refunds = Σ PAID invoice totals − Σ credit notes + balance.
 */
async function ledgerViolations(
  db: Db,
  organizationId: string,
  attempts: { kind: string; status: string; amount: number }[],
  paid: { total: number }[],
): Promise<string[]> {
  const problems: string[] = [];
  const customer = await db.billingCustomer.findUnique({ where: { organizationId } });
  if (!customer) return problems;
  const ledger = await db.balanceTransaction.aggregate({
    where: { customerId: customer.id },
    _sum: { amount: true },
  });
  if ((ledger._sum.amount ?? 0) !== customer.creditBalance)
    problems.push(
      `balance ${customer.creditBalance} but ledger sums to ${ledger._sum.amount ?? 0}`,
    );
  if (customer.creditBalance < 0) problems.push(`negative balance ${customer.creditBalance}`);
  const moved = (kind: string) =>
    attempts
      .filter((a) => a.kind === kind && a.status === "SUCCEEDED")
      .reduce((sum, a) => sum + a.amount, 0);
  const notes = await db.creditNote.aggregate({ where: { organizationId }, _sum: { total: true } });
  const money = moved("CHARGE") - moved("REFUND");
  const documents =
    paid.reduce((sum, i) => sum + i.total, 0) - (notes._sum.total ?? 0) + customer.creditBalance;
  if (money !== documents)
    problems.push(
      `charges − refunds = ${money} but invoices − credit notes + balance = ${documents}`,
    );
  return problems;
}
