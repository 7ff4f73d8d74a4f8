import { moneyTx } from "../attempts/money-tx";
import type { BillingDeps } from "../deps";
import {
  invoicePaidNotice,
  notifyAll,
  renewalAudit,
  scheduledCancellation,
  writeAudits,
} from "./records";
import { claimRenewals, loadRenewalFacts, takeInvoiceNumbers } from "./renew-load";
import {
  issueRenewalInvoices,
  writeCancellations,
  writeRenewedTerms,
  type PricedRenewal,
} from "./renew-writes";
import { priceRenewal } from "./renewal-quote";
import type { RenewalOutcome } from "./renewals";

/**
 * renewOne for up to `limit` due subscriptions in one transaction, with a handful of set-based
 * statements: claim (SKIP LOCKED), take the invoice numbers, load what pricing reads, price each in
 * memory with the same pure functions, then write invoices, lines, credit used, the next periods, audit
 * rows and notices in bulk. Scheduled cancellations end in the same transaction. An empty result: nothing
 * was due. A failure writes nothing (the whole batch rolls back and its subscriptions stay due).
 * `only`: among these subscriptions alone (the renewal jobs of a queue batch).
 */
export async function renewBatch(
  deps: BillingDeps,
  now: Date,
  limit: number,
  only?: readonly string[],
): Promise<RenewalOutcome[]> {
  return moneyTx(deps.db, async (tx) => {
    const claimed = await claimRenewals(tx, now, limit, only);
    const canceling = claimed.filter((s) => s.cancelAtPeriodEnd);
    const renewing = claimed.filter((s) => !s.cancelAtPeriodEnd);
    const customers = await takeInvoiceNumbers(tx, [...new Set(renewing.map((s) => s.customerId))]);
    const withCustomer = renewing.map((sub) => ({ sub, ...customers.get(sub.customerId)! }));
    const factsOf = await loadRenewalFacts(
      tx,
      withCustomer.map(({ sub, customer }) => ({ ...sub, customer })),
    );
    const priced: PricedRenewal[] = withCustomer.map((item) => {
      const sub = { ...item.sub, customer: item.customer };
      return { ...item, renewal: priceRenewal(sub, factsOf(sub)) };
    });
    const issued = await issueRenewalInvoices(tx, priced, now);
    await writeRenewedTerms(tx, priced, issued, now);
    await writeCancellations(tx, canceling);
    const cancellations = canceling.map(scheduledCancellation);
    await writeAudits(
      tx,
      [
        ...cancellations.map((c) => c.audit),
        ...priced.map(({ sub, renewal }, i) => renewalAudit(sub, issued[i]!.id, renewal.start)),
      ],
      now,
    );
    await notifyAll(
      tx,
      [
        ...cancellations.map((c) => c.notice),
        ...issued.filter((invoice) => invoice.status === "PAID").map(invoicePaidNotice),
      ],
      now,
    );
    return [
      ...canceling.map(() => "canceled" as const),
      ...renewing.map((s): RenewalOutcome => (s.status === "TRIALING" ? "trial_ended" : "renewed")),
    ];
  });
}
