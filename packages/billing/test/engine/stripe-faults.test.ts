/**
 * Stripe failing at each money step (the test server answering 500, or hanging past our timeout): our
 * answer is 502/503, our rows are unchanged apart from the attempt, and the reconciler or a retry with
 * the same key finishes — never a second Stripe charge or refund.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startStripeTestServer, type StripeTestServer } from "@salesos/stripe-test-server";

import {
  addPaymentMethod,
  advanceBilling,
  createCreditNote,
  payInvoice,
  reconcileAttempts,
  startCheckout,
  StripeGateway,
  syncHostedCheckout,
} from "../../src";
import type { BillingActor } from "../../src/deps";
import { moneyViolations } from "../../src/testing";
import { createHarness, type Harness } from "./harness";

let server: StripeTestServer;
let h: Harness;
beforeAll(async () => {
  server = await startStripeTestServer();
  h = await createHarness({
    gateway: () =>
      new StripeGateway({
        secretKey: "sk_test_faults",
        webhookSecret: "whsec_faults",
        apiUrl: server.url,
        appUrl: "http://localhost:3000",
        timeoutMs: 800,
      }),
  });
});
afterAll(async () => {
  await server.close();
  await h.database.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function subscribed(name: string, card = "4242424242424242"): Promise<BillingActor> {
  const actor = await h.newOrganization(name);
  const started = await startCheckout(h.deps, {
    actor,
    input: { licenseTypeId: (await h.plan("starter")).id, billingCycle: "monthly" },
    now: new Date(),
  });
  await fetch(started.url, {
    method: "POST",
    body: new URLSearchParams({ cardNumber: card, expMonth: "12", expYear: "2034", cvc: "123" }),
    redirect: "manual",
  });
  await syncHostedCheckout(h.deps, {
    gatewaySessionId: started.url.split("/").pop()!,
    now: new Date(),
  });
  return actor;
}

/** A card saved on the customer's Stripe account and made the default. */
async function addCard(actor: BillingActor, number: string) {
  const method = await (h.deps.gateway as StripeGateway).stripe.paymentMethods.create({
    type: "card",
    card: { number, exp_month: 12, exp_year: 2034, cvc: "123" },
  });
  await addPaymentMethod(h.deps, {
    actor,
    paymentMethodId: method.id,
    setAsDefault: true,
    now: new Date(),
  });
}

function intentsOf(attemptIds: string[]) {
  return [...server.store.paymentIntents.values()].filter((i) =>
    attemptIds.includes((i.metadata as Record<string, string>).attempt_id ?? ""),
  );
}

describe("Stripe failing", () => {
  it("checkout: a 500 creating the Checkout Session is 503; the session and its attempt end, nothing else", async () => {
    const actor = await h.newOrganization("Checkout Outage");
    server.faults.set("POST /v1/checkout/sessions", { kind: "error", status: 500 }, 2);
    await expect(
      startCheckout(h.deps, {
        actor,
        input: { licenseTypeId: (await h.plan("starter")).id, billingCycle: "monthly" },
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: "GATEWAY_UNAVAILABLE" });
    expect(
      await h.db.checkoutSession.findFirstOrThrow({
        where: { organizationId: actor.organizationId },
      }),
    ).toMatchObject({
      status: "EXPIRED",
    });
    expect(
      await h.db.paymentAttempt.findFirstOrThrow({
        where: { organizationId: actor.organizationId },
      }),
    ).toMatchObject({
      status: "FAILED",
    });
    expect(await h.db.subscription.count({ where: { organizationId: actor.organizationId } })).toBe(
      0,
    );
  });

  it("pay now: Stripe hangs past our timeout → 503; the reconciler finds the charge by its key; one charge", async () => {
    const actor = await subscribed("Pay Now Hang");
    await addCard(actor, "4000000000000341");
    const subscription = await h.db.subscription.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    // The renewal on the 0341 default fails (it attaches, then every charge fails): an open invoice.
    await advanceBilling(h.deps, { now: subscription.currentPeriodEnd });
    const open = await h.db.invoice.findFirstOrThrow({
      where: { subscriptionId: subscription.id, status: "OPEN" },
    });
    // A good card becomes the default, then "pay now" — and Stripe hangs (twice: the SDK retries once).
    await addCard(actor, "5555555555554444");
    server.faults.set("POST /v1/payment_intents", { kind: "hang", ms: 1_200 }, 2);
    await expect(
      payInvoice(h.deps, { actor, invoiceId: open.id, now: new Date() }),
    ).rejects.toMatchObject({
      code: "GATEWAY_UNAVAILABLE",
    });
    expect(await h.db.invoice.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({
      status: "OPEN",
    });
    await pause(2_000);
    expect(await reconcileAttempts(h.deps, { now: new Date(), leaseMs: 0 })).toMatchObject({
      charges: 1,
    });
    expect(await h.db.invoice.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({
      status: "PAID",
    });
    const attempts = await h.db.paymentAttempt.findMany({
      where: { invoiceId: open.id, kind: "CHARGE", status: "SUCCEEDED" },
    });
    expect(attempts).toHaveLength(1);
    expect(
      intentsOf(attempts.map((a) => a.id)).filter((i) => i.status === "succeeded"),
    ).toHaveLength(1);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("refund: a lost answer leaves the refund PENDING; the reconciler resends it with its key: refunded once", async () => {
    const actor = await subscribed("Refund Lost");
    const invoice = await h.db.invoice.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    server.faults.set("POST /v1/refunds", { kind: "drop" }, 2);
    const note = await createCreditNote(h.deps, {
      actor,
      invoiceId: invoice.id,
      amount: 1000,
      reason: "DUPLICATE",
      refund: true,
      now: new Date(),
    });
    expect(note.refundAmount).toBe(1000);
    const pending = await h.db.paymentAttempt.findFirstOrThrow({
      where: { organizationId: actor.organizationId, kind: "REFUND" },
    });
    expect(pending.status).toBe("PENDING");
    expect(await reconcileAttempts(h.deps, { now: new Date(), leaseMs: 0 })).toMatchObject({
      refunds: 1,
    });
    const refunds = [...server.store.refunds.values()].filter(
      (r) => (r.metadata as Record<string, string>).attempt_id === pending.id,
    );
    expect(refunds.map((r) => r.amount)).toEqual([1000]);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });
});
