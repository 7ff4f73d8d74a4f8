/**
 * Integer money arithmetic. Every amount is an integer of minor units; a product such as
 * `amount × secondsLeft` can pass 2^53 long before the quotient does, so the multiply-then-divide is done
 * in BigInt, where it is exact, and only the final, rounded quotient comes back as a number.
 */

function toBigIntOperand(value: number | bigint, name: string): bigint {
  if (typeof value === "bigint") return value;
  // A fractional or unsafe operand would already have lost precision before we could round it.
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${name} must be a safe integer, got ${value}`);
  return BigInt(value);
}

/**
 * `numerator / denominator` rounded half away from zero (1.5 → 2, −1.5 → −2), so a credit and the
 * matching charge round symmetrically.
 */
function divHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("Division by zero");
  // Normalise the sign onto the numerator so the remainder test below works on non-negative values.
  const n = denominator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const abs = n < 0n ? -n : n;
  let q = abs / d;
  if (2n * (abs % d) >= d) q += 1n;
  return n < 0n ? -q : q;
}

/**
 * Exact `amount × numerator / denominator`, rounded half away from zero to a whole minor unit.
 * Throws RangeError for a non-integer amount, a zero denominator, or a result outside the safe integer
 * range (returning it would silently lose units).
 */
export function mulDivHalfUp(
  amount: number,
  numerator: number | bigint,
  denominator: number | bigint,
): number {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`Money must be an integer of minor units, got ${amount}`);
  const num = toBigIntOperand(numerator, "numerator");
  const den = toBigIntOperand(denominator, "denominator");
  const result = divHalfUp(BigInt(amount) * num, den);
  if (result > BigInt(Number.MAX_SAFE_INTEGER) || result < BigInt(Number.MIN_SAFE_INTEGER))
    throw new RangeError(`Result ${result} is outside the safe integer range`);
  return Number(result);
}
