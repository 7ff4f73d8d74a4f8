import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import {
  createBillingDeps,
  listInvoices,
  listPaymentMethods,
  listSubscriptions,
  seedDemoBilling,
  validateCoupon,
} from "../../src";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
});
afterAll(() => database.close());

describe("demo billing seed", () => {
  it("gives Acme an ACTIVE Starter monthly with two paid invoices and two cards, idempotently", async () => {
    const deps = createBillingDeps({
      db: database.db,
      appUrl: "http://localhost:3000",
      authSecret: "x".repeat(32),
    });
    const now = new Date("2026-11-29T12:00:00Z");
    expect(await seedDemoBilling(deps, { now })).toMatchObject({ acmeSubscription: "created" });
    expect(await seedDemoBilling(deps, { now })).toMatchObject({ acmeSubscription: "present" });
    const acme = { userId: "x", organizationId: "org_demo_acme", role: "OWNER" as const };
    const subs = await listSubscriptions(deps, { actor: acme, query: { page: 1, limit: 10 } });
    expect(subs.total).toBe(1);
    expect(subs.data[0]).toMatchObject({
      status: "ACTIVE",
      billingCycle: "monthly",
      plan: { slug: "starter" },
    });
    expect(subs.data[0]!.currentPeriodEnd.getTime()).toBeGreaterThan(now.getTime());
    const invoices = await listInvoices(deps, { actor: acme, query: { page: 1, limit: 10 } });
    expect(invoices.data.map((i) => [i.status, i.total])).toEqual([
      ["PAID", 2999],
      ["PAID", 2999],
    ]);
    const cards = await listPaymentMethods(deps, { actor: acme });
    expect(cards.map((c) => [c.last4, c.isDefault])).toEqual([
      ["4242", true],
      ["4444", false],
    ]);
    const globex = { userId: "y", organizationId: "org_demo_globex", role: "OWNER" as const };
    expect(
      (await listSubscriptions(deps, { actor: globex, query: { page: 1, limit: 10 } })).total,
    ).toBe(0);

    const professional = await database.db.plan.findUniqueOrThrow({
      where: { slug: "professional" },
    });
    const starter = await database.db.plan.findUniqueOrThrow({ where: { slug: "starter" } });
    const check = (code: string, planId: string) =>
      validateCoupon(deps, {
        query: { code, licenseTypeId: planId, billingCycle: "monthly" },
        actor: globex,
        now,
      });
    expect(await check("welcome20", starter.id)).toMatchObject({
      valid: true,
      discountAmount: 600,
    });
    expect(await check("SAVE10", starter.id)).toMatchObject({
      valid: false,
      reason: "PLAN_NOT_ELIGIBLE",
    });
    expect(await check("SAVE10", professional.id)).toMatchObject({
      valid: true,
      discountAmount: 1000,
    });
    expect(await check("FLAT500", starter.id)).toMatchObject({ valid: true, discountAmount: 500 });
    expect(await check("EXPIRED50", starter.id)).toMatchObject({ valid: false, reason: "EXPIRED" });
    const publicAnswer = await validateCoupon(deps, {
      query: { code: "EXPIRED50" },
      actor: null,
      now,
    });
    expect(publicAnswer).toEqual({ valid: false, message: "This coupon code is not valid." });
  });
});
