import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { computePlanChange, type PriceLine } from "../../src/money";

import {
  d,
  HALF_WAY,
  JAN_END,
  JAN_START,
  proMonthly,
  starterMonthly,
  starterYearly,
} from "./proration-fixtures";

describe("computePlanChange, cycle change", () => {
  it("monthly → yearly: credits unused time, ends the period now and charges a full new year", () => {
    const change = computePlanChange({
      current: starterMonthly,
      next: starterYearly,
      periodStart: JAN_START,
      periodEnd: JAN_END,
      prorationDate: HALF_WAY,
    });
    expect([change.credit, change.charge, change.net]).toEqual([1500, 29988, 28488]);
    expect(change.cycleChange).toBe(true);
    // Yearly 29988 is cheaper per month than 12 × 2999 = 35988: not an upgrade.
    expect(change.isUpgrade).toBe(false);
    expect(change.newPeriodStart).toEqual(HALF_WAY);
    expect(change.newPeriodEnd).toEqual(d("2027-01-16T00:00:00Z"));
    expect(change.lines.map((l) => [l.description, l.amount])).toEqual([
      ["Unused time on Starter, 1 seat, Jan 16 – Jan 31", -1500],
      ["Starter, 1 seat, Jan 16, 2026 – Jan 16, 2027", 29988],
    ]);
    expect(change.lines[1]!.periodStart).toEqual(HALF_WAY);
    expect(change.lines[1]!.periodEnd).toEqual(d("2027-01-16T00:00:00Z"));
  });

  it("yearly → monthly: Starter yearly → Professional monthly is an upgrade, new period is one month", () => {
    const yearStart = d("2026-01-31T00:00:00Z");
    const yearEnd = d("2027-01-31T00:00:00Z");
    const change = computePlanChange({
      current: starterYearly,
      next: proMonthly,
      periodStart: yearStart,
      periodEnd: yearEnd,
      prorationDate: yearStart,
    });
    expect(change.isUpgrade).toBe(true);
    expect([change.credit, change.charge, change.net]).toEqual([29988, 9999, -19989]);
    // The new monthly period keeps the 31st, clamped to February's end.
    expect(change.newPeriodEnd).toEqual(d("2026-02-28T00:00:00Z"));
  });

  it("equal price per month is not an upgrade", () => {
    const change = computePlanChange({
      current: { ...starterMonthly, unitAmount: 1000 },
      next: { ...starterYearly, unitAmount: 12000 },
      periodStart: JAN_START,
      periodEnd: JAN_END,
      prorationDate: HALF_WAY,
    });
    expect(change.isUpgrade).toBe(false);
  });
});

describe("computePlanChange properties", () => {
  const price = (cycle: "monthly" | "yearly") =>
    fc.record({
      unitAmount: fc.integer({ min: 0, max: 1e9 }),
      quantity: fc.integer({ min: 0, max: 1000 }),
      cycle: fc.constant(cycle),
      label: fc.constant("Plan"),
    });
  const window = fc
    .tuple(
      fc.date({
        min: d("2000-01-01T00:00:00Z"),
        max: d("2100-01-01T00:00:00Z"),
        noInvalidDate: true,
      }),
      fc.integer({ min: 1000, max: 400 * 86_400_000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    )
    .map(([periodStart, ms, f]) => ({
      periodStart,
      periodEnd: new Date(periodStart.getTime() + ms),
      prorationDate: new Date(periodStart.getTime() + Math.floor(ms * f)),
    }));

  it("same cycle: credit ≤ current full price, charge ≤ next full price, so their sum ≤ both (property)", () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom("monthly" as const, "yearly" as const)
          .chain((c) => fc.tuple(price(c), price(c))),
        window,
        ([current, next], w) => {
          const change = computePlanChange({ current, next, ...w });
          const currentFull = current.unitAmount * current.quantity;
          const nextFull = next.unitAmount * next.quantity;
          expect(change.credit).toBeGreaterThanOrEqual(0);
          expect(change.charge).toBeGreaterThanOrEqual(0);
          expect(change.credit).toBeLessThanOrEqual(currentFull);
          expect(change.charge).toBeLessThanOrEqual(nextFull);
          expect(change.credit + change.charge).toBeLessThanOrEqual(currentFull + nextFull);
          expect(change.net).toBe(change.charge - change.credit);
          expect(change.lines.reduce((s, l) => s + l.amount, 0)).toBe(change.net);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("cycle change: full next price for exactly one new cycle; isUpgrade is the per-month comparison (property)", () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(["monthly", "yearly"] as const, ["yearly", "monthly"] as const)
          .chain(([a, b]) => fc.tuple(price(a), price(b))),
        window,
        ([current, next], w) => {
          const change = computePlanChange({ current, next, ...w });
          expect(change.cycleChange).toBe(true);
          expect(change.charge).toBe(next.unitAmount * next.quantity);
          expect(change.credit).toBeLessThanOrEqual(current.unitAmount * current.quantity);
          expect(change.newPeriodStart).toEqual(w.prorationDate);
          expect(change.newPeriodEnd.getTime()).toBeGreaterThan(w.prorationDate.getTime());
          const perMonth = (p: PriceLine) =>
            (p.unitAmount * p.quantity) / (p.cycle === "yearly" ? 12 : 1);
          // Cross-check against plain division where it is exact enough to decide (no ties).
          if (perMonth(next) !== perMonth(current))
            expect(change.isUpgrade).toBe(perMonth(next) > perMonth(current));
          else expect(change.isUpgrade).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
