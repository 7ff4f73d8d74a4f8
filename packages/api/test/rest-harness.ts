import { passwordGrant } from "@salesos/auth";
import { seedDemoBilling, StripeGateway } from "@salesos/billing";
import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";
import {
  signPayload,
  startStripeTestServer,
  type StripeTestServer,
} from "@salesos/stripe-test-server";

import { billingDepsFor } from "../src/billing";
import { handleRestRequest } from "../src/rest";
import { handleInvoicePdfRequest } from "../src/rest-pdf";
import { handleStripeWebhook } from "../src/rest-webhook";

export type GatewayName = "LOCAL" | "STRIPE";
export const STRIPE_WEBHOOK_SECRET = "whsec_rest_harness_secret";

export interface RestHarness {
  gateway: GatewayName;
  database: TestDatabase;
  /** The Stripe test server, on STRIPE. */
  stripe: StripeTestServer | undefined;
  /** Where a checkout session's `url` leads: our hosted page (LOCAL) or Stripe's Checkout. */
  checkoutUrlPrefix: string;
  /** A card the customer gave the gateway (LOCAL's test-mode route, or Stripe as Stripe.js would). */
  newCard(token: string, number: string): Promise<string>;
  /** Pays a checkout session as the customer would, until the subscription exists. */
  payCheckout(
    token: string,
    session: { sessionId: string; url: string },
    number?: string,
  ): Promise<void>;
  close(): Promise<void>;
  tokens: { owner: string; admin: string; member: string; globex: string; staff: string };
  call(
    method: string,
    path: string,
    opts?: {
      token?: string;
      body?: unknown;
      raw?: string;
      address?: string;
      headers?: Record<string, string>;
    },
  ): Promise<{ status: number; headers: Headers; json: () => Promise<any>; text: string }>;
  pdf(invoiceId: string, token?: string): Promise<Response>;
  ids: {
    acmeSubscription: string;
    acmeInvoice: string;
    acmeMethods: string[];
    professional: string;
    starter: string;
    enterprise: string;
  };
}

/**
 * The demo data (Acme with its subscription, Globex without) behind the real REST adapter, on the LOCAL
 * gateway or (STRIPE_SECRET_KEY set for this test file) on the STRIPE gateway against a Stripe test server.
 */
export async function createRestHarness(
  opts: { gateway?: GatewayName } = {},
): Promise<RestHarness> {
  const gateway = opts.gateway ?? "LOCAL";
  let stripe: StripeTestServer | undefined;
  if (gateway === "STRIPE") {
    stripe = await startStripeTestServer();
    process.env.STRIPE_SECRET_KEY = "sk_test_rest_harness";
    process.env.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET;
    process.env.STRIPE_API_URL = stripe.url;
  }
  const database = await createTestDatabase();
  const db = database.db;
  await seedDemoData(db);
  // The app's own engine (the same deps the adapter uses), so the seed runs on this file's gateway.
  const deps = billingDepsFor(db);
  if (deps.gateway.name !== gateway) throw new Error(`expected the ${gateway} gateway`);
  await seedDemoBilling(deps, { now: new Date() });
  const grant = async (email: string) =>
    (await passwordGrant(db, { email, password: "SalesOS-demo-1" })).accessToken;
  const [owner, admin, member, globex, staff] = await Promise.all(
    [
      "owner@acme.test",
      "admin@acme.test",
      "member@acme.test",
      "owner@globex.test",
      "staff@salesos.test",
    ].map(grant),
  );
  const subscription = await db.subscription.findFirstOrThrow({
    where: { organizationId: "org_demo_acme" },
  });
  const invoice = await db.invoice.findFirstOrThrow({ where: { organizationId: "org_demo_acme" } });
  const methods = await db.paymentMethod.findMany({
    where: { organizationId: "org_demo_acme" },
    orderBy: { createdAt: "asc" },
  });
  const plan = async (slug: string) => (await db.plan.findUniqueOrThrow({ where: { slug } })).id;
  let counter = 0;
  const stripeSdk = deps.gateway instanceof StripeGateway ? deps.gateway.stripe : undefined;
  async function call(
    method: string,
    path: string,
    opts: Parameters<RestHarness["call"]>[2] = {},
  ): ReturnType<RestHarness["call"]> {
    const headers = new Headers({
      "x-forwarded-for": opts.address ?? `198.18.0.${++counter % 250}`,
      ...opts.headers,
    });
    if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
    const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    if (body !== undefined && !headers.has("content-type"))
      headers.set("content-type", "application/json");
    const res = await handleRestRequest(
      new Request(`http://localhost${path}`, { method, headers, body: body ?? null }),
      { db },
    );
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: async () => JSON.parse(text) };
  }
  async function newCard(token: string, number: string): Promise<string> {
    if (stripeSdk) {
      const method = await stripeSdk.paymentMethods.create({
        type: "card",
        card: {
          number: number.replace(/\s/g, ""),
          exp_month: 12,
          exp_year: 2034,
          cvc: /^3[47]/.test(number) ? "1234" : "123",
        },
      });
      return method.id;
    }
    const res = await call("POST", "/v1/payments/local/payment-methods", {
      token,
      body: { number, expMonth: 12, expYear: 2034, cvc: /^3[47]/.test(number) ? "1234" : "123" },
    });
    if (res.status !== 201) throw new Error(`tokenizing ${number} answered ${res.status}`);
    return ((await res.json()) as { paymentMethodId: string }).paymentMethodId;
  }
  return {
    gateway,
    database,
    stripe,
    checkoutUrlPrefix: stripe
      ? `${stripe.url}/test/checkout/cs_test_`
      : "http://localhost:3000/checkout/",
    newCard,
    async payCheckout(token, session, number = "4242 4242 4242 4242") {
      if (!stripe) {
        const res = await call(
          "POST",
          `/v1/payments/local/checkout-sessions/${session.sessionId}/complete`,
          { token, body: { paymentMethodId: await newCard(token, number) } },
        );
        if (res.status !== 200) throw new Error(`completing the checkout answered ${res.status}`);
        return;
      }
      // Stripe's page, then Stripe's signed webhook (as Stripe sends it) converges our rows.
      const paid = await fetch(session.url, {
        method: "POST",
        body: new URLSearchParams({
          cardNumber: number.replace(/\s/g, ""),
          expMonth: "12",
          expYear: "2034",
          cvc: "123",
        }),
        redirect: "manual",
      });
      if (paid.status !== 303) throw new Error(`Stripe's checkout page answered ${paid.status}`);
      const id = session.url.split("/").pop();
      const event = [...stripe.store.events.values()].find(
        (e) =>
          e.type === "checkout.session.completed" &&
          (e.data as { object: { id: string } }).object.id === id,
      );
      if (!event) throw new Error("Stripe sent no checkout.session.completed");
      const rawBody = JSON.stringify(event);
      const res = await handleStripeWebhook(
        new Request("http://localhost/v1/webhooks/stripe", {
          method: "POST",
          body: rawBody,
          headers: { "stripe-signature": signPayload(rawBody, STRIPE_WEBHOOK_SECRET) },
        }),
        { db },
      );
      if (res.status !== 200) throw new Error(`the webhook answered ${res.status}`);
    },
    async close() {
      await stripe?.close();
      await database.close();
    },
    tokens: { owner: owner!, admin: admin!, member: member!, globex: globex!, staff: staff! },
    call,
    pdf(invoiceId, token) {
      const headers = new Headers(token ? { authorization: `Bearer ${token}` } : {});
      return handleInvoicePdfRequest(
        new Request(`http://localhost/v1/payments/invoices/${invoiceId}/pdf`, { headers }),
        invoiceId,
        { db },
      );
    },
    ids: {
      acmeSubscription: subscription.id,
      acmeInvoice: invoice.id,
      acmeMethods: methods.map((m) => m.id),
      professional: await plan("professional"),
      starter: await plan("starter"),
      enterprise: await plan("enterprise"),
    },
  };
}
