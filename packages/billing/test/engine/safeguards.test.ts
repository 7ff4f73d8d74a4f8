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
  it("honours only a recent preview's prorationDate: not the period's end, not an old instant", async () => {
    const actor = await h.newOrganization("Edge Picker");
    const subscriptionId = await h.subscribe(actor, { plan: "starter", now: start });
    const enterprise = await h.plan("enterprise");
    const periodEnd = new Date("2026-05-01T00:00:00Z");
    for (const prorationDate of [periodEnd, start, new Date(half.getTime() - 2 * 3600_000)]) {
      await expect(
        changePlan(h.deps, {
          actor,
          subscriptionId,
          request: { newLicenseTypeId: enterprise.id, prorationDate },
          now: half,
        }),
      ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    }
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
