import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createRestHarness, type RestHarness } from "./rest-harness";

let h: RestHarness;
beforeAll(async () => {
  h = await createRestHarness();
});
afterAll(() => h.close());

describe("Idempotency-Key", () => {
  it("replays the same POST byte for byte and creates one thing; a changed body is 422", async () => {
    const card = async () =>
      (
        await (
          await h.call("POST", "/v1/payments/local/payment-methods", {
            token: h.tokens.owner,
            body: { number: "6011111111111117", expMonth: 3, expYear: 2032, cvc: "123" },
          })
        ).json()
      ).paymentMethodId as string;
    const token = await card();
    const headers = { "Idempotency-Key": "add-card-1" };
    const first = await h.call("POST", "/v1/payments/payment-methods", {
      token: h.tokens.owner,
      body: { paymentMethodId: token },
      headers,
    });
    const second = await h.call("POST", "/v1/payments/payment-methods", {
      token: h.tokens.owner,
      body: { paymentMethodId: token },
      headers,
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(
      await h.database.db.paymentMethod.count({
        where: { organizationId: "org_demo_acme", last4: "1117" },
      }),
    ).toBe(1);

    const changed = await h.call("POST", "/v1/payments/payment-methods", {
      token: h.tokens.owner,
      body: { paymentMethodId: token, setAsDefault: true },
      headers,
    });
    expect(changed.status).toBe(422);
    expect((await changed.json()).code).toBe("IDEMPOTENCY_KEY_REUSED");

    // Keys belong to the caller: the same key from another organization is a new request.
    const other = await h.call("POST", "/v1/payments/billing/portal", {
      token: h.tokens.globex,
      headers,
    });
    expect(other.status).toBe(201);
  });

  it("runs concurrent duplicates once: one effect, the others replay or get 409 IN_PROGRESS", async () => {
    const headers = { "Idempotency-Key": "checkout-globex-1" };
    const body = { licenseTypeId: h.ids.starter, billingCycle: "monthly" };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.call("POST", "/v1/payments/checkout", { token: h.tokens.globex, body, headers }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = answers.filter((a) => a.status === 201);
    expect(new Set(created.map((a) => a.text)).size).toBe(1);
    for (const a of answers.filter((x) => x.status === 409))
      expect((await a.json()).code).toBe("IDEMPOTENCY_IN_PROGRESS");
    expect(
      await h.database.db.checkoutSession.count({ where: { organizationId: "org_demo_globex" } }),
    ).toBe(1);
  });

  it("rejects a key longer than 255 characters", async () => {
    const res = await h.call("POST", "/v1/payments/billing/portal", {
      token: h.tokens.owner,
      headers: { "Idempotency-Key": "k".repeat(256) },
    });
    expect(res.status).toBe(400);
  });
});

describe("public coupon validation", () => {
  it("gives the same answer for a missing code, an expired one and one below its minimum", async () => {
    const bodies = [
      { code: "NOPE-NOT-A-CODE" },
      { code: "EXPIRED50" },
      { code: "FLAT500", amount: 1000 },
    ];
    const answers = await Promise.all(
      bodies.map((body, i) =>
        h.call("POST", "/v1/payments/public/coupons/validate", {
          body,
          address: `192.0.2.${10 + i}`,
        }),
      ),
    );
    const texts = answers.map((a) => a.text);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(texts).size).toBe(1);
    expect(JSON.parse(texts[0]!)).toEqual({
      valid: false,
      message: "This coupon code is not valid.",
    });
  });

  it("is rate limited per address: the 11th call in a minute is 429 with Retry-After", async () => {
    const second = new Date().getUTCSeconds();
    if (second > 45) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 11; i++) {
      const res = await h.call("POST", "/v1/payments/public/coupons/validate", {
        body: { code: "WELCOME20" },
        address: "192.0.2.99",
      });
      statuses.push(res.status);
      retryAfter = res.headers.get("retry-after");
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses[10]).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
