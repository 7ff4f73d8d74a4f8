import { afterAll, beforeAll, expect, it } from "vitest";

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
