import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { chargeForWindow, prorationTotals, unusedCredit } from "../../src/money";

import { d, HALF_WAY, JAN_END, JAN_START } from "./proration-fixtures";

const PERIOD_MS = JAN_END.getTime() - JAN_START.getTime();

describe("paid terms (examples)", () => {
  it("credits the unused part of what was paid, tax separately", () => {
    const paid = { amount: 9999, tax: 1900, from: JAN_START, to: JAN_END };
    expect(unusedCredit(paid, HALF_WAY)).toEqual({ amount: 5000, tax: 950 });
    expect(unusedCredit(paid, JAN_START)).toEqual({ amount: 9999, tax: 1900 });
    expect(unusedCredit(paid, JAN_END)).toEqual({ amount: 0, tax: 0 });
  });

  it("discounts and taxes the full period's price, then prorates each", () => {
    const charge = chargeForWindow({
      fullPrice: 9999,
      percentOff: 50,
      taxRateBps: 1900,
      periodStart: JAN_START,
      periodEnd: JAN_END,
      at: HALF_WAY,
    });
    // Net full 4999, tax full 950; half of each: 2500 (2499.5) and 475; gross half 5000.
    expect(charge).toEqual({ gross: 5000, discount: 2500, net: 2500, tax: 475 });
  });

  it("totals: a DE downgrade half way is a 4165 credit", () => {
    const credit = unusedCredit(
      { amount: 9999, tax: 1900, from: JAN_START, to: JAN_END },
      HALF_WAY,
    );
    const charge = chargeForWindow({
      fullPrice: 2999,
      percentOff: 0,
      taxRateBps: 1900,
      periodStart: JAN_START,
      periodEnd: JAN_END,
      at: HALF_WAY,
    });
    expect(prorationTotals(credit, charge)).toEqual({
      subtotal: -3500,
      discountAmount: 0,
      taxAmount: -665,
      total: -4165,
    });
  });
});

const price = fc.integer({ min: 0, max: 10_000_000 });
const percent = fc.integer({ min: 0, max: 100 });
const taxBps = fc.integer({ min: 0, max: 2500 });
const fraction = fc.integer({ min: 0, max: 1_000_000 });
const at = (f: number) => new Date(JAN_START.getTime() + Math.floor((PERIOD_MS * f) / 1_000_000));

/** A subscription changing plan at increasing instants: what it paid, and what it was credited. */
function simulate(steps: { price: number; percent: number; at: number }[], bps: number) {
  let window = { amount: 0, tax: 0, from: JAN_START, to: JAN_END };
  const first = chargeForWindow({
    fullPrice: steps[0]!.price,
    percentOff: steps[0]!.percent,
    taxRateBps: bps,
    periodStart: JAN_START,
    periodEnd: JAN_END,
    at: JAN_START,
  });
  window = { amount: first.net, tax: first.tax, from: JAN_START, to: JAN_END };
  let paid = first.net + first.tax;
  let credited = 0;
  const instants = steps
    .slice(1)
    .map((s) => s.at)
    .sort((a, b) => a - b);
  steps.slice(1).forEach((step, i) => {
    const when = at(instants[i]!);
    const credit = unusedCredit(window, when);
    expect(credit.amount + credit.tax).toBeLessThanOrEqual(window.amount + window.tax);
    const charge = chargeForWindow({
      fullPrice: step.price,
      percentOff: step.percent,
      taxRateBps: bps,
      periodStart: JAN_START,
      periodEnd: JAN_END,
      at: when,
    });
    const totals = prorationTotals(credit, charge);
    expect(totals.total).toBe(charge.net + charge.tax - credit.amount - credit.tax);
    credited += credit.amount + credit.tax;
    paid += charge.net + charge.tax;
    window = { amount: charge.net, tax: charge.tax, from: when, to: JAN_END };
  });
  return { paid, credited, window };
}

describe("paid terms (properties)", () => {
  it("a credit never exceeds what was paid for the unused time, tax included", () => {
    fc.assert(
      fc.property(
        price,
        fc.integer({ min: 0, max: 1_000_000 }),
        fraction,
        fraction,
        (amount, tax, f1, f2) => {
          const from = at(Math.min(f1, f2));
          const when = at(Math.max(f1, f2));
          const credit = unusedCredit({ amount, tax, from, to: JAN_END }, when);
          expect(credit.amount).toBeGreaterThanOrEqual(0);
          expect(credit.amount).toBeLessThanOrEqual(amount);
          expect(credit.tax).toBeLessThanOrEqual(tax);
          // Later means less: the credit never grows as time passes.
          const later = unusedCredit(
            { amount, tax, from, to: JAN_END },
            d(new Date(when.getTime() + 1000).toISOString()),
          );
          expect(later.amount).toBeLessThanOrEqual(credit.amount);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("a round trip at one instant mints nothing: the new window credits back exactly what it charged", () => {
    fc.assert(
      fc.property(price, price, percent, taxBps, fraction, (a, b, p, bps, f) => {
        const { paid, credited } = simulate(
          [
            { price: a, percent: p, at: 0 },
            { price: b, percent: p, at: f },
            { price: a, percent: p, at: f },
          ],
          bps,
        );
        // Paid: A's period, then B's rest, then A's rest again; credited: A's rest and B's rest,
        // each priced exactly as it was charged. The trip costs A's period once — not a unit less.
        const aPeriod = chargeForWindow({
          fullPrice: a,
          percentOff: p,
          taxRateBps: bps,
          periodStart: JAN_START,
          periodEnd: JAN_END,
          at: JAN_START,
        });
        expect(paid - credited).toBe(aPeriod.net + aPeriod.tax);
      }),
      { numRuns: 2000 },
    );
  });

  it("over any sequence of changes, everything credited was paid first", () => {
    const step = fc.record({ price, percent, at: fraction });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), taxBps, (steps, bps) => {
        const { paid, credited, window } = simulate(steps, bps);
        expect(credited).toBeLessThanOrEqual(paid);
        // What stays paid covers at least the window still open.
        expect(paid - credited).toBeGreaterThanOrEqual(window.amount + window.tax);
      }),
      { numRuns: 1000 },
    );
  });
});
