/**
 * Several billing clocks at once over the same due subscriptions (several instances, or a rolling
 * deploy with the one-by-one clock still running): each period is billed once, each organization's
 * invoice numbers stay gapless, each invoice is paid once and the books balance.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { advanceBilling } from "../../src";
import { moneyViolations } from "../../src/testing";
import { seedDueSubscriptions } from "../../src/testing/due-subscriptions";
import { createHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

const dueAt = new Date("2026-06-15T09:00:00Z");
const now = new Date("2026-06-15T10:00:00Z");
const afterLease = new Date(now.getTime() + 16 * 60_000);
const COUNT = 300;

describe(`billing clocks racing (${process.env.TEST_DB_KIND ?? "pglite"})`, () => {
  it(`three clock runs at once over ${COUNT} due subscriptions: each period billed once, numbers gapless, each invoice paid once`, async () => {
    // Every 7th subscription has two periods due; every 11th card declines.
    const ids = await seedDueSubscriptions(h.db, {
      prefix: "race",
      count: COUNT,
      dueAt,
      lateEvery: 7,
      declineEvery: 11,
    });
    const firstNumber = new Map(
      (await h.db.billingCustomer.findMany({ where: { id: { in: ids } } })).map((c) => [
        c.id,
        c.nextInvoiceSequence,
      ]),
    );
    const runs = await Promise.all([
      advanceBilling(h.deps, { now, batchSize: 25 }),
      advanceBilling(h.deps, { now, batchSize: 40 }),
      advanceBilling(h.deps, { now, oneByOne: true }),
    ]);
    const periods = COUNT + Math.floor(COUNT / 7);
    expect(runs.reduce((sum, r) => sum + r.renewed, 0)).toBe(periods);
    // The second period of a late subscription is collected once its first is paid (after the lease).
    const later = await advanceBilling(h.deps, { now: afterLease });
    expect(later.renewed).toBe(0);
    const attempted = [...runs, later].reduce((sum, r) => sum + r.paid + r.failed, 0);

    const invoices = await h.db.invoice.findMany({
      where: { subscriptionId: { in: ids } },
      include: { payments: true },
    });
    expect(invoices).toHaveLength(periods);
    const customers = await h.db.billingCustomer.findMany({ where: { id: { in: ids } } });
    for (const customer of customers) {
      const own = invoices.filter((i) => i.customerId === customer.id);
      const late = Number(customer.id.split("_")[1]) % 7 === 0;
      expect(own).toHaveLength(late ? 2 : 1);
      // One invoice per period (its key), numbered gaplessly from where the counter stood.
      expect(new Set(own.map((i) => i.periodKey)).size).toBe(own.length);
      const first = firstNumber.get(customer.id)!;
      expect(own.map((i) => Number(i.number!.slice(-6))).sort((a, b) => a - b)).toEqual(
        own.map((_, n) => first + n),
      );
      expect(customer.nextInvoiceSequence).toBe(first + own.length);
    }
    let payments = 0;
    for (const invoice of invoices) {
      const declines = Number(invoice.customerId.split("_")[1]) % 11 === 0;
      const succeeded = invoice.payments.filter((p) => p.status === "SUCCEEDED");
      payments += invoice.payments.length;
      if (declines) {
        expect(succeeded).toHaveLength(0);
        continue;
      }
      expect(invoice.status).toBe("PAID");
      expect(succeeded).toHaveLength(1);
    }
    // Every attempt the runs counted is one payment row (paid or failed); nothing charged twice.
    expect(payments).toBe(attempted);
    const charges = await h.db.localCharge.groupBy({
      by: ["description"],
      where: { succeeded: true, cardId: { startsWith: "pm_local_race_" } },
      _count: true,
    });
    expect(charges.every((c) => c._count === 1)).toBe(true);
    expect(await h.db.paymentAttempt.count({ where: { status: "PENDING" } })).toBe(0);
    for (const id of ids) expect(await moneyViolations(h.db, id)).toEqual([]);
  });
});
