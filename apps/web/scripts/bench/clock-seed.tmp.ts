import type { Db } from "@salesos/db";
export async function seedDueForProfile(
  db: Db,
  prefix: string,
  from: number,
  to: number,
  dueAt: Date,
) {
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
