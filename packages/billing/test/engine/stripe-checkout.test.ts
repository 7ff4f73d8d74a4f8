/**
 * The engine on the STRIPE gateway, against the Stripe test server over HTTP with the real SDK: Stripe's
 * hosted Checkout pays a quote we recorded as an attempt first; the success page's sync and the webhooks
 * converge on one result whatever their order or number; losers are refunded; faults change nothing.
 */
import { describe, expect, it } from "vitest";

import { changePlan, processGatewayEvent, reconcileAttempts, syncHostedCheckout } from "../../src";
import { moneyViolations } from "../../src/testing";
import { useStripeEngine } from "./stripe-engine";

const e = useStripeEngine();

describe("STRIPE checkout", () => {
  it("the quote is paid on Stripe's page; the success page's sync creates the subscription, once", async () => {
    const actor = await e.h.newOrganization("Stripe Buyer");
    const started = await e.checkout(actor);
    expect(started).toMatchObject({ gateway: "STRIPE" });
    expect(started.url).toContain(`${e.server.url}/test/checkout/cs_test_`);
    const attempt = await e.h.db.paymentAttempt.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    expect(attempt).toMatchObject({ status: "REQUIRES_ACTION", amount: 2999, purpose: "CHECKOUT" });
    const paid = await e.pay(started.url);
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toContain("session_id=cs_test_");
    const id = e.gatewaySessionId(started.url);
    const first = await syncHostedCheckout(e.h.deps, { gatewaySessionId: id, now: new Date() });
    const again = await syncHostedCheckout(e.h.deps, { gatewaySessionId: id, now: new Date() });
    expect(first).toMatchObject({ status: "complete" });
    expect(again).toEqual(first);
    const subscription = await e.h.db.subscription.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    expect(subscription).toMatchObject({ status: "ACTIVE", gateway: "STRIPE", paidAmount: 2999 });
    const method = await e.h.db.paymentMethod.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    expect(method).toMatchObject({ brand: "visa", last4: "4242", gateway: "STRIPE" });
    expect(method.gatewayPaymentMethodId).toMatch(/^pm_/);
    expect(await moneyViolations(e.h.db, actor.organizationId)).toEqual([]);
  });
  it("webhooks: a bad or stale signature is 400 and writes nothing; each event three times is one effect", async () => {
    const actor = await e.h.newOrganization("Webhook Buyer");
    const started = await e.checkout(actor);
    await e.pay(started.url);
    const id = e.gatewaySessionId(started.url);
    const [completed] = e.deliveries(id, "checkout.session.completed");
    await expect(
      processGatewayEvent(e.h.deps, {
        rawBody: completed!.rawBody,
        signature: "t=1,v1=deadbeef",
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const [stale] = e.deliveries(
      id,
      "checkout.session.completed",
      Math.floor(Date.now() / 1000) - 301,
    );
    await expect(
      processGatewayEvent(e.h.deps, { ...stale!, now: new Date() }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(
      await e.h.db.subscription.count({ where: { organizationId: actor.organizationId } }),
    ).toBe(0);
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push(await processGatewayEvent(e.h.deps, { ...completed!, now: new Date() }));
    expect(results.map((r) => r.duplicate)).toEqual([false, true, true]);
    expect(
      await e.h.db.subscription.count({ where: { organizationId: actor.organizationId } }),
    ).toBe(1);
    expect(await moneyViolations(e.h.db, actor.organizationId)).toEqual([]);
  });
  it("payment_intent.succeeded before checkout.session.completed: the same final state", async () => {
    const actor = await e.h.newOrganization("Out Of Order");
    const started = await e.checkout(actor, "professional");
    await e.pay(started.url);
    const id = e.gatewaySessionId(started.url);
    const session = e.server.store.checkoutSessions.get(id)!;
    const intentEvents = e.deliveries(session.payment_intent as string, "payment_intent.succeeded");
    for (const delivery of intentEvents)
      await processGatewayEvent(e.h.deps, { ...delivery, now: new Date() });
    for (const delivery of e.deliveries(id))
      await processGatewayEvent(e.h.deps, { ...delivery, now: new Date() });
    const subscription = await e.h.db.subscription.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    expect(subscription).toMatchObject({ status: "ACTIVE", unitAmount: 9999 });
    expect(await e.h.db.invoice.count({ where: { organizationId: actor.organizationId } })).toBe(1);
    expect(await moneyViolations(e.h.db, actor.organizationId)).toEqual([]);
  });
  it("a handler failure is an error (Stripe retries), nothing recorded; the retry succeeds", async () => {
    const actor = await e.h.newOrganization("Retry Buyer");
    const started = await e.checkout(actor);
    await e.pay(started.url);
    const id = e.gatewaySessionId(started.url);
    const [completed] = e.deliveries(id, "checkout.session.completed");
    // Twice: the SDK retries a 500 once on its own.
    e.server.faults.set(`GET /v1/checkout/sessions/${id}`, { kind: "error", status: 500 }, 2);
    await expect(
      processGatewayEvent(e.h.deps, { ...completed!, now: new Date() }),
    ).rejects.toMatchObject({
      code: "GATEWAY_UNAVAILABLE",
    });
    expect(
      await e.h.db.webhookEvent.findUnique({ where: { id: JSON.parse(completed!.rawBody).id } }),
    ).toBeNull();
    expect(
      await e.h.db.subscription.count({ where: { organizationId: actor.organizationId } }),
    ).toBe(0);
    const retried = await processGatewayEvent(e.h.deps, { ...completed!, now: new Date() });
    expect(retried.duplicate).toBe(false);
    expect(
      await e.h.db.subscription.count({ where: { organizationId: actor.organizationId } }),
    ).toBe(1);
  });
  it("two sessions both paid on Stripe: one subscription, the other charge refunded", async () => {
    const actor = await e.h.newOrganization("Double Payer");
    const one = await e.checkout(actor);
    const two = await e.checkout(actor, "professional");
    await e.pay(one.url);
    await e.pay(two.url);
    const results = await Promise.all([
      syncHostedCheckout(e.h.deps, {
        gatewaySessionId: e.gatewaySessionId(one.url),
        now: new Date(),
      }),
      syncHostedCheckout(e.h.deps, {
        gatewaySessionId: e.gatewaySessionId(two.url),
        now: new Date(),
      }),
    ]);
    expect(results.filter((r) => r.status === "complete")).toHaveLength(1);
    expect(
      await e.h.db.subscription.count({ where: { organizationId: actor.organizationId } }),
    ).toBe(1);
    const refunds = [...e.server.store.refunds.values()];
    const loser = results.findIndex((r) => r.status !== "complete");
    const loserSession = e.server.store.checkoutSessions.get(
      e.gatewaySessionId([one, two][loser]!.url),
    )!;
    expect(refunds.filter((r) => r.payment_intent === loserSession.payment_intent)).toHaveLength(1);
    expect(await moneyViolations(e.h.db, actor.organizationId)).toEqual([]);
  });
  it("an expired Stripe session ends ours and its attempt; a trial saves the card in setup mode", async () => {
    const actor = await e.h.newOrganization("Expiring");
    const started = await e.checkout(actor);
    const id = e.gatewaySessionId(started.url);
    await e.stripe.checkout.sessions.expire(id);
    for (const delivery of e.deliveries(id, "checkout.session.expired"))
      await processGatewayEvent(e.h.deps, { ...delivery, now: new Date() });
    expect(
      await e.h.db.checkoutSession.findUniqueOrThrow({ where: { id: started.sessionId } }),
    ).toMatchObject({
      status: "EXPIRED",
    });
    expect(
      await e.h.db.paymentAttempt.findFirstOrThrow({
        where: { checkoutSessionId: started.sessionId },
      }),
    ).toMatchObject({
      status: "FAILED",
    });

    await e.h.db.plan.update({ where: { slug: "professional" }, data: { trialDays: 14 } });
    try {
      const trialist = await e.h.newOrganization("Trialist");
      const trial = await e.checkout(trialist, "professional", { startTrial: true });
      expect(e.server.store.checkoutSessions.get(e.gatewaySessionId(trial.url))).toMatchObject({
        mode: "setup",
      });
      await e.pay(trial.url);
      await syncHostedCheckout(e.h.deps, {
        gatewaySessionId: e.gatewaySessionId(trial.url),
        now: new Date(),
      });
      expect(
        await e.h.db.subscription.findFirstOrThrow({
          where: { organizationId: trialist.organizationId },
        }),
      ).toMatchObject({
        status: "TRIALING",
      });
      expect(
        await e.h.db.paymentMethod.count({ where: { organizationId: trialist.organizationId } }),
      ).toBe(1);
    } finally {
      await e.h.db.plan.update({ where: { slug: "professional" }, data: { trialDays: 0 } });
    }
  });
  it("an upgrade charges off-session through an attempt; Stripe down → 503 and nothing changed", async () => {
    const actor = await e.h.newOrganization("Upgrader");
    const started = await e.checkout(actor);
    await e.pay(started.url);
    await syncHostedCheckout(e.h.deps, {
      gatewaySessionId: e.gatewaySessionId(started.url),
      now: new Date(),
    });
    const subscription = await e.h.db.subscription.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    const professional = await e.h.plan("professional");
    e.server.faults.set("POST /v1/payment_intents", { kind: "error", status: 500 }, 2);
    await expect(
      changePlan(e.h.deps, {
        actor,
        subscriptionId: subscription.id,
        request: { newLicenseTypeId: professional.id },
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: "GATEWAY_UNAVAILABLE" });
    expect(
      await e.h.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } }),
    ).toMatchObject({
      planId: subscription.planId,
    });
    // The attempt's outcome is unknown until asked: a retry now is 409, the reconciler settles it
    // (Stripe never saw it: failed), and the retry then goes through — one Stripe charge in all.
    await expect(
      changePlan(e.h.deps, {
        actor,
        subscriptionId: subscription.id,
        request: { newLicenseTypeId: professional.id },
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: "PAYMENT_IN_PROGRESS" });
    expect(await reconcileAttempts(e.h.deps, { now: new Date(), leaseMs: 0 })).toMatchObject({
      charges: 1,
    });
    const upgraded = await changePlan(e.h.deps, {
      actor,
      subscriptionId: subscription.id,
      request: { newLicenseTypeId: professional.id },
      now: new Date(),
    });
    expect(upgraded.invoice).toMatchObject({ status: "PAID" });
    const attempts = await e.h.db.paymentAttempt.findMany({
      where: { organizationId: actor.organizationId, purpose: "PLAN_CHANGE" },
    });
    expect(attempts.map((a) => a.status).sort()).toEqual(["FAILED", "SUCCEEDED"]);
    const intents = [...e.server.store.paymentIntents.values()].filter((i) =>
      attempts.some((a) => (i.metadata as Record<string, string>).attempt_id === a.id),
    );
    expect(intents.map((i) => i.status)).toEqual(["succeeded"]);
    expect(await moneyViolations(e.h.db, actor.organizationId)).toEqual([]);
  });
});
