/** The test server behaves like Stripe where our gateway depends on it, driven by the real SDK. */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startStripeTestServer, type StripeTestServer } from "../src";

let server: StripeTestServer;
let stripe: Stripe;
beforeAll(async () => {
  server = await startStripeTestServer();
  stripe = new Stripe("sk_test_behaviour", {
    host: "127.0.0.1",
    port: server.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
});
afterAll(() => server.close());

async function customerWith(card: string) {
  const customer = await stripe.customers.create({ email: "t@example.com" });
  const method = await stripe.paymentMethods.attach(card, { customer: customer.id });
  return { customer, method };
}

describe("idempotency", () => {
  it("the same key and parameters answer the first object again, marked replayed; other parameters are 400", async () => {
    const key = `key-${Date.now()}`;
    const first = await stripe.customers.create(
      { email: "a@example.com" },
      { idempotencyKey: key },
    );
    const again = await stripe.customers.create(
      { email: "a@example.com" },
      { idempotencyKey: key },
    );
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    const error = await stripe.customers
      .create({ email: "b@example.com" }, { idempotencyKey: key })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("a replayed decline is the same decline, and charges nothing twice", async () => {
    const { customer, method } = await customerWith("pm_card_chargeCustomerFail");
    const params = {
      amount: 5000,
      currency: "usd",
      customer: customer.id,
      payment_method: method.id,
      confirm: true,
      off_session: true,
    };
    const key = `decline-${Date.now()}`;
    const first = await stripe.paymentIntents
      .create(params, { idempotencyKey: key })
      .catch((e: unknown) => e);
    const second = await stripe.paymentIntents
      .create(params, { idempotencyKey: key })
      .catch((e: unknown) => e);
    expect(first).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((second as Stripe.errors.StripeCardError).payment_intent?.id).toBe(
      (first as Stripe.errors.StripeCardError).payment_intent?.id,
    );
    expect(
      [...server.store.charges.values()].filter((c) => c.customer === customer.id),
    ).toHaveLength(0);
  });
});

describe("test cards", () => {
  it("0002 cannot be attached: StripeCardError card_declined", async () => {
    const customer = await stripe.customers.create({});
    const error = await stripe.paymentMethods
      .attach("pm_card_chargeDeclined", { customer: customer.id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ code: "card_declined", decline_code: "generic_decline" });
  });

  it("9995 is insufficient funds at confirm, leaving the intent requires_payment_method", async () => {
    const { customer, method } = await customerWith("pm_card_chargeDeclinedInsufficientFunds");
    const error = (await stripe.paymentIntents
      .create({
        amount: 2999,
        currency: "usd",
        customer: customer.id,
        payment_method: method.id,
        confirm: true,
      })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(error.decline_code).toBe("insufficient_funds");
    const intent = await stripe.paymentIntents.retrieve(error.payment_intent!.id);
    expect(intent.status).toBe("requires_payment_method");
    expect(intent.last_payment_error?.decline_code).toBe("insufficient_funds");
  });

  it("3220 off-session is authentication_required; on-session asks for the bank page, which completes it", async () => {
    const { customer, method } = await customerWith("pm_card_threeDSecure2Required");
    const off = (await stripe.paymentIntents
      .create({
        amount: 2999,
        currency: "usd",
        customer: customer.id,
        payment_method: method.id,
        confirm: true,
        off_session: true,
      })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(off.code).toBe("authentication_required");
    const on = await stripe.paymentIntents.create({
      amount: 2999,
      currency: "usd",
      customer: customer.id,
      payment_method: method.id,
      confirm: true,
      return_url: "http://127.0.0.1:9/back",
    });
    expect(on.status).toBe("requires_action");
    const page = on.next_action!.redirect_to_url!.url!;
    expect(await (await fetch(page)).text()).toContain("Complete authentication");
    const done = await fetch(page, {
      method: "POST",
      body: new URLSearchParams({ outcome: "complete" }),
      redirect: "manual",
    });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toContain("redirect_status=succeeded");
    expect((await stripe.paymentIntents.retrieve(on.id)).status).toBe("succeeded");
  });
});

describe("refunds", () => {
  it("partial refunds add up to the charge, never beyond", async () => {
    const { customer, method } = await customerWith("pm_card_visa");
    const intent = await stripe.paymentIntents.create({
      amount: 5000,
      currency: "usd",
      customer: customer.id,
      payment_method: method.id,
      confirm: true,
      off_session: true,
    });
    await stripe.refunds.create({ payment_intent: intent.id, amount: 3000 });
    const tooMuch = await stripe.refunds
      .create({ payment_intent: intent.id, amount: 2001 })
      .catch((e: unknown) => e);
    expect(tooMuch).toMatchObject({ code: "amount_too_large" });
    await stripe.refunds.create({ payment_intent: intent.id });
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 5000, refunded: true });
  });
});

describe("search", () => {
  it("finds a payment intent by the metadata our attempts carry", async () => {
    const { customer, method } = await customerWith("pm_card_visa");
    const attemptId = `att_${Date.now()}`;
    await stripe.paymentIntents.create({
      amount: 1234,
      currency: "usd",
      customer: customer.id,
      payment_method: method.id,
      confirm: true,
      off_session: true,
      metadata: { attempt_id: attemptId },
    });
    const found = await stripe.paymentIntents.search({
      query: `metadata['attempt_id']:'${attemptId}'`,
    });
    expect(found.data.map((i) => i.amount)).toEqual([1234]);
  });
});

describe("faults", () => {
  it("an injected 500 is a StripeAPIError and nothing is created", async () => {
    const before = server.store.customers.size;
    server.faults.set("POST /v1/customers", { kind: "error", status: 500 });
    const error = await stripe.customers
      .create({ email: "f@example.com" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(server.store.customers.size).toBe(before);
  });

  it("a dropped answer: the work was done once, and the same key answers it again (the SDK's own retry)", async () => {
    const key = `drop-${Date.now()}`;
    const before = server.store.customers.size;
    server.faults.set("POST /v1/customers", { kind: "drop" });
    const customer = await stripe.customers.create(
      { email: "d@example.com" },
      { idempotencyKey: key, maxNetworkRetries: 1 },
    );
    expect(customer.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(server.store.customers.size).toBe(before + 1);
  });
});

describe("hosted checkout and webhooks", () => {
  it("a payment session paid on its page: redirected to success, the card saved, events signed", async () => {
    const received: { body: string; signature: string }[] = [];
    const { createServer } = await import("node:http");
    const hook = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push({ body, signature: String(req.headers["stripe-signature"]) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
    const port = (hook.address() as { port: number }).port;
    const { secret } = server.addWebhookEndpoint(`http://127.0.0.1:${port}/hook`);
    try {
      const customer = await stripe.customers.create({ email: "buyer@example.com" });
      const session = await stripe.checkout.sessions.create({
        mode: "payment",
        customer: customer.id,
        line_items: [
          {
            quantity: 2,
            price_data: { currency: "usd", unit_amount: 1500, product_data: { name: "Seat" } },
          },
        ],
        success_url: "http://127.0.0.1:9/ok?session_id={CHECKOUT_SESSION_ID}",
        payment_intent_data: {
          setup_future_usage: "off_session",
          metadata: { attempt_id: "att_cs" },
        },
      });
      expect(await (await fetch(session.url!)).text()).toContain("Total $30.00");
      const paid = await fetch(session.url!, {
        method: "POST",
        body: new URLSearchParams({
          cardNumber: "4242 4242 4242 4242",
          expMonth: "12",
          expYear: "2034",
          cvc: "123",
        }),
        redirect: "manual",
      });
      expect(paid.status).toBe(303);
      expect(paid.headers.get("location")).toBe(`http://127.0.0.1:9/ok?session_id=${session.id}`);
      const done = await stripe.checkout.sessions.retrieve(session.id, {
        expand: ["payment_intent"],
      });
      expect(done).toMatchObject({ status: "complete", payment_status: "paid" });
      const intent = done.payment_intent as Stripe.PaymentIntent;
      expect(intent).toMatchObject({
        status: "succeeded",
        amount: 3000,
        metadata: { attempt_id: "att_cs" },
      });
      const saved = await stripe.paymentMethods.list({ customer: customer.id });
      expect(saved.data).toHaveLength(1);
      await server.webhooks.idle();
      const events = received.map((r) =>
        stripe.webhooks.constructEvent(r.body, r.signature, secret),
      );
      expect(events.map((e) => e.type)).toContain("checkout.session.completed");
      expect(() =>
        stripe.webhooks.constructEvent(received[0]!.body, received[0]!.signature, "whsec_wrong"),
      ).toThrow();
    } finally {
      hook.close();
    }
  });
});

describe("checkout session expiry", () => {
  it("takes expires_at only 30 minutes to 24 hours ahead, as Stripe does", async () => {
    const now = Math.floor(Date.now() / 1000);
    const create = (expiresAt: number) =>
      stripe.checkout.sessions.create({
        mode: "setup",
        currency: "usd",
        success_url: "http://127.0.0.1:9/ok",
        expires_at: expiresAt,
      });
    for (const early of [now - 3600, now + 10 * 60]) {
      await expect(create(early)).rejects.toMatchObject({
        type: "StripeInvalidRequestError",
        param: "expires_at",
      });
    }
    await expect(create(now + 25 * 3600)).rejects.toMatchObject({ param: "expires_at" });
    expect((await create(now + 3600)).expires_at).toBe(now + 3600);
  });
});
