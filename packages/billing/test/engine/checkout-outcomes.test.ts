/**
 * Issue 14: a free plan is chosen without a card (the server decides from the price), a trial's hosted
 * page can say what its first charge will be, and the success page reads a receipt only for a complete
 * session of the caller's own organization.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  advanceBilling,
  completeCheckout,
  getCheckoutResult,
  getCheckoutSummary,
  seedDemoCoupons,
  startCheckout,
} from "../../src";
import { CARDS, createHarness, type Harness } from "./harness";

const now = new Date("2026-03-01T12:00:00Z");

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await seedDemoCoupons(h.deps, now);
});
afterAll(() => h.database.close());
const DAY = 86_400_000;

type CheckoutInput = Parameters<typeof startCheckout>[1]["input"];

/** A new organization and the checkout it started on `plan` (monthly, one seat, unless `input` says). */
async function newCheckout(name: string, plan: string, input: Partial<CheckoutInput> = {}) {
  const actor = await h.newOrganization(name);
  const { id } = await h.plan(plan);
  const started = await startCheckout(h.deps, {
    actor,
    input: { licenseTypeId: id, billingCycle: "monthly", ...input },
    now,
  });
  return { actor, started };
}

describe("a free plan", () => {
  it("starts at once without a card, sends the customer to the success page and renews without one", async () => {
    const { actor, started } = await newCheckout("Freebie", "free");
    expect(started.url).toBe(
      `http://localhost:3000/checkout/success?session_id=${started.sessionId}`,
    );
    const session = await h.db.checkoutSession.findUniqueOrThrow({
      where: { id: started.sessionId },
    });
    expect(session.status).toBe("COMPLETE");
    const sub = await h.db.subscription.findUniqueOrThrow({
      where: { id: session.subscriptionId! },
    });
    expect(sub).toMatchObject({ status: "ACTIVE", unitAmount: 0, trialEnd: null });
    const where = { organizationId: actor.organizationId };
    expect(await h.db.paymentMethod.count({ where })).toBe(0);
    expect(await h.db.paymentAttempt.count({ where })).toBe(0);
    expect(
      (await h.db.billingCustomer.findUniqueOrThrow({ where })).defaultPaymentMethodId,
    ).toBeNull();

    const result = await getCheckoutResult(h.deps, { actor, sessionId: started.sessionId });
    expect(result).toMatchObject({
      subscription: { planName: "Free", status: "ACTIVE" },
      amountPaid: 0,
      invoice: { total: 0 },
      nextCharge: { date: sub.currentPeriodEnd, amount: 0 },
    });

    // A month later: renewed, nothing charged, no card asked for.
    await advanceBilling(h.deps, { now: new Date(sub.currentPeriodEnd.getTime() + DAY) });
    const renewed = await h.db.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(renewed.status).toBe("ACTIVE");
    expect(renewed.currentPeriodStart).toEqual(sub.currentPeriodEnd);
    expect(await h.db.invoice.findMany({ where, select: { status: true, total: true } })).toEqual([
      { status: "PAID", total: 0 },
      { status: "PAID", total: 0 },
    ]);
    expect(await h.db.paymentAttempt.count({ where })).toBe(0);
  });

  it("takes no coupon (nothing to discount; the redemption is not used up)", async () => {
    const actor = await h.newOrganization("Free Coupon");
    const free = await h.plan("free");
    await expect(
      startCheckout(h.deps, {
        actor,
        input: { licenseTypeId: free.id, billingCycle: "monthly", couponCode: "WELCOME20" },
        now,
      }),
    ).rejects.toMatchObject({ code: "COUPON_INVALID", details: { reason: "FREE_PLAN" } });
    expect(
      await h.db.checkoutSession.count({ where: { organizationId: actor.organizationId } }),
    ).toBe(0);
  });

  it("is refused while a subscription is live, like any checkout", async () => {
    const actor = await h.newOrganization("Already Paying");
    const id = await h.subscribe(actor, { plan: "starter", now });
    const free = await h.plan("free");
    await expect(
      startCheckout(h.deps, {
        actor,
        input: { licenseTypeId: free.id, billingCycle: "monthly" },
        now,
      }),
    ).rejects.toMatchObject({ code: "EXISTING_SUBSCRIPTION", details: { subscriptionId: id } });
  });
});

describe("a trial's hosted page", () => {
  it("shows nothing due now and the first charge (discount applied) at the trial's end", async () => {
    const { actor, started } = await newCheckout("Trial Summary", "professional", {
      startTrial: true,
      couponCode: "WELCOME20",
    });
    const summary = await getCheckoutSummary(h.deps, {
      actor,
      sessionId: started.sessionId,
      now,
    });
    const trialEnd = new Date(now.getTime() + 14 * DAY);
    // 9999 − 20 % (1999.8, half up: 2000) = 7999.
    expect(summary).toMatchObject({
      trialDays: 14,
      amountDue: 0,
      firstCharge: { date: trialEnd, amount: 7999 },
    });
    await completeCheckout(h.deps, {
      actor,
      sessionId: started.sessionId,
      paymentMethodId: await h.card(CARDS.ok, now, actor.organizationId),
      now,
    });
    const result = await getCheckoutResult(h.deps, { actor, sessionId: started.sessionId });
    expect(result).toMatchObject({
      subscription: { status: "TRIALING", trialEnd },
      amountPaid: 0,
      invoice: null,
      nextCharge: { date: trialEnd, amount: 7999 },
    });
  });

  it("a paid checkout has no first charge to announce", async () => {
    const { actor, started } = await newCheckout("No Trial", "starter");
    expect(
      await getCheckoutSummary(h.deps, { actor, sessionId: started.sessionId, now }),
    ).toMatchObject({ trialDays: 0, amountDue: 2999, firstCharge: null });
  });
});

describe("the success page's receipt", () => {
  it("is the paid session's plan, amount, invoice and next charge, for its own organization only", async () => {
    const { actor, started } = await newCheckout("Receipt Co", "professional", {
      billingCycle: "yearly",
      quantity: 2,
      couponCode: "WELCOME20",
    });
    // Not paid yet: no receipt.
    expect(await getCheckoutResult(h.deps, { actor, sessionId: started.sessionId })).toBeNull();
    await completeCheckout(h.deps, {
      actor,
      sessionId: started.sessionId,
      paymentMethodId: await h.card(CARDS.ok, now, actor.organizationId),
      now,
    });
    const result = await getCheckoutResult(h.deps, { actor, sessionId: started.sessionId });
    // 2 × 95988 = 191976 − 20 % (38395.2 → 38395) = 153581.
    expect(result).toMatchObject({
      subscription: { planName: "Professional", billingCycle: "yearly", quantity: 2 },
      currency: "usd",
      amountPaid: 153581,
      invoice: { total: 153581, number: expect.stringMatching(/^RECE-[0-9A-F]{6}-000001$/) },
      nextCharge: { date: new Date("2027-03-01T12:00:00Z") },
    });
    // Another organization, or an id that is not a session: nothing.
    const stranger = await h.newOrganization("Stranger");
    expect(
      await getCheckoutResult(h.deps, { actor: stranger, sessionId: started.sessionId }),
    ).toBeNull();
    expect(await getCheckoutResult(h.deps, { actor, sessionId: "cs_unknown" })).toBeNull();
  });
});
