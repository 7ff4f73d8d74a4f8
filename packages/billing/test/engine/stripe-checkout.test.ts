/**
 * The engine on the STRIPE gateway, against the Stripe test server over HTTP with the real SDK: Stripe's
 * hosted Checkout pays a quote we recorded as an attempt first; the success page's sync and the webhooks
 * converge on one result whatever their order or number; losers are refunded; faults change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  signPayload,
  startStripeTestServer,
  type StripeTestServer,
} from "@salesos/stripe-test-server";

import {
  addPaymentMethod,
  advanceBilling,
  listNotifications,
  changePlan,
  settleConfirmedPayment,
  getInvoice,
  setDefaultPaymentMethod,
  listPaymentMethods,
  LocalGateway,
  startCardSetup,
  processGatewayEvent,
  reconcileAttempts,
  startCheckout,
  StripeGateway,
  syncHostedCheckout,
} from "../../src";
import type { BillingActor } from "../../src/deps";
import { moneyViolations } from "../../src/testing";
import { createHarness, type Harness } from "./harness";

const WEBHOOK_SECRET = "whsec_engine_test_secret";
let server: StripeTestServer;
let h: Harness;
beforeAll(async () => {
  server = await startStripeTestServer();
  h = await createHarness({
    gateway: () =>
      new StripeGateway({
        secretKey: "sk_test_engine",
        webhookSecret: WEBHOOK_SECRET,
        apiUrl: server.url,
        appUrl: "http://localhost:3000",
        timeoutMs: 2_000,
      }),
  });
});
afterAll(async () => {
  await server.close();
  await h.database.close();
});

async function checkout(
  actor: BillingActor,
  plan = "starter",
  extra: { startTrial?: boolean } = {},
) {
  const planId = (await h.plan(plan)).id;
  return startCheckout(h.deps, {
    actor,
    input: { licenseTypeId: planId, billingCycle: "monthly", ...extra },
    now: new Date(),
  });
}

/** A customer on Stripe's page: fills in the card and submits (as the browser test does). */
async function pay(url: string, card = "4242424242424242") {
  return fetch(url, {
    method: "POST",
    body: new URLSearchParams({ cardNumber: card, expMonth: "12", expYear: "2034", cvc: "123" }),
    redirect: "manual",
  });
}

function gatewaySessionId(url: string): string {
  return url.split("/").pop()!;
}

/** The events Stripe sent about one object, signed as Stripe signs them. */
function deliveries(objectId: string, type?: string, timestamp?: number) {
  return [...server.store.events.values()]
    .filter((e) => (e.data as { object: { id: string } }).object.id === objectId)
    .filter((e) => !type || e.type === type)
    .map((e) => {
      const rawBody = JSON.stringify(e);
      return { rawBody, signature: signPayload(rawBody, WEBHOOK_SECRET, timestamp) };
    });
}

describe("STRIPE checkout", () => {
  it("the quote is paid on Stripe's page; the success page's sync creates the subscription, once", async () => {
    const actor = await h.newOrganization("Stripe Buyer");
    const started = await checkout(actor);
    expect(started).toMatchObject({ gateway: "STRIPE" });
    expect(started.url).toContain(`${server.url}/test/checkout/cs_test_`);
    const attempt = await h.db.paymentAttempt.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    expect(attempt).toMatchObject({ status: "REQUIRES_ACTION", amount: 2999, purpose: "CHECKOUT" });
    const paid = await pay(started.url);
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toContain("session_id=cs_test_");
    const id = gatewaySessionId(started.url);
    const first = await syncHostedCheckout(h.deps, { gatewaySessionId: id, now: new Date() });
    const again = await syncHostedCheckout(h.deps, { gatewaySessionId: id, now: new Date() });
    expect(first).toMatchObject({ status: "complete" });
    expect(again).toEqual(first);
    const subscription = await h.db.subscription.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    expect(subscription).toMatchObject({ status: "ACTIVE", gateway: "STRIPE", paidAmount: 2999 });
    const method = await h.db.paymentMethod.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    expect(method).toMatchObject({ brand: "visa", last4: "4242", gateway: "STRIPE" });
    expect(method.gatewayPaymentMethodId).toMatch(/^pm_/);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("webhooks: a bad or stale signature is 400 and writes nothing; each event three times is one effect", async () => {
    const actor = await h.newOrganization("Webhook Buyer");
    const started = await checkout(actor);
    await pay(started.url);
    const id = gatewaySessionId(started.url);
    const [completed] = deliveries(id, "checkout.session.completed");
    await expect(
      processGatewayEvent(h.deps, {
        rawBody: completed!.rawBody,
        signature: "t=1,v1=deadbeef",
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const [stale] = deliveries(
      id,
      "checkout.session.completed",
      Math.floor(Date.now() / 1000) - 301,
    );
    await expect(processGatewayEvent(h.deps, { ...stale!, now: new Date() })).rejects.toMatchObject(
      {
        code: "BAD_REQUEST",
      },
    );
    expect(await h.db.subscription.count({ where: { organizationId: actor.organizationId } })).toBe(
      0,
    );
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push(await processGatewayEvent(h.deps, { ...completed!, now: new Date() }));
    expect(results.map((r) => r.duplicate)).toEqual([false, true, true]);
    expect(await h.db.subscription.count({ where: { organizationId: actor.organizationId } })).toBe(
      1,
    );
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("payment_intent.succeeded before checkout.session.completed: the same final state", async () => {
    const actor = await h.newOrganization("Out Of Order");
    const started = await checkout(actor, "professional");
    await pay(started.url);
    const id = gatewaySessionId(started.url);
    const session = server.store.checkoutSessions.get(id)!;
    const intentEvents = deliveries(session.payment_intent as string, "payment_intent.succeeded");
    for (const delivery of intentEvents)
      await processGatewayEvent(h.deps, { ...delivery, now: new Date() });
    for (const delivery of deliveries(id))
      await processGatewayEvent(h.deps, { ...delivery, now: new Date() });
    const subscription = await h.db.subscription.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    expect(subscription).toMatchObject({ status: "ACTIVE", unitAmount: 9999 });
    expect(await h.db.invoice.count({ where: { organizationId: actor.organizationId } })).toBe(1);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("a handler failure is an error (Stripe retries), nothing recorded; the retry succeeds", async () => {
    const actor = await h.newOrganization("Retry Buyer");
    const started = await checkout(actor);
    await pay(started.url);
    const id = gatewaySessionId(started.url);
    const [completed] = deliveries(id, "checkout.session.completed");
    // Twice: the SDK retries a 500 once on its own.
    server.faults.set(`GET /v1/checkout/sessions/${id}`, { kind: "error", status: 500 }, 2);
    await expect(
      processGatewayEvent(h.deps, { ...completed!, now: new Date() }),
    ).rejects.toMatchObject({
      code: "GATEWAY_UNAVAILABLE",
    });
    expect(
      await h.db.webhookEvent.findUnique({ where: { id: JSON.parse(completed!.rawBody).id } }),
    ).toBeNull();
    expect(await h.db.subscription.count({ where: { organizationId: actor.organizationId } })).toBe(
      0,
    );
    const retried = await processGatewayEvent(h.deps, { ...completed!, now: new Date() });
    expect(retried.duplicate).toBe(false);
    expect(await h.db.subscription.count({ where: { organizationId: actor.organizationId } })).toBe(
      1,
    );
  });

  it("two sessions both paid on Stripe: one subscription, the other charge refunded", async () => {
    const actor = await h.newOrganization("Double Payer");
    const one = await checkout(actor);
    const two = await checkout(actor, "professional");
    await pay(one.url);
    await pay(two.url);
    const results = await Promise.all([
      syncHostedCheckout(h.deps, { gatewaySessionId: gatewaySessionId(one.url), now: new Date() }),
      syncHostedCheckout(h.deps, { gatewaySessionId: gatewaySessionId(two.url), now: new Date() }),
    ]);
    expect(results.filter((r) => r.status === "complete")).toHaveLength(1);
    expect(await h.db.subscription.count({ where: { organizationId: actor.organizationId } })).toBe(
      1,
    );
    const refunds = [...server.store.refunds.values()];
    const loser = results.findIndex((r) => r.status !== "complete");
    const loserSession = server.store.checkoutSessions.get(
      gatewaySessionId([one, two][loser]!.url),
    )!;
    expect(refunds.filter((r) => r.payment_intent === loserSession.payment_intent)).toHaveLength(1);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("an expired Stripe session ends ours and its attempt; a trial saves the card in setup mode", async () => {
    const actor = await h.newOrganization("Expiring");
    const started = await checkout(actor);
    const id = gatewaySessionId(started.url);
    await (h.deps.gateway as StripeGateway).stripe.checkout.sessions.expire(id);
    for (const delivery of deliveries(id, "checkout.session.expired"))
      await processGatewayEvent(h.deps, { ...delivery, now: new Date() });
    expect(
      await h.db.checkoutSession.findUniqueOrThrow({ where: { id: started.sessionId } }),
    ).toMatchObject({
      status: "EXPIRED",
    });
    expect(
      await h.db.paymentAttempt.findFirstOrThrow({
        where: { checkoutSessionId: started.sessionId },
      }),
    ).toMatchObject({
      status: "FAILED",
    });

    await h.db.plan.update({ where: { slug: "professional" }, data: { trialDays: 14 } });
    try {
      const trialist = await h.newOrganization("Trialist");
      const trial = await checkout(trialist, "professional", { startTrial: true });
      expect(server.store.checkoutSessions.get(gatewaySessionId(trial.url))).toMatchObject({
        mode: "setup",
      });
      await pay(trial.url);
      await syncHostedCheckout(h.deps, {
        gatewaySessionId: gatewaySessionId(trial.url),
        now: new Date(),
      });
      expect(
        await h.db.subscription.findFirstOrThrow({
          where: { organizationId: trialist.organizationId },
        }),
      ).toMatchObject({
        status: "TRIALING",
      });
      expect(
        await h.db.paymentMethod.count({ where: { organizationId: trialist.organizationId } }),
      ).toBe(1);
    } finally {
      await h.db.plan.update({ where: { slug: "professional" }, data: { trialDays: 0 } });
    }
  });

  it("an upgrade charges off-session through an attempt; Stripe down → 503 and nothing changed", async () => {
    const actor = await h.newOrganization("Upgrader");
    const started = await checkout(actor);
    await pay(started.url);
    await syncHostedCheckout(h.deps, {
      gatewaySessionId: gatewaySessionId(started.url),
      now: new Date(),
    });
    const subscription = await h.db.subscription.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    const professional = await h.plan("professional");
    server.faults.set("POST /v1/payment_intents", { kind: "error", status: 500 }, 2);
    await expect(
      changePlan(h.deps, {
        actor,
        subscriptionId: subscription.id,
        request: { newLicenseTypeId: professional.id },
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: "GATEWAY_UNAVAILABLE" });
    expect(
      await h.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } }),
    ).toMatchObject({
      planId: subscription.planId,
    });
    // The attempt's outcome is unknown until asked: a retry now is 409, the reconciler settles it
    // (Stripe never saw it: failed), and the retry then goes through — one Stripe charge in all.
    await expect(
      changePlan(h.deps, {
        actor,
        subscriptionId: subscription.id,
        request: { newLicenseTypeId: professional.id },
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: "PAYMENT_IN_PROGRESS" });
    expect(await reconcileAttempts(h.deps, { now: new Date(), leaseMs: 0 })).toMatchObject({
      charges: 1,
    });
    const upgraded = await changePlan(h.deps, {
      actor,
      subscriptionId: subscription.id,
      request: { newLicenseTypeId: professional.id },
      now: new Date(),
    });
    expect(upgraded.invoice).toMatchObject({ status: "PAID" });
    const attempts = await h.db.paymentAttempt.findMany({
      where: { organizationId: actor.organizationId, purpose: "PLAN_CHANGE" },
    });
    expect(attempts.map((a) => a.status).sort()).toEqual(["FAILED", "SUCCEEDED"]);
    const intents = [...server.store.paymentIntents.values()].filter((i) =>
      attempts.some((a) => (i.metadata as Record<string, string>).attempt_id === a.id),
    );
    expect(intents.map((i) => i.status)).toEqual(["succeeded"]);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("cards: one added on Stripe's setup page appears; one detached there disappears, the default moving on", async () => {
    const actor = await h.newOrganization("Card Keeper");
    const started = await checkout(actor);
    await pay(started.url);
    await syncHostedCheckout(h.deps, {
      gatewaySessionId: gatewaySessionId(started.url),
      now: new Date(),
    });
    const { url } = await startCardSetup(h.deps, { actor, now: new Date() });
    expect(server.store.checkoutSessions.get(gatewaySessionId(url))).toMatchObject({
      mode: "setup",
    });
    const saved = await pay(url, "5555555555554444");
    expect(saved.headers.get("location")).toBe("http://localhost:3000/billing");
    const both = await listPaymentMethods(h.deps, { actor });
    expect(both.map((m) => [m.brand, m.isDefault])).toEqual([
      ["visa", true],
      ["mastercard", false],
    ]);
    const visa = await h.db.paymentMethod.findFirstOrThrow({
      where: { organizationId: actor.organizationId, brand: "visa" },
    });
    const stripe = (h.deps.gateway as StripeGateway).stripe;
    // The default is Stripe's default too; if Stripe fails, ours stays as it was.
    const mastercard = both.find((m) => m.brand === "mastercard")!;
    const customerId = (
      await h.db.billingCustomer.findUniqueOrThrow({
        where: { organizationId: actor.organizationId },
      })
    ).gatewayCustomerId!;
    server.faults.set(`POST /v1/customers/${customerId}`, { kind: "error", status: 500 }, 2);
    await expect(
      setDefaultPaymentMethod(h.deps, { actor, paymentMethodId: mastercard.id, now: new Date() }),
    ).rejects.toMatchObject({ code: "GATEWAY_UNAVAILABLE" });
    expect((await listPaymentMethods(h.deps, { actor }))[0]!.brand).toBe("visa");
    await setDefaultPaymentMethod(h.deps, {
      actor,
      paymentMethodId: mastercard.id,
      now: new Date(),
    });
    const atStripe = await stripe.customers.retrieve(customerId);
    expect("invoice_settings" in atStripe && atStripe.invoice_settings.default_payment_method).toBe(
      mastercard.gatewayPaymentMethodId,
    );
    await setDefaultPaymentMethod(h.deps, { actor, paymentMethodId: visa.id, now: new Date() });
    // The bank renews the card: the webhook brings the new expiry to our row.
    await stripe.paymentMethods.update(visa.gatewayPaymentMethodId, { card: { exp_year: 2039 } });
    for (const delivery of deliveries(visa.gatewayPaymentMethodId, "payment_method.updated"))
      await processGatewayEvent(h.deps, { ...delivery, now: new Date() });
    expect(await h.db.paymentMethod.findUniqueOrThrow({ where: { id: visa.id } })).toMatchObject({
      expYear: 2039,
    });
    await stripe.paymentMethods.detach(visa.gatewayPaymentMethodId);
    for (const delivery of deliveries(visa.gatewayPaymentMethodId, "payment_method.detached"))
      await processGatewayEvent(h.deps, { ...delivery, now: new Date() });
    expect(await h.db.paymentMethod.findUnique({ where: { id: visa.id } })).toBeNull();
    const left = await listPaymentMethods(h.deps, { actor });
    expect(left.map((m) => [m.brand, m.isDefault])).toEqual([["mastercard", true]]);
    const local = {
      ...h.deps,
      gateway: new LocalGateway({ db: h.db, appUrl: "http://localhost:3000" }),
    };
    await expect(startCardSetup(local, { actor, now: new Date() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("a chargeback marks the paid invoice and tells the customer, opened and decided", async () => {
    const actor = await h.newOrganization("Disputed Buyer");
    const started = await checkout(actor);
    await pay(started.url);
    await syncHostedCheckout(h.deps, {
      gatewaySessionId: gatewaySessionId(started.url),
      now: new Date(),
    });
    const session = server.store.checkoutSessions.get(gatewaySessionId(started.url))!;
    const dispute = server.dispute(session.payment_intent as string);
    for (const delivery of deliveries(dispute.id, "charge.dispute.created"))
      await processGatewayEvent(h.deps, { ...delivery, now: new Date() });
    const invoice = await h.db.invoice.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    expect(invoice).toMatchObject({
      status: "PAID",
      disputeStatus: "needs_response",
      disputeAmount: 2999,
    });
    server.closeDispute(dispute.id, "lost");
    for (const delivery of deliveries(dispute.id, "charge.dispute.closed"))
      await processGatewayEvent(h.deps, { ...delivery, now: new Date() });
    const view = await getInvoice(h.deps, { actor, invoiceId: invoice.id });
    expect(view.dispute).toMatchObject({ status: "lost", amount: 2999 });
    const notices = await h.db.notification.findMany({
      where: { organizationId: actor.organizationId, kind: { startsWith: "DISPUTE_" } },
      orderBy: { createdAt: "asc" },
    });
    expect(notices.map((n) => n.kind)).toEqual(["DISPUTE_OPENED", "DISPUTE_CLOSED"]);
  });

  it("a refund made in Stripe's dashboard is recorded once (a credit note that was refunded); a deleted Stripe customer is recreated", async () => {
    const actor = await h.newOrganization("Dashboard Refund");
    const started = await checkout(actor);
    await pay(started.url);
    await syncHostedCheckout(h.deps, {
      gatewaySessionId: gatewaySessionId(started.url),
      now: new Date(),
    });
    const session = server.store.checkoutSessions.get(gatewaySessionId(started.url))!;
    const stripe = (h.deps.gateway as StripeGateway).stripe;
    await stripe.refunds.create({ payment_intent: session.payment_intent as string, amount: 999 });
    const chargeId = server.store.paymentIntents.get(session.payment_intent as string)!
      .latest_charge as string;
    for (let i = 0; i < 2; i++)
      for (const delivery of deliveries(chargeId, "charge.refunded"))
        await processGatewayEvent(h.deps, { ...delivery, now: new Date() });
    const notes = await h.db.creditNote.findMany({
      where: { organizationId: actor.organizationId },
    });
    expect(notes.map((n) => [n.total, n.refundAmount, n.creditAmount])).toEqual([[999, 999, 0]]);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);

    const customer = await h.db.billingCustomer.findUniqueOrThrow({
      where: { organizationId: actor.organizationId },
    });
    await stripe.customers.del(customer.gatewayCustomerId!);
    for (const delivery of deliveries(customer.gatewayCustomerId!, "customer.deleted"))
      await processGatewayEvent(h.deps, { ...delivery, now: new Date() });
    const { url } = await startCardSetup(h.deps, { actor, now: new Date() });
    const renewed = await h.db.billingCustomer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(renewed.gatewayCustomerId).toMatch(/^cus_/);
    expect(renewed.gatewayCustomerId).not.toBe(customer.gatewayCustomerId);
    expect(server.store.checkoutSessions.get(gatewaySessionId(url))!.customer).toBe(
      renewed.gatewayCustomerId,
    );
  });

  it("an upgrade on a 3220 card: 402 with the bank's page; confirmed there, the return settles it and the plan changes", async () => {
    const actor = await h.newOrganization("Bank Confirms");
    const started = await checkout(actor);
    await pay(started.url, "4000000000003220");
    const bankPage = server.store.paymentIntents.get(
      server.store.checkoutSessions.get(gatewaySessionId(started.url))!.payment_intent as string,
    )!;
    // The first payment went through Stripe's own page: confirm it there, then sync.
    const confirmed = await fetch(
      (bankPage.next_action as { redirect_to_url: { url: string } }).redirect_to_url.url,
      { method: "POST", body: new URLSearchParams({ outcome: "complete" }), redirect: "manual" },
    );
    // Back to Stripe's Checkout, which completes the session and sends the customer to our success page.
    await fetch(confirmed.headers.get("location")!, { redirect: "manual" });
    expect(
      await syncHostedCheckout(h.deps, {
        gatewaySessionId: gatewaySessionId(started.url),
        now: new Date(),
      }),
    ).toMatchObject({ status: "complete" });
    const subscription = await h.db.subscription.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    const professional = await h.plan("professional");
    const error = await changePlan(h.deps, {
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
      (await h.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).planId,
    ).toBe(subscription.planId);
    const back = await fetch(confirmUrl, {
      method: "POST",
      body: new URLSearchParams({ outcome: "complete" }),
      redirect: "manual",
    });
    expect(back.headers.get("location")).toContain(`/billing/confirm?attempt=${attemptId}`);
    const stranger = await h.newOrganization("Stranger");
    await expect(
      settleConfirmedPayment(h.deps, { actor: stranger, attemptId, now: new Date() }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(
      await settleConfirmedPayment(h.deps, { actor, attemptId, now: new Date() }),
    ).toMatchObject({
      status: "succeeded",
      purpose: "PLAN_CHANGE",
    });
    expect(
      (await h.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).planId,
    ).toBe(professional.id);
    expect(
      await settleConfirmedPayment(h.deps, { actor, attemptId, now: new Date() }),
    ).toMatchObject({
      status: "succeeded",
    });
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("a renewal the bank wants confirmed fails off-session and tells the customer to confirm with Pay now", async () => {
    const actor = await h.newOrganization("Renewal Confirms");
    const started = await checkout(actor);
    await pay(started.url);
    await syncHostedCheckout(h.deps, {
      gatewaySessionId: gatewaySessionId(started.url),
      now: new Date(),
    });
    const stripe = (h.deps.gateway as StripeGateway).stripe;
    const card = await stripe.paymentMethods.create({
      type: "card",
      card: { number: "4000000000003220", exp_month: 12, exp_year: 2034, cvc: "123" },
    });
    await addPaymentMethod(h.deps, {
      actor,
      paymentMethodId: card.id,
      setAsDefault: true,
      now: new Date(),
    });
    const subscription = await h.db.subscription.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    await advanceBilling(h.deps, { now: subscription.currentPeriodEnd });
    expect(
      await h.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } }),
    ).toMatchObject({
      status: "PAST_DUE",
    });
    const notices = await listNotifications(h.deps, { actor, limit: 5 });
    expect(notices.map((n) => n.message)).toContain(
      "Your bank asks you to confirm a payment: open Billing and choose Pay now to confirm it with your bank.",
    );
  });
});
