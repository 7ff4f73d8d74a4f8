-- The billing clock claims the subscriptions whose payment attempt is due (next_payment_attempt_at <= now,
-- in that order, SKIP LOCKED). Without an index each claim read every subscription. Only subscriptions
-- with an attempt ahead are in it (settled ones have NULL), so it stays small however many there are.
-- Partial, hence not in schema.prisma (Prisma cannot express it), like plan_prices_one_current.
CREATE INDEX "subscriptions_next_payment_attempt_at_id_idx" ON "subscriptions"("next_payment_attempt_at", "id")
    WHERE "next_payment_attempt_at" IS NOT NULL;
