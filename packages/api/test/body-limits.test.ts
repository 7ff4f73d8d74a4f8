import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import { bodyLimitBytes, jsonTooDeep, MAX_JSON_DEPTH } from "../src/body-limits";
import { handleRestRequest } from "../src/rest";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
});
afterAll(() => database.close());

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("JSON depth", () => {
  it("counts arrays and objects, not brackets inside strings", () => {
    expect(jsonTooDeep(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonTooDeep(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonTooDeep(`{"code":"${"[".repeat(1000)}"}`)).toBe(false);
    expect(jsonTooDeep(`{"a":"\\"[[[","b":${nested(MAX_JSON_DEPTH)}}`)).toBe(true);
  });

  it("agrees with JSON.parse's own structure on any value", () => {
    const depthOf = (value: unknown): number =>
      value !== null && typeof value === "object"
        ? 1 + Math.max(0, ...Object.values(value).map(depthOf))
        : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 40 }), (value) => {
        const text = JSON.stringify(value);
        expect(jsonTooDeep(text, 8)).toBe(depthOf(JSON.parse(text)) > 8);
      }),
      { numRuns: 300 },
    );
  });

  it("answers 413 PAYLOAD_TOO_LARGE on the REST door before parsing", async () => {
    const response = await handleRestRequest(
      new Request("http://localhost/v1/payments/public/coupons/validate", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.77" },
        body: `{"code":${nested(50_000)}}`,
      }),
      { db: database.db },
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });
});

describe("API_BODY_LIMIT_BYTES", () => {
  it("defaults to 1 MiB and refuses nonsense at start", () => {
    expect(bodyLimitBytes(undefined)).toBe(1024 * 1024);
    expect(bodyLimitBytes("65536")).toBe(65536);
    expect(() => bodyLimitBytes("lots")).toThrow(/API_BODY_LIMIT_BYTES/);
    expect(() => bodyLimitBytes("10")).toThrow(/API_BODY_LIMIT_BYTES/);
  });
});
