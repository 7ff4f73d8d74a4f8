import type { Db } from "@salesos/db";

const DAY_MS = 86_400_000;

/**
 * Removes what no longer matters: rate-limit counters of windows over a day old, idempotency records
 * past their 24 hours, and plan-change previews expired over a day ago. Runs with the billing clock, so every deployment that bills also cleans.
 */
export async function housekeeping(
  db: Db,
  now: Date,
): Promise<{ rateLimitCounters: number; idempotencyRecords: number; changePreviews: number }> {
  const [counters, records] = await Promise.all([
    db.rateLimitCounter.deleteMany({
      where: { windowStart: { lt: new Date(now.getTime() - DAY_MS) } },
    }),
    db.idempotencyRecord.deleteMany({ where: { expiresAt: { lt: now } } }),
  ]);
  // Expired plan-change previews can no longer be honoured; a day of them is kept for support.
  const previews = await db.changePreview.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - DAY_MS) } },
  });
  return {
    rateLimitCounters: counters.count,
    idempotencyRecords: records.count,
    changePreviews: previews.count,
  };
}
