import type { BillingDeps } from "../deps";

/**
 * Writes a CARD_EXPIRING notice for every card that pays a live subscription (the customer's default
 * card; ACTIVE, TRIALING or PAST_DUE) and expires at the end of next month, in UTC. Once per card per
 * expiry month: the notice's `dedupe_key` (`CARD_EXPIRING:<card>:<YYYY-MM>`) is unique, so the sweep can
 * run on every clock tick, on any number of instances, and still writes each notice once. A card
 * replaced by a new expiry (same id, new month) gets its own notice. One statement, set-based.
 * Returns how many notices it wrote.
 */
export async function noticeCardsExpiring(deps: BillingDeps, now: Date): Promise<number> {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const month = next.getUTCMonth() + 1;
  const year = next.getUTCFullYear();
  return deps.db.$executeRaw`
    INSERT INTO notifications (id, organization_id, kind, data, created_at, dedupe_key)
    SELECT 'ntc' || replace(gen_random_uuid()::text, '-', ''),
           pm.organization_id,
           'CARD_EXPIRING',
           jsonb_build_object('paymentMethodId', pm.id, 'brand', pm.brand, 'last4', pm.last4,
                              'expMonth', pm.exp_month, 'expYear', pm.exp_year),
           ${now},
           'CARD_EXPIRING:' || pm.id || ':' || pm.exp_year || '-' || lpad(pm.exp_month::text, 2, '0')
      FROM payment_methods pm
      JOIN billing_customers c ON c.default_payment_method_id = pm.id
     WHERE pm.exp_month = ${month} AND pm.exp_year = ${year}
       AND EXISTS (SELECT 1 FROM subscriptions s
                    WHERE s.customer_id = c.id AND s.status IN ('ACTIVE', 'TRIALING', 'PAST_DUE'))
    ON CONFLICT (dedupe_key) DO NOTHING`;
}
