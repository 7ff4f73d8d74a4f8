-- Indexes for the hot paths, each from an EXPLAIN (ANALYZE) at 100,000 organizations (docs/operations.md).

-- One charge per gateway payment: a webhook or a reconciler that finds a charge by the gateway's id finds
-- exactly one, and a bug that recorded one payment on two attempts fails at the write. Charges only:
-- refund attempts carry the id of the charge they give money back from (several partial refunds share
-- it). Partial (where set), hence not in schema.prisma, like plan_prices_one_current. If this migration
-- stops here, two charges share a gateway payment id: the query in the message lists them.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM payment_attempts
              WHERE kind = 'CHARGE' AND gateway_payment_id IS NOT NULL
              GROUP BY gateway_payment_id HAVING count(*) > 1) THEN
    RAISE EXCEPTION 'payment_attempts: charges share a gateway payment id; see SELECT gateway_payment_id, array_agg(id) FROM payment_attempts WHERE kind = ''CHARGE'' AND gateway_payment_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1';
  END IF;
END $$;
CREATE UNIQUE INDEX "payment_attempts_charge_gateway_payment_id_key" ON "payment_attempts"("gateway_payment_id")
    WHERE "kind" = 'CHARGE' AND "gateway_payment_id" IS NOT NULL;

-- The clock's renewal claim (clock/renew-load.ts): live subscriptions whose period is over, oldest first,
-- LIMIT 200 FOR UPDATE SKIP LOCKED. The (status, current_period_end) index found every due row, then
-- sorted them all; this one is read in the claim's own order and stops after 200. Partial: only the
-- statuses the clock renews. Not in schema.prisma (Prisma cannot express it).
CREATE INDEX "subscriptions_renewal_due_idx" ON "subscriptions"("current_period_end", "id")
    WHERE "status" IN ('ACTIVE', 'TRIALING');

-- The staff customer list shows each organization's latest subscription (by customer, newest first):
-- without it every page read all subscriptions.
CREATE INDEX "subscriptions_customer_id_created_at_idx" ON "subscriptions"("customer_id", "created_at");
