/**
 * The queue's money path raced and crashed: 20 ticks at once enqueue each due subscription once, and the
 * collection jobs die between the gateway's answer and our commit (the "invoice.charged" crash point, as
 * a kill -9 would leave it). The attempts were committed before the gateway was called, so the reconciler
 * job records every charge once after its lease; no card is charged twice, no renewal is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { JobQueue, queueCounts, type BillingDeps } from "../../src";
import { moneyViolations } from "../../src/testing";
import { seedDueSubscriptions } from "../../src/testing/due-subscriptions";
import { createHarness, type Harness } from "../engine/harness";
import { drained } from "./drain";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

const COUNT = 100;
const dueAt = new Date("2026-10-15T09:00:00Z");
const now = new Date("2026-10-15T10:00:00Z");
const afterAttemptLease = new Date(now.getTime() + 2 * 60_000);

function queue(deps: BillingDeps, at: Date): JobQueue {
  return new JobQueue({
    store: h.database.jobStore,
    deps,
    clock: () => at,
    tickCron: null,
    batchSize: 25,
    pollingIntervalSeconds: 0.5,
    onError: () => {},
  });
}

describe(`the queue's money path raced and crashed (${process.env.TEST_DB_KIND ?? "pglite"})`, () => {
  it(`20 ticks at once, then every collection dies after the charge: each of ${COUNT} charged and recorded once`, async () => {
    const ids = await seedDueSubscriptions(h.db, { prefix: "qcrash", count: COUNT, dueAt });
    const crashing = await queue(
      { ...h.deps, faults: { crashAt: "invoice.charged", mode: "throw" } },
      now,
    ).start();
    try {
      const ticks = await Promise.all(Array.from({ length: 20 }, () => crashing.enqueueDue()));
      expect(ticks.every((t) => t.renew === COUNT)).toBe(true);
      await drained(h.db);
    } finally {
      await crashing.stop();
    }
    // Every period renewed once; every card charged by the gateway; nothing of the charges recorded.
    expect(await h.db.invoice.count({ where: { subscriptionId: { in: ids } } })).toBe(COUNT);
    expect(await h.db.paymentAttempt.count({ where: { status: "PENDING" } })).toBe(COUNT);
    expect(await h.db.localCharge.count({ where: { succeeded: true } })).toBe(COUNT);
    expect(await h.db.invoice.count({ where: { status: "PAID" } })).toBe(0);

    // The next tick after the attempts' lease: the reconciler job records them, charging nothing more.
    const healthy = await queue(h.deps, afterAttemptLease).start();
    try {
      await healthy.enqueueDue();
      await drained(h.db);
    } finally {
      await healthy.stop();
    }
    expect(await h.db.paymentAttempt.count({ where: { status: "PENDING" } })).toBe(0);
    expect(
      await h.db.invoice.count({ where: { subscriptionId: { in: ids }, status: "PAID" } }),
    ).toBe(COUNT);
    const charges = await h.db.localCharge.groupBy({
      by: ["description"],
      where: { succeeded: true },
      _count: true,
    });
    expect(charges).toHaveLength(COUNT);
    expect(charges.every((c) => c._count === 1)).toBe(true);
    expect((await queueCounts(h.db)).failed).toBe(0);
    for (const id of ids.slice(0, 20)) expect(await moneyViolations(h.db, id)).toEqual([]);
  });
});
