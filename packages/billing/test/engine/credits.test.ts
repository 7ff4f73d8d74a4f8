/**
 * Credits as Stripe prices them: from what was paid (discount and tax kept), coupons re-checked at every
 * change and renewal, and round trips of plan changes that never mint money.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { advanceBilling, changePlan, getInvoice, previewPlanChange } from "../../src";
import type { BillingActor } from "../../src/deps";
import { moneyViolations } from "../../src/testing";
import {
  createCreditsHarness,
  start,
  anHourIn,
  half,
  mayFirst,
  inGermany,
  balanceOf,
} from "./credits-harness";
import type { Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await createCreditsHarness();
});
afterAll(() => h.database.close());

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
    const ledger = await balanceOf(h, actor);
    expect(ledger.balance).toBe(1997);
    expect(ledger.data).toMatchObject([{ type: "CREDIT_NOTE", amount: 1997, balanceAfter: 1997 }]);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("a taxed downgrade (DE 19 %) carries 4165 as a credit note on the invoice that paid the period", async () => {
    const actor = await h.newOrganization("Taxed Downgrade");
    await inGermany(h, actor);
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
    const ledger = await balanceOf(h, actor);
    expect(ledger.balance).toBe(596);
    expect(ledger.data.map((e) => [e.type, e.amount, e.balanceAfter])).toEqual([
      ["INVOICE", -3569, 596],
      ["CREDIT_NOTE", 4165, 4165],
    ]);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("a downgrade and the upgrade back at the same instant cost nothing and mint nothing", async () => {
    const actor = await h.newOrganization("Round Trip");
    await inGermany(h, actor);
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
    expect((await balanceOf(h, actor)).balance).toBe(0);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
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
    return moved - (await balanceOf(h, actor)).balance;
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
          if (taxed) await inGermany(h, actor);
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
