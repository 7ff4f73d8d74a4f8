/**
 * Credits as documents: credit notes (partial, refunded or on the balance), refunds the card refuses,
 * refundOnCancel, and the balance ledger that never goes below zero.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { cancelSubscription, createCreditNote, getInvoice } from "../../src";
import { postBalance } from "../../src/balance";
import { moneyViolations } from "../../src/testing";
import { createCreditsHarness, start, half, inGermany, balanceOf } from "./credits-harness";
import type { Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await createCreditsHarness();
});
afterAll(() => h.database.close());

describe("credit notes and refunds", () => {
  it("credits a paid invoice in part: refunded to the card, then the rest to the balance, never beyond its total", async () => {
    const actor = await h.newOrganization("Partial Refunds");
    const subscriptionId = await h.subscribe(actor, { plan: "professional", now: start });
    const invoice = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId } });
    const refunded = await createCreditNote(h.deps, {
      actor,
      invoiceId: invoice.id,
      amount: 3000,
      reason: "PRODUCT_UNSATISFACTORY",
      memo: "Outage on April 3",
      refund: true,
      now: half,
    });
    expect(refunded).toMatchObject({ total: 3000, refundAmount: 3000, creditAmount: 0 });
    const charge = await h.db.localCharge.findFirstOrThrow({
      where: { amount: 9999, amountRefunded: 3000 },
    });
    expect(charge.succeeded).toBe(true);
    await expect(
      createCreditNote(h.deps, {
        actor,
        invoiceId: invoice.id,
        amount: 7000,
        reason: "GOODWILL",
        refund: false,
        now: half,
      }),
    ).rejects.toMatchObject({ code: "CREDIT_EXCEEDS_INVOICE", details: { creditable: 6999 } });
    const credited = await createCreditNote(h.deps, {
      actor,
      invoiceId: invoice.id,
      amount: 6999,
      reason: "GOODWILL",
      refund: false,
      now: half,
    });
    expect(credited).toMatchObject({ refundAmount: 0, creditAmount: 6999 });
    expect((await balanceOf(h, actor)).balance).toBe(6999);
    const view = await getInvoice(h.deps, { actor, invoiceId: invoice.id });
    expect(view.creditNotes.map((n) => n.total)).toEqual([3000, 6999]);
    const stranger = await h.newOrganization("Stranger");
    await expect(
      createCreditNote(h.deps, {
        actor: stranger,
        invoiceId: invoice.id,
        amount: 1,
        reason: "GOODWILL",
        refund: true,
        now: half,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("a refund the card can no longer take is owed as balance instead", async () => {
    const actor = await h.newOrganization("Refund Refused");
    const subscriptionId = await h.subscribe(actor, { plan: "starter", now: start });
    const invoice = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId } });
    const payment = await h.db.payment.findFirstOrThrow({ where: { invoiceId: invoice.id } });
    // The processor refunded it in full behind our back (a dashboard refund, say).
    await h.deps.gateway.refund({
      gatewayPaymentId: payment.gatewayPaymentId!,
      amount: 2999,
      idempotencyKey: "outside-refund",
      now: start,
    });
    const note = await createCreditNote(h.deps, {
      actor,
      invoiceId: invoice.id,
      amount: 1000,
      reason: "DUPLICATE",
      refund: true,
      now: half,
    });
    expect(note.refundAmount).toBe(1000);
    const ledger = await balanceOf(h, actor);
    expect(ledger.data).toMatchObject([
      { type: "REFUND_FAILED", amount: 1000, creditNoteId: note.id },
    ]);
  });

  it("an immediate cancellation on a refundOnCancel plan refunds the unused time paid, tax included", async () => {
    await h.db.plan.update({ where: { slug: "enterprise" }, data: { refundOnCancel: true } });
    try {
      const actor = await h.newOrganization("Refund On Cancel");
      await inGermany(h, actor);
      const subscriptionId = await h.subscribe(actor, { plan: "enterprise", now: start });
      const invoice = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId } });
      // 29999 + 5700 tax = 35699 paid; half unused: 15000 (14999.5) + 2850 tax.
      expect(invoice.total).toBe(35699);
      await cancelSubscription(h.deps, { actor, subscriptionId, immediately: true, now: half });
      const view = await getInvoice(h.deps, { actor, invoiceId: invoice.id });
      expect(view.creditNotes).toMatchObject([
        {
          reason: "CANCELLATION",
          subtotal: 15000,
          taxAmount: 2850,
          total: 17850,
          refundAmount: 17850,
        },
      ]);
      const refunds = await h.db.paymentAttempt.findMany({
        where: { organizationId: actor.organizationId, kind: "REFUND" },
      });
      expect(refunds.map((r) => [r.status, r.amount])).toEqual([["SUCCEEDED", 17850]]);
      expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
      // A plan without the policy refunds nothing.
      const other = await h.newOrganization("No Refund On Cancel");
      const otherId = await h.subscribe(other, { plan: "starter", now: start });
      await cancelSubscription(h.deps, {
        actor: other,
        subscriptionId: otherId,
        immediately: true,
        now: half,
      });
      expect(await h.db.creditNote.count({ where: { organizationId: other.organizationId } })).toBe(
        0,
      );
    } finally {
      await h.db.plan.update({ where: { slug: "enterprise" }, data: { refundOnCancel: false } });
    }
  });
});

describe("the balance ledger", () => {
  it("never goes below zero: a use of more credit than is left writes nothing and is 409", async () => {
    const actor = await h.newOrganization("Ledger Floor");
    await h.subscribe(actor, { plan: "starter", now: start });
    const customer = await h.db.billingCustomer.findUniqueOrThrow({
      where: { organizationId: actor.organizationId },
    });
    await h.db.$transaction((tx) =>
      postBalance(tx, {
        customerId: customer.id,
        type: "OPENING",
        amount: 500,
        description: "test credit",
        now: start,
      }),
    );
    await expect(
      h.db.$transaction((tx) =>
        postBalance(tx, {
          customerId: customer.id,
          type: "INVOICE",
          amount: -501,
          description: "too much",
          now: start,
        }),
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const ledger = await balanceOf(h, actor);
    expect(ledger.balance).toBe(500);
    expect(ledger.data.map((e) => e.amount)).toEqual([500]);
  });
});
