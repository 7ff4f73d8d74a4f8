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

  it("allows the limit per window, then refuses with the seconds left; a new window starts over", async () => {
    const start = new Date("2026-01-01T00:00:10Z");
    const results = [];
    for (let i = 0; i < 4; i++)
      results.push(await consumeRateLimit(database.db, rule, "k1", start));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]?.retryAfterSeconds).toBe(50);
    const next = await consumeRateLimit(database.db, rule, "k1", new Date("2026-01-01T00:01:00Z"));
    expect(next).toMatchObject({ allowed: true, remaining: 2 });
  });

  it("counts concurrent calls exactly (one atomic upsert each)", async () => {
    const now = new Date("2026-01-01T00:05:00Z");
    const results = await Promise.all(
      Array.from({ length: 10 }, () => consumeRateLimit(database.db, rule, "k2", now)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
  });
});
