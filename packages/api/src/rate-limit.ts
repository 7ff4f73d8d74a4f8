import { consumeRateLimit, type Db, type RateLimitRule } from "@salesos/db";
import { AppError } from "@salesos/validators";

export type { RateLimitRule };

/** Throws RATE_LIMITED (429 with Retry-After) once the key has used up its window. */
export async function enforceRateLimit(
  db: Db,
  rule: RateLimitRule,
  key: string,
  now?: Date,
): Promise<void> {
  const result = await consumeRateLimit(db, rule, key, now);
  if (!result.allowed) {
    throw new AppError("RATE_LIMITED", "Too many requests. Try again shortly.", {
      details: { retryAfterSeconds: result.retryAfterSeconds },
    });
  }
}
