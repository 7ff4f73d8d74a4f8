import type { Db } from "./client";

export interface RateLimitRule {
  /** What is limited, e.g. "auth-token:address". */
  bucket: string;
  limit: number;
  windowSeconds: number;
}

/**
 * A fixed-window counter in the database, so every app instance shares it. One atomic upsert per call:
 * a new window resets the count, the same window increments it.
 */
export async function consumeRateLimit(
  db: Db,
  rule: RateLimitRule,
  key: string,
  now: Date = new Date(),
): Promise<{ allowed: boolean; remaining: number; retryAfterSeconds: number }> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limit_counters (key, window_start, count)
    VALUES (${`${rule.bucket}:${key}`}, ${windowStart}, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit_counters.window_start = EXCLUDED.window_start
                   THEN rate_limit_counters.count + 1 ELSE 1 END,
      window_start = EXCLUDED.window_start
    RETURNING count`;
  const count = Number(rows[0]?.count ?? 1);
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000),
  );
  return {
    allowed: count <= rule.limit,
    remaining: Math.max(0, rule.limit - count),
    retryAfterSeconds,
  };
}
