import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import { housekeeping } from "../src/housekeeping";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("housekeeping", () => {
  it("removes day-old rate-limit windows and expired idempotency records, and keeps the rest", async () => {
    const now = new Date("2026-05-10T12:00:00Z");
    const db = database.db;
    await db.rateLimitCounter.createMany({
      data: [
        { key: "old", windowStart: new Date("2026-05-09T11:00:00Z"), count: 3 },
        { key: "fresh", windowStart: new Date("2026-05-10T11:59:00Z"), count: 1 },
      ],
    });
    const record = { scope: "u:o", requestHash: "h", state: "COMPLETED" as const, createdAt: now };
    await db.idempotencyRecord.createMany({
      data: [
        { ...record, key: "expired", expiresAt: new Date("2026-05-10T11:00:00Z") },
        { ...record, key: "live", expiresAt: new Date("2026-05-11T11:00:00Z") },
      ],
    });
    const preview = {
      organizationId: "o",
      subscriptionId: "s",
      subscriptionVersion: now,
      prorationDate: now,
      planId: "p",
      billingCycle: "monthly" as const,
      quantity: 1,
      amountDueNow: 0,
      createdAt: now,
    };
    await db.changePreview.createMany({
      data: [
        { ...preview, id: "long-gone", expiresAt: new Date("2026-05-09T11:00:00Z") },
        { ...preview, id: "expired-today", expiresAt: new Date("2026-05-10T11:00:00Z") },
      ],
    });
    expect(await housekeeping(db, now)).toEqual({
      rateLimitCounters: 1,
      idempotencyRecords: 1,
      changePreviews: 1,
    });
    expect((await db.changePreview.findMany()).map((p) => p.id)).toEqual(["expired-today"]);
    expect((await db.rateLimitCounter.findMany()).map((c) => c.key)).toEqual(["fresh"]);
    expect((await db.idempotencyRecord.findMany()).map((r) => r.key)).toEqual(["live"]);
  });
});
