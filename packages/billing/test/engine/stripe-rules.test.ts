/** Pricing rules as Stripe applies them: each reproduces an example that used to come out differently. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  addPaymentMethod,
  advanceBilling,
  cancelSubscription,
  changePlan,
  payInvoice,
  previewPlanChange,
  startCheckout,
  validateCoupon,
} from "../../src";
import { CARDS, createHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

const start = new Date("2026-04-01T00:00:00Z");
const half = new Date("2026-04-16T00:00:00Z");

describe("plan changes as Stripe prices them", () => {
  it("monthly → yearly ends the period now even where downgrades wait for the period end", async () => {
    const starter = await h.db.plan.update({
      where: { slug: "starter" },
      data: { downgradeTiming: "PERIOD_END" },
    });
    try {
      const actor = await h.newOrganization("Cycle On Period End Plan");
      const subscriptionId = await h.subscribe(actor, { plan: "starter", now: start });
      const result = await changePlan(h.deps, {
        actor,
        subscriptionId,
        request: { newLicenseTypeId: starter.id, billingCycle: "yearly" },
        now: half,
      });
      // Not scheduled: credit the unused half month (1500), charge a full year (29988) now.
      expect(result.subscription).toMatchObject({
        billingCycle: "yearly",
        currentPeriodStart: half,
        currentPeriodEnd: new Date("2027-04-16T00:00:00Z"),
      });
      expect(result.invoice).toMatchObject({ total: 29988 - 1500, status: "PAID" });
    } finally {
      await h.db.plan.update({
        where: { slug: "starter" },
        data: { downgradeTiming: "IMMEDIATE" },
      });
    }
  });

  it("a seat change keeps a grandfathered subscription's price (2999), not today's list price (3999)", async () => {
    const actor = await h.newOrganization("Grandfathered Seats");
    const subscriptionId = await h.subscribe(actor, { plan: "starter", now: start });
    const starter = await h.db.plan.update({
      where: { slug: "starter" },
      data: { monthlyPrice: 3999 },
    });
    try {
      const preview = await previewPlanChange(h.deps, {
        actor,
        subscriptionId,
        request: { newLicenseTypeId: starter.id, quantity: 2 },
        now: half,
      });
      // Half a month: credit 1 × 2999 / 2 = 1500, charge 2 × 2999 / 2 = 2999 → 1499 due.
      expect(preview).toMatchObject({ credit: 1500, charge: 2999, amountDueNow: 1499 });
      expect(preview.newPlan.unitAmount).toBe(2999);
      const result = await changePlan(h.deps, {
        actor,
        subscriptionId,
        request: { newLicenseTypeId: starter.id, quantity: 2, previewId: preview.previewId },
        now: half,
      });
      expect(result.subscription).toMatchObject({ quantity: 2, unitAmount: 2999 });
    } finally {
      await h.db.plan.update({ where: { slug: "starter" }, data: { monthlyPrice: 2999 } });
    }
  });
});

describe("unpaid subscriptions", () => {
  it("paying an UNPAID invoice months later starts a fresh period: no June, July and August bills for months without access", async () => {
    const actor = await h.newOrganization("Late Payer");
    const subscriptionId = await h.subscribe(actor, { plan: "starter", now: start });
    const failing = await h.card(CARDS.failLater, start, actor.organizationId);
    await addPaymentMethod(h.deps, {
      actor,
      paymentMethodId: failing,
      setAsDefault: true,
      now: start,
    });
    // May 1 renewal fails; retries on May 2, 4 and 6 fail too: UNPAID.
    for (const day of ["2026-05-01", "2026-05-02", "2026-05-04", "2026-05-06"])
      await advanceBilling(h.deps, { now: new Date(`${day}T00:00:01Z`) });
    const status = async () =>
      (await h.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).status;
    expect(await status()).toBe("UNPAID");
    await advanceBilling(h.deps, { now: new Date("2026-08-10T00:00:00Z") });
    // August 10: a good card, pay the May invoice.
    const paidAt = new Date("2026-08-10T12:00:00Z");
    const good = await h.card(CARDS.mastercard, paidAt, actor.organizationId);
    await addPaymentMethod(h.deps, {
      actor,
      paymentMethodId: good,
      setAsDefault: true,
      now: paidAt,
    });
    const open = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId, status: "OPEN" } });
    await payInvoice(h.deps, { actor, invoiceId: open.id, now: paidAt });
    const sub = await h.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } });
    expect(sub).toMatchObject({
      status: "ACTIVE",
      currentPeriodStart: paidAt,
      currentPeriodEnd: new Date("2026-09-10T12:00:00Z"),
    });
    const summary = await advanceBilling(h.deps, { now: new Date("2026-08-10T13:00:00Z") });
    expect(summary.renewed).toBe(0);
    expect(await h.db.invoice.count({ where: { subscriptionId } })).toBe(2); // April and May only
  });
});

describe("dunning", () => {
  it("manual 'pay now' attempts use none of the automatic retries: four quick declines leave it PAST_DUE", async () => {
    const actor = await h.newOrganization("Impatient Payer");
    const subscriptionId = await h.subscribe(actor, { plan: "starter", now: start });
    const failing = await h.card(CARDS.failLater, start, actor.organizationId);
    await addPaymentMethod(h.deps, {
      actor,
      paymentMethodId: failing,
      setAsDefault: true,
      now: start,
    });
    const renewal = new Date("2026-05-01T00:00:01Z");
    await advanceBilling(h.deps, { now: renewal });
    const open = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId, status: "OPEN" } });
    for (let i = 0; i < 4; i++)
      await expect(
        payInvoice(h.deps, {
          actor,
          invoiceId: open.id,
          now: new Date(renewal.getTime() + i * 1000),
        }),
      ).rejects.toMatchObject({ code: "PAYMENT_FAILED" });
    const sub = await h.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } });
    expect(sub).toMatchObject({ status: "PAST_DUE", paymentAttempts: 1 });
    expect(sub.nextPaymentAttemptAt).toEqual(new Date("2026-05-02T00:00:01Z"));
    expect(await h.db.payment.count({ where: { invoiceId: open.id, status: "FAILED" } })).toBe(5);
  });
});

describe("coupon limits per organization", () => {
  it("maxRedemptionsPerOrganization 2 allows two subscriptions with it, refuses the third before any charge", async () => {
    await h.db.coupon.create({
      data: {
        code: "TWICE",
        name: "Twice per org",
        percentOff: 10,
        duration: "ONCE",
        maxRedemptionsPerOrganization: 2,
      },
    });
    const actor = await h.newOrganization("Twice Redeemer");
    for (let i = 0; i < 2; i++) {
      const at = new Date(start.getTime() + i * 86_400_000);
      const id = await h.subscribe(actor, { plan: "starter", couponCode: "TWICE", now: at });
      await cancelSubscription(h.deps, { actor, subscriptionId: id, immediately: true, now: at });
    }
    const plan = await h.plan("starter");
    await expect(
      startCheckout(h.deps, {
        actor,
        input: { licenseTypeId: plan.id, billingCycle: "monthly", couponCode: "TWICE" },
        now: half,
      }),
    ).rejects.toMatchObject({
      code: "COUPON_INVALID",
      details: { reason: "ORGANIZATION_LIMIT_REACHED" },
    });
    expect(
      await h.db.couponRedemption.count({ where: { organizationId: actor.organizationId } }),
    ).toBe(2);
  });

  it("an organization that used a coupon with no per-organization limit is told so when it validates it again", async () => {
    await h.db.coupon.create({
      data: { code: "ONEOFF", name: "Once", percentOff: 50, duration: "ONCE" },
    });
    const actor = await h.newOrganization("Once Redeemer");
    const id = await h.subscribe(actor, { plan: "starter", couponCode: "ONEOFF", now: start });
    await cancelSubscription(h.deps, { actor, subscriptionId: id, immediately: true, now: start });
    const answer = await validateCoupon(h.deps, {
      query: { code: "ONEOFF" },
      actor,
      now: half,
    });
    expect(answer).toMatchObject({ valid: false, reason: "ORGANIZATION_LIMIT_REACHED" });
  });
});
