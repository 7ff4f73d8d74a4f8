import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { mulDivHalfUp } from "../../src/money";

/**
 * Independent reference: the exact rational n/d rounded half away from zero, decided by comparing
 * 2·|n| with (2q + 1)·|d| instead of reusing the implementation's remainder test.
 */
function reference(amount: bigint, num: bigint, den: bigint): bigint {
  const n = amount * num;
  const negative = n < 0n !== den < 0n && n !== 0n;
  const an = n < 0n ? -n : n;
  const ad = den < 0n ? -den : den;
  let q = an / ad; // floor of the magnitude
  if (2n * an >= (2n * q + 1n) * ad) q += 1n;
  return negative ? -q : q;
}

describe("mulDivHalfUp", () => {
  it("rounds exact halves away from zero", () => {
    expect(mulDivHalfUp(2999, 1, 2)).toBe(1500); // 1499.5
    expect(mulDivHalfUp(-2999, 1, 2)).toBe(-1500); // -1499.5
    expect(mulDivHalfUp(3, 1, 2)).toBe(2);
    expect(mulDivHalfUp(1, 1, 2)).toBe(1);
    expect(mulDivHalfUp(-1, 1, 2)).toBe(-1);
  });

  it("rounds below half down and above half up", () => {
    expect(mulDivHalfUp(10, 1, 3)).toBe(3); // 3.333…
    expect(mulDivHalfUp(20, 1, 3)).toBe(7); // 6.666…
    expect(mulDivHalfUp(-10, 1, 3)).toBe(-3);
    expect(mulDivHalfUp(-20, 1, 3)).toBe(-7);
  });

  it("handles a negative denominator and zero", () => {
    expect(mulDivHalfUp(2999, 1, -2)).toBe(-1500);
    expect(mulDivHalfUp(-2999, -1, -2)).toBe(-1500);
    expect(mulDivHalfUp(0, 7, 3)).toBe(0);
    expect(Object.is(mulDivHalfUp(0, -7, 3), 0)).toBe(true); // never -0
  });

  it("is exact where floats are not (products far past 2^53)", () => {
    // 9e15 × 31_536_000 overflows double precision; BigInt keeps every unit.
    expect(mulDivHalfUp(9_000_000_000_000_001, 31_536_000, 31_536_000)).toBe(9_000_000_000_000_001);
    expect(mulDivHalfUp(Number.MAX_SAFE_INTEGER, 3n, 3n)).toBe(Number.MAX_SAFE_INTEGER);
    // 2000 bps of 1005 = 201 exactly; 0.1 × 3 style float drift cannot happen.
    expect(mulDivHalfUp(1005, 2000, 10000)).toBe(201);
    expect(mulDivHalfUp(1234, 2000, 10000)).toBe(247); // 246.8
  });

  it("accepts bigint operands", () => {
    expect(mulDivHalfUp(100, 1n, 3n)).toBe(33);
  });

  it("throws RangeError on a non-integer amount, a zero denominator or an unsafe result", () => {
    expect(() => mulDivHalfUp(29.99, 1, 2)).toThrow(RangeError);
    expect(() => mulDivHalfUp(Number.NaN, 1, 2)).toThrow(RangeError);
    expect(() => mulDivHalfUp(2 ** 60, 1, 2)).toThrow(RangeError);
    expect(() => mulDivHalfUp(100, 1, 0)).toThrow(RangeError);
    expect(() => mulDivHalfUp(100, 1n, 0n)).toThrow(RangeError);
    expect(() => mulDivHalfUp(100, 1.5, 2)).toThrow(RangeError);
    expect(() => mulDivHalfUp(Number.MAX_SAFE_INTEGER, 2, 1)).toThrow(RangeError);
  });

  it("matches an exact BigInt rational reference (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e15, max: 1e15 }),
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n),
        (amount, num, den) => {
          const expected = reference(BigInt(amount), num, den);
          fc.pre(expected <= BigInt(Number.MAX_SAFE_INTEGER));
          fc.pre(expected >= BigInt(Number.MIN_SAFE_INTEGER));
          expect(BigInt(mulDivHalfUp(amount, num, den))).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("is within half a unit of the exact value and odd-symmetric (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 1e6 }),
        (amount, num, den) => {
          const r = mulDivHalfUp(amount, num, den);
          // |r·den − amount·num| ≤ den/2, in exact integers.
          const err = BigInt(r) * BigInt(den) - BigInt(amount) * BigInt(num);
          expect(2n * (err < 0n ? -err : err) <= BigInt(den)).toBe(true);
          expect(mulDivHalfUp(-amount, num, den)).toBe(r === 0 ? 0 : -r);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
