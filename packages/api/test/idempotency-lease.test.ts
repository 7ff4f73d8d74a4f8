import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import { IDEMPOTENCY_LEASE_MS, withIdempotency } from "../src/middleware/idempotency";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("an Idempotency-Key left IN_PROGRESS by a request that died", () => {
  it("answers 409 within its lease, and lets a retry take it over after the lease", async () => {
    const db = database.db;
    const died = new Date("2026-05-10T12:00:00Z");
    await db.idempotencyRecord.create({
      data: {
        scope: "u:o",
        key: "crashed",
        requestHash: "h",
        state: "IN_PROGRESS",
        createdAt: died,
        expiresAt: new Date(died.getTime() + 86_400_000),
      },
    });
    let runs = 0;
    const attempt = (now: Date) =>
      withIdempotency(db, {
        scope: "u:o",
        key: "crashed",
        hash: "h",
        now,
        run: async () => {
          runs++;
          return { status: 200, body: '{"ok":true}' };
        },
      });
    await expect(attempt(new Date(died.getTime() + 10_000))).rejects.toMatchObject({
      code: "IDEMPOTENCY_IN_PROGRESS",
    });
    const after = new Date(died.getTime() + IDEMPOTENCY_LEASE_MS + 1000);
    expect(await attempt(after)).toEqual({ status: 200, body: '{"ok":true}', replayed: false });
    expect(await attempt(new Date(after.getTime() + 1000))).toMatchObject({ replayed: true });
    expect(runs).toBe(1);
  });
});
