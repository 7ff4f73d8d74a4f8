import { describe, expect, it } from "vitest";

import { formatMoney } from "../../src/lib/format";

describe("formatMoney on the pages", () => {
  it("writes a credit with a true minus sign and a charge as Intl does", () => {
    expect(formatMoney(-287_964, "usd")).toBe("\u2212$2,879.64");
    expect(formatMoney(287_964, "usd")).toBe("$2,879.64");
    expect(formatMoney(0, "eur")).toBe("€0.00");
    expect(formatMoney(-500, "jpy")).toBe("\u2212¥500");
  });
});
