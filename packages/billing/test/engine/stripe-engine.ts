/**
 * The engine on the STRIPE gateway against the Stripe test server (real SDK, over HTTP), for the STRIPE
 * engine tests: `useStripeEngine()` starts both for the test file and gives the customer's moves — start a
 * checkout, pay on Stripe's page, the signed events Stripe sent.
 */
import { afterAll, beforeAll } from "vitest";

import {
  signPayload,
  startStripeTestServer,
  type StripeTestServer,
} from "@salesos/stripe-test-server";

import { addPaymentMethod, startCheckout, StripeGateway, syncHostedCheckout } from "../../src";
import type { BillingActor } from "../../src/deps";
import { createHarness, type Harness } from "./harness";

export const WEBHOOK_SECRET = "whsec_engine_test_secret";

export interface StripeEngine {
  server: StripeTestServer;
  h: Harness;
  stripe: StripeGateway["stripe"];
  checkout(
    actor: BillingActor,
    plan?: string,
    extra?: { startTrial?: boolean },
  ): ReturnType<typeof startCheckout>;
  /** A customer on Stripe's page: fills in the card and submits (as the browser test does). */
  pay(url: string, card?: string): Promise<Response>;
  gatewaySessionId(url: string): string;
  /** The events Stripe sent about one object, signed as Stripe signs them. */
  deliveries(
    objectId: string,
    type?: string,
    timestamp?: number,
  ): { rawBody: string; signature: string }[];
  /** A new organization subscribed to Starter through Stripe's Checkout. */
  subscribed(name: string): Promise<BillingActor>;
  /** A card saved on the customer's Stripe account and made the default. */
  addCard(actor: BillingActor, number: string): Promise<void>;
}

export function useStripeEngine(opts: { timeoutMs?: number } = {}): StripeEngine {
  const e = {} as StripeEngine;
  beforeAll(async () => {
    e.server = await startStripeTestServer();
    e.h = await createHarness({
      gateway: () =>
        new StripeGateway({
          secretKey: "sk_test_engine",
          webhookSecret: WEBHOOK_SECRET,
          apiUrl: e.server.url,
          appUrl: "http://localhost:3000",
          timeoutMs: opts.timeoutMs ?? 2_000,
        }),
    });
    e.stripe = (e.h.deps.gateway as StripeGateway).stripe;
  });
  afterAll(async () => {
    await e.server.close();
    await e.h.database.close();
  });
  e.checkout = async (actor, plan = "starter", extra = {}) =>
    startCheckout(e.h.deps, {
      actor,
      input: { licenseTypeId: (await e.h.plan(plan)).id, billingCycle: "monthly", ...extra },
      now: new Date(),
    });
  e.pay = (url, card = "4242424242424242") =>
    fetch(url, {
      method: "POST",
      body: new URLSearchParams({ cardNumber: card, expMonth: "12", expYear: "2034", cvc: "123" }),
      redirect: "manual",
    });
  e.gatewaySessionId = (url) => url.split("/").pop()!;
  e.deliveries = (objectId, type, timestamp) =>
    [...e.server.store.events.values()]
      .filter((event) => (event.data as { object: { id: string } }).object.id === objectId)
      .filter((event) => !type || event.type === type)
      .map((event) => {
        const rawBody = JSON.stringify(event);
        return { rawBody, signature: signPayload(rawBody, WEBHOOK_SECRET, timestamp) };
      });
  e.subscribed = async (name) => {
    const actor = await e.h.newOrganization(name);
    const started = await e.checkout(actor);
    await e.pay(started.url);
    await syncHostedCheckout(e.h.deps, {
      gatewaySessionId: e.gatewaySessionId(started.url),
      now: new Date(),
    });
    return actor;
  };
  e.addCard = async (actor, number) => {
    const method = await e.stripe.paymentMethods.create({
      type: "card",
      card: { number, exp_month: 12, exp_year: 2034, cvc: "123" },
    });
    await addPaymentMethod(e.h.deps, {
      actor,
      paymentMethodId: method.id,
      setAsDefault: true,
      now: new Date(),
    });
  };
  return e;
}
