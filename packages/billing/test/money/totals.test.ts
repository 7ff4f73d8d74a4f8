import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { computeInvoiceTotals } from "../../src/money";

describe("computeInvoiceTotals", () => {
  it("sums lines, with no discount and no tax", () => {
    expect(
      computeInvoiceTotals({ lineAmounts: [2999, 1000], discount: null, taxRateBps: 0 }),
    ).toEqual({
      subtotal: 3999,
      discountAmount: 0,
      taxAmount: 0,
      total: 3999,
      amountDue: 3999,
    });
  });

  it("applies tax after the discount, rounded half-up", () => {
    // 9999 − 20 % (1999.8 → 2000) = 7999; 20 % tax = 1599.8 → 1600.
    expect(
      computeInvoiceTotals({
        lineAmounts: [9999],
        discount: { percentOff: 20, amountOff: null },
        taxRateBps: 2000,
      }),
    ).toEqual({
      subtotal: 9999,
      discountAmount: 2000,
      taxAmount: 1600,
      total: 9599,
      amountDue: 9599,
    });
    // 8.25 %: 1000 × 0.0825 = 82.5 → 83.
    expect(
      computeInvoiceTotals({ lineAmounts: [1000], discount: null, taxRateBps: 825 }).taxAmount,
    ).toBe(83);
  });

  it("never discounts below zero, so there is no tax on a fully discounted invoice", () => {
    expect(
      computeInvoiceTotals({
        lineAmounts: [2999],
        discount: { percentOff: null, amountOff: 5000 },
        taxRateBps: 2000,
      }),
    ).toEqual({ subtotal: 2999, discountAmount: 2999, taxAmount: 0, total: 0, amountDue: 0 });
  });

  it("subtracts what is already paid, never going below zero", () => {
    const base = { lineAmounts: [10000], discount: null, taxRateBps: 0 };
    expect(computeInvoiceTotals({ ...base, amountPaid: 2500 }).amountDue).toBe(7500);
    expect(computeInvoiceTotals({ ...base, amountPaid: 12000 }).amountDue).toBe(0);
  });

  it("allows a credit invoice: negative total, nothing discounted, no tax, nothing due", () => {
    // The proration worked example as a downgrade: −5000 credit, +1500 charge.
    expect(
      computeInvoiceTotals({
        lineAmounts: [-5000, 1500],
        discount: { percentOff: 20, amountOff: null },
        taxRateBps: 2000,
      }),
    ).toEqual({ subtotal: -3500, discountAmount: 0, taxAmount: 0, total: -3500, amountDue: 0 });
  });

  it("handles an empty invoice", () => {
    expect(computeInvoiceTotals({ lineAmounts: [], discount: null, taxRateBps: 2000 })).toEqual({
      subtotal: 0,
      discountAmount: 0,
      taxAmount: 0,
      total: 0,
      amountDue: 0,
    });
  });

  it("refuses fractional money, a fractional or negative tax rate, and a negative payment", () => {
    expect(() =>
      computeInvoiceTotals({ lineAmounts: [29.99], discount: null, taxRateBps: 0 }),
    ).toThrow(RangeError);
    expect(() =>
      computeInvoiceTotals({ lineAmounts: [100], discount: null, taxRateBps: 20.5 }),
    ).toThrow(RangeError);
    expect(() =>
      computeInvoiceTotals({ lineAmounts: [100], discount: null, taxRateBps: -1 }),
    ).toThrow(RangeError);
    expect(() =>
      computeInvoiceTotals({ lineAmounts: [100], discount: null, taxRateBps: 0, amountPaid: -1 }),
    ).toThrow(RangeError);
  });

  it("sums exactly even when a running float sum would pass 2^53", () => {
    const big = Number.MAX_SAFE_INTEGER;
    expect(
      computeInvoiceTotals({ lineAmounts: [big, 1, -big], discount: null, taxRateBps: 0 }).subtotal,
    ).toBe(1);
    expect(() =>
      computeInvoiceTotals({ lineAmounts: [big, 1], discount: null, taxRateBps: 0 }),
    ).toThrow(RangeError);
  });

  it("keeps the invoice invariants for any input (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e10, max: 1e10 }), { maxLength: 20 }),
        fc.option(
          fc.oneof(
            fc.record({
              percentOff: fc.integer({ min: 1, max: 100 }),
              amountOff: fc.constant(null),
            }),
            fc.record({
              percentOff: fc.constant(null),
              amountOff: fc.integer({ min: 0, max: 1e11 }),
            }),
          ),
          { nil: null },
        ),
        fc.integer({ min: 0, max: 10000 }),
        fc.option(fc.integer({ min: 0, max: 1e12 }), { nil: undefined }),
        (lineAmounts, discount, taxRateBps, amountPaid) => {
          const t = computeInvoiceTotals({ lineAmounts, discount, taxRateBps, amountPaid });
          expect(t.subtotal).toBe(lineAmounts.reduce((s, a) => s + a, 0));
          expect(t.total).toBe(t.subtotal - t.discountAmount + t.taxAmount);
          expect(t.amountDue).toBeGreaterThanOrEqual(0);
          expect(t.amountDue).toBe(Math.max(0, t.total - (amountPaid ?? 0)));
          expect(t.discountAmount).toBeGreaterThanOrEqual(0);
          expect(t.discountAmount).toBeLessThanOrEqual(Math.max(t.subtotal, 0));
          expect(t.taxAmount).toBeGreaterThanOrEqual(0);
          for (const v of Object.values(t)) expect(Number.isSafeInteger(v)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
