/**
 * Several app instances on one PostgreSQL (issue 15): each instance (`pnpm start`, one worker process
 * here so that "two instances" means two processes taking jobs) runs the job queue's workers. 2,000
 * subscriptions come due; one tick (the cron route) enqueues them. Both instances work the queue at once
 * (each one's /metrics counts the renewals it did), every subscription is renewed and charged exactly
 * once, and invoice numbers stay gapless. The wall times of one and of two instances are printed; which
 * is faster is measured side by side by `pnpm bench:queue`, not asserted here (a timed assertion fails on
 * a busy machine, not on a bug). Then one instance is killed (SIGKILL) mid-run: the other finishes its
 * jobs after their lease. Skipped on the embedded database (one process by design).
 */
import { afterAll, describe, expect, it } from "vitest";

import { moneyViolations, seedDueSubscriptions } from "@salesos/billing/testing";
import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import { freePort, startServe, waitForServer, type ServeProcess } from "./server-process";

const SECRET = "e2e-two-instances-0123456789abcdefghijklm";
const CRON = "e2e-two-instances-cron-0123456789abcdefghij";
const METRICS_TOKEN = "e2e-two-instances-metrics-0123456789abcd";
const COUNT = 2_000;
const LEASE_SECONDS = 10;
const opened: TestDatabase[] = [];
const servers: ServeProcess[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const database of opened) await database.close();
});

/** A fresh database with the catalogue and COUNT subscriptions due a minute ago, every 13th card declining. */
async function dueDatabase(prefix: string): Promise<{ database: TestDatabase; ids: string[] }> {
  process.env.TEST_DB_KIND = "postgres";
  const database = await createTestDatabase();
  opened.push(database);
  await seedDemoData(database.db);
  const ids = await seedDueSubscriptions(database.db, {
    prefix,
    count: COUNT,
    dueAt: new Date(Date.now() - 60_000),
    declineEvery: 13,
  });
  return { database, ids };
}

async function instance(database: TestDatabase): Promise<{ base: string; server: ServeProcess }> {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const server = startServe({
    ...process.env,
    DATABASE_URL: database.url!,
    PORT: String(port),
    AUTH_SECRET: SECRET,
    CRON_SECRET: CRON,
    METRICS_TOKEN,
    NEXTAUTH_URL: base,
    NODE_ENV: "production",
    WEB_CONCURRENCY: "1",
    BILLING_CLOCK_CRON: "off",
    JOB_LEASE_SECONDS: String(LEASE_SECONDS),
    JOB_MAINTENANCE_SECONDS: "2",
    JOB_POLL_SECONDS: "0.5",
    // A killed worker's claimed payments and in-flight attempts come back within seconds, not minutes.
    BILLING_COLLECT_LEASE_SECONDS: "5",
    BILLING_ATTEMPT_LEASE_SECONDS: "2",
  });
  servers.push(server);
  await waitForServer(base, server);
  return { base, server };
}

async function tick(base: string): Promise<{ renew: number }> {
  const res = await fetch(`${base}/api/cron/billing`, {
    method: "POST",
    headers: { Authorization: `Bearer ${CRON}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { enqueued: { renew: number } }).enqueued;
}

/** The renewal jobs this instance's workers completed, from its /metrics. */
async function renewalsWorked(base: string): Promise<number> {
  const res = await fetch(`${base}/metrics`, {
    headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(res.status).toBe(200);
  const line = /^salesos_jobs_worked_total\{queue="billing\.renew",outcome="completed"\} (\d+)$/m;
  return Number(line.exec(await res.text())?.[1] ?? 0);
}

/** Waits until every subscription has its renewal invoice and no payment attempt is open. */
async function renewedAll(
  database: TestDatabase,
  ids: string[],
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    const rows = await database.db.$queryRawUnsafe<{ invoices: number; open: number }[]>(
      `SELECT (SELECT count(*)::int FROM invoices WHERE subscription_id = ANY($1::text[])) AS invoices,
              (SELECT count(*)::int FROM invoices WHERE subscription_id = ANY($1::text[])
                  AND status = 'OPEN' AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = invoices.id)) AS open`,
      ids,
    );
    const { invoices, open } = rows[0]!;
    if (invoices === ids.length && open === 0) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`after ${timeoutMs} ms: ${invoices} invoices, ${open} not yet charged`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Exactly once: one invoice per subscription numbered from the customer's counter, one charge each. */
async function expectBilledOnce(
  database: TestDatabase,
  ids: string[],
  firstNumbers: Map<string, number>,
) {
  const db = database.db;
  const invoices = await db.invoice.findMany({
    where: { subscriptionId: { in: ids } },
    include: { payments: true },
  });
  expect(invoices).toHaveLength(ids.length);
  expect(new Set(invoices.map((i) => i.subscriptionId)).size).toBe(ids.length);
  for (const invoice of invoices) {
    expect(Number(invoice.number!.slice(-6))).toBe(firstNumbers.get(invoice.customerId));
    expect(invoice.payments).toHaveLength(1);
    const declines = Number(invoice.customerId.split("_")[1]) % 13 === 0;
    expect(invoice.status).toBe(declines ? "OPEN" : "PAID");
  }
  const customers = await db.billingCustomer.findMany({ where: { id: { in: ids } } });
  for (const c of customers) expect(c.nextInvoiceSequence).toBe(firstNumbers.get(c.id)! + 1);
  const charges = await db.localCharge.groupBy({
    by: ["description"],
    where: { succeeded: true },
    _count: true,
  });
  expect(charges.every((c) => c._count === 1)).toBe(true);
  expect(await db.paymentAttempt.count({ where: { status: "PENDING" } })).toBe(0);
  for (const id of ids.filter((_, i) => i % 50 === 0))
    expect(await moneyViolations(db, id)).toEqual([]);
}

async function firstNumbers(database: TestDatabase, ids: string[]): Promise<Map<string, number>> {
  const customers = await database.db.billingCustomer.findMany({ where: { id: { in: ids } } });
  return new Map(customers.map((c) => [c.id, c.nextInvoiceSequence]));
}

describe.skipIf(!process.env.DATABASE_URL)(`${COUNT} due subscriptions, several instances`, () => {
  it("two instances work the queue at once: each renews some, every subscription renewed and charged once, numbers gapless", async () => {
    const one = await dueDatabase("one");
    const oneFirst = await firstNumbers(one.database, one.ids);
    const solo = await instance(one.database);
    expect((await tick(solo.base)).renew).toBe(COUNT);
    const soloMs = await renewedAll(one.database, one.ids, 180_000);
    expect(await renewalsWorked(solo.base)).toBe(COUNT);
    await solo.server.stop();
    await expectBilledOnce(one.database, one.ids, oneFirst);

    const two = await dueDatabase("two");
    const twoFirst = await firstNumbers(two.database, two.ids);
    const [a, b] = [await instance(two.database), await instance(two.database)];
    expect((await tick(a.base)).renew).toBe(COUNT);
    const pairMs = await renewedAll(two.database, two.ids, 180_000);
    await expectBilledOnce(two.database, two.ids, twoFirst);
    // Both took work, and together they renewed each subscription once.
    const worked = [await renewalsWorked(a.base), await renewalsWorked(b.base)];
    console.info(
      `${COUNT} renewals: one instance ${soloMs} ms (${Math.round((COUNT / soloMs) * 1000)}/s), two instances ${pairMs} ms (${Math.round((COUNT / pairMs) * 1000)}/s), renewed by each: ${worked.join(" + ")}`,
    );
    expect(worked[0]).toBeGreaterThan(0);
    expect(worked[1]).toBeGreaterThan(0);
    expect(worked[0]! + worked[1]!).toBe(COUNT);
    await Promise.all([a.server.stop(), b.server.stop()]);
  }, 600_000);

  it("an instance killed mid-run loses no job: the other finishes after the lease", async () => {
    const run = await dueDatabase("kill");
    const first = await firstNumbers(run.database, run.ids);
    const [a, b] = [await instance(run.database), await instance(run.database)];
    expect((await tick(b.base)).renew).toBe(COUNT);
    // Kill B (SIGKILL, its whole process group) once work is under way.
    for (;;) {
      if ((await run.database.db.invoice.count({ where: { subscriptionId: { in: run.ids } } })) > 0)
        break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    process.kill(-b.server.child.pid!, "SIGKILL");
    await b.server.exited;
    const active = await run.database.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE state = 'active'`,
    );
    // The schedule ticks every minute in production; here every 5 s, so what the killed instance had
    // claimed (a payment lease, an attempt in flight) is enqueued again once its lease ends.
    const ticking = setInterval(() => void tick(a.base).catch(() => {}), 5_000);
    const ms = await renewedAll(run.database, run.ids, 240_000).finally(() =>
      clearInterval(ticking),
    );
    // Then the queue drains: the killed instance's jobs expire at the end of their lease and run again
    // on the survivor (finding their work done, or doing it), and none is left active or dead.
    let jobs: { active: number; waiting: number; failed: number; retaken: number } | undefined;
    for (const until = Date.now() + 120_000; Date.now() < until;) {
      const rows = await run.database.db.$queryRawUnsafe<(typeof jobs & object)[]>(
        `SELECT count(*) FILTER (WHERE state = 'active')::int AS active,
                count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS waiting,
                count(*) FILTER (WHERE state = 'failed')::int AS failed,
                count(*) FILTER (WHERE retry_count > 0)::int AS retaken
           FROM pgboss.job WHERE name LIKE 'billing.%'`,
      );
      jobs = rows[0]!;
      if (jobs.active === 0 && jobs.waiting === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    console.info(
      `killed one instance with ${active[0]!.n} jobs active; all ${COUNT} renewed and charged ${ms} ms later; queue after the lease (${LEASE_SECONDS} s): ${JSON.stringify(jobs)}`,
    );
    expect(jobs).toMatchObject({ active: 0, waiting: 0, failed: 0 });
    expect(jobs!.retaken).toBeGreaterThan(0);
    await expectBilledOnce(run.database, run.ids, first);
    await a.server.stop();
  }, 600_000);
});
