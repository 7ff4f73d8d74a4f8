import type { Db } from "@salesos/db";

const DAY_MS = 86_400_000;

/**
 * Removes what no longer matters: rate-limit counters of windows over a day old, and idempotency records
 * past their 24 hours. Runs with the billing clock, so every deployment that bills also cleans.
 */
export async function housekeeping(
  db: Db,
  now: Date,
): Promise<{ rateLimitCounters: number; idempotencyRecords: number }> {
  const [counters, records] = await Promise.all([
    db.rateLimitCounter.deleteMany({
      where: { windowStart: { lt: new Date(now.getTime() - DAY_MS) } },
    }),
    db.idempotencyRecord.deleteMany({ where: { expiresAt: { lt: now } } }),
  ]);
  return { rateLimitCounters: counters.count, idempotencyRecords: records.count };
}
