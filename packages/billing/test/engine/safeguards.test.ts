import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  addPaymentMethod,
  advanceBilling,
  cancelSubscription,
  changePlan,
  completeCheckout,
  payInvoice,
  previewPlanChange,
  startCheckout,
} from "../../src";
import { CARDS, createHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

const start = new Date("2026-04-01T00:00:00Z");
const half = new Date("2026-04-16T00:00:00Z");

describe("money safeguards", () => {
  it("honours a prorationDate only as the instant of a preview of this change: not the period's edges, not an old instant, not a forged preview id", async () => {
    const actor = await h.newOrganization("Edge Picker");
    const subscriptionId = await h.subscribe(actor, { plan: "starter", now: start });
    const enterprise = await h.plan("enterprise");
    const periodEnd = new Date("2026-05-01T00:00:00Z");
    for (const prorationDate of [periodEnd, start, new Date(half.getTime() - 60_000)]) {
      await expect(
        changePlan(h.deps, {
          actor,
          subscriptionId,
          request: { newLicenseTypeId: enterprise.id, prorationDate },
          now: half,
        }),
      ).rejects.toMatchObject({ code: "PREVIEW_INVALID" });
    }
    await expect(
      changePlan(h.deps, {
        actor,
        subscriptionId,
        request: { newLicenseTypeId: enterprise.id, previewId: "cm0000000000forged0000000" },
        now: half,
      }),
    ).rejects.toMatchObject({ code: "PREVIEW_INVALID" });
    // A real preview's instant is honoured for 10 minutes, then refused.
    const preview = await previewPlanChange(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: enterprise.id },
      now: half,
    });
    const late = new Date(half.getTime() + 11 * 60_000);
    await expect(
      changePlan(h.deps, {
        actor,
        subscriptionId,
        request: { newLicenseTypeId: enterprise.id, previewId: preview.previewId },
        now: late,
      }),
    ).rejects.toMatchObject({ code: "PREVIEW_INVALID" });
    expect(
      await h.db.paymentAttempt.count({
        where: { organizationId: actor.organizationId, purpose: "PLAN_CHANGE" },
      }),
    ).toBe(0);
  });

  it("a back-dated downgrade after an upgrade mints no credit: the older preview is stale once the plan changed", async () => {
    const actor = await h.newOrganization("Credit Minter");
    const subscriptionId = await h.subscribe(actor, { plan: "professional", now: start });
    const starter = await h.plan("starter");
    const professional = await h.plan("professional");
    const balance = async () =>
      (
        await h.db.billingCustomer.findUniqueOrThrow({
          where: { organizationId: actor.organizationId },
        })
      ).creditBalance;
    const before = await balance();
    let now = half;
    for (let loop = 0; loop < 3; loop++) {
      // Preview a downgrade now, keep its instant, then upgrade back a few minutes later...
      const old = await previewPlanChange(h.deps, {
        actor,
        subscriptionId,
        request: { newLicenseTypeId: starter.id },
        now,
      });
      await changePlan(h.deps, {
        actor,
        subscriptionId,
        request: { newLicenseTypeId: starter.id, previewId: old.previewId },
        now,
      });
      now = new Date(now.getTime() + 60_000);
      const back = await previewPlanChange(h.deps, {
        actor,
        subscriptionId,
        request: { newLicenseTypeId: professional.id },
        now,
      });
      await changePlan(h.deps, {
        actor,
        subscriptionId,
        request: { newLicenseTypeId: professional.id, prorationDate: back.prorationDate },
        now,
      });
      // ...and replay the old downgrade instant: refused, the plan changed since; the balance stays.
      now = new Date(now.getTime() + 60_000);
      const held = await balance();
      await expect(
        changePlan(h.deps, {
          actor,
          subscriptionId,
          request: { newLicenseTypeId: starter.id, prorationDate: old.prorationDate },
          now,
        }),
      ).rejects.toMatchObject({ code: "PREVIEW_STALE" });
      expect(await balance()).toBe(held);
    }
    // Three real round trips of a minute on Starter each: the credit is that minute's price difference
    // (Professional 9999 − Starter 2999 per 30 days ≈ 0.16 a minute), never the 327 a replay gave.
    expect((await balance()) - before).toBeLessThanOrEqual(3);
  });

  it("credits a downgrade at the same percent discount the customer paid, so a round trip mints no credit", async () => {
    await h.db.coupon.create({
      data: { code: "HALFOFF", name: "50 % forever", percentOff: 50, duration: "FOREVER" },
    });
    const actor = await h.newOrganization("Round Tripper");
    const subscriptionId = await h.subscribe(actor, {
      plan: "starter",
      couponCode: "HALFOFF",
      now: start,
    });
    const enterprise = await h.plan("enterprise");
    const starter = await h.plan("starter");
    const up = await changePlan(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: enterprise.id, prorationDate: half },
      now: half,
    });
    const paid = up.invoice!.amountPaid;
    const down = await previewPlanChange(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: starter.id, prorationDate: half },
      now: half,
    });
    expect(down.creditCarriedForward).toBe(paid);
    await changePlan(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: starter.id, prorationDate: half },
      now: half,
    });
    const customer = await h.db.billingCustomer.findUniqueOrThrow({
      where: { organizationId: actor.organizationId },
    });
    expect(customer.creditBalance).toBe(paid);
  });

  it("refuses a charge larger than the network maximum with 400, before any money moves", async () => {
    const actor = await h.newOrganization("Huge Seats");
    const enterprise = await h.plan("enterprise");
    await expect(
      startCheckout(h.deps, {
        actor,
        input: { licenseTypeId: enterprise.id, billingCycle: "yearly", quantity: 7200 },
        now: start,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("double submissions", () => {
  it("a double-clicked checkout pays once, and the winner's charge is never refunded", async () => {
    const actor = await h.newOrganization("Double Clicker");
    const plan = await h.plan("starter");
    const session = await startCheckout(h.deps, {
      actor,
      input: { licenseTypeId: plan.id, billingCycle: "monthly" },
      now: start,
    });
    const card = await h.card(CARDS.ok, start);
    const results = await Promise.allSettled(
      [0, 1].map(() =>
        completeCheckout(h.deps, {
          actor,
          sessionId: session.sessionId,
          paymentMethodId: card,
          now: start,
        }),
      ),
    );
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    expect(await h.db.subscription.count({ where: { organizationId: actor.organizationId } })).toBe(
      1,
    );
    const charges = await h.db.localCharge.findMany({ where: { cardId: card } });
    expect(charges.filter((c) => c.succeeded && !c.refundedAt)).toHaveLength(1);
    const payments = await h.db.payment.findMany({
      where: { organizationId: actor.organizationId, status: "SUCCEEDED" },
    });
    expect(payments.map((p) => p.gatewayPaymentId)).toEqual([
      charges.find((c) => !c.refundedAt)!.id,
    ]);
  });

  it("a double-clicked 'pay' records one payment; the invoice stays total = paid", async () => {
    const actor = await h.newOrganization("Double Payer");
    const subscriptionId = await h.subscribe(actor, { plan: "starter", now: start });
    await addPaymentMethod(h.deps, {
      actor,
      paymentMethodId: await h.card(CARDS.failLater, start),
      setAsDefault: true,
      now: start,
    });
    await advanceBilling(h.deps, { now: new Date("2026-05-01T00:00:00Z") });
    const open = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId, status: "OPEN" } });
    await addPaymentMethod(h.deps, {
      actor,
      paymentMethodId: await h.card(CARDS.mastercard, start),
      setAsDefault: true,
      now: start,
    });
    const now = new Date("2026-05-01T06:00:00Z");
    await Promise.allSettled(
      [0, 1].map(() => payInvoice(h.deps, { actor, invoiceId: open.id, now })),
    );
    const paid = await h.db.invoice.findUniqueOrThrow({
      where: { id: open.id },
      include: { payments: true },
    });
    expect(paid).toMatchObject({ status: "PAID", amountDue: 0, amountPaid: paid.total });
    expect(paid.payments.filter((p) => p.status === "SUCCEEDED")).toHaveLength(1);
  });
});

describe("lifecycle safeguards", () => {
  it("a failed payment of a canceled subscription's invoice does not bring it back", async () => {
    const actor = await h.newOrganization("Stays Canceled");
    const subscriptionId = await h.subscribe(actor, { plan: "starter", now: start });
    await addPaymentMethod(h.deps, {
      actor,
      paymentMethodId: await h.card(CARDS.failLater, start),
      setAsDefault: true,
      now: start,
    });
    await advanceBilling(h.deps, { now: new Date("2026-05-01T00:00:00Z") });
    await cancelSubscription(h.deps, {
      actor,
      subscriptionId,
      immediately: true,
      now: new Date("2026-05-01T01:00:00Z"),
    });
    const open = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId, status: "OPEN" } });
    await expect(
      payInvoice(h.deps, { actor, invoiceId: open.id, now: new Date("2026-05-01T02:00:00Z") }),
    ).rejects.toMatchObject({ code: "PAYMENT_FAILED" });
    expect(
      (await h.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).status,
    ).toBe("CANCELED");
  });

  it("the card used at checkout becomes the default for a returning customer", async () => {
    const actor = await h.newOrganization("Returning");
    const first = await h.subscribe(actor, { plan: "starter", now: start });
    await cancelSubscription(h.deps, {
      actor,
      subscriptionId: first,
      immediately: true,
      now: start,
    });
    const plan = await h.plan("starter");
    const session = await startCheckout(h.deps, {
      actor,
      input: { licenseTypeId: plan.id, billingCycle: "monthly", startTrial: true },
      now: half,
    });
    expect(
      await h.db.checkoutSession.findUniqueOrThrow({ where: { id: session.sessionId } }),
    ).toMatchObject({ trialDays: 0 });
    await completeCheckout(h.deps, {
      actor,
      sessionId: session.sessionId,
      paymentMethodId: await h.card(CARDS.mastercard, half),
      now: half,
    });
    const customer = await h.db.billingCustomer.findUniqueOrThrow({
      where: { organizationId: actor.organizationId },
      include: { defaultPaymentMethod: true },
    });
    expect(customer.defaultPaymentMethod?.last4).toBe("4444");
  });
});
