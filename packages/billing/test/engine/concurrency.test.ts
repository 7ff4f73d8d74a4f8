import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { advanceBilling, completeCheckout, startCheckout } from "../../src";
import { createHarness, type Harness } from "./harness";
import { moneyViolations } from "../../src/testing";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

const now = new Date("2026-06-01T09:00:00Z");
// RACE_LOOPS=50 for the full acceptance run; a few loops on every test run.
const RACE_LOOPS = Number(process.env.RACE_LOOPS ?? 3);
const [CARD_A, CARD_B, CARD_C] = ["4242424242424242", "5555555555554444", "4000056655665556"];

describe(`concurrency (${process.env.TEST_DB_KIND ?? "pglite"})`, () => {
  it("10 simultaneous checkouts for one organization end in exactly one subscription; no other charge stands", async () => {
    const actor = await h.newOrganization("Racer");
    const plan = await h.plan("starter");
    const sessions = await Promise.all(
      Array.from({ length: 10 }, () =>
        startCheckout(h.deps, {
          actor,
          input: { licenseTypeId: plan.id, billingCycle: "monthly" },
          now,
        }),
      ),
    );
    const cards = await Promise.all(sessions.map(() => h.card("4242424242424242", now)));
    const results = await Promise.allSettled(
      sessions.map((s, i) =>
        completeCheckout(h.deps, {
          actor,
          sessionId: s.sessionId,
          paymentMethodId: cards[i]!,
          now,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    // A loser is told the organization is subscribed, or that another payment was running (both 409).
    for (const r of results)
      if (r.status === "rejected")
        expect(["EXISTING_SUBSCRIPTION", "PAYMENT_IN_PROGRESS"]).toContain(
          (r.reason as { code: string }).code,
        );
    expect(await h.db.subscription.count({ where: { organizationId: actor.organizationId } })).toBe(
      1,
    );
    const charges = await h.db.localCharge.findMany({ where: { cardId: { in: cards } } });
    expect(charges.filter((c) => c.succeeded && !c.refundedAt)).toHaveLength(1);
    // Every attempt settled: the winner applied, nothing left pending.
    const attempts = await h.db.paymentAttempt.findMany({
      where: { organizationId: actor.organizationId },
    });
    expect(attempts.filter((a) => a.effect === "APPLIED")).toHaveLength(1);
    expect(attempts.filter((a) => a.status === "PENDING")).toHaveLength(0);
  });

  it(`20 completions racing over two sessions and three cards of one organization, ${RACE_LOOPS} times: one subscription, every charge recorded or refunded`, async () => {
    const plan = await h.plan("starter");
    for (let loop = 0; loop < RACE_LOOPS; loop++) {
      const actor = await h.newOrganization(`Racer ${loop}`);
      const sessions = await Promise.all(
        [0, 1].map(() =>
          startCheckout(h.deps, {
            actor,
            input: { licenseTypeId: plan.id, billingCycle: "monthly" },
            now,
          }),
        ),
      );
      const cards = await Promise.all(
        [CARD_A, CARD_B, CARD_C].map((n) => h.card(n, now, actor.organizationId)),
      );
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          completeCheckout(h.deps, {
            actor,
            sessionId: sessions[i % 2]!.sessionId,
            paymentMethodId: cards[i % 3]!,
            now,
          }),
        ),
      );
      for (const r of results)
        if (r.status === "rejected")
          expect(["EXISTING_SUBSCRIPTION", "PAYMENT_IN_PROGRESS", "CONFLICT"]).toContain(
            (r.reason as { code: string }).code,
          );
      expect(results.some((r) => r.status === "fulfilled")).toBe(true);
      expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
    }
  });

  it("10 simultaneous redemptions of a coupon limited to 3 give exactly 3", async () => {
    await h.db.coupon.create({
      data: {
        code: "ONLY3",
        name: "Three only",
        percentOff: 50,
        duration: "ONCE",
        maxRedemptions: 3,
      },
    });
    const plan = await h.plan("starter");
    const actors = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.newOrganization(`Coupon Org ${i}`)),
    );
    const sessions = await Promise.all(
      actors.map((actor) =>
        startCheckout(h.deps, {
          actor,
          input: { licenseTypeId: plan.id, billingCycle: "monthly", couponCode: "ONLY3" },
          now,
        }),
      ),
    );
    const cards = await Promise.all(actors.map(() => h.card("4242424242424242", now)));
    const results = await Promise.allSettled(
      actors.map((actor, i) =>
        completeCheckout(h.deps, {
          actor,
          sessionId: sessions[i]!.sessionId,
          paymentMethodId: cards[i]!,
          now,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    for (const r of results)
      if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "COUPON_INVALID" });
    const coupon = await h.db.coupon.findUniqueOrThrow({ where: { code: "ONLY3" } });
    expect(coupon.timesRedeemed).toBe(3);
    expect(await h.db.couponRedemption.count({ where: { couponId: coupon.id } })).toBe(3);
    const charges = await h.db.localCharge.findMany({ where: { cardId: { in: cards } } });
    expect(charges.filter((c) => c.succeeded && !c.refundedAt)).toHaveLength(3);
  });

  it("two clock runs in parallel never bill a period twice", async () => {
    const ids = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        await h.subscribe(await h.newOrganization(`Clock Org ${i}`), { plan: "starter", now }),
      );
    const later = new Date("2026-07-01T09:00:00Z");
    const [a, b] = await Promise.all([
      advanceBilling(h.deps, { now: later }),
      advanceBilling(h.deps, { now: later }),
    ]);
    expect(a.renewed + b.renewed).toBeGreaterThanOrEqual(5);
    for (const id of ids) {
      const renewals = await h.db.invoice.findMany({
        where: { subscriptionId: id, billingReason: "SUBSCRIPTION_CYCLE" },
      });
      expect(renewals).toHaveLength(1);
      expect(renewals[0]?.status).toBe("PAID");
      const payments = await h.db.payment.count({
        where: { invoiceId: renewals[0]!.id, status: "SUCCEEDED" },
      });
      expect(payments).toBe(1);
    }
  });
});
