import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { minorToDecimal } from "../../src/lib/csv";
import { decimalToMinor } from "../../src/lib/money-input";

describe("decimalToMinor", () => {
  it("reads amounts exactly, by the currency's exponent", () => {
    expect(decimalToMinor("14.99", "usd")).toBe(1499);
    expect(decimalToMinor("1,000.5", "eur")).toBe(100050);
    expect(decimalToMinor("0.1", "usd")).toBe(10);
    expect(decimalToMinor("500", "jpy")).toBe(500);
    for (const bad of ["", "1.999", "-1", "1e3", "abc", "1.2.3", "5.5"])
      expect(decimalToMinor(bad, bad === "5.5" ? "jpy" : "usd"), bad).toBeNull();
  });

  it("round-trips every amount the CSV export writes", () => {
    fc.assert(
      fc.property(
        // Every amount a column can hold (PostgreSQL integer); 12 integer digits of input cover it.
        fc.integer({ min: 0, max: 2_147_483_647 }),
        fc.constantFrom("usd", "jpy", "kwd"),
        (n, c) => decimalToMinor(minorToDecimal(n, c), c) === n,
      ),
      { numRuns: 1000 },
    );
  });
});
