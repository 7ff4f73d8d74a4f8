-- Keyset pages of the staff pages (newest first) read an index, not a sort of every row.
CREATE INDEX "organizations_created_at_id_idx" ON "organizations"("created_at", "id");
CREATE INDEX "audit_logs_created_at_id_idx" ON "audit_logs"("created_at", "id");
-- The dashboard's "ended per month" and "paid in the range".
CREATE INDEX "subscriptions_ended_at_idx" ON "subscriptions"("ended_at");
CREATE INDEX "invoices_paid_at_idx" ON "invoices"("paid_at");
