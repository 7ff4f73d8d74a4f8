import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { currencyExponent, formatMoney } from "../src";

describe("currency exponents", () => {
  it("follows ISO-4217: USD 2, JPY 0, KWD 3; case-insensitive; unknown currencies throw", () => {
    expect([currencyExponent("usd"), currencyExponent("JPY"), currencyExponent("kwd")]).toEqual([
      2, 0, 3,
    ]);
    expect(() => currencyExponent("xxx")).toThrow(RangeError);
  });
});

describe("formatMoney", () => {
  it("formats minor units in the currency's own precision", () => {
    expect(formatMoney(2999, "usd")).toBe("$29.99");
    expect(formatMoney(500, "jpy")).toBe("¥500");
    expect(formatMoney(1500, "kwd").replace(/\s/g, " ")).toBe("KWD 1.500");
    expect(formatMoney(-5, "usd")).toBe("-$0.05");
  });

  it("refuses floats", () => {
    expect(() => formatMoney(29.99, "usd")).toThrow(RangeError);
  });

  it("never loses a minor unit: the digits shown are exactly the integer amount (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e15, max: 1e15 }),
        fc.constantFrom("usd", "jpy", "kwd"),
        (amount, currency) => {
          const digits = formatMoney(amount, currency).replace(/[^0-9]/g, "");
          expect(BigInt(digits)).toBe(BigInt(Math.abs(amount)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
