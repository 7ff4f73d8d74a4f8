import { describe, expect, it } from "vitest";

import { minorToDecimal, toCsv } from "../../src/lib/csv";

describe("toCsv", () => {
  it("quotes commas, quotes and line breaks, and defuses formulas", () => {
    expect(
      toCsv([
        ["plan", "collected"],
        ['Pro, "annual"', 2999],
        ["=HYPERLINK(1)", null],
        ["-5", -5],
      ]),
    ).toBe('plan,collected\r\n"Pro, ""annual""",2999\r\n\'=HYPERLINK(1),\r\n\'-5,-5\r\n');
  });
});

describe("minorToDecimal", () => {
  it("uses the currency's exponent, never floating point", () => {
    expect(minorToDecimal(2999, "usd")).toBe("29.99");
    expect(minorToDecimal(5, "eur")).toBe("0.05");
    expect(minorToDecimal(-1234, "usd")).toBe("-12.34");
    expect(minorToDecimal(500, "jpy")).toBe("500");
    expect(minorToDecimal(12345, "kwd")).toBe("12.345");
  });
});
