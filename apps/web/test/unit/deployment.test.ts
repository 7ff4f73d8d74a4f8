import { describe, expect, it } from "vitest";

import { isPublicUrl, productionStartProblems } from "../../src/deployment";
import { validateServerEnv } from "../../src/env";

const secret = "s".repeat(32);
const cron = "c".repeat(32);

describe("which URLs are this machine only", () => {
  it("treats localhost, 127.0.0.1 and [::1] as local, anything else as public", () => {
    expect(isPublicUrl(undefined)).toBe(false);
    expect(isPublicUrl("http://localhost:3000")).toBe(false);
    expect(isPublicUrl("http://127.0.0.1:4000")).toBe(false);
    expect(isPublicUrl("http://[::1]:3000")).toBe(false);
    expect(isPublicUrl("https://billing.example.com")).toBe(true);
    expect(isPublicUrl("http://10.0.0.5:3000")).toBe(true);
    // A look-alike host is not this machine.
    expect(isPublicUrl("https://localhost.example.com")).toBe(true);
    expect(isPublicUrl("not a url")).toBe(true);
  });
});

describe("production start guards", () => {
  const publicUrl = "https://billing.example.com";

  it("lets the local demo start with nothing set", () => {
    expect(productionStartProblems({})).toEqual([]);
    expect(productionStartProblems({ NEXTAUTH_URL: "http://localhost:3000" })).toEqual([]);
  });

  it("refuses a public URL without DATABASE_URL unless EMBEDDED=1, and says what to set", () => {
    const problems = productionStartProblems({
      NEXTAUTH_URL: publicUrl,
      AUTH_SECRET: secret,
      CRON_SECRET: cron,
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/DATABASE_URL is not set/);
    expect(problems[0]).toMatch(/EMBEDDED=1/);
    expect(
      productionStartProblems({
        NEXTAUTH_URL: publicUrl,
        AUTH_SECRET: secret,
        CRON_SECRET: cron,
        EMBEDDED: "1",
      }),
    ).toEqual([]);
    expect(
      productionStartProblems({
        NEXTAUTH_URL: publicUrl,
        AUTH_SECRET: secret,
        CRON_SECRET: cron,
        DATABASE_URL: "postgresql://db/billing",
      }),
    ).toEqual([]);
  });

  it("refuses a public URL without AUTH_SECRET or CRON_SECRET, even on PostgreSQL or EMBEDDED=1", () => {
    const problems = productionStartProblems({
      NEXTAUTH_URL: publicUrl,
      DATABASE_URL: "postgresql://db/billing",
    });
    expect(problems.join("\n")).toMatch(/AUTH_SECRET is not set/);
    expect(problems.join("\n")).toMatch(/CRON_SECRET is not set/);
    expect(productionStartProblems({ NEXTAUTH_URL: publicUrl, EMBEDDED: "1" })).toHaveLength(2);
  });

  it("is applied by validateServerEnv in production only", () => {
    const env = { NEXTAUTH_URL: publicUrl, AUTH_SECRET: secret };
    expect(() => validateServerEnv({ ...env, NODE_ENV: "development" })).not.toThrow();
    expect(() => validateServerEnv({ ...env, NODE_ENV: "production" })).toThrow(
      /DATABASE_URL is not set[\s\S]*CRON_SECRET is not set/,
    );
    expect(
      validateServerEnv({ ...env, NODE_ENV: "production", CRON_SECRET: cron, EMBEDDED: "1" }),
    ).toMatchObject({ EMBEDDED: "1" });
  });

  it("validates METRICS_TOKEN's length", () => {
    expect(() => validateServerEnv({ AUTH_SECRET: secret, METRICS_TOKEN: "short" })).toThrow(
      /METRICS_TOKEN must be at least 32 characters/,
    );
    expect(
      validateServerEnv({ AUTH_SECRET: secret, METRICS_TOKEN: "m".repeat(32) }).METRICS_TOKEN,
    ).toHaveLength(32);
  });
});
