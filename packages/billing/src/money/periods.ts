/**
 * Billing periods in UTC. A subscription keeps its anchor's day of month for its whole life: every period
 * boundary is computed from the anchor (never by chaining the previous boundary), so a Jan 31 anchor bills on
 * Feb 28/29 and then again on Mar 31 rather than drifting to the 28th forever.
 */

export type BillingCycle = "monthly" | "yearly";

export function cycleMonths(cycle: BillingCycle): 1 | 12 {
  return cycle === "yearly" ? 12 : 1;
}

function assertValidDate(date: Date, name: string): void {
  if (Number.isNaN(date.getTime())) throw new RangeError(`${name} is an invalid Date`);
}

function daysInMonthUTC(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  const d = new Date(0);
  d.setUTCFullYear(year, month + 1, 0);
  return d.getUTCDate();
}

/**
 * `anchor` plus `months` calendar months (UTC), keeping the anchor's day of month clamped to the last day
 * of the target month, and keeping the time of day. Negative `months` go back in time.
 */
export function addMonthsClamped(anchor: Date, months: number): Date {
  assertValidDate(anchor, "anchor");
  if (!Number.isSafeInteger(months))
    throw new RangeError(`months must be an integer, got ${months}`);
  const total = anchor.getUTCFullYear() * 12 + anchor.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(anchor.getUTCDate(), daysInMonthUTC(year, month));
  // setUTCFullYear rather than Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const result = new Date(0);
  result.setUTCFullYear(year, month, day);
  result.setUTCHours(
    anchor.getUTCHours(),
    anchor.getUTCMinutes(),
    anchor.getUTCSeconds(),
    anchor.getUTCMilliseconds(),
  );
  return result;
}

/**
 * Period `index` (0-based) of a subscription anchored at `anchor`. Both bounds come from the anchor, so
 * the end of period i is exactly the start of period i + 1: no gap, no overlap.
 */
export function periodBounds(
  anchor: Date,
  cycle: BillingCycle,
  index: number,
): { start: Date; end: Date } {
  if (!Number.isSafeInteger(index) || index < 0)
    throw new RangeError(`index must be a non-negative integer, got ${index}`);
  const months = cycleMonths(cycle);
  return {
    start: addMonthsClamped(anchor, index * months),
    end: addMonthsClamped(anchor, (index + 1) * months),
  };
}

/** Whole seconds from `a` to `b` (floor of the millisecond difference; negative when b is before a). */
export function secondsBetween(a: Date, b: Date): number {
  assertValidDate(a, "a");
  assertValidDate(b, "b");
  return Math.floor((b.getTime() - a.getTime()) / 1000);
}
