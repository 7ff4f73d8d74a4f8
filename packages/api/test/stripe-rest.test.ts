/**
 * The REST API on the STRIPE gateway (STRIPE_SECRET_KEY set), against the Stripe test server: the checkout
 * answers a Stripe Checkout URL, LOCAL's test-mode routes are gone, and the signed webhook — once, or
 * again — creates exactly one subscription with the card Stripe saved.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { signPayload, type StripeTestServer } from "@salesos/stripe-test-server";

import { openApiDocument } from "../src/openapi";
import { handleStripeWebhook } from "../src/rest-webhook";
import {
  createRestHarness,
  STRIPE_WEBHOOK_SECRET as WEBHOOK_SECRET,
  type RestHarness,
} from "./rest-harness";

let server: StripeTestServer;
let h: RestHarness;
beforeAll(async () => {
  h = await createRestHarness({ gateway: "STRIPE" });
  server = h.stripe!;
});
afterAll(() => h.close());

function webhook(body: string, signature: string) {
  return handleStripeWebhook(
    new Request("http://localhost/v1/webhooks/stripe", {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "stripe-signature": signature },
    }),
    { db: h.database.db },
  );
}

describe("REST on the STRIPE gateway", () => {
  it("checkout → Stripe's page → signed webhook (twice) → one ACTIVE subscription with the saved card", async () => {
    const started = await h.call("POST", "/v1/payments/checkout", {
      token: h.tokens.globex,
      body: { licenseTypeId: h.ids.starter, billingCycle: "monthly" },
    });
    expect(started.status).toBe(201);
    const session = (await started.json()) as { url: string; gateway: string };
    expect(session.gateway).toBe("STRIPE");
    expect(session.url.startsWith(`${server.url}/test/checkout/cs_test_`)).toBe(true);

    const local = await h.call("POST", "/v1/payments/local/payment-methods", {
      token: h.tokens.globex,
      body: { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2030, cvc: "123" },
    });
    expect(local.status).toBe(404);

    const paid = await fetch(session.url, {
      method: "POST",
      body: new URLSearchParams({
        cardNumber: "4242424242424242",
        expMonth: "12",
        expYear: "2034",
        cvc: "123",
      }),
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    const gatewaySessionId = session.url.split("/").pop()!;
    const event = [...server.store.events.values()].find(
      (e) =>
        e.type === "checkout.session.completed" &&
        (e.data as { object: { id: string } }).object.id === gatewaySessionId,
    )!;
    const body = JSON.stringify(event);

    const forged = await webhook(body, signPayload(body, "whsec_not_ours"));
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ code: "BAD_REQUEST" });
    const first = await webhook(body, signPayload(body, WEBHOOK_SECRET));
    const second = await webhook(body, signPayload(body, WEBHOOK_SECRET));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    expect(await second.json()).toEqual({ received: true, duplicate: true });

    const subscriptions = await h.call("GET", "/v1/payments/subscriptions", {
      token: h.tokens.globex,
    });
    const list = (await subscriptions.json()) as { data: { status: string; gateway: string }[] };
    expect(list.data).toMatchObject([{ status: "ACTIVE", gateway: "STRIPE" }]);
    const methods = await h.call("GET", "/v1/payments/payment-methods", { token: h.tokens.globex });
    expect(await methods.json()).toMatchObject([
      { brand: "visa", last4: "4242", gateway: "STRIPE", isDefault: true },
    ]);
  });

  it("staff re-sync a customer from Stripe: our billing details win, Stripe's default card is followed", async () => {
    const customer = await h.database.db.billingCustomer.findUniqueOrThrow({
      where: { organizationId: "org_demo_acme" },
    });
    const remote = server.store.customers.get(customer.gatewayCustomerId!)!;
    remote.name = "Edited in the dashboard";
    const res = await h.call("POST", "/v1/admin/organizations/org_demo_acme/resync", {
      token: h.tokens.staff,
    });
    expect(res.status, res.text).toBe(200);
    expect(await res.json()).toEqual({ gatewayCustomerId: customer.gatewayCustomerId });
    expect(server.store.customers.get(customer.gatewayCustomerId!)!.name).toBe(customer.name);
    const owner = await h.call("POST", "/v1/admin/organizations/org_demo_acme/resync", {
      token: h.tokens.owner,
    });
    expect(owner.status).toBe(403);
  });

  it("documents the webhook in the OpenAPI document", () => {
    const path = openApiDocument().paths?.["/webhooks/stripe"] as {
      post?: { security?: unknown[] };
    };
    expect(path.post?.security).toEqual([]);
  });
});
