/**
 * When a subscription has work due at the instant `$1`, in SQL: written once for the clock's claims
 * (renew-load.ts, collect-due.ts) and for the tick that enqueues their jobs (jobs/due.ts), so what is
 * enqueued is exactly what a job can claim.
 */
export const RENEWAL_DUE = `status IN ('ACTIVE', 'TRIALING') AND current_period_end <= $1`;
export const COLLECTION_DUE = `next_payment_attempt_at <= $1 AND status IN ('ACTIVE', 'PAST_DUE')`;
