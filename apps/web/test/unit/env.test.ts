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

  it("takes SMTP_URL with MAIL_FROM, and names MAIL_FROM when it is missing", () => {
    expect(
      validateServerEnv({
        AUTH_SECRET: secret,
        SMTP_URL: "smtps://user:pass@smtp.example.com:465",
        MAIL_FROM: "SalesOS Billing <billing@example.com>",
      }),
    ).toMatchObject({ SMTP_URL: "smtps://user:pass@smtp.example.com:465" });
    expect(() =>
      validateServerEnv({ AUTH_SECRET: secret, SMTP_URL: "smtp://127.0.0.1:25" }),
    ).toThrow(/MAIL_FROM: MAIL_FROM is required when SMTP_URL is set/);
    expect(() =>
      validateServerEnv({ AUTH_SECRET: secret, SMTP_URL: "http://mail.example.com" }),
    ).toThrow(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
  });
});
