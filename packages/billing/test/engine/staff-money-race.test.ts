/**
 * Staff money actions raced: 20 refunds of the same paid invoice at once, and 20 goodwill credits at
 * once. Refunds never exceed what was paid (each one that succeeds is refunded on the card once), and
 * the balance ledger stays a chain (each row's balance is the previous plus its amount).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createCreditNote, grantBalanceCredit } from "../../src";
import { moneyViolations } from "../../src/testing";
import { createCreditsHarness, half, start } from "./credits-harness";
import type { Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await createCreditsHarness();
});
afterAll(() => h.database.close());

const RACERS = 20;

describe(`staff money actions raced (${process.env.TEST_DB_KIND ?? "pglite"})`, () => {
  it(`${RACERS} refunds of 30.00 at once on a 99.99 invoice: three succeed, the card is refunded 90.00 once each`, async () => {
    const actor = await h.newOrganization("Refund Race");
    const subscriptionId = await h.subscribe(actor, { plan: "professional", now: start });
    const invoice = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId } });
    expect(invoice.total).toBe(9999);
    const results = await Promise.allSettled(
      Array.from({ length: RACERS }, () =>
        createCreditNote(h.deps, {
          actor,
          invoiceId: invoice.id,
          amount: 3000,
          reason: "GOODWILL",
          refund: true,
          now: half,
        }),
      ),
    );
    const succeeded = results.filter((r) => r.status === "fulfilled");
    const refusals = results.flatMap((r) =>
      r.status === "rejected" ? [(r.reason as { code?: string }).code] : [],
    );
    expect(succeeded).toHaveLength(3);
    // The others are refused with a reason (over the invoice, or busy: retry), never a 500.
    expect(refusals.every((code) => code === "CREDIT_EXCEEDS_INVOICE" || code === "CONFLICT")).toBe(
      true,
    );
    const notes = await h.db.creditNote.findMany({ where: { invoiceId: invoice.id } });
    expect(notes.reduce((sum, n) => sum + n.total, 0)).toBe(9000);
    const paid = await h.db.payment.findFirstOrThrow({
      where: { invoiceId: invoice.id, status: "SUCCEEDED" },
    });
    const charge = await h.db.localCharge.findUniqueOrThrow({
      where: { id: paid.gatewayPaymentId! },
    });
    expect(charge.amountRefunded).toBe(9000);
    expect(
      await h.db.paymentAttempt.count({
        where: { organizationId: actor.organizationId, kind: "REFUND", status: "SUCCEEDED" },
      }),
    ).toBe(3);
    expect(await moneyViolations(h.db, subscriptionId)).toEqual([]);
  });

  it(`${RACERS} goodwill credits of 1.00 at once: the balance is 20.00 and its ledger a chain`, async () => {
    const actor = await h.newOrganization("Credit Race");
    const results = await Promise.allSettled(
      Array.from({ length: RACERS }, (_, i) =>
        grantBalanceCredit(h.deps, { actor, amount: 100, reason: `race ${i}`, now: half }),
      ),
    );
    const granted = results.filter((r) => r.status === "fulfilled").length;
    const customer = await h.db.billingCustomer.findUniqueOrThrow({
      where: { organizationId: actor.organizationId },
    });
    const ledger = await h.db.balanceTransaction.findMany({
      where: { customerId: customer.id },
      orderBy: [{ createdAt: "asc" }, { balanceAfter: "asc" }],
    });
    // Whatever was granted is on the ledger, once each (a refusal would be a CONFLICT, written nothing).
    expect(ledger).toHaveLength(granted);
    expect(customer.creditBalance).toBe(granted * 100);
    expect(ledger.map((row) => row.balanceAfter)).toEqual(ledger.map((_, i) => (i + 1) * 100));
    expect(granted).toBe(RACERS);
  });
});
