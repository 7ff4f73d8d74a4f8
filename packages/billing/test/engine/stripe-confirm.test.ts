/**
 * The bank asks to confirm (3-D Secure, card 3220) on the STRIPE gateway: customer-present payments send
 * the customer to the bank's page and settle on return; renewals ask the customer to use Pay now.
 */
import { describe, expect, it } from "vitest";

import {
  addPaymentMethod,
  advanceBilling,
  changePlan,
  listNotifications,
  settleConfirmedPayment,
  syncHostedCheckout,
} from "../../src";
import { moneyViolations } from "../../src/testing";
import { useStripeEngine } from "./stripe-engine";

const e = useStripeEngine();

describe("bank confirmation on STRIPE", () => {
  it("an upgrade on a 3220 card: 402 with the bank's page; confirmed there, the return settles it and the plan changes", async () => {
    const actor = await e.h.newOrganization("Bank Confirms");
    const started = await e.checkout(actor);
    await e.pay(started.url, "4000000000003220");
    const bankPage = e.server.store.paymentIntents.get(
      e.server.store.checkoutSessions.get(e.gatewaySessionId(started.url))!
        .payment_intent as string,
    )!;
    // The first payment went through Stripe's own page: confirm it there, then sync.
    const confirmed = await fetch(
      (bankPage.next_action as { redirect_to_url: { url: string } }).redirect_to_url.url,
      { method: "POST", body: new URLSearchParams({ outcome: "complete" }), redirect: "manual" },
    );
    // Back to Stripe's Checkout, which completes the session and sends the customer to our success page.
    await fetch(confirmed.headers.get("location")!, { redirect: "manual" });
    expect(
      await syncHostedCheckout(e.h.deps, {
        gatewaySessionId: e.gatewaySessionId(started.url),
        now: new Date(),
      }),
    ).toMatchObject({ status: "complete" });
    const subscription = await e.h.db.subscription.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    const professional = await e.h.plan("professional");
    const error = await changePlan(e.h.deps, {
      actor,
      subscriptionId: subscription.id,
      request: { newLicenseTypeId: professional.id },
      now: new Date(),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "PAYMENT_FAILED",
      details: {
        declineCode: "authentication_required",
        confirmUrl: expect.stringContaining("/test/3ds/pi_"),
      },
    });
    const { confirmUrl, attemptId } = (
      error as { details: { confirmUrl: string; attemptId: string } }
    ).details;
    expect(
      (await e.h.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).planId,
    ).toBe(subscription.planId);
    const back = await fetch(confirmUrl, {
      method: "POST",
      body: new URLSearchParams({ outcome: "complete" }),
      redirect: "manual",
    });
    expect(back.headers.get("location")).toContain(`/billing/confirm?attempt=${attemptId}`);
    const stranger = await e.h.newOrganization("Stranger");
    await expect(
      settleConfirmedPayment(e.h.deps, { actor: stranger, attemptId, now: new Date() }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(
      await settleConfirmedPayment(e.h.deps, { actor, attemptId, now: new Date() }),
    ).toMatchObject({
      status: "succeeded",
      purpose: "PLAN_CHANGE",
    });
    expect(
      (await e.h.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).planId,
    ).toBe(professional.id);
    expect(
      await settleConfirmedPayment(e.h.deps, { actor, attemptId, now: new Date() }),
    ).toMatchObject({
      status: "succeeded",
    });
    expect(await moneyViolations(e.h.db, actor.organizationId)).toEqual([]);
  });
  it("a renewal the bank wants confirmed fails off-session and tells the customer to confirm with Pay now", async () => {
    const actor = await e.h.newOrganization("Renewal Confirms");
    const started = await e.checkout(actor);
    await e.pay(started.url);
    await syncHostedCheckout(e.h.deps, {
      gatewaySessionId: e.gatewaySessionId(started.url),
      now: new Date(),
    });
    const stripe = e.stripe;
    const card = await stripe.paymentMethods.create({
      type: "card",
      card: { number: "4000000000003220", exp_month: 12, exp_year: 2034, cvc: "123" },
    });
    await addPaymentMethod(e.h.deps, {
      actor,
      paymentMethodId: card.id,
      setAsDefault: true,
      now: new Date(),
    });
    const subscription = await e.h.db.subscription.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    await advanceBilling(e.h.deps, { now: subscription.currentPeriodEnd });
    expect(
      await e.h.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } }),
    ).toMatchObject({
      status: "PAST_DUE",
    });
    const notices = await listNotifications(e.h.deps, { actor, limit: 5 });
    expect(notices.map((n) => n.message)).toContain(
      "Your bank asks you to confirm a payment: open Billing and choose Pay now to confirm it with your bank.",
    );
  });
});
