import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { addMonthsClamped, cycleMonths, periodBounds, secondsBetween } from "../../src/money";

const d = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

/** Dates well inside the years where every month has the usual length; any instant of the day. */
const anyDate = fc.date({
  min: d("1970-01-01T00:00:00.000Z"),
  max: d("2200-12-31T23:59:59.999Z"),
  noInvalidDate: true,
});

describe("cycleMonths", () => {
  it("is 1 for monthly and 12 for yearly", () => {
    expect(cycleMonths("monthly")).toBe(1);
    expect(cycleMonths("yearly")).toBe(12);
  });
});

describe("addMonthsClamped", () => {
  it("clamps the day of month to the end of shorter months", () => {
    expect(iso(addMonthsClamped(d("2026-01-31T00:00:00Z"), 1))).toBe("2026-02-28T00:00:00.000Z");
    expect(iso(addMonthsClamped(d("2028-01-31T00:00:00Z"), 1))).toBe("2028-02-29T00:00:00.000Z");
    expect(iso(addMonthsClamped(d("2026-03-31T00:00:00Z"), 1))).toBe("2026-04-30T00:00:00.000Z");
  });

  it("computes from the anchor, so Jan 31 + 2 is Mar 31, not Mar 28", () => {
    const anchor = d("2026-01-31T00:00:00Z");
    expect(iso(addMonthsClamped(anchor, 2))).toBe("2026-03-31T00:00:00.000Z");
    // Chaining would drift: (Jan 31 + 1) + 1 = Feb 28 + 1 = Mar 28.
    expect(iso(addMonthsClamped(addMonthsClamped(anchor, 1), 1))).toBe("2026-03-28T00:00:00.000Z");
  });

  it("keeps the time of day, to the millisecond", () => {
    expect(iso(addMonthsClamped(d("2026-01-31T13:45:07.123Z"), 1))).toBe(
      "2026-02-28T13:45:07.123Z",
    );
  });

  it("crosses years both ways and handles leap-day anchors", () => {
    expect(iso(addMonthsClamped(d("2026-11-15T00:00:00Z"), 3))).toBe("2027-02-15T00:00:00.000Z");
    expect(iso(addMonthsClamped(d("2026-01-15T00:00:00Z"), -1))).toBe("2025-12-15T00:00:00.000Z");
    expect(iso(addMonthsClamped(d("2026-03-31T00:00:00Z"), -1))).toBe("2026-02-28T00:00:00.000Z");
    expect(iso(addMonthsClamped(d("2028-02-29T00:00:00Z"), 12))).toBe("2029-02-28T00:00:00.000Z");
    expect(iso(addMonthsClamped(d("2028-02-29T00:00:00Z"), 48))).toBe("2032-02-29T00:00:00.000Z");
    expect(iso(addMonthsClamped(d("2026-05-20T00:00:00Z"), 0))).toBe("2026-05-20T00:00:00.000Z");
  });

  it("does not mistake years 0–99 for 1900–1999", () => {
    const anchor = new Date(0);
    anchor.setUTCFullYear(50, 0, 31);
    expect(addMonthsClamped(anchor, 1).getUTCFullYear()).toBe(50);
  });

  it("does not mutate the anchor", () => {
    const anchor = d("2026-01-31T00:00:00Z");
    addMonthsClamped(anchor, 5);
    expect(iso(anchor)).toBe("2026-01-31T00:00:00.000Z");
  });

  it("throws RangeError on an invalid date or a fractional month count", () => {
    expect(() => addMonthsClamped(new Date(Number.NaN), 1)).toThrow(RangeError);
    expect(() => addMonthsClamped(d("2026-01-01T00:00:00Z"), 1.5)).toThrow(RangeError);
  });

  it("never overflows into the following month and keeps day and time when it can (property)", () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -240, max: 240 }), (anchor, months) => {
        const result = addMonthsClamped(anchor, months);
        const target = anchor.getUTCFullYear() * 12 + anchor.getUTCMonth() + months;
        expect(result.getUTCFullYear() * 12 + result.getUTCMonth()).toBe(target);
        expect(result.getUTCDate()).toBeLessThanOrEqual(anchor.getUTCDate());
        // Clamped only when the target month is too short: then the result is its last day.
        if (result.getUTCDate() < anchor.getUTCDate()) {
          const nextDay = new Date(result.getTime() + 86_400_000);
          expect(nextDay.getUTCDate()).toBe(1);
        }
        // Time of day, as a non-negative remainder (results before 1970 have negative timestamps).
        const timeOfDay = (t: Date) => ((t.getTime() % 86_400_000) + 86_400_000) % 86_400_000;
        expect(timeOfDay(result)).toBe(timeOfDay(anchor));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("periodBounds", () => {
  it("gives monthly periods anchored on the 31st", () => {
    const anchor = d("2026-01-31T09:00:00Z");
    const bounds = [0, 1, 2].map((i) => periodBounds(anchor, "monthly", i));
    expect(bounds.map((b) => [iso(b.start), iso(b.end)])).toEqual([
      ["2026-01-31T09:00:00.000Z", "2026-02-28T09:00:00.000Z"],
      ["2026-02-28T09:00:00.000Z", "2026-03-31T09:00:00.000Z"],
      ["2026-03-31T09:00:00.000Z", "2026-04-30T09:00:00.000Z"],
    ]);
  });

  it("gives yearly periods anchored on a leap day", () => {
    const anchor = d("2028-02-29T00:00:00Z");
    expect(iso(periodBounds(anchor, "yearly", 0).end)).toBe("2029-02-28T00:00:00.000Z");
    expect(iso(periodBounds(anchor, "yearly", 3).start)).toBe("2031-02-28T00:00:00.000Z");
    expect(iso(periodBounds(anchor, "yearly", 3).end)).toBe("2032-02-29T00:00:00.000Z");
  });

  it("throws RangeError on a negative or fractional index", () => {
    const anchor = d("2026-01-01T00:00:00Z");
    expect(() => periodBounds(anchor, "monthly", -1)).toThrow(RangeError);
    expect(() => periodBounds(anchor, "monthly", 0.5)).toThrow(RangeError);
  });

  it("is contiguous: the end of period i is the start of period i + 1 (property)", () => {
    fc.assert(
      fc.property(
        anyDate,
        fc.constantFrom("monthly" as const, "yearly" as const),
        fc.integer({ min: 0, max: 120 }),
        (anchor, cycle, i) => {
          const a = periodBounds(anchor, cycle, i);
          const b = periodBounds(anchor, cycle, i + 1);
          expect(a.end.getTime()).toBe(b.start.getTime());
          expect(a.start.getTime()).toBeLessThan(a.end.getTime());
          expect(a.start.getTime()).toBe(
            addMonthsClamped(anchor, i * cycleMonths(cycle)).getTime(),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("secondsBetween", () => {
  it("counts whole seconds from a to b, flooring the milliseconds", () => {
    const a = d("2026-01-01T00:00:00.000Z");
    expect(secondsBetween(a, d("2026-01-31T00:00:00Z"))).toBe(30 * 86_400);
    expect(secondsBetween(a, d("2026-01-01T00:00:01.999Z"))).toBe(1);
    expect(secondsBetween(a, a)).toBe(0);
    expect(secondsBetween(d("2026-01-01T00:00:01Z"), a)).toBe(-1);
    expect(secondsBetween(d("2026-01-01T00:00:00.500Z"), a)).toBe(-1); // floor, not truncation
  });

  it("throws RangeError on an invalid date", () => {
    expect(() => secondsBetween(new Date(Number.NaN), new Date(0))).toThrow(RangeError);
  });
});
