/**
 * The revenue dashboard against a fixture with answers worked out by hand: 4 monthly Starter at 2999
 * (one of them PAST_DUE after its renewal failed), 2 yearly Starter at 29988 (one with 20 % off forever),
 * one monthly canceled in its first month, and a EUR customer kept apart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addPaymentMethod, advanceBilling, cancelSubscription } from "../../src";
import { revenueMetrics } from "../../src/admin/metrics";
import { createHarness, type Harness } from "./harness";

let h: Harness;
const start = new Date("2026-03-10T12:00:00Z");
const renewal = new Date("2026-04-10T12:00:00Z");
beforeAll(async () => {
  h = await createHarness();
  await h.db.coupon.create({
    data: { code: "FOREVER20", name: "20 % forever", percentOff: 20, duration: "FOREVER" },
  });
  for (let i = 0; i < 3; i++)
    await h.subscribe(await h.newOrganization(`Monthly ${i}`), { plan: "starter", now: start });
  const failing = await h.newOrganization("Monthly failing");
  await h.subscribe(failing, { plan: "starter", now: start });
  await addPaymentMethod(h.deps, {
    actor: failing,
    paymentMethodId: await h.card("4000000000000341", start, failing.organizationId),
    setAsDefault: true,
    now: start,
  });
  await h.subscribe(await h.newOrganization("Yearly"), {
    plan: "starter",
    cycle: "yearly",
    now: start,
  });
  await h.subscribe(await h.newOrganization("Yearly discounted"), {
    plan: "starter",
    cycle: "yearly",
    couponCode: "FOREVER20",
    now: start,
  });
  const leaver = await h.newOrganization("Leaver");
  const leaving = await h.subscribe(leaver, { plan: "starter", now: start });
  await cancelSubscription(h.deps, {
    actor: leaver,
    subscriptionId: leaving,
    immediately: true,
    now: new Date("2026-03-20T00:00:00Z"),
  });
  await advanceBilling(h.deps, { now: renewal });
}, 120_000);
afterAll(() => h.database.close());

describe("revenue metrics", () => {
  it("MRR, ARR, counts, months, revenue by plan and recovery match the hand-worked figures", async () => {
    const metrics = await revenueMetrics(h.deps, {
      asOf: new Date("2026-04-11T00:00:00Z"),
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-05-01T00:00:00Z"),
    });
    // 4 × 2999 + 29988 / 12 + 29988 × 0.8 / 12 = 11996 + 2499 + 1999.2 = 16494.2
    expect(metrics.recurring).toEqual([
      { currency: "usd", mrr: 16494, arr: 197930, subscriptions: 6 },
    ]);
    expect(metrics.counts).toEqual({ active: 5, trialing: 0, pastDue: 1, unpaid: 0, paused: 0 });
    expect(metrics.months).toEqual([
      { month: "2026-03", started: 7, churned: 1 },
      { month: "2026-04", started: 0, churned: 0 },
    ]);
    // March: 5 × 2999 + 29988 + 23990 (29988 − 20 %); April: the 3 renewals that went through.
    const starter = await h.plan("starter");
    expect(metrics.revenueByPlan).toEqual([
      { planId: starter.id, planName: "Starter", currency: "usd", collected: 68973 + 8997 },
    ]);
    expect(metrics.recovery).toEqual({ failed: 1, recovered: 0, rate: 0 });
  });

  it("keeps currencies apart and a ONCE or ended discount out of MRR", async () => {
    await h.db.subscription.updateMany({
      where: { couponId: { not: null } },
      data: { discountEndsAt: new Date("2026-04-01T00:00:00Z") },
    });
    const ended = await revenueMetrics(h.deps, {
      asOf: new Date("2026-04-11T00:00:00Z"),
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-05-01T00:00:00Z"),
    });
    // The discount ended on April 1st: 11996 + 2 × 2499 = 16994.
    expect(ended.recurring[0]).toMatchObject({ mrr: 16994 });
    const one = await h.db.subscription.findFirstOrThrow({ where: { status: "ACTIVE" } });
    await h.db.subscription.update({ where: { id: one.id }, data: { currency: "eur" } });
    const split = await revenueMetrics(h.deps, {
      asOf: new Date("2026-04-11T00:00:00Z"),
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-05-01T00:00:00Z"),
    });
    expect(split.recurring.map((r) => r.currency)).toEqual(["eur", "usd"]);
    expect(split.recurring.reduce((sum, r) => sum + r.subscriptions, 0)).toBe(6);
  });
});
