/**
 * The billing clock's throughput on PostgreSQL with the LOCAL gateway: `count` subscriptions due now, each
 * with a default card that succeeds; one clock run renews and collects them all. A sample run first, with
 * the SQL log on, counts statements and transactions per renewal.
 */
import { readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { advanceBilling, createBillingDeps } from "@salesos/billing";
import { openDatabase, type Db } from "@salesos/db";

async function seedDue(db: Db, prefix: string, from: number, to: number, dueAt: Date) {
  await db.$executeRawUnsafe(`
    INSERT INTO organizations (id, name, created_at, updated_at)
    SELECT '${prefix}_' || i, 'Clock ' || i, now(), now() FROM generate_series(${from}, ${to}) i`);
  await db.$executeRawUnsafe(`
    INSERT INTO billing_customers (id, organization_id, email, name, currency, gateway, invoice_prefix,
                                   created_at, updated_at)
    SELECT '${prefix}_' || i, '${prefix}_' || i, 'billing' || i || '@clock.test', 'Clock ' || i, 'usd',
           'LOCAL'::"Gateway", upper('${prefix}') || i, now(), now() FROM generate_series(${from}, ${to}) i`);
  await db.$executeRawUnsafe(`
    INSERT INTO local_cards (id, brand, last4, exp_month, exp_year, fingerprint, behavior, organization_id,
                             created_at)
    SELECT 'pm_local_${prefix}_' || i, 'visa', '4242', 12, 2031, 'fp_${prefix}_' || i,
           'SUCCEED'::"LocalCardBehavior", '${prefix}_' || i, now() FROM generate_series(${from}, ${to}) i`);
  await db.$executeRawUnsafe(`
    INSERT INTO payment_methods (id, organization_id, customer_id, gateway, gateway_payment_method_id, brand,
                                 last4, exp_month, exp_year, fingerprint, created_at)
    SELECT '${prefix}_' || i, '${prefix}_' || i, '${prefix}_' || i, 'LOCAL'::"Gateway",
           'pm_local_${prefix}_' || i, 'visa', '4242', 12, 2031, 'fp_${prefix}_' || i, now()
      FROM generate_series(${from}, ${to}) i`);
  await db.$executeRawUnsafe(`
    UPDATE billing_customers SET default_payment_method_id = id WHERE id LIKE '${prefix}\\_%'`);
  await db.$executeRaw`
    INSERT INTO subscriptions (id, organization_id, customer_id, plan_id, status, billing_cycle, quantity,
                               unit_amount, currency, gateway, billing_anchor, current_period_start,
                               current_period_end, paid_amount, paid_from, created_at, updated_at)
    SELECT ${prefix} || '_' || i, ${prefix} || '_' || i, ${prefix} || '_' || i, p.id,
           'ACTIVE'::"SubscriptionStatus", 'monthly'::"BillingCycle", 1, p.monthly_price, 'usd',
           'LOCAL'::"Gateway", ${dueAt}::timestamptz - interval '1 month',
           ${dueAt}::timestamptz - interval '1 month', ${dueAt}::timestamptz, p.monthly_price,
           ${dueAt}::timestamptz - interval '1 month', now(), now()
      FROM generate_series(${from}::int, ${to}::int) i JOIN plans p ON p.slug = 'starter'`;
  await db.$executeRawUnsafe("ANALYZE");
}

async function transactions(db: Db): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`;
  return Number(rows[0]!.n);
}

export interface ClockResult {
  count: number;
  seconds: number;
  renewalsPerSecond: number;
  statementsPerRenewal: number;
  transactionsPerRenewal: number;
  summary: Awaited<ReturnType<typeof advanceBilling>>;
}

export async function benchClock(url: string, count: number, appUrl: string): Promise<ClockResult> {
  const deps = (db: Db) => createBillingDeps({ db, appUrl, authSecret: process.env.AUTH_SECRET! });
  const now = new Date();
  const sampleNow = new Date(now.getTime() - 86_400_000);
  const sample = 50;
  const logFile = path.join(os.tmpdir(), `salesos-clock-sql-${process.pid}.log`);
  rmSync(logFile, { force: true });

  const plain = openDatabase({ databaseUrl: url });
  await seedDue(plain.db, "cks", 1, sample, new Date(sampleNow.getTime() - 60_000));
  await seedDue(plain.db, "ck", 1, count, new Date(now.getTime() - 60_000));

  // The sample: only its subscriptions are due at sampleNow.
  process.env.SALESOS_SQL_LOG = logFile;
  const logged = openDatabase({ databaseUrl: url });
  delete process.env.SALESOS_SQL_LOG;
  const txBefore = await transactions(plain.db);
  const sampleSummary = await advanceBilling(deps(logged.db), { now: sampleNow });
  const txSample = (await transactions(plain.db)) - txBefore;
  await logged.close();
  const statements = readFileSync(logFile, "utf8").trim().split("\n").length;
  rmSync(logFile, { force: true });
  if (sampleSummary.renewed !== sample) throw new Error(`sample renewed ${sampleSummary.renewed}`);

  const started = performance.now();
  const summary = await advanceBilling(deps(plain.db), { now, maxSteps: count * 2 });
  const seconds = (performance.now() - started) / 1000;
  await plain.close();
  if (summary.renewed !== count || summary.paid !== count)
    throw new Error(`clock renewed ${summary.renewed} and collected ${summary.paid} of ${count}`);
  return {
    count,
    seconds,
    renewalsPerSecond: count / seconds,
    statementsPerRenewal: statements / sample,
    transactionsPerRenewal: txSample / sample,
    summary,
  };
}
