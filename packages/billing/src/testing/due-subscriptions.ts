/**
 * Many due subscriptions at once, set-based (as the clock benchmark seeds them): organizations
 * `<prefix>_1…n`, each with a LOCAL customer, a default card and an ACTIVE monthly Starter subscription
 * whose period ended at `dueAt`. Every `lateEvery`-th one ended a month before that (two periods due),
 * every `declineEvery`-th has a card that declines every charge.
 */
import type { Db } from "@salesos/db";

export async function seedDueSubscriptions(
  db: Db,
  args: { prefix: string; count: number; dueAt: Date; lateEvery?: number; declineEvery?: number },
): Promise<string[]> {
  const { prefix, count, dueAt } = args;
  const late = args.lateEvery ?? 0;
  const decline = args.declineEvery ?? 0;
  await db.$executeRaw`
    INSERT INTO organizations (id, name, created_at, updated_at)
    SELECT ${prefix} || '_' || i, 'Clock ' || i, now(), now() FROM generate_series(1, ${count}::int) i`;
  await db.$executeRaw`
    INSERT INTO billing_customers (id, organization_id, email, name, currency, gateway, invoice_prefix,
                                   next_invoice_sequence, created_at, updated_at)
    SELECT ${prefix} || '_' || i, ${prefix} || '_' || i, 'billing' || i || '@clock.test', 'Clock ' || i,
           'usd', 'LOCAL'::"Gateway", upper(${prefix}) || '-' || i, 1 + i % 3, now(), now()
      FROM generate_series(1, ${count}::int) i`;
  await db.$executeRaw`
    INSERT INTO local_cards (id, brand, last4, exp_month, exp_year, fingerprint, behavior, organization_id,
                             created_at)
    SELECT 'pm_local_' || ${prefix} || '_' || i, 'visa', '4242', 12, 2099, 'fp_' || ${prefix} || '_' || i,
           (CASE WHEN ${decline}::int > 0 AND i % ${decline}::int = 0 THEN 'FAIL_AFTER_ATTACH'
                 ELSE 'SUCCEED' END)::"LocalCardBehavior",
           ${prefix} || '_' || i, now()
      FROM generate_series(1, ${count}::int) i`;
  await db.$executeRaw`
    INSERT INTO payment_methods (id, organization_id, customer_id, gateway, gateway_payment_method_id, brand,
                                 last4, exp_month, exp_year, fingerprint, created_at)
    SELECT ${prefix} || '_' || i, ${prefix} || '_' || i, ${prefix} || '_' || i, 'LOCAL'::"Gateway",
           'pm_local_' || ${prefix} || '_' || i, 'visa', '4242', 12, 2099, 'fp_' || ${prefix} || '_' || i,
           now()
      FROM generate_series(1, ${count}::int) i`;
  await db.$executeRaw`
    UPDATE billing_customers SET default_payment_method_id = id
     WHERE organization_id IN (SELECT ${prefix} || '_' || i FROM generate_series(1, ${count}::int) i)`;
  // Periods as the clock would have left them: a whole month ending at dueAt (or a month earlier).
  await db.$executeRaw`
    INSERT INTO subscriptions (id, organization_id, customer_id, plan_id, status, billing_cycle, quantity,
                               unit_amount, currency, gateway, billing_anchor, current_period_start,
                               current_period_end, paid_amount, paid_from, created_at, updated_at)
    SELECT ${prefix} || '_' || i, ${prefix} || '_' || i, ${prefix} || '_' || i, p.id,
           'ACTIVE'::"SubscriptionStatus", 'monthly'::"BillingCycle", 1, p.monthly_price, 'usd',
           'LOCAL'::"Gateway", e.period_end - interval '1 month', e.period_end - interval '1 month',
           e.period_end, p.monthly_price, e.period_end - interval '1 month', now(), now()
      FROM generate_series(1, ${count}::int) i
      JOIN plans p ON p.slug = 'starter'
     CROSS JOIN LATERAL (
       SELECT ${dueAt}::timestamp(3)
              - (CASE WHEN ${late}::int > 0 AND i % ${late}::int = 0 THEN interval '1 month'
                      ELSE interval '0' END) AS period_end) e`;
  return Array.from({ length: count }, (_, i) => `${prefix}_${i + 1}`);
}
