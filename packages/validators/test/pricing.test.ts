import { describe, expect, it } from "vitest";

import { parseSeats, pricingChoiceQuery, pricingChoiceSchema } from "../src";

describe("the seats field", () => {
  it("reads what is typed, never another number", () => {
    expect(parseSeats("3")).toEqual({ seats: 3 });
    expect(parseSeats(" 12 ")).toEqual({ seats: 12 });
    expect(parseSeats("10000")).toEqual({ seats: 10_000 });
    // Half-typed or out of range: a message, not a silent 1 (Backspace then 3 used to give 13).
    for (const text of ["", "0", "-1", "1.5", "1e3", "abc", "10001"])
      expect(parseSeats(text), text).toEqual({ error: expect.stringContaining("1 to 10,000") });
  });
});

describe("the choice carried through sign-up", () => {
  it("round-trips plan, cycle, seats, coupon and trial through the query string", () => {
    const query = pricingChoiceQuery({
      plan: "professional",
      cycle: "yearly",
      seats: 3,
      coupon: "WELCOME20",
      trial: true,
    });
    const parsed = pricingChoiceSchema.parse(Object.fromEntries(new URLSearchParams(query)));
    expect(parsed).toEqual({
      plan: "professional",
      cycle: "yearly",
      seats: 3,
      coupon: "WELCOME20",
      trial: "1",
    });
  });

  it("refuses what is not a choice", () => {
    const bad = [
      { plan: "../admin" },
      { plan: "starter", cycle: "weekly" },
      { plan: "starter", seats: "0" },
      { plan: "starter", seats: "3; drop" },
      { plan: "starter", coupon: "x".repeat(65) },
      { plan: "starter", trial: "yes" },
      { plan: ["starter", "free"] },
    ];
    for (const params of bad) expect(pricingChoiceSchema.safeParse(params).success).toBe(false);
    expect(pricingChoiceSchema.parse({ plan: "starter", utm: "x" })).toEqual({
      plan: "starter",
      cycle: "monthly",
    });
  });
});
