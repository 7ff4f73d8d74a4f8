/**
 * The job queue (pg-boss) with the real handlers, on the test database (PGlite in one process, and
 * PostgreSQL): two queues at once share the work, every due period is billed once, numbers stay
 * gapless; a job that keeps failing is dead, listed for staff, and runs again after "Retry".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  batchOrEach,
  JobQueue,
  listDeadJobs,
  queueCounts,
  retryDeadJob,
  type QueuedJob,
} from "../../src";
import { moneyViolations } from "../../src/testing";
import { seedDueSubscriptions } from "../../src/testing/due-subscriptions";
import { createHarness, type Harness } from "../engine/harness";
import { drained } from "./drain";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

const dueAt = new Date("2026-06-15T09:00:00Z");
const now = new Date("2026-06-15T10:00:00Z");

function queue(extra: Partial<ConstructorParameters<typeof JobQueue>[0]> = {}): JobQueue {
  return new JobQueue({
    store: h.database.jobStore,
    deps: h.deps,
    clock: () => now,
    tickCron: null,
    pollingIntervalSeconds: 0.5,
    onError: () => {},
    ...extra,
  });
}

describe(`job queue (${process.env.TEST_DB_KIND ?? "pglite"})`, () => {
  it("two queues at once over 240 due subscriptions: each period billed once, numbers gapless, each invoice paid once", async () => {
    const COUNT = 240;
    const ids = await seedDueSubscriptions(h.db, {
      prefix: "jq",
      count: COUNT,
      dueAt,
      declineEvery: 11,
    });
    const first = new Map(
      (await h.db.billingCustomer.findMany({ where: { id: { in: ids } } })).map((c) => [
        c.id,
        c.nextInvoiceSequence,
      ]),
    );
    const a = await queue({ batchSize: 50 }).start();
    const b = await queue({ batchSize: 30 }).start();
    try {
      // Both instances tick at once: the second finds the jobs already queued (one per subscription).
      const [ticked] = await Promise.all([a.enqueueDue(), b.enqueueDue()]);
      expect(ticked.renew).toBe(COUNT);
      await drained(h.db);
      // Each queue counts the jobs it worked (GET /metrics): together, every renewal exactly once.
      const renewed = [a, b].map(
        (q) => q.jobsWorked["billing.renew"] ?? { completed: 0, failed: 0 },
      );
      expect(renewed[0]!.completed + renewed[1]!.completed).toBe(COUNT);
      expect(renewed.map((r) => r.failed)).toEqual([0, 0]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    const invoices = await h.db.invoice.findMany({
      where: { subscriptionId: { in: ids } },
      include: { payments: true },
    });
    expect(invoices).toHaveLength(COUNT);
    for (const invoice of invoices) {
      const customer = invoice.customerId;
      expect(Number(invoice.number!.slice(-6))).toBe(first.get(customer));
      const declines = Number(customer.split("_")[1]) % 11 === 0;
      const succeeded = invoice.payments.filter((p) => p.status === "SUCCEEDED");
      expect(succeeded).toHaveLength(declines ? 0 : 1);
      expect(invoice.payments).toHaveLength(1);
    }
    const subs = await h.db.subscription.findMany({ where: { id: { in: ids } } });
    expect(subs.every((s) => s.currentPeriodEnd > now)).toBe(true);
    expect(subs.filter((s) => s.status === "PAST_DUE")).toHaveLength(Math.floor(COUNT / 11));
    expect(await h.db.paymentAttempt.count({ where: { status: "PENDING" } })).toBe(0);
    for (const id of ids.slice(0, 40)) expect(await moneyViolations(h.db, id)).toEqual([]);
    // A second tick at the same instant finds nothing due.
    const again = await queue({ work: false }).start();
    try {
      expect(await again.enqueueDue()).toMatchObject({ renew: 0, cancel: 0, collect: 0 });
    } finally {
      await again.stop();
    }
  });

  it("a job that fails every try is dead, listed for staff, and runs once more after Retry", async () => {
    let healthy = false;
    const runs: string[] = [];
    const q = await queue({
      settings: { retryLimit: 1, retryDelay: 1 },
      extraHandlers: {
        "test.flaky": async (jobs) => {
          runs.push(...jobs.map((j) => String(j.data.label)));
          if (healthy) return [];
          return jobs.map((job) => ({ jobId: job.id, error: new Error("SMTP said 451") }));
        },
      },
    }).start();
    try {
      await q.enqueue("test.flaky", { label: "notice-1" }, "notice-1");
      const until = Date.now() + 30_000;
      while ((await listDeadJobs(h.db)).length === 0) {
        if (Date.now() > until) throw new Error("the job never died");
        await new Promise((r) => setTimeout(r, 200));
      }
      const [dead] = await listDeadJobs(h.db);
      expect(dead).toMatchObject({ queue: "test.flaky", error: "SMTP said 451", tries: 2 });
      expect(dead!.data).toEqual({ label: "notice-1" });
      expect(runs).toEqual(["notice-1", "notice-1"]);
      expect((await queueCounts(h.db)).failed).toBe(1);

      healthy = true;
      expect(await retryDeadJob(h.db, dead!.id)).toBe(true);
      expect(await retryDeadJob(h.db, dead!.id)).toBe(false);
      await drained(h.db);
      expect(runs).toEqual(["notice-1", "notice-1", "notice-1"]);
      expect(q.jobsWorked["test.flaky"]).toEqual({ completed: 1, failed: 2 });
      expect(await listDeadJobs(h.db)).toEqual([]);
    } finally {
      await q.stop();
    }
  });
});

describe("batchOrEach", () => {
  const jobs: QueuedJob<number>[] = [1, 2, 3, 4].map((n) => ({ id: `j${n}`, data: n }));

  it("one bad item fails its own job only, the others are done", async () => {
    const done: number[][] = [];
    const failures = await batchOrEach(jobs, async (items) => {
      if (items.includes(3)) throw new Error("bad 3");
      done.push(items);
    });
    expect(failures.map((f) => f.jobId)).toEqual(["j3"]);
    expect(done).toEqual([[1], [2], [4]]);
  });

  it("a batch that works runs once", async () => {
    let calls = 0;
    expect(await batchOrEach(jobs, async () => void calls++)).toEqual([]);
    expect(calls).toBe(1);
  });
});
