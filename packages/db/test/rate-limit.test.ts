import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "../src/testing";

import { consumeRateLimit } from "../src/rate-limit";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("database rate limiter", () => {
  const rule = { bucket: "test", limit: 3, windowSeconds: 60 };

  it("allows the limit, then refuses with the seconds until one more call fits", async () => {
    const start = new Date("2026-01-01T00:00:10Z");
    const results = [];
    for (let i = 0; i < 4; i++)
      results.push(await consumeRateLimit(database.db, rule, "k1", start));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    // 4 calls this window: in the next one they weigh 4 × (60 − t) / 60, and 1 more fits when that
    // is at most 2, at t = 30 s: 50 s left here plus 30 s.
    expect(results[3]?.retryAfterSeconds).toBe(80);
    const early = await consumeRateLimit(database.db, rule, "k1", new Date("2026-01-01T00:01:29Z"));
    expect(early.allowed).toBe(false);
  });

  it("lets one more call through when Retry-After says, not before", async () => {
    for (let i = 0; i < 4; i++)
      await consumeRateLimit(database.db, rule, "k3", new Date("2026-01-01T00:10:10Z"));
    const onTime = await consumeRateLimit(
      database.db,
      rule,
      "k3",
      new Date("2026-01-01T00:11:30Z"),
    );
    expect(onTime).toMatchObject({ allowed: true, remaining: 0 });
    // Two windows later nothing of the past is left.
    const later = await consumeRateLimit(database.db, rule, "k3", new Date("2026-01-01T00:13:00Z"));
    expect(later).toMatchObject({ allowed: true, remaining: 2 });
  });

  it("lets no burst of twice the limit through at a window boundary", async () => {
    const before = [];
    for (let i = 0; i < 3; i++)
      before.push(
        await consumeRateLimit(database.db, rule, "k4", new Date("2026-01-01T00:20:59Z")),
      );
    const after = [];
    for (let i = 0; i < 3; i++)
      after.push(await consumeRateLimit(database.db, rule, "k4", new Date("2026-01-01T00:21:00Z")));
    expect(before.every((r) => r.allowed)).toBe(true);
    expect(after.map((r) => r.allowed)).toEqual([false, false, false]);
  });

  it("counts concurrent calls exactly (one atomic upsert each)", async () => {
    const now = new Date("2026-01-01T00:05:00Z");
    const results = await Promise.all(
      Array.from({ length: 10 }, () => consumeRateLimit(database.db, rule, "k2", now)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
  });
});
