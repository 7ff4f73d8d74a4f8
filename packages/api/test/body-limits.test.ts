import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import {
  bodyLimitBytes,
  DEFAULT_BODY_LIMIT_BYTES,
  jsonTooDeep,
  MAX_JSON_DEPTH,
} from "../src/body-limits";
import { handleRestRequest } from "../src/rest";
import { trpcRequestWithinLimits } from "../src/trpc-body";

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

describe("the in-app tRPC route (/api/trpc)", () => {
  const url = "http://localhost/api/trpc/account.changePassword";
  it("refuses deep JSON and an over-limit body with 413, before tRPC reads them", async () => {
    const deep = await trpcRequestWithinLimits(
      new Request(url, { method: "POST", body: `{"0":${nested(50_000)}}` }),
    );
    expect(deep).toBeInstanceOf(Response);
    expect((deep as Response).status).toBe(413);
    const huge = await trpcRequestWithinLimits(
      new Request(url, { method: "POST", body: "x".repeat(DEFAULT_BODY_LIMIT_BYTES + 1) }),
    );
    expect((huge as Response).status).toBe(413);
    expect(await (huge as Response).json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("hands a normal body on byte for byte, and a GET untouched", async () => {
    const body = `{"0":{"json":{"name":"Łódź 東京"}}}`;
    const passed = await trpcRequestWithinLimits(new Request(url, { method: "POST", body }));
    expect(passed).toBeInstanceOf(Request);
    expect(await (passed as Request).text()).toBe(body);
    const get = new Request(url);
    expect(await trpcRequestWithinLimits(get)).toBe(get);
  });
});
