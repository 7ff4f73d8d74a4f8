/**
 * Prices are immutable rows: a raise is a new current price for new subscriptions; existing subscribers
 * keep theirs (grandfathered) unless staff move them, and then only from their next renewal, told ahead.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { advanceBilling, createPlan, listNotifications, setPlanPrice } from "../../src";
import { createHarness, type Harness } from "./harness";

let h: Harness;
const staff = { staffUserId: "staff-user" };
const t0 = new Date("2026-05-01T10:00:00Z");
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

async function currentRows(planId: string) {
  return h.db.planPrice.findMany({
    where: { planId, supersededAt: null },
    orderBy: { billingCycle: "asc" },
  });
}

describe("plan prices", () => {
  it("a raise: the old subscriber keeps 2999 at renewal, a new one pays 3999; the history keeps both", async () => {
    const starter = await h.plan("starter");
    const old = await h.newOrganization("Grandfathered");
    const oldSub = await h.subscribe(old, { plan: "starter", now: t0 });
    const { moved } = await setPlanPrice(h.deps, {
      staff,
      input: { id: starter.id, billingCycle: "monthly", unitAmount: 3999, moveExisting: false },
      now: new Date("2026-05-02T00:00:00Z"),
    });
    expect(moved).toBe(0);
    const fresh = await h.newOrganization("New customer");
    const freshSub = await h.subscribe(fresh, {
      plan: "starter",
      now: new Date("2026-05-03T00:00:00Z"),
    });
    expect(
      (await h.db.subscription.findUniqueOrThrow({ where: { id: freshSub } })).unitAmount,
    ).toBe(3999);
    await advanceBilling(h.deps, { now: new Date("2026-06-01T10:00:00Z") });
    const renewal = await h.db.invoice.findFirstOrThrow({
      where: { subscriptionId: oldSub, billingReason: "SUBSCRIPTION_CYCLE" },
    });
    expect(renewal.subtotal).toBe(2999);
    const history = await h.db.planPrice.findMany({
      where: { planId: starter.id, billingCycle: "monthly" },
      // The seeded row is dated by the wall clock, this test's by its own instants: order by lifecycle.
      orderBy: { supersededAt: { sort: "asc", nulls: "last" } },
    });
    expect(history.map((p) => [p.unitAmount, p.supersededAt !== null])).toEqual([
      [2999, true],
      [3999, false],
    ]);
    const plan = await h.db.plan.findUniqueOrThrow({ where: { id: starter.id } });
    expect((await currentRows(starter.id)).map((r) => r.unitAmount)).toEqual([
      plan.monthlyPrice,
      plan.yearlyPrice,
    ]);
  });

  it("moved by staff: told now, the new price from the next renewal, not before", async () => {
    const professional = await h.plan("professional");
    const actor = await h.newOrganization("Moved");
    const id = await h.subscribe(actor, { plan: "professional", now: t0 });
    const { moved } = await setPlanPrice(h.deps, {
      staff,
      input: {
        id: professional.id,
        billingCycle: "monthly",
        unitAmount: 12999,
        moveExisting: true,
      },
      now: new Date("2026-05-10T00:00:00Z"),
    });
    expect(moved).toBeGreaterThanOrEqual(1);
    expect(await h.db.subscription.findUniqueOrThrow({ where: { id } })).toMatchObject({
      unitAmount: 9999,
      pendingUnitAmount: 12999,
    });
    const notices = await listNotifications(h.deps, { actor, limit: 5 });
    expect(notices[0]?.message).toBe(
      "The price of Professional changes to $129.99 from your renewal on 2026-06-01.",
    );
    await advanceBilling(h.deps, { now: new Date("2026-06-01T10:00:00Z") });
    const renewal = await h.db.invoice.findFirstOrThrow({
      where: { subscriptionId: id, billingReason: "SUBSCRIPTION_CYCLE" },
    });
    expect(renewal.subtotal).toBe(12999);
    expect(await h.db.subscription.findUniqueOrThrow({ where: { id } })).toMatchObject({
      unitAmount: 12999,
      pendingUnitAmount: null,
    });
  });

  it("a new plan starts its price history; a taken slug is 409", async () => {
    const plan = await createPlan(h.deps, {
      staff,
      input: {
        slug: "team",
        name: "Team",
        tier: "CUSTOM",
        currency: "eur",
        monthlyPrice: 4900,
        yearlyPrice: null,
        description: "",
        maxUsers: 25,
        features: ["Shared pipelines"],
        trialDays: 0,
        isActive: true,
        isPublic: true,
        sortOrder: 5,
      },
      now: t0,
    });
    expect(
      (await currentRows(plan.id)).map((r) => [r.billingCycle, r.currency, r.unitAmount]),
    ).toEqual([["monthly", "eur", 4900]]);
    await expect(
      createPlan(h.deps, {
        staff,
        input: {
          ...plan,
          slug: "team",
          tier: "CUSTOM",
          maxUsers: null,
          features: [],
          yearlyPrice: null,
        },
        now: t0,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
