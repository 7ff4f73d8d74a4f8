import { describe, expect, it } from "vitest";

import { validateServerEnv } from "../../src/env";

describe("server environment", () => {
  const secret = "x".repeat(32);

  it("accepts the embedded defaults: only AUTH_SECRET set", () => {
    expect(validateServerEnv({ AUTH_SECRET: secret })).toMatchObject({
      AUTH_SECRET: secret,
      NODE_ENV: "development",
    });
  });

  it("stops with a readable message naming each bad variable", () => {
    expect(() => validateServerEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET is missing/);
    expect(() => validateServerEnv({ AUTH_SECRET: "short" })).toThrow(/at least 32 characters/);
    expect(() => validateServerEnv({ AUTH_SECRET: secret, DATABASE_URL: "mysql://x" })).toThrow(
      /DATABASE_URL must be a postgresql/,
    );
  });
});
