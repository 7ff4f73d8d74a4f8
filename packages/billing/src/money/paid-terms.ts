/**
 * Credits come from what was paid, not from a list price. A subscription remembers what its current terms
 * were paid (after discount, before tax) and the tax on that, for the window [paidFrom, periodEnd]; the
 * unused part of that window is what a change or a cancellation credits back — discount and tax carried
 * over, as Stripe does. The new terms of a change are priced the same way (discount and tax on the full
 * period's price, then prorated), so the same instant credits exactly what it charged: a round trip of
 * plan changes can never mint money, only cost the time used.
 */
import { discountFor } from "./coupons";
import { prorate } from "./proration";
import { mulDivHalfUp } from "./rounding";

export interface PaidWindow {
  /** After discount, before tax. */
  amount: number;
  tax: number;
  from: Date;
  to: Date;
}

export interface AmountWithTax {
  amount: number;
  tax: number;
}

/** The unused part of a paid window at `at`, each of amount and tax prorated and rounded half-up. */
export function unusedCredit(window: PaidWindow, at: Date): AmountWithTax {
  if (window.amount < 0 || window.tax < 0) throw new RangeError("A paid window is never negative");
  if (window.to.getTime() <= window.from.getTime()) return { amount: 0, tax: 0 };
  const span = { periodStart: window.from, periodEnd: window.to, at };
  return { amount: prorate(window.amount, span), tax: prorate(window.tax, span) };
}

export interface WindowCharge {
  /** The list price of the time charged (the invoice line). */
  gross: number;
  discount: number;
  /** gross − discount: what the new terms are paid, and the next credit's basis. */
  net: number;
  tax: number;
}

/**
 * The charge for new terms from `at` to the period's end: the full period's price, less a percent
 * discount, taxed, then each prorated. `at` = periodStart charges the full period.
 */
export function chargeForWindow(args: {
  fullPrice: number;
  percentOff: number;
  taxRateBps: number;
  periodStart: Date;
  periodEnd: Date;
  at: Date;
}): WindowCharge {
  const netFull =
    args.fullPrice -
    discountFor({ percentOff: args.percentOff || null, amountOff: null }, args.fullPrice);
  const taxFull = mulDivHalfUp(netFull, args.taxRateBps, 10000);
  const span = { periodStart: args.periodStart, periodEnd: args.periodEnd, at: args.at };
  const gross = prorate(args.fullPrice, span);
  const net = prorate(netFull, span);
  return { gross, discount: gross - net, net, tax: prorate(taxFull, span) };
}

export interface ProrationTotals {
  subtotal: number;
  discountAmount: number;
  taxAmount: number;
  /** Positive: due now; negative: credited (a credit note for −total). */
  total: number;
}

/**
 * The proration document's totals: the credit line is already net of its discount; the discount applies
 * to the charge line only; tax is the charge's tax less the credit's.
 */
export function prorationTotals(credit: AmountWithTax, charge: WindowCharge): ProrationTotals {
  const subtotal = charge.gross - credit.amount;
  const taxAmount = charge.tax - credit.tax;
  return {
    subtotal,
    discountAmount: charge.discount,
    taxAmount,
    total: subtotal - charge.discount + taxAmount,
  };
}
