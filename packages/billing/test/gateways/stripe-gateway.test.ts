/**
 * The STRIPE adapter against the Stripe test server, through the real `stripe` SDK over HTTP: charges
 * on- and off-session, declines as results, outages as retryable errors that change nothing, the
 * reconciler's question ("what became of this key?"), partial refunds, cards that belong to someone else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startStripeTestServer, type StripeTestServer } from "@salesos/stripe-test-server";

import { GatewayError } from "../../src/gateways/port";
import { StripeGateway } from "../../src/gateways/stripe/stripe-gateway";

let server: StripeTestServer;
let gateway: StripeGateway;
const now = new Date();

beforeAll(async () => {
  server = await startStripeTestServer();
  gateway = new StripeGateway({
    secretKey: "sk_test_gateway",
    webhookSecret: "whsec_gateway_test",
    apiUrl: server.url,
    appUrl: "http://localhost:3000",
    timeoutMs: 1_000,
  });
});
afterAll(() => server.close());

const profile = {
  organizationId: "org_1",
  email: "billing@acme.test",
  name: "Acme",
  phone: null,
  address: {
    line1: "1 Main St",
    line2: null,
    city: "Berlin",
    state: null,
    postalCode: "10117",
    country: "DE",
  },
  taxId: "DE123456789",
};

async function customerWithCard(alias: string) {
  const { gatewayCustomerId } = await gateway.createCustomer({
    profile,
    idempotencyKey: `cus-${Math.random()}`,
  });
  const card = await gateway.attachPaymentMethod({
    gatewayCustomerId,
    organizationId: "org_1",
    gatewayPaymentMethodId: (
      await gateway.stripe.paymentMethods.create({
        type: "card",
        card: { number: alias, exp_month: 12, exp_year: 2034, cvc: "123" },
      })
    ).id,
    idempotencyKey: `attach-${Math.random()}`,
    now,
  });
  return { gatewayCustomerId, card };
}

function charge(customer: string, method: string, key: string, onSession = false, amount = 2999) {
  return gateway.charge({
    gatewayCustomerId: customer,
    gatewayPaymentMethodId: method,
    amount,
    currency: "usd",
    description: "Starter",
    idempotencyKey: key,
    onSession,
    now,
  });
}

describe("StripeGateway", () => {
  it("customers carry the profile and the organization", async () => {
    const { gatewayCustomerId } = await gateway.createCustomer({
      profile,
      idempotencyKey: "cus-profile",
    });
    const customer = await gateway.stripe.customers.retrieve(gatewayCustomerId);
    expect(customer).toMatchObject({
      email: "billing@acme.test",
      name: "Acme",
      address: { city: "Berlin", country: "DE" },
      metadata: { organization_id: "org_1", tax_id: "DE123456789" },
    });
    await gateway.updateCustomer({
      gatewayCustomerId,
      profile: { ...profile, name: "Acme GmbH" },
      idempotencyKey: "cus-profile-2",
    });
    expect(await gateway.stripe.customers.retrieve(gatewayCustomerId)).toMatchObject({
      name: "Acme GmbH",
    });
  });

  it("charges off-session; the key names the attempt; a retry with the key charges once", async () => {
    const { gatewayCustomerId, card } = await customerWithCard("4242424242424242");
    expect(card).toMatchObject({ brand: "visa", last4: "4242", expMonth: 12, expYear: 2034 });
    const first = await charge(gatewayCustomerId, card.gatewayPaymentMethodId, "att_ok_1");
    const again = await charge(gatewayCustomerId, card.gatewayPaymentMethodId, "att_ok_1");
    expect(first).toEqual({ status: "succeeded", gatewayPaymentId: expect.stringMatching(/^pi_/) });
    expect(again).toEqual(first);
    expect(
      [...server.store.charges.values()].filter((c) => c.customer === gatewayCustomerId),
    ).toHaveLength(1);
    expect(await gateway.retrieveCharge({ idempotencyKey: "att_ok_1" })).toEqual(first);
    expect(await gateway.retrieveCharge({ idempotencyKey: "att_never_sent" })).toBeNull();
  });

  it("declines are results with their decline code; 0002 cannot even be attached (Stripe's generic_decline is our card_declined)", async () => {
    const { gatewayCustomerId, card } = await customerWithCard("4000000000009995");
    expect(await charge(gatewayCustomerId, card.gatewayPaymentMethodId, "att_poor")).toMatchObject({
      status: "failed",
      declineCode: "insufficient_funds",
    });
    expect(await gateway.retrieveCharge({ idempotencyKey: "att_poor" })).toMatchObject({
      status: "failed",
      declineCode: "insufficient_funds",
    });
    await expect(customerWithCard("4000000000000002")).rejects.toMatchObject({
      code: "card_declined",
      declineCode: "card_declined",
    });
  });

  it("3220: on-session asks for the bank; off-session is declined authentication_required", async () => {
    const { gatewayCustomerId, card } = await customerWithCard("4000000000003220");
    expect(
      await charge(gatewayCustomerId, card.gatewayPaymentMethodId, "att_3ds_on", true),
    ).toMatchObject({
      status: "requires_action",
    });
    expect(
      await charge(gatewayCustomerId, card.gatewayPaymentMethodId, "att_3ds_off"),
    ).toMatchObject({
      status: "failed",
      declineCode: "authentication_required",
    });
  });

  it("an outage (500, a hang past the timeout) is a retryable error; the hang's charge is found by its key", async () => {
    const { gatewayCustomerId, card } = await customerWithCard("4242424242424242");
    server.faults.set("POST /v1/payment_intents", { kind: "error", status: 500 }, 2);
    const down = await charge(gatewayCustomerId, card.gatewayPaymentMethodId, "att_down").catch(
      (e: unknown) => e,
    );
    expect(down).toBeInstanceOf(GatewayError);
    expect(down).toMatchObject({ code: "provider_unavailable", retryable: true });
    expect(await gateway.retrieveCharge({ idempotencyKey: "att_down" })).toBeNull();
    server.faults.set("POST /v1/payment_intents", { kind: "hang", ms: 2_500 }, 2);
    const slow = await charge(gatewayCustomerId, card.gatewayPaymentMethodId, "att_slow").catch(
      (e: unknown) => e,
    );
    expect(slow).toMatchObject({ code: "provider_unavailable", retryable: true });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // The request went through after all: the reconciler learns so from the key, and nothing doubled.
    expect(await gateway.retrieveCharge({ idempotencyKey: "att_slow" })).toMatchObject({
      status: "succeeded",
    });
    const intents = [...server.store.paymentIntents.values()].filter(
      (i) => (i.metadata as Record<string, string>).attempt_id === "att_slow",
    );
    expect(intents).toHaveLength(1);
  });

  it("partial refunds, at most what is left, each once per key", async () => {
    const { gatewayCustomerId, card } = await customerWithCard("4242424242424242");
    const paid = await charge(
      gatewayCustomerId,
      card.gatewayPaymentMethodId,
      "att_refundable",
      false,
      5000,
    );
    const first = await gateway.refund({
      gatewayPaymentId: paid.gatewayPaymentId,
      amount: 3000,
      idempotencyKey: "ref_1",
      now,
    });
    expect(
      await gateway.refund({
        gatewayPaymentId: paid.gatewayPaymentId,
        amount: 3000,
        idempotencyKey: "ref_1",
        now,
      }),
    ).toEqual(first);
    await expect(
      gateway.refund({
        gatewayPaymentId: paid.gatewayPaymentId,
        amount: 2001,
        idempotencyKey: "ref_2",
        now,
      }),
    ).rejects.toMatchObject({ code: "provider_error", retryable: false });
  });

  it("a card attached to another customer is not found; Checkout is priced by our quote", async () => {
    const owner = await customerWithCard("4242424242424242");
    const other = await gateway.createCustomer({ profile, idempotencyKey: "cus-other" });
    await expect(
      gateway.attachPaymentMethod({
        gatewayCustomerId: other.gatewayCustomerId,
        organizationId: "org_2",
        gatewayPaymentMethodId: owner.card.gatewayPaymentMethodId,
        idempotencyKey: "steal",
        now,
      }),
    ).rejects.toMatchObject({ code: "payment_method_not_found" });
    const expiresAt = new Date(Date.now() + 3600_000);
    const session = await gateway.createCheckoutSession({
      sessionId: "cko_1",
      gatewayCustomerId: owner.gatewayCustomerId,
      plan: { id: "plan_1", name: "Starter", unitAmount: 2999, currency: "usd" },
      billingCycle: "monthly",
      quantity: 1,
      couponCode: "HALF",
      trialDays: 0,
      successUrl: "http://localhost:3000/checkout/success",
      cancelUrl: "http://localhost:3000/pricing",
      expiresAt,
      idempotencyKey: "checkout-session:cko_1",
      amountDue: 1500,
      attemptId: "att_cko_1",
    });
    const stored = await gateway.stripe.checkout.sessions.retrieve(session.gatewaySessionId);
    expect(stored).toMatchObject({
      mode: "payment",
      amount_total: 1500,
      client_reference_id: "cko_1",
      metadata: { attempt_id: "att_cko_1" },
    });
  });
});
