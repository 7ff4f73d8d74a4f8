import type { Db } from "@salesos/db";

import { COLLECTION_DUE, RENEWAL_DUE } from "../clock/due-sql";
import { TRIAL_NOTICE_MS } from "../clock/trial-notices";

/** What the clock found due at one instant: subscription ids per kind of work. */
export interface DueWork {
  renew: string[];
  cancel: string[];
  collect: string[];
  trialNotice: string[];
}

/** At most this many of each kind per tick; the next tick takes the rest (the oldest first). */
export const TICK_LIMIT = 50_000;

/**
 * Reads, without locking anything, which subscriptions have work due at `now`. The jobs themselves
 * claim their rows with SKIP LOCKED and re-check that the work is still due, so a stale read here can
 * only enqueue a job that finds nothing to do, never do anything twice.
 */
export async function findDueWork(db: Db, now: Date, limit = TICK_LIMIT): Promise<DueWork> {
  const ending = await db.$queryRawUnsafe<{ id: string; cancel: boolean }[]>(
    `SELECT id, cancel_at_period_end AS cancel FROM subscriptions
      WHERE ${RENEWAL_DUE}
      ORDER BY current_period_end, id LIMIT $2`,
    now,
    limit,
  );
  const collect = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM subscriptions
      WHERE ${COLLECTION_DUE}
      ORDER BY next_payment_attempt_at, id LIMIT $2`,
    now,
    limit,
  );
  const trials = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM subscriptions
      WHERE status = 'TRIALING' AND NOT cancel_at_period_end AND trial_ending_notified_at IS NULL
        AND trial_end <= $1
      ORDER BY trial_end, id LIMIT $2`,
    new Date(now.getTime() + TRIAL_NOTICE_MS),
    limit,
  );
  return {
    renew: ending.filter((s) => !s.cancel).map((s) => s.id),
    cancel: ending.filter((s) => s.cancel).map((s) => s.id),
    collect: collect.map((s) => s.id),
    trialNotice: trials.map((s) => s.id),
  };
}
