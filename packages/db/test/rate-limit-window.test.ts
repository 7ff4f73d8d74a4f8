import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { slidingWindowDecision } from "../src/rate-limit";

const windowMs = 60_000;
const state = fc.record({
  count: fc.integer({ min: 1, max: 200 }),
  previousCount: fc.integer({ min: 0, max: 200 }),
  limit: fc.integer({ min: 1, max: 100 }),
  elapsedMs: fc.integer({ min: 0, max: windowMs - 1 }),
});

describe("the sliding window's arithmetic", () => {
  it("never allows more calls than the limit within one window (property)", () => {
    fc.assert(
      fc.property(state, (s) => {
        const decision = slidingWindowDecision({ ...s, windowMs });
        if (s.count > s.limit) expect(decision.allowed).toBe(false);
        if (s.previousCount === 0) expect(decision.allowed).toBe(s.count <= s.limit);
      }),
    );
  });

  it("Retry-After is honest: one call then fits, and a second earlier would not (property)", () => {
    fc.assert(
      fc.property(state, (s) => {
        const { retryAfterSeconds } = slidingWindowDecision({ ...s, windowMs });
        // Where a call made retryAfterSeconds later lands, with nothing made in between.
        const at = (delayMs: number) => {
          const t = s.elapsedMs + delayMs;
          if (t < windowMs) return { ...s, count: s.count + 1, elapsedMs: t };
          if (t < 2 * windowMs)
            return { ...s, previousCount: s.count, count: 1, elapsedMs: t - windowMs };
          return { ...s, previousCount: 0, count: 1, elapsedMs: t - 2 * windowMs };
        };
        const then = slidingWindowDecision({ ...at(retryAfterSeconds * 1000), windowMs });
        expect(then.allowed).toBe(true);
        if (retryAfterSeconds > 1) {
          const sooner = slidingWindowDecision({ ...at((retryAfterSeconds - 1) * 1000), windowMs });
          expect(sooner.allowed).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
