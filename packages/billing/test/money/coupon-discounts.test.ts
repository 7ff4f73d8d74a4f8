import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  COUPON_REASONS,
  couponReasonMessage,
  discountEndsAt,
  discountFor,
  evaluateCoupon,
  GENERIC_COUPON_MESSAGE,
  normalizeCouponCode,
} from "../../src/money";

import { coupon, d, fullCtx, reasonOf } from "./coupon-fixtures";

describe("evaluateCoupon: currency", () => {
  const fixed = coupon({ percentOff: null, amountOff: 500, currency: "USD" });

  it("compares currencies case-insensitively", () => {
    expect(reasonOf(fixed, { ...fullCtx, currency: "usd" })).toBeNull();
    expect(
      reasonOf(coupon({ percentOff: null, amountOff: 500, currency: "eur" }), {
        ...fullCtx,
        currency: "EUR",
      }),
    ).toBeNull();
  });

  it("ignores the currency for a percentage coupon", () => {
    expect(reasonOf(coupon({ currency: "eur" }), { ...fullCtx, currency: "jpy" })).toBeNull();
  });

  it("fails closed for a fixed amount with no currency", () => {
    expect(reasonOf(coupon({ percentOff: null, amountOff: 500, currency: null }), fullCtx)).toBe(
      "CURRENCY_MISMATCH",
    );
  });
});

describe("evaluateCoupon: minimum and discount", () => {
  it("a fixed amount never discounts more than the amount", () => {
    const c = coupon({ percentOff: null, amountOff: 5000, currency: "usd", minAmount: null });
    expect(evaluateCoupon(c, { ...fullCtx, amount: 1200 })).toEqual({
      valid: true,
      discountAmount: 1200,
    });
  });

  it("a 100 % coupon discounts the whole amount", () => {
    expect(evaluateCoupon(coupon({ percentOff: 100 }), fullCtx)).toEqual({
      valid: true,
      discountAmount: 9999,
    });
  });
});

describe("messages", () => {
  it("has one distinct, non-empty precise message per reason", () => {
    const messages = COUPON_REASONS.map(couponReasonMessage);
    expect(new Set(messages).size).toBe(COUPON_REASONS.length);
    for (const m of messages) expect(m.length).toBeGreaterThan(0);
  });

  it("has one generic message for the public route that reveals nothing", () => {
    expect(GENERIC_COUPON_MESSAGE).toBe("This coupon code is not valid.");
    expect(COUPON_REASONS.map(couponReasonMessage)).not.toContain(GENERIC_COUPON_MESSAGE);
  });
});

describe("normalizeCouponCode", () => {
  it("trims and upper-cases", () => {
    expect(normalizeCouponCode("  welcome20\n")).toBe("WELCOME20");
    expect(normalizeCouponCode("Summer-Sale")).toBe("SUMMER-SALE");
  });

  it("is idempotent (property)", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = normalizeCouponCode(s);
        expect(normalizeCouponCode(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("discountFor", () => {
  it("rounds a percentage half-up to the minor unit", () => {
    expect(discountFor({ percentOff: 20, amountOff: null }, 2999)).toBe(600); // 599.8
    expect(discountFor({ percentOff: 50, amountOff: null }, 2999)).toBe(1500); // 1499.5
    expect(discountFor({ percentOff: 15, amountOff: null }, 10)).toBe(2); // 1.5
    expect(discountFor({ percentOff: 1, amountOff: null }, 49)).toBe(0); // 0.49
  });

  it("gives a fixed amount, clamped to the amount and never below 0", () => {
    expect(discountFor({ percentOff: null, amountOff: 500 }, 2999)).toBe(500);
    expect(discountFor({ percentOff: null, amountOff: 5000 }, 2999)).toBe(2999);
    expect(discountFor({ percentOff: null, amountOff: 500 }, -100)).toBe(0);
    expect(discountFor({ percentOff: 20, amountOff: null }, -100)).toBe(0);
    expect(discountFor({ percentOff: null, amountOff: null }, 2999)).toBe(0);
  });

  it("refuses fractional money", () => {
    expect(() => discountFor({ percentOff: null, amountOff: 5.5 }, 100)).toThrow(RangeError);
    expect(() => discountFor({ percentOff: 10, amountOff: null }, 99.5)).toThrow(RangeError);
  });

  it("is always within [0, max(amount, 0)] (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ percentOff: fc.integer({ min: 0, max: 100 }), amountOff: fc.constant(null) }),
          fc.record({
            percentOff: fc.constant(null),
            amountOff: fc.integer({ min: -1e12, max: 1e12 }),
          }),
        ),
        fc.integer({ min: -1e12, max: 1e12 }),
        (c, amount) => {
          const discount = discountFor(c, amount);
          expect(discount).toBeGreaterThanOrEqual(0);
          expect(discount).toBeLessThanOrEqual(Math.max(amount, 0));
          expect(Number.isSafeInteger(discount)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("discountEndsAt", () => {
  const start = d("2026-01-31T10:00:00Z");

  it("REPEATING n months ends n months after the start, clamped", () => {
    expect(discountEndsAt({ duration: "REPEATING", durationMonths: 1 }, start)).toEqual(
      d("2026-02-28T10:00:00Z"),
    );
    expect(discountEndsAt({ duration: "REPEATING", durationMonths: 3 }, start)).toEqual(
      d("2026-04-30T10:00:00Z"),
    );
  });

  it("ONCE and FOREVER have no end date", () => {
    expect(discountEndsAt({ duration: "ONCE", durationMonths: null }, start)).toBeNull();
    expect(discountEndsAt({ duration: "FOREVER", durationMonths: null }, start)).toBeNull();
  });

  it("REPEATING without a positive month count is a data error", () => {
    expect(() => discountEndsAt({ duration: "REPEATING", durationMonths: null }, start)).toThrow(
      RangeError,
    );
    expect(() => discountEndsAt({ duration: "REPEATING", durationMonths: 0 }, start)).toThrow(
      RangeError,
    );
  });
});
