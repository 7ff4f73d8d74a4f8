import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { loadActor, passwordGrant, signUp } from "@salesos/auth";

import { createContextForActor } from "../src/context";
import { createCaller } from "../src/root";
import { createRestHarness, type GatewayName, type RestHarness } from "./rest-harness";

/**
 * Issue 14 through the router, the same on both gateways (checkout-outcomes.test.ts on LOCAL,
 * checkout-outcomes-stripe.test.ts on STRIPE): a free plan starts without a card or a gateway page, and
 * `checkout.result` (the success page's receipt) answers only a complete session of the caller's own
 * organization, by our id or the gateway's.
 */
export function describeCheckoutOutcomes(gateway: GatewayName): void {
  let h: RestHarness;
  beforeAll(async () => {
    h = await createRestHarness({ gateway });
  });
  afterAll(() => h.close());

  let count = 0;
  /** A new organization whose owner has a Bearer token and an in-app caller. */
  async function newCustomer() {
    const db = h.database.db;
    const email = `outcome-${gateway.toLowerCase()}-${++count}@example.test`;
    const password = "correct-horse-battery";
    const { user, organizationId } = await signUp(db, {
      input: { name: "Pat", email, password, organizationName: `Outcome ${count}` },
    });
    const actor = await loadActor(db, {
      userId: user.id,
      organizationId,
      via: "session",
      tokenId: null,
    });
    const token = (await passwordGrant(db, { email, password })).accessToken;
    return { token, caller: createCaller(createContextForActor({ db, actor })) };
  }

  const planId = async (slug: string) =>
    (await h.database.db.plan.findUniqueOrThrow({ where: { slug } })).id;

  describe(`checkout outcomes (${gateway})`, () => {
    it("a free plan: 201, no card, no gateway page, the success page as url, a receipt of 0", async () => {
      const { token, caller } = await newCustomer();
      const res = await h.call("POST", "/v1/payments/checkout", {
        token,
        body: { licenseTypeId: await planId("free"), billingCycle: "monthly" },
      });
      expect(res.status).toBe(201);
      const session = await res.json();
      expect(session.url).toBe(
        `http://localhost:3000/checkout/success?session_id=${session.sessionId}`,
      );
      const subscriptions = await h.call("GET", "/v1/payments/subscriptions", { token });
      expect((await subscriptions.json()).data).toMatchObject([
        { status: "ACTIVE", plan: { slug: "free" }, unitAmount: 0, gateway },
      ]);
      const methods = await h.call("GET", "/v1/payments/payment-methods", { token });
      expect(await methods.json()).toEqual([]);
      expect(await caller.payments.checkout.result({ sessionId: session.sessionId })).toMatchObject(
        { subscription: { planName: "Free", status: "ACTIVE" }, amountPaid: 0 },
      );
    });

    it("a free plan with a coupon: 400 COUPON_INVALID, said plainly", async () => {
      const { token } = await newCustomer();
      const res = await h.call("POST", "/v1/payments/checkout", {
        token,
        body: {
          licenseTypeId: await planId("free"),
          billingCycle: "monthly",
          couponCode: "WELCOME20",
        },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        code: "COUPON_INVALID",
        message: expect.stringMatching(/free.*remove the code/i),
      });
    });

    it("a paid checkout: no receipt before payment, then the receipt by either id, for its owner only", async () => {
      const buyer = await newCustomer();
      const res = await h.call("POST", "/v1/payments/checkout", {
        token: buyer.token,
        body: {
          licenseTypeId: h.ids.professional,
          billingCycle: "yearly",
          couponCode: "WELCOME20",
        },
      });
      expect(res.status).toBe(201);
      const session = await res.json();
      expect(
        await buyer.caller.payments.checkout.result({ sessionId: session.sessionId }),
      ).toBeNull();
      await h.payCheckout(buyer.token, session);
      // 95988 − 20 % (19197.6 → 19198) = 76790: what the customer should have paid.
      const receipt = await buyer.caller.payments.checkout.result({ sessionId: session.sessionId });
      expect(receipt).toMatchObject({
        subscription: { planName: "Professional", billingCycle: "yearly", quantity: 1 },
        amountPaid: 76790,
        invoice: { total: 76790, number: expect.any(String) },
        nextCharge: { date: expect.any(Date), amount: expect.any(Number) },
      });
      const row = await h.database.db.checkoutSession.findUniqueOrThrow({
        where: { id: session.sessionId },
      });
      if (row.gatewaySessionId)
        expect(
          await buyer.caller.payments.checkout.result({ sessionId: row.gatewaySessionId }),
        ).toEqual(receipt);
      const stranger = await newCustomer();
      expect(
        await stranger.caller.payments.checkout.result({ sessionId: session.sessionId }),
      ).toBeNull();
      await expect(
        stranger.caller.payments.checkout.result({ sessionId: "../billing" }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    });
  });
}
