/**
 * The test server answers the real `stripe` SDK with objects shaped like Stripe's own: each resource is
 * compared with Stripe's published example (../shared/stripe/fixtures3.json, skipped where it is absent),
 * and a parameter the SDK's types do not know is refused as Stripe refuses it.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startStripeTestServer, type StripeTestServer } from "../src";
import { shapeDiff } from "./shape";

const FIXTURES = path.resolve(import.meta.dirname, "../../../../shared/stripe/fixtures3.json");
const present = existsSync(FIXTURES);
if (!present)
  console.warn(`Stripe fixtures not found at ${FIXTURES}: the conformance test is skipped.`);
const examples = present
  ? (JSON.parse(readFileSync(FIXTURES, "utf8")) as { resources: Record<string, unknown> }).resources
  : {};

let server: StripeTestServer;
let stripe: Stripe;
beforeAll(async () => {
  server = await startStripeTestServer();
  stripe = new Stripe("sk_test_conformance", {
    host: "127.0.0.1",
    port: server.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
});
afterAll(() => server.close());

function conforms(resource: string, object: unknown, example: unknown = examples[resource]) {
  expect(shapeDiff(JSON.parse(JSON.stringify(object)), example), resource).toEqual([]);
}

describe.skipIf(!present)("objects have the shape of Stripe's published examples", () => {
  it("customer, payment_method, payment_intent, charge, refund, setup_intent, dispute, deleted customer", async () => {
    const customer = await stripe.customers.create({
      email: "jenny@example.com",
      name: "Jenny",
      address: { line1: "1 Main St", city: "Berlin", country: "DE" },
      metadata: { organization_id: "org_1" },
    });
    conforms("customer", customer);
    const method = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    conforms("payment_method", method);
    const intent = await stripe.paymentIntents.create({
      amount: 2999,
      currency: "usd",
      customer: customer.id,
      payment_method: method.id,
      confirm: true,
      off_session: true,
      metadata: { attempt_id: "att_1" },
    });
    expect(intent.status).toBe("succeeded");
    conforms("payment_intent", intent);
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    conforms("charge", charge);
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 1000 });
    conforms("refund", refund);
    const setup = await stripe.setupIntents.create({
      customer: customer.id,
      payment_method: "pm_card_mastercard",
      confirm: true,
    });
    conforms("setup_intent", setup);
    const opened = server.dispute(intent.id);
    conforms("dispute", await stripe.disputes.retrieve(opened.id));
    conforms("deleted_customer", await stripe.customers.del(customer.id));
  });

  it("checkout.session (payment and setup), event, webhook_endpoint", async () => {
    const customer = await stripe.customers.create({ email: "c@example.com" });
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      customer: customer.id,
      line_items: [
        {
          quantity: 1,
          price_data: { currency: "usd", unit_amount: 2999, product_data: { name: "Starter" } },
        },
      ],
      success_url: "http://localhost/success?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://localhost/cancel",
      client_reference_id: "cko_1",
      payment_intent_data: { setup_future_usage: "off_session", metadata: { attempt_id: "att_2" } },
    });
    conforms("checkout.session", session);
    const setup = await stripe.checkout.sessions.create({
      mode: "setup",
      customer: customer.id,
      currency: "usd",
      success_url: "http://localhost/success",
    });
    conforms("checkout.session", setup);
    const endpoint = await stripe.webhookEndpoints.create({
      url: "http://127.0.0.1:9/hook",
      enabled_events: ["payment_intent.succeeded"],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    conforms("webhook_endpoint", await stripe.webhookEndpoints.retrieve(endpoint.id));
    // An event's data.object is the resource it names (compared above); the envelope is compared here.
    const [event] = (await stripe.events.list({ limit: 1 })).data;
    conforms("event", { ...event, data: {} }, { ...(examples.event as object), data: {} });
    await stripe.webhookEndpoints.del(endpoint.id);
  });
});

describe("Stripe's request rules", () => {
  it("refuses a parameter the SDK's types do not know, as StripeInvalidRequestError parameter_unknown", async () => {
    const error = await stripe.customers
      .create({ email: "x@example.com", favourite_colour: "blue" } as Stripe.CustomerCreateParams)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ code: "parameter_unknown", param: "favourite_colour" });
  });

  it("a missing object is resource_missing 404", async () => {
    const error = await stripe.paymentIntents.retrieve("pi_nope").catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });
});
