import { describe, expect, it } from "vitest";

import { AppError, createApiTokenSchema, signUpSchema } from "../src";

describe("identity schemas", () => {
  it("normalizes emails and rejects unknown fields", () => {
    const parsed = signUpSchema.parse({
      name: " Ann ",
      email: " Ann@Example.TEST ",
      password: "0123456789",
      organizationName: "Co",
    });
    expect(parsed).toMatchObject({ name: "Ann", email: "ann@example.test" });
    expect(signUpSchema.safeParse({ ...parsed, role: "OWNER" }).success).toBe(false);
  });

  it("requires a 10-72 character password and a listed token lifetime", () => {
    const base = { name: "A", email: "a@b.test", organizationName: "C" };
    expect(signUpSchema.safeParse({ ...base, password: "short" }).success).toBe(false);
    expect(signUpSchema.safeParse({ ...base, password: "x".repeat(73) }).success).toBe(false);
    expect(createApiTokenSchema.safeParse({ name: "t", expiresInDays: 30 }).success).toBe(true);
    expect(createApiTokenSchema.safeParse({ name: "t", expiresInDays: 31 }).success).toBe(false);
  });
});

describe("AppError", () => {
  it("carries a stable code and details", () => {
    const error = new AppError("PAYMENT_FAILED", "Card declined.", {
      details: { declineCode: "card_declined" },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      code: "PAYMENT_FAILED",
      details: { declineCode: "card_declined" },
    });
  });
});
