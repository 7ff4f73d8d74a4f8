import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  addPaymentMethod,
  changePlan,
  previewPlanChange,
  setDefaultPaymentMethod,
} from "../../src";
import { CARDS, createHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

// A 30-day period: April 2026 (April 1 → May 1), and its exact middle.
const start = new Date("2026-04-01T00:00:00Z");
const half = new Date("2026-04-16T00:00:00Z");

describe("change plan", () => {
  it("worked example: Starter → Professional half way through 30 days: credit 1500, charge 5000, 3500 due; preview and charge agree", async () => {
    const actor = await h.newOrganization("Worked Example");
    const subscriptionId = await h.subscribe(actor, { plan: "starter", now: start });
    const professional = await h.plan("professional");
    const request = { newLicenseTypeId: professional.id, prorationDate: half };
    const preview = await previewPlanChange(h.deps, { actor, subscriptionId, request, now: half });
    expect(preview).toMatchObject({
      credit: 1500,
      charge: 5000,
      amountDueNow: 3500,
      creditCarriedForward: 0,
      isUpgrade: true,
    });
    expect(preview.lines.map((l) => l.amount)).toEqual([-1500, 5000]);
    expect(preview.nextInvoice).toEqual({ date: new Date("2026-05-01T00:00:00Z"), amount: 9999 });

    // The preview has no side effects anywhere.
    expect(
      await h.db.localCharge.count({ where: { description: { contains: "Professional" } } }),
    ).toBe(0);

    const later = new Date("2026-04-16T00:05:00Z"); // clicked "confirm" five minutes later
    const result = await changePlan(h.deps, { actor, subscriptionId, request, now: later });
    expect(result.invoice).toMatchObject({
      total: 3500,
      amountPaid: 3500,
      amountDue: 0,
      status: "PAID",
      billingReason: "SUBSCRIPTION_UPDATE",
    });
    expect(result.invoice?.lines.map((l) => [l.amount, l.proration])).toEqual([
      [-1500, true],
      [5000, true],
    ]);
    expect(result.subscription).toMatchObject({
      plan: { slug: "professional" },
      unitAmount: 9999,
      currentPeriodEnd: new Date("2026-05-01T00:00:00Z"),
    });
    const charge = await h.db.localCharge.findFirstOrThrow({
      where: { description: "Change to Professional" },
    });
    expect(charge.amount).toBe(preview.amountDueNow);
  });

  it("a failing charge in the middle of an upgrade leaves subscription, invoices and payment methods exactly as they were", async () => {
    const actor = await h.newOrganization("Failing Upgrade");
    const subscriptionId = await h.subscribe(actor, { plan: "starter", now: start });
    // 0341 attaches fine; every later charge on it fails.
    await addPaymentMethod(h.deps, {
      actor,
      paymentMethodId: await h.card(CARDS.failLater, start),
      setAsDefault: true,
      now: start,
    });
    const snapshot = async () => ({
      subscription: await h.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } }),
      invoices: await h.db.invoice.findMany({
        where: { organizationId: actor.organizationId },
        include: { lines: true, payments: true },
        orderBy: { id: "asc" },
      }),
      methods: await h.db.paymentMethod.findMany({
        where: { organizationId: actor.organizationId },
        orderBy: { id: "asc" },
      }),
      customer: await h.db.billingCustomer.findUniqueOrThrow({
        where: { organizationId: actor.organizationId },
      }),
    });
    const before = await snapshot();
    const professional = await h.plan("professional");
    await expect(
      changePlan(h.deps, {
        actor,
        subscriptionId,
        request: { newLicenseTypeId: professional.id },
        now: half,
      }),
    ).rejects.toMatchObject({ code: "PAYMENT_FAILED", details: { declineCode: "card_declined" } });
    expect(await snapshot()).toEqual(before);
  });

  it("downgrades carry the credit forward, and refuse a no-op change", async () => {
    const actor = await h.newOrganization("Downgrader");
    const subscriptionId = await h.subscribe(actor, { plan: "professional", now: start });
    const starter = await h.plan("starter");
    const result = await changePlan(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: starter.id, prorationDate: half },
      now: half,
    });
    expect(result.invoice).toBeNull();
    const customer = await h.db.billingCustomer.findUniqueOrThrow({
      where: { organizationId: actor.organizationId },
    });
    expect(customer.creditBalance).toBe(5000 - 1500);
    await expect(
      changePlan(h.deps, {
        actor,
        subscriptionId,
        request: { newLicenseTypeId: starter.id },
        now: half,
      }),
    ).rejects.toMatchObject({ code: "ALREADY_ON_PLAN" });
  });

  it("a monthly → yearly change ends the period now: credit unused time, charge a full year", async () => {
    const actor = await h.newOrganization("Cycle Changer");
    const subscriptionId = await h.subscribe(actor, { plan: "starter", now: start });
    const starter = await h.plan("starter");
    const preview = await previewPlanChange(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: starter.id, billingCycle: "yearly", prorationDate: half },
      now: half,
    });
    expect(preview).toMatchObject({
      credit: 1500,
      charge: 29988,
      amountDueNow: 28488,
      isUpgrade: false,
      cycleChange: true,
    });
    const result = await changePlan(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: starter.id, billingCycle: "yearly", prorationDate: half },
      now: half,
    });
    expect(result.subscription).toMatchObject({
      billingCycle: "yearly",
      currentPeriodStart: half,
      currentPeriodEnd: new Date("2027-04-16T00:00:00Z"),
    });
  });

  it("charges the new default card after it is switched", async () => {
    const actor = await h.newOrganization("Card Switcher");
    const subscriptionId = await h.subscribe(actor, { plan: "starter", now: start });
    await addPaymentMethod(h.deps, {
      actor,
      paymentMethodId: await h.card(CARDS.failLater, start),
      setAsDefault: true,
      now: start,
    });
    const good = await addPaymentMethod(h.deps, {
      actor,
      paymentMethodId: await h.card(CARDS.mastercard, start),
      now: start,
    });
    expect(good.isDefault).toBe(false);
    await setDefaultPaymentMethod(h.deps, { actor, paymentMethodId: good.id, now: start });
    const professional = await h.plan("professional");
    const result = await changePlan(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: professional.id },
      now: half,
    });
    expect(result.invoice?.status).toBe("PAID");
  });
});

describe("change plan with a discount", () => {
  it("applies the subscription's active discount to the proration invoice", async () => {
    await h.db.coupon.create({
      data: {
        code: "HALF3",
        name: "50 % for 3 months",
        percentOff: 50,
        duration: "REPEATING",
        durationMonths: 3,
      },
    });
    const actor = await h.newOrganization("Discounted Upgrade");
    const subscriptionId = await h.subscribe(actor, {
      plan: "starter",
      couponCode: "HALF3",
      now: start,
    });
    const professional = await h.plan("professional");
    const preview = await previewPlanChange(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: professional.id, prorationDate: half },
      now: half,
    });
    // Starter was paid 2999 − 1500 = 1499: its unused half credits 750 (as paid, discount kept). The
    // charge line is 5000 at list price, half off on it alone (2500): 5000 − 750 − 2500 = 1750.
    expect(preview).toMatchObject({ credit: 750, charge: 5000, amountDueNow: 1750 });
  });
});
