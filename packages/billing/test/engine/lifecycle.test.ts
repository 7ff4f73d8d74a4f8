import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  advanceBilling,
  cancelSubscription,
  changePlan,
  completeCheckout,
  getUpcomingInvoice,
  startCheckout,
  updateBillingCustomer,
} from "../../src";
import { CARDS, createHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

const start = new Date("2026-03-01T00:00:00Z");
const DAY = 86_400_000;

describe("trials, scheduled changes, cancellations and tax through the clock", () => {
  it("a trial starts free, ends on time with the first invoice (once-coupon applied), and the subscription goes ACTIVE", async () => {
    const actor = await h.newOrganization("Trialist");
    const plan = await h.plan("starter");
    await h.db.coupon.create({
      data: {
        code: "FLAT5",
        name: "5 off once",
        amountOff: 500,
        currency: "usd",
        duration: "ONCE",
      },
    });
    const session = await startCheckout(h.deps, {
      actor,
      input: {
        licenseTypeId: plan.id,
        billingCycle: "monthly",
        startTrial: true,
        couponCode: "FLAT5",
      },
      now: start,
    });
    const outcome = await completeCheckout(h.deps, {
      actor,
      sessionId: session.sessionId,
      paymentMethodId: await h.card(CARDS.ok, start),
      now: start,
    });
    expect(outcome).toMatchObject({ status: "complete", invoiceId: null });
    const id = outcome.status === "complete" ? outcome.subscriptionId : "";
    const trialEnd = new Date(start.getTime() + 14 * DAY);
    expect(await h.db.subscription.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "TRIALING",
      trialEnd,
      currentPeriodEnd: trialEnd,
    });
    // Three days before the end: one "trial ending" notice, once.
    expect(
      await advanceBilling(h.deps, { now: new Date(trialEnd.getTime() - 4 * DAY) }),
    ).toMatchObject({ trialNotices: 0 });
    expect(
      await advanceBilling(h.deps, { now: new Date(trialEnd.getTime() - 3 * DAY) }),
    ).toMatchObject({ trialNotices: 1 });
    expect(
      await advanceBilling(h.deps, { now: new Date(trialEnd.getTime() - 1000) }),
    ).toMatchObject({ trialsEnded: 0, trialNotices: 0 });
    expect(
      await h.db.notification.count({
        where: { organizationId: actor.organizationId, kind: "TRIAL_ENDING" },
      }),
    ).toBe(1);
    expect(await advanceBilling(h.deps, { now: trialEnd })).toMatchObject({
      trialsEnded: 1,
      paid: 1,
    });
    const sub = await h.db.subscription.findUniqueOrThrow({ where: { id } });
    expect(sub).toMatchObject({
      status: "ACTIVE",
      currentPeriodStart: trialEnd,
      currentPeriodEnd: new Date("2026-04-15T00:00:00Z"),
      discountAmountOff: null,
    });
    const invoices = await h.db.invoice.findMany({
      where: { subscriptionId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(invoices.map((i) => [i.subtotal, i.discountAmount, i.total, i.status])).toEqual([
      [2999, 500, 2499, "PAID"],
    ]);
    await advanceBilling(h.deps, { now: new Date("2026-04-15T00:00:00Z") });
    const after = await h.db.invoice.findMany({
      where: { subscriptionId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(after.map((i) => i.discountAmount)).toEqual([500, 0]);
  });

  it("a plan whose downgrades wait for the period end applies them at renewal", async () => {
    await h.db.plan.update({
      where: { slug: "enterprise" },
      data: { downgradeTiming: "PERIOD_END" },
    });
    const actor = await h.newOrganization("Scheduled Downgrader");
    const id = await h.subscribe(actor, { plan: "enterprise", now: start });
    const starter = await h.plan("starter");
    const mid = new Date("2026-03-10T00:00:00Z");
    const result = await changePlan(h.deps, {
      actor,
      subscriptionId: id,
      request: { newLicenseTypeId: starter.id },
      now: mid,
    });
    expect(result.invoice).toBeNull();
    expect(result.subscription).toMatchObject({
      plan: { slug: "enterprise" },
      pendingChange: { planId: starter.id },
    });
    expect(await getUpcomingInvoice(h.deps, { actor, subscriptionId: id })).toMatchObject({
      amount: 2999,
    });
    await advanceBilling(h.deps, { now: new Date("2026-04-01T00:00:00Z") });
    const sub = await h.db.subscription.findUniqueOrThrow({
      where: { id },
      include: { plan: true },
    });
    expect(sub).toMatchObject({ plan: { slug: "starter" }, unitAmount: 2999, pendingPlanId: null });
    const renewal = await h.db.invoice.findFirstOrThrow({
      where: { subscriptionId: id, billingReason: "SUBSCRIPTION_CYCLE" },
    });
    expect(renewal.total).toBe(2999);
    await h.db.plan.update({
      where: { slug: "enterprise" },
      data: { downgradeTiming: "IMMEDIATE" },
    });
  });

  it("a cancellation at period end keeps access until then, then ends with no further invoice", async () => {
    const actor = await h.newOrganization("Leaver");
    const id = await h.subscribe(actor, { plan: "starter", now: start });
    const canceled = await cancelSubscription(h.deps, {
      actor,
      subscriptionId: id,
      reason: "Moving on",
      now: new Date("2026-03-05T00:00:00Z"),
    });
    expect(canceled).toMatchObject({
      status: "ACTIVE",
      cancelAtPeriodEnd: true,
      cancelReason: "Moving on",
    });
    expect(await getUpcomingInvoice(h.deps, { actor, subscriptionId: id })).toBeNull();
    expect(await advanceBilling(h.deps, { now: new Date("2026-04-01T00:00:00Z") })).toMatchObject({
      canceled: 1,
      renewed: 0,
    });
    expect(await h.db.subscription.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "CANCELED",
      endedAt: new Date("2026-04-01T00:00:00Z"),
    });
    expect(await h.db.invoice.count({ where: { subscriptionId: id } })).toBe(1);
    await expect(
      cancelSubscription(h.deps, {
        actor,
        subscriptionId: id,
        now: new Date("2026-04-02T00:00:00Z"),
      }),
    ).rejects.toMatchObject({ code: "ALREADY_CANCELED" });
  });

  it("an immediate cancel retried with its request's key answers CANCELED; another request is 409", async () => {
    const actor = await h.newOrganization("Cancel Retry");
    const id = await h.subscribe(actor, { plan: "starter", now: new Date("2026-03-01T00:00:00Z") });
    const keyed = { ...actor, requestId: "idem_first-cancel" };
    const at = new Date("2026-03-05T00:00:00Z");
    const first = await cancelSubscription(h.deps, {
      actor: keyed,
      subscriptionId: id,
      immediately: true,
      now: at,
    });
    const retried = await cancelSubscription(h.deps, {
      actor: keyed,
      subscriptionId: id,
      immediately: true,
      now: at,
    });
    expect(retried).toEqual(first);
    expect(retried.status).toBe("CANCELED");
    await expect(
      cancelSubscription(h.deps, {
        actor: { ...actor, requestId: "idem_another" },
        subscriptionId: id,
        immediately: true,
        now: at,
      }),
    ).rejects.toMatchObject({ code: "ALREADY_CANCELED" });
    expect(
      await h.db.auditLog.count({ where: { targetId: id, action: "subscription.canceled" } }),
    ).toBe(1);
  });

  it("taxes by the customer's country after the discount, and snapshots the bill-to details", async () => {
    await h.db.taxRate.create({ data: { country: "DE", name: "VAT", percentBps: 1900 } });
    await h.db.coupon.create({
      data: { code: "TAX10", name: "10 % forever", percentOff: 10, duration: "FOREVER" },
    });
    const actor = await h.newOrganization("Berlin GmbH");
    await updateBillingCustomer(h.deps, {
      actor,
      update: {
        name: "Berlin GmbH",
        address: {
          line1: "Unter den Linden 1",
          city: "Berlin",
          postalCode: "10117",
          country: "de",
        },
        taxId: "DE123456789",
      },
      now: start,
    });
    const id = await h.subscribe(actor, { plan: "professional", couponCode: "TAX10", now: start });
    const invoice = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId: id } });
    // 9999 − 1000 (10 %, half-up) = 8999; VAT 19 % of 8999 = 1709.81 → 1710; total 10709.
    expect(invoice).toMatchObject({
      subtotal: 9999,
      discountAmount: 1000,
      taxAmount: 1710,
      total: 10709,
      amountPaid: 10709,
      taxRateBps: 1900,
      taxLabel: "VAT (19%)",
    });
    expect(invoice.customerSnapshot).toMatchObject({
      name: "Berlin GmbH",
      taxId: "DE123456789",
      addressLines: ["Unter den Linden 1", "10117 Berlin", "DE"],
    });
  });
});
