import type { Db } from "./client";

export interface RateLimitRule {
  /** What is limited, e.g. "auth-token:address". */
  bucket: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** When the next call would be allowed if none is made meanwhile (whole seconds, at least 1). */
  retryAfterSeconds: number;
}

/**
 * A sliding-window counter in the database, so every app instance shares it. The estimate of calls in
 * the last `windowSeconds` is this window's count plus the previous window's count weighted by how much
 * of it still overlaps (Cloudflare's sliding window counter): unlike a fixed window it lets no burst of
 * twice the limit through at a boundary. One atomic upsert per call; refused calls count too, so a
 * client that keeps hammering stays refused. Integer arithmetic in milliseconds, no floats.
 */
export async function consumeRateLimit(
  db: Db,
  rule: RateLimitRule,
  key: string,
  now: Date = new Date(),
): Promise<RateLimitResult> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const previousStart = new Date(windowStart.getTime() - windowMs);
  // In ON CONFLICT's SET, rate_limit_counters.* is the row before this update.
  const rows = await db.$queryRaw<{ count: number; previous_count: number }[]>`
    INSERT INTO rate_limit_counters (key, window_start, count, previous_count)
    VALUES (${`${rule.bucket}:${key}`}, ${windowStart}, 1, 0)
    ON CONFLICT (key) DO UPDATE SET
      previous_count = CASE
        WHEN rate_limit_counters.window_start = EXCLUDED.window_start THEN rate_limit_counters.previous_count
        WHEN rate_limit_counters.window_start = ${previousStart} THEN rate_limit_counters.count
        ELSE 0 END,
      count = CASE WHEN rate_limit_counters.window_start = EXCLUDED.window_start
                   THEN rate_limit_counters.count + 1 ELSE 1 END,
      window_start = EXCLUDED.window_start
    RETURNING count, previous_count`;
  return slidingWindowDecision({
    count: Number(rows[0]?.count ?? 1),
    previousCount: Number(rows[0]?.previous_count ?? 0),
    limit: rule.limit,
    elapsedMs: now.getTime() - windowStart.getTime(),
    windowMs,
  });
}

interface WindowState {
  /** Calls in the current window, this one included. */
  count: number;
  previousCount: number;
  limit: number;
  /** Time since the current window started. */
  elapsedMs: number;
  windowMs: number;
}

/** The decision for one call, given the counts after it. Pure, so the arithmetic is tested alone. */
export function slidingWindowDecision(state: WindowState): RateLimitResult {
  const { count, previousCount, limit, elapsedMs, windowMs } = state;
  // estimate = previousCount × (windowMs − elapsedMs) / windowMs + count, compared without dividing.
  const weighted = (calls: number, elapsed: number, previous: number) =>
    previous * (windowMs - elapsed) + calls * windowMs;
  const allowed = weighted(count, elapsedMs, previousCount) <= limit * windowMs;
  const estimate = Math.ceil(weighted(count, elapsedMs, previousCount) / windowMs);
  return {
    allowed,
    remaining: Math.max(0, limit - estimate),
    retryAfterSeconds: Math.max(1, Math.ceil(msUntilNextAllowed(state) / 1000)),
  };
}

/** How long until one more call fits, if no call is made meanwhile. */
function msUntilNextAllowed({
  count,
  previousCount,
  limit,
  elapsedMs,
  windowMs,
}: WindowState): number {
  // Still in this window: previousCount × (windowMs − t) / windowMs + count + 1 ≤ limit.
  if (count + 1 <= limit) {
    if (previousCount === 0) return 0;
    const at = windowMs - Math.floor(((limit - count - 1) * windowMs) / previousCount);
    if (at < windowMs) return Math.max(0, at - elapsedMs);
  }
  // In the next window, where this window's count becomes the previous one: count × (windowMs − t) /
  // windowMs + 1 ≤ limit.
  const at = count === 0 ? 0 : Math.max(0, windowMs - Math.floor(((limit - 1) * windowMs) / count));
  return windowMs - elapsedMs + at;
}
