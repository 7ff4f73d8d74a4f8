import { describe, expect, it } from "vitest";

import { plural, seatCount } from "../../src/lib/plural";

describe("plurals", () => {
  it("one seat, many seats, no seats", () => {
    expect(seatCount(1)).toBe("1 seat");
    expect(seatCount(3)).toBe("3 seats");
    expect(seatCount(0)).toBe("0 seats");
    expect(seatCount(10000)).toBe("10,000 seats");
  });
  it("irregular nouns take their own plural", () => {
    expect(plural(1, "user")).toBe("1 user");
    expect(plural(25, "user")).toBe("25 users");
    expect(plural(2, "person", "people")).toBe("2 people");
  });
});
