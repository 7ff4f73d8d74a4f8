/**
 * Credits as Stripe prices them (from what was paid, discount and tax kept; coupons re-checked), and
 * credits as documents: credit notes, the balance ledger, partial refunds, refundOnCancel.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  advanceBilling,
  cancelSubscription,
  changePlan,
  createCreditNote,
  getInvoice,
  listBalanceTransactions,
  previewPlanChange,
  updateBillingCustomer,
} from "../../src";
import { postBalance } from "../../src/balance";
import type { BillingActor } from "../../src/deps";
import { createHarness, type Harness } from "./harness";
import { moneyViolations } from "../../src/testing";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.db.taxRate.create({ data: { country: "DE", name: "USt", percentBps: 1900 } });
});
afterAll(() => h.database.close());

// April 2026: 30 days, its middle, and an hour in.
const start = new Date("2026-04-01T00:00:00Z");
const anHourIn = new Date("2026-04-01T01:00:00Z");
const half = new Date("2026-04-16T00:00:00Z");
const mayFirst = new Date("2026-05-01T00:00:00Z");

async function inGermany(actor: BillingActor) {
  await updateBillingCustomer(h.deps, {
    actor,
    update: {
      name: "Berlin GmbH",
      address: { line1: "Unter den Linden 1", city: "Berlin", country: "de" },
    },
    now: start,
  });
}

async function balanceOf(actor: BillingActor) {
  return listBalanceTransactions(h.deps, { actor });
}

describe("credits come from what was paid", () => {
  it("a plan-restricted coupon is dropped on a change to a plan outside its list, and on every renewal after", async () => {
    const starter = await h.plan("starter");
    await h.db.coupon.create({
      data: {
        code: "STARTERHALF",
        name: "Half off Starter",
        percentOff: 50,
        duration: "FOREVER",
        appliesToPlanIds: [starter.id],
      },
    });
    const actor = await h.newOrganization("Restricted Coupon");
    const subscriptionId = await h.subscribe(actor, {
      plan: "starter",
      couponCode: "STARTERHALF",
      now: start,
    });
    const professional = await h.plan("professional");
    const result = await changePlan(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: professional.id },
      now: half,
    });
    // Starter was paid 2999 − 1500 = 1499; its unused half credits 750. Professional's half, 5000, is
    // not discounted (the coupon does not cover it): 4250 due, where the kept coupon charged 1750.
    expect(result.invoice).toMatchObject({ subtotal: 4250, discountAmount: 0, total: 4250 });
    expect(result.subscription.discount).toBeNull();
    await advanceBilling(h.deps, { now: mayFirst });
    const renewal = await h.db.invoice.findFirstOrThrow({
      where: { subscriptionId, billingReason: "SUBSCRIPTION_CYCLE" },
    });
    expect(renewal).toMatchObject({ subtotal: 9999, discountAmount: 0, total: 9999 });
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("a ONCE 50 % discount: a downgrade an hour later carries 1997 forward (what was paid), not 6990", async () => {
    await h.db.coupon.create({
      data: { code: "ONCEHALF", name: "Half off once", percentOff: 50, duration: "ONCE" },
    });
    const actor = await h.newOrganization("Once Half");
    const subscriptionId = await h.subscribe(actor, {
      plan: "professional",
      couponCode: "ONCEHALF",
      now: start,
    });
    const first = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId } });
    expect(first.total).toBe(4999);
    const starter = await h.plan("starter");
    const preview = await previewPlanChange(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: starter.id },
      now: anHourIn,
    });
    // 719 of 720 hours left: credit 4999 × 719/720 = 4992.06 → 4992; Starter 2999 × 719/720 → 2995.
    expect(preview).toMatchObject({ credit: 4992, charge: 2995, amountDueNow: 0 });
    expect(preview.creditCarriedForward).toBe(1997);
    await changePlan(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: starter.id, previewId: preview.previewId },
      now: anHourIn,
    });
    const ledger = await balanceOf(actor);
    expect(ledger.balance).toBe(1997);
    expect(ledger.data).toMatchObject([{ type: "CREDIT_NOTE", amount: 1997, balanceAfter: 1997 }]);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("a taxed downgrade (DE 19 %) carries 4165 as a credit note on the invoice that paid the period", async () => {
    const actor = await h.newOrganization("Taxed Downgrade");
    await inGermany(actor);
    const subscriptionId = await h.subscribe(actor, { plan: "professional", now: start });
    const first = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId } });
    expect(first).toMatchObject({ subtotal: 9999, taxAmount: 1900, total: 11899 });
    const starter = await h.plan("starter");
    const result = await changePlan(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: starter.id },
      now: half,
    });
    // Credit 5000 + its tax 950; Starter's half 1500 + 285 tax: 5950 − 1785 = 4165 (untaxed: 3500).
    expect(result.invoice).toBeNull();
    const invoice = await getInvoice(h.deps, { actor, invoiceId: first.id });
    expect(invoice.creditNotes).toHaveLength(1);
    expect(invoice.creditNotes[0]).toMatchObject({
      reason: "PRORATION",
      subtotal: 3500,
      taxAmount: 665,
      total: 4165,
      refundAmount: 0,
      creditAmount: 4165,
      lines: [{ amount: 5000 }, { amount: -1500 }],
    });
    expect(invoice.creditNotes[0]!.number).toMatch(/-CN-000001$/);
    await advanceBilling(h.deps, { now: mayFirst });
    // The renewal, 2999 + 570 tax = 3569, is paid from the balance: 4165 − 3569 = 596 left.
    const ledger = await balanceOf(actor);
    expect(ledger.balance).toBe(596);
    expect(ledger.data.map((e) => [e.type, e.amount, e.balanceAfter])).toEqual([
      ["INVOICE", -3569, 596],
      ["CREDIT_NOTE", 4165, 4165],
    ]);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("a downgrade and the upgrade back at the same instant cost nothing and mint nothing", async () => {
    const actor = await h.newOrganization("Round Trip");
    await inGermany(actor);
    const subscriptionId = await h.subscribe(actor, { plan: "professional", now: start });
    const starter = await h.plan("starter");
    const professional = await h.plan("professional");
    await changePlan(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: starter.id },
      now: half,
    });
    const back = await changePlan(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: professional.id },
      now: half,
    });
    // Back up: Starter's window credits exactly its 1785, Professional's half charges 5950 again; the
    // 4165 on the balance pays it: nothing charged, nothing left over.
    expect(back.invoice).toMatchObject({ total: 4165, creditApplied: 4165, amountDue: 0 });
    expect((await balanceOf(actor)).balance).toBe(0);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });
});

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
    expect((await balanceOf(actor)).balance).toBe(6999);
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
    const ledger = await balanceOf(actor);
    expect(ledger.data).toMatchObject([
      { type: "REFUND_FAILED", amount: 1000, creditNoteId: note.id },
    ]);
  });

  it("an immediate cancellation on a refundOnCancel plan refunds the unused time paid, tax included", async () => {
    await h.db.plan.update({ where: { slug: "enterprise" }, data: { refundOnCancel: true } });
    try {
      const actor = await h.newOrganization("Refund On Cancel");
      await inGermany(actor);
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
    const ledger = await balanceOf(actor);
    expect(ledger.balance).toBe(500);
    expect(ledger.data.map((e) => e.amount)).toEqual([500]);
  });
});

describe("round trips on the engine (property)", () => {
  const plans = ["starter", "professional", "enterprise"] as const;
  const day = 24 * 3600 * 1000;

  /** What the organization spent: charges − refunds − the balance it still holds. */
  async function spent(actor: BillingActor): Promise<number> {
    const attempts = await h.db.paymentAttempt.findMany({
      where: { organizationId: actor.organizationId, status: "SUCCEEDED" },
    });
    const moved = attempts.reduce(
      (sum, a) => sum + (a.kind === "CHARGE" ? a.amount : -a.amount),
      0,
    );
    return moved - (await balanceOf(actor)).balance;
  }

  it("A → B → A at any two instants never mints: at one instant it costs exactly the first invoice", async () => {
    for (const [code, percentOff] of [
      ["RT10", 10],
      ["RT50", 50],
    ] as const)
      await h.db.coupon.create({ data: { code, name: code, percentOff, duration: "FOREVER" } });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...plans),
        fc.constantFrom(...plans),
        fc.constantFrom(undefined, "RT10", "RT50"),
        fc.boolean(),
        fc.integer({ min: 0, max: 29 * day }),
        fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 * day })),
        async (a, b, couponCode, taxed, t1, gap) => {
          fc.pre(a !== b);
          const actor = await h.newOrganization(`Round Trip ${++run}`);
          if (taxed) await inGermany(actor);
          const subscriptionId = await h.subscribe(actor, { plan: a, couponCode, now: start });
          const first = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId } });
          const there = new Date(start.getTime() + t1);
          const back = new Date(Math.min(there.getTime() + gap, mayFirst.getTime() - 1000));
          const [planA, planB] = [await h.plan(a), await h.plan(b)];
          await changePlan(h.deps, {
            actor,
            subscriptionId,
            request: { newLicenseTypeId: planB.id },
            now: there,
          });
          await changePlan(h.deps, {
            actor,
            subscriptionId,
            request: { newLicenseTypeId: planA.id },
            now: back,
          });
          expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
          const cost = await spent(actor);
          expect(cost).toBeGreaterThanOrEqual(0);
          if (gap === 0) expect(cost).toBe(first.total);
        },
      ),
      { numRuns: 16 },
    );
  });
});
