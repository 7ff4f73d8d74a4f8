/**
 * The clock dies in the middle of a collection batch: the gateway has charged the batch's cards, none of
 * the answers is recorded (a kill -9 at "invoice.charged"). The attempts were committed before the
 * gateway was called, so the reconciler finishes them; no card is charged twice and no renewal is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { advanceBilling, reconcileAttempts, SimulatedCrash } from "../../src";
import { moneyViolations } from "../../src/testing";
import { seedDueSubscriptions } from "../../src/testing/due-subscriptions";
import { createHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

const dueAt = new Date("2026-09-15T09:00:00Z");
const now = new Date("2026-09-15T10:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);

describe(`a crash in the middle of a clock batch (${process.env.TEST_DB_KIND ?? "pglite"})`, () => {
  it("charged but not recorded: the reconciler records each charge once; the next runs charge only the rest", async () => {
    const ids = await seedDueSubscriptions(h.db, {
      prefix: "crash",
      count: 30,
      dueAt,
      lateEvery: 10,
    });
    const crashing = { ...h.deps, faults: { crashAt: "invoice.charged", mode: "throw" as const } };
    await expect(advanceBilling(crashing, { now, batchSize: 12 })).rejects.toBeInstanceOf(
      SimulatedCrash,
    );
    // Every period renewed; the first batch's 12 cards charged, nothing of theirs recorded yet.
    const periods = 30 + 3;
    expect(await h.db.invoice.count({ where: { subscriptionId: { in: ids } } })).toBe(periods);
    const pending = await h.db.paymentAttempt.findMany({ where: { status: "PENDING" } });
    expect(pending).toHaveLength(12);
    expect(await h.db.localCharge.count({ where: { succeeded: true } })).toBe(12);
    expect(await h.db.invoice.count({ where: { status: "PAID" } })).toBe(0);

    // A run inside the reconciler's lease leaves those 12 alone and collects the others.
    const soon = await advanceBilling(h.deps, { now: at(30_000), batchSize: 12 });
    expect(soon).toMatchObject({ renewed: 0, paid: 30 - 12, reconciled: { charges: 0 } });
    expect(await h.db.paymentAttempt.count({ where: { status: "PENDING" } })).toBe(12);

    // After the lease the reconciler records them from the gateway's ledger, charging nothing.
    expect(await reconcileAttempts(h.deps, { now: at(2 * 60_000) })).toMatchObject({
      charges: 12,
      unknown: 0,
    });
    // The late subscriptions' second periods are collected once their first is paid.
    const after = await advanceBilling(h.deps, { now: at(16 * 60_000) });
    expect(after).toMatchObject({ renewed: 0, paid: 3, failed: 0 });
    expect(await advanceBilling(h.deps, { now: at(17 * 60_000) })).toMatchObject({
      renewed: 0,
      paid: 0,
      failed: 0,
    });

    const invoices = await h.db.invoice.findMany({
      where: { subscriptionId: { in: ids } },
      include: { payments: true },
    });
    expect(invoices.every((i) => i.status === "PAID")).toBe(true);
    expect(invoices.every((i) => i.payments.length === 1)).toBe(true);
    const charges = await h.db.localCharge.findMany({ where: { succeeded: true } });
    expect(charges).toHaveLength(periods);
    expect(new Set(charges.map((c) => c.description)).size).toBe(periods);
    for (const id of ids) {
      expect(
        await h.db.invoice.count({
          where: { subscriptionId: id, billingReason: "SUBSCRIPTION_CYCLE" },
        }),
      ).toBe(Number(id.split("_")[1]) % 10 === 0 ? 2 : 1);
      expect(await moneyViolations(h.db, id)).toEqual([]);
    }
  });
});
