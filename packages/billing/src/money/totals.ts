/**
 * Invoice totals. Order matters and is fixed: discount on the subtotal, then tax on what is left after the
 * discount (domain rule), so `total = subtotal − discountAmount + taxAmount` holds exactly, in integers.
 */
import { discountFor } from "./coupons";
import { mulDivHalfUp } from "./rounding";

export interface InvoiceTotals {
  subtotal: number;
  discountAmount: number;
  taxAmount: number;
  total: number;
  amountDue: number;
}

function assertSafe(value: number, name: string): number {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${name} must be a safe integer, got ${value}`);
  return value;
}

/**
 * Totals of an invoice whose lines are `lineAmounts` (negative for credits). A negative total is a credit
 * invoice and is allowed; nothing is then due. `taxRateBps` is in basis points (2000 = 20.00 %).
 */
export function computeInvoiceTotals(args: {
  lineAmounts: number[];
  discount: { percentOff: number | null; amountOff: number | null } | null;
  taxRateBps: number;
  amountPaid?: number;
}): InvoiceTotals {
  if (!Number.isSafeInteger(args.taxRateBps) || args.taxRateBps < 0)
    throw new RangeError(`taxRateBps must be a non-negative integer, got ${args.taxRateBps}`);
  const amountPaid = assertSafe(args.amountPaid ?? 0, "amountPaid");
  if (amountPaid < 0) throw new RangeError("amountPaid cannot be negative");

  // Summed in BigInt: a running float sum past 2^53 would lose units even if the final sum is safe.
  const exactSubtotal = args.lineAmounts.reduce(
    (sum, line) => sum + BigInt(assertSafe(line, "line amount")),
    0n,
  );
  const subtotal = assertSafe(Number(exactSubtotal), "subtotal");
  // A credit invoice (negative subtotal) has nothing to discount.
  const discountAmount =
    args.discount === null ? 0 : discountFor(args.discount, Math.max(subtotal, 0));
  const taxAmount = mulDivHalfUp(Math.max(subtotal - discountAmount, 0), args.taxRateBps, 10000);
  const total = assertSafe(subtotal - discountAmount + taxAmount, "total");
  return { subtotal, discountAmount, taxAmount, total, amountDue: Math.max(0, total - amountPaid) };
}
