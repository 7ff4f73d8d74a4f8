// `pnpm seed:scale [--subscriptions 100000]` (DATABASE_URL: PostgreSQL): organizations with billing
// customers, subscriptions over the last two years and their invoices, in a handful of set-based
// statements, for timing the staff pages at size (`pnpm bench:admin`). Rows are `scale_…`; running it
// again adds nothing. Never against a database with real customers.
import { seedDemoData } from "@salesos/db";

import { openScriptDatabase } from "./local-env";

const flag = process.argv.indexOf("--subscriptions");
const count = flag === -1 ? 100_000 : Number(process.argv[flag + 1]);
if (!Number.isInteger(count) || count < 1 || count > 1_000_000) {
  console.error("--subscriptions takes 1 to 1,000,000.");
  process.exit(1);
}
if (!process.env.DATABASE_URL) {
  console.error(
    "seed:scale needs DATABASE_URL (PostgreSQL): the embedded database is for one person's demo.",
  );
  process.exit(1);
}

const handle = openScriptDatabase();
const db = handle.db;
const started = Date.now();
try {
  await seedDemoData(db);
  const have = await db.subscription.count({ where: { id: { startsWith: "scale_" } } });
  if (have >= count) {
    console.info(`Already seeded: ${have} scale subscriptions.`);
  } else {
    const from = have + 1;
    await db.$transaction(
      async (tx) => {
        // i → its organization, customer and subscription; created over the last 730 days.
        await tx.$executeRaw`
          INSERT INTO organizations (id, name, created_at, updated_at)
          SELECT 'scale_org_' || i, 'Scale Org ' || i, now() - (i % 730) * interval '1 day', now()
            FROM generate_series(${from}::int, ${count}::int) AS i`;
        await tx.$executeRaw`
          INSERT INTO billing_customers (id, organization_id, email, name, currency, gateway, invoice_prefix,
                                         next_invoice_sequence, created_at, updated_at)
          SELECT 'scale_cus_' || i, 'scale_org_' || i, 'billing' || i || '@scale.test', 'Scale Org ' || i,
                 CASE WHEN i % 10 = 0 THEN 'eur' ELSE 'usd' END, 'LOCAL'::"Gateway", 'SC' || i, 3,
                 now() - (i % 730) * interval '1 day', now()
            FROM generate_series(${from}::int, ${count}::int) AS i`;
        await tx.$executeRaw`
          INSERT INTO subscriptions (id, organization_id, customer_id, plan_id, status, billing_cycle, quantity,
                                     unit_amount, currency, gateway, billing_anchor, current_period_start,
                                     current_period_end, ended_at, canceled_at, discount_percent_off,
                                     paid_amount, paid_from, created_at, updated_at)
          SELECT 'scale_sub_' || i, 'scale_org_' || i, 'scale_cus_' || i, p.id,
                 (CASE WHEN i % 100 < 85 THEN 'ACTIVE' WHEN i % 100 < 90 THEN 'TRIALING'
                       WHEN i % 100 < 94 THEN 'PAST_DUE' ELSE 'CANCELED' END)::"SubscriptionStatus",
                 (CASE WHEN i % 4 = 0 THEN 'yearly' ELSE 'monthly' END)::"BillingCycle",
                 1 + i % 5,
                 CASE WHEN i % 4 = 0 THEN p.yearly_price ELSE p.monthly_price END,
                 CASE WHEN i % 10 = 0 THEN 'eur' ELSE 'usd' END, 'LOCAL'::"Gateway",
                 now() - (i % 730) * interval '1 day', now() - (i % 28) * interval '1 day',
                 now() + (28 - i % 28) * interval '1 day',
                 CASE WHEN i % 100 >= 94 THEN now() - (i % 365) * interval '1 day' END,
                 CASE WHEN i % 100 >= 94 THEN now() - (i % 365) * interval '1 day' END,
                 CASE WHEN i % 10 = 3 THEN 20 END,
                 CASE WHEN i % 4 = 0 THEN p.yearly_price ELSE p.monthly_price END,
                 now() - (i % 28) * interval '1 day',
                 now() - (i % 730) * interval '1 day', now()
            FROM generate_series(${from}::int, ${count}::int) AS i
            JOIN plans p ON p.slug = (ARRAY['starter', 'professional', 'enterprise'])[1 + i % 3]`;
        // The first invoice, paid; PAST_DUE ones also have an open renewal that failed, and 1 in 50 paid
        // ones had a failed attempt before (recovered).
        await tx.$executeRaw`
          INSERT INTO invoices (id, organization_id, customer_id, subscription_id, number, status, billing_reason,
                                currency, subtotal, total, amount_paid, amount_due, period_start, period_end,
                                issued_at, paid_at, customer_snapshot, gateway, created_at)
          SELECT 'scale_inv_' || s.n || '_1', s.organization_id, s.customer_id, s.id, 'SC' || s.n || '-000001',
                 'PAID'::"InvoiceStatus", 'SUBSCRIPTION_CREATE'::"BillingReason", s.currency, s.unit_amount * s.quantity, s.unit_amount * s.quantity,
                 s.unit_amount * s.quantity, 0, s.created_at, s.created_at + interval '1 month', s.created_at,
                 s.created_at, '{}'::jsonb, 'LOCAL'::"Gateway", s.created_at
            FROM (SELECT *, substr(id, 11)::int AS n FROM subscriptions WHERE id LIKE 'scale_sub_%'
                    AND substr(id, 11)::int >= ${from}) s`;
        await tx.$executeRaw`
          INSERT INTO invoices (id, organization_id, customer_id, subscription_id, number, status, billing_reason,
                                currency, subtotal, total, amount_paid, amount_due, period_start, period_end,
                                issued_at, customer_snapshot, gateway, created_at)
          SELECT 'scale_inv_' || s.n || '_2', s.organization_id, s.customer_id, s.id, 'SC' || s.n || '-000002',
                 'OPEN'::"InvoiceStatus", 'SUBSCRIPTION_CYCLE'::"BillingReason", s.currency, s.unit_amount * s.quantity, s.unit_amount * s.quantity,
                 0, s.unit_amount * s.quantity, s.current_period_start, s.current_period_end,
                 s.current_period_start, '{}'::jsonb, 'LOCAL'::"Gateway", s.current_period_start
            FROM (SELECT *, substr(id, 11)::int AS n FROM subscriptions WHERE id LIKE 'scale_sub_%'
                    AND status = 'PAST_DUE' AND substr(id, 11)::int >= ${from}) s`;
        await tx.$executeRaw`
          INSERT INTO payment_attempts (id, organization_id, kind, purpose, status, amount, currency, gateway,
                                        payload, subscription_id, invoice_id, failure_code, created_at, resolved_at)
          SELECT 'scale_att_' || i.id, i.organization_id, 'CHARGE'::"AttemptKind", 'INVOICE'::"AttemptPurpose",
                 'FAILED'::"AttemptStatus", i.total, i.currency, 'LOCAL'::"Gateway", '{}'::jsonb, i.subscription_id, i.id, 'card_declined', i.created_at, i.created_at
            FROM invoices i
           WHERE i.id LIKE 'scale_inv_%'
             AND (i.status = 'OPEN' OR (i.status = 'PAID' AND abs(hashtext(i.id)) % 50 = 0))
             AND NOT EXISTS (SELECT 1 FROM payment_attempts a WHERE a.id = 'scale_att_' || i.id)`;
      },
      { timeout: 600_000, maxWait: 10_000 },
    );
  }
  await db.$executeRawUnsafe("ANALYZE");
  const totals = {
    subscriptions: await db.subscription.count(),
    invoices: await db.invoice.count(),
    organizations: await db.organization.count(),
  };
  console.info(
    `Seeded at scale in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(totals)}`,
  );
} finally {
  await handle.close();
}
