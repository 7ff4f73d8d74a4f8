import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { computePlanChange, mulDivHalfUp, prorate, secondsBetween } from "../../src/money";

import { d, HALF_WAY, JAN_END, JAN_START, proMonthly, starterMonthly } from "./proration-fixtures";

describe("prorate", () => {
  const period = { periodStart: JAN_START, periodEnd: JAN_END };

  it("is amount × secondsLeft / secondsInPeriod, rounded half-up", () => {
    expect(prorate(2999, { ...period, at: HALF_WAY })).toBe(1500); // 1499.5
    expect(prorate(3000, { ...period, at: d("2026-01-21T00:00:00Z") })).toBe(1000); // 10 of 30 days
    expect(prorate(100, { ...period, at: d("2026-01-11T00:00:00Z") })).toBe(67); // 66.67
    expect(prorate(-2999, { ...period, at: HALF_WAY })).toBe(-1500);
  });

  it("is the full amount at the start and nothing at the end", () => {
    expect(prorate(2999, { ...period, at: JAN_START })).toBe(2999);
    expect(prorate(2999, { ...period, at: JAN_END })).toBe(0);
  });

  it("clamps an instant outside the period", () => {
    expect(prorate(2999, { ...period, at: d("2025-12-01T00:00:00Z") })).toBe(2999);
    expect(prorate(2999, { ...period, at: d("2026-02-15T00:00:00Z") })).toBe(0);
  });

  it("counts whole seconds left: a started second is a used second", () => {
    const end = d("2026-01-01T00:00:10Z");
    expect(
      prorate(1000, { periodStart: JAN_START, periodEnd: end, at: d("2026-01-01T00:00:00.400Z") }),
    ).toBe(900);
  });

  it("throws RangeError on an empty or reversed period", () => {
    expect(() => prorate(100, { periodStart: JAN_END, periodEnd: JAN_END, at: JAN_END })).toThrow(
      RangeError,
    );
    expect(() => prorate(100, { periodStart: JAN_END, periodEnd: JAN_START, at: JAN_END })).toThrow(
      RangeError,
    );
  });

  it("splitting a period at any instant loses or creates at most one unit (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.date({
          min: d("2000-01-01T00:00:00Z"),
          max: d("2100-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 400 * 86_400 }),
        fc.integer({ min: -86_400, max: 401 * 86_400 }),
        (amount, periodStart, seconds, offset) => {
          const periodEnd = new Date(periodStart.getTime() + seconds * 1000);
          const at = new Date(periodStart.getTime() + offset * 1000);
          const left = prorate(amount, { periodStart, periodEnd, at });
          // The used part, computed independently from the start of the period.
          const secondsUsed = Math.min(Math.max(secondsBetween(periodStart, at), 0), seconds);
          const used = mulDivHalfUp(amount, secondsUsed, seconds);
          expect(Math.abs(left + used - amount)).toBeLessThanOrEqual(1);
          // And the part left is always between 0 and the amount.
          expect(Math.abs(left)).toBeLessThanOrEqual(Math.abs(amount));
          expect(left * amount).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("never grows as time passes (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 1, max: 400 * 86_400 }),
        fc.integer({ min: 0, max: 400 * 86_400 }),
        fc.integer({ min: 0, max: 400 * 86_400 }),
        (amount, seconds, t1, t2) => {
          const periodEnd = new Date(JAN_START.getTime() + seconds * 1000);
          const at = (t: number) => new Date(JAN_START.getTime() + t * 1000);
          const [early, late] = t1 <= t2 ? [t1, t2] : [t2, t1];
          const before = prorate(amount, { periodStart: JAN_START, periodEnd, at: at(early) });
          const after = prorate(amount, { periodStart: JAN_START, periodEnd, at: at(late) });
          expect(after).toBeLessThanOrEqual(before);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("computePlanChange, same cycle", () => {
  it("worked example: Starter 2999 → Professional 9999 half way through a 30-day period", () => {
    const change = computePlanChange({
      current: starterMonthly,
      next: proMonthly,
      periodStart: JAN_START,
      periodEnd: JAN_END,
      prorationDate: HALF_WAY,
    });
    // Half-up per line: 1499.5 → 1500 and 4999.5 → 5000; never rounded on the sum.
    expect(change.credit).toBe(1500);
    expect(change.charge).toBe(5000);
    expect(change.net).toBe(3500);
    expect(change.isUpgrade).toBe(true);
    expect(change.cycleChange).toBe(false);
    expect(change.newPeriodStart).toEqual(JAN_START);
    expect(change.newPeriodEnd).toEqual(JAN_END);
    expect(change.lines).toEqual([
      {
        description: "Unused time on Starter, 1 seat, Jan 16 – Jan 31",
        amount: -1500,
        periodStart: HALF_WAY,
        periodEnd: JAN_END,
        proration: true,
      },
      {
        description: "Remaining time on Professional, 1 seat, Jan 16 – Jan 31",
        amount: 5000,
        periodStart: HALF_WAY,
        periodEnd: JAN_END,
        proration: true,
      },
    ]);
  });

  it("a downgrade has a negative net (a credit to carry forward)", () => {
    const change = computePlanChange({
      current: proMonthly,
      next: starterMonthly,
      periodStart: JAN_START,
      periodEnd: JAN_END,
      prorationDate: HALF_WAY,
    });
    expect([change.credit, change.charge, change.net, change.isUpgrade]).toEqual([
      5000,
      1500,
      -3500,
      false,
    ]);
  });

  it("prorates seat changes on unitAmount × quantity", () => {
    const change = computePlanChange({
      current: { ...proMonthly, quantity: 3 },
      next: { ...proMonthly, quantity: 5 },
      periodStart: JAN_START,
      periodEnd: JAN_END,
      prorationDate: d("2026-01-21T00:00:00Z"), // 10 of 30 days left
    });
    expect([change.credit, change.charge, change.net]).toEqual([9999, 16665, 6666]);
    expect(change.isUpgrade).toBe(true);
  });

  it("at the very start credits and charges full prices; at the end, nothing (and no -0)", () => {
    const base = {
      current: starterMonthly,
      next: proMonthly,
      periodStart: JAN_START,
      periodEnd: JAN_END,
    };
    const atStart = computePlanChange({ ...base, prorationDate: JAN_START });
    expect([atStart.credit, atStart.charge]).toEqual([2999, 9999]);
    const atEnd = computePlanChange({ ...base, prorationDate: JAN_END });
    expect([atEnd.credit, atEnd.charge, atEnd.net]).toEqual([0, 0, 0]);
    expect(Object.is(atEnd.lines[0]!.amount, 0)).toBe(true);
  });

  it("refuses a proration date outside the current period (a stale preview)", () => {
    const base = {
      current: starterMonthly,
      next: proMonthly,
      periodStart: JAN_START,
      periodEnd: JAN_END,
    };
    expect(() => computePlanChange({ ...base, prorationDate: d("2026-02-01T00:00:00Z") })).toThrow(
      RangeError,
    );
    expect(() => computePlanChange({ ...base, prorationDate: d("2025-12-31T00:00:00Z") })).toThrow(
      RangeError,
    );
  });

  it("refuses negative or fractional prices and quantities", () => {
    const base = { periodStart: JAN_START, periodEnd: JAN_END, prorationDate: HALF_WAY };
    expect(() =>
      computePlanChange({
        ...base,
        current: { ...starterMonthly, unitAmount: -1 },
        next: proMonthly,
      }),
    ).toThrow(RangeError);
    expect(() =>
      computePlanChange({
        ...base,
        current: starterMonthly,
        next: { ...proMonthly, unitAmount: 99.99 },
      }),
    ).toThrow(RangeError);
    expect(() =>
      computePlanChange({
        ...base,
        current: starterMonthly,
        next: { ...proMonthly, quantity: -2 },
      }),
    ).toThrow(RangeError);
  });
});
