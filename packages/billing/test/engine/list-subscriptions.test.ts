import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";

import { listSubscriptions } from "../../src";
import { createHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

it("lists a subscription's coupon code when it has one, and none when it has none", async () => {
  await h.db.coupon.create({
    data: { code: "LIST20", name: "20 % forever", percentOff: 20, duration: "FOREVER" },
  });
  const now = new Date("2026-03-01T00:00:00Z");
  const withCoupon = await h.newOrganization("With coupon");
  await h.subscribe(withCoupon, { plan: "starter", couponCode: "LIST20", now });
  const without = await h.newOrganization("Without");
  await h.subscribe(without, { plan: "starter", now });
  const query = { page: 1, limit: 10 };
  const [a, b] = await Promise.all([
    listSubscriptions(h.deps, { actor: withCoupon, query }),
    listSubscriptions(h.deps, { actor: without, query }),
  ]);
  expect(a.data[0]!.discount).toMatchObject({ couponCode: "LIST20", percentOff: 20 });
  expect(b.data[0]!.discount).toBeNull();
});

it("reads exactly what Prisma reads: every field of the subscription and its plan, dates in UTC", async () => {
  // Read in a process whose local time is not UTC: timestamp columns hold UTC whatever the machine's zone.
  const zone = process.env.TZ;
  process.env.TZ = "Pacific/Auckland";
  onTestFinished(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  const org = await h.newOrganization("Fast read");
  await h.subscribe(org, { plan: "professional", now: new Date("2026-01-31T23:59:59.123Z") });
  const fast = await listSubscriptions(h.deps, { actor: org, query: { page: 1, limit: 10 } });
  const rows = await h.db.subscription.findMany({
    where: { organizationId: org.organizationId },
    include: { plan: true, coupon: { select: { code: true } } },
  });
  const { toSubscriptionView } = await import("../../src/views");
  expect(fast.data).toEqual(rows.map(toSubscriptionView));
  expect(fast.data[0]!.currentPeriodStart.toISOString()).toBe("2026-01-31T23:59:59.123Z");
  expect(fast).toMatchObject({ total: 1, page: 1, totalPages: 1 });
});

it("keeps the total on a page past the end and filters by status", async () => {
  const org = await h.newOrganization("Past the end");
  await h.subscribe(org, { plan: "starter", now: new Date("2026-02-01T00:00:00Z") });
  const past = await listSubscriptions(h.deps, { actor: org, query: { page: 3, limit: 1 } });
  expect(past).toMatchObject({ data: [], total: 1, page: 3, totalPages: 1 });
  const canceled = await listSubscriptions(h.deps, {
    actor: org,
    query: { page: 1, limit: 10, status: "CANCELED" },
  });
  expect(canceled).toMatchObject({ data: [], total: 0 });
  const active = await listSubscriptions(h.deps, {
    actor: org,
    query: { page: 1, limit: 10, status: "ACTIVE" },
  });
  expect(active.total).toBe(1);
});
