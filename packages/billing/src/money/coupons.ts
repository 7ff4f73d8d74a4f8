/**
 * Coupon rules as pure functions: whether a coupon applies in a given context, and how much it takes off.
 * The database lookup, the redemption count and the transaction that records a redemption live elsewhere;
 * they call these with the facts they read, so the same rules run at validation time and at checkout.
 */
import { addMonthsClamped } from "./periods";
import { mulDivHalfUp } from "./rounding";

export type CouponDuration = "ONCE" | "REPEATING" | "FOREVER";

export interface CouponTerms {
  code: string;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: CouponDuration;
  durationMonths: number | null;
  isActive: boolean;
  startsAt: Date | null;
  /** Exclusive: the coupon stops working at this instant. */
  expiresAt: Date | null;
  maxRedemptions: number | null;
  timesRedeemed: number;
  maxRedemptionsPerOrganization: number | null;
  /** Empty = every plan. */
  appliesToPlanIds: string[];
  minAmount: number | null;
  firstTimeOnly: boolean;
}

/** In the order the checks run: the first failing check is the reason reported. */
export const COUPON_REASONS = [
  "NOT_FOUND",
  "INACTIVE",
  "NOT_STARTED",
  "EXPIRED",
  "MAX_REDEMPTIONS_REACHED",
  "ORGANIZATION_LIMIT_REACHED",
  "FIRST_TIME_ONLY",
  "PLAN_NOT_ELIGIBLE",
  "BELOW_MINIMUM",
  "CURRENCY_MISMATCH",
] as const;

export type CouponReason = (typeof COUPON_REASONS)[number];

export interface CouponContext {
  now: Date;
  planId?: string | undefined;
  currency?: string | undefined;
  amount?: number | undefined;
  organization?: { redemptionsOfThisCoupon: number; hadPaidSubscription: boolean } | undefined;
}

export type CouponEvaluation =
  { valid: true; discountAmount: number | null } | { valid: false; reason: CouponReason };

/** The public route answers every failure with this one message, so it cannot be used as an oracle. */
export const GENERIC_COUPON_MESSAGE = "This coupon code is not valid.";

const REASON_MESSAGES: Record<CouponReason, string> = {
  NOT_FOUND: "No coupon exists with this code.",
  INACTIVE: "This coupon has been deactivated.",
  NOT_STARTED: "This coupon is not valid yet.",
  EXPIRED: "This coupon has expired.",
  MAX_REDEMPTIONS_REACHED: "This coupon has reached its maximum number of redemptions.",
  ORGANIZATION_LIMIT_REACHED:
    "Your organization has already used this coupon the maximum number of times.",
  FIRST_TIME_ONLY: "This coupon is only for organizations that have never had a paid subscription.",
  PLAN_NOT_ELIGIBLE: "This coupon does not apply to the selected plan.",
  BELOW_MINIMUM: "The amount is below this coupon's minimum.",
  CURRENCY_MISMATCH: "This coupon is in a different currency.",
};

/** The precise message, for authenticated callers only. */
export function couponReasonMessage(reason: CouponReason): string {
  return REASON_MESSAGES[reason];
}

/** Codes are stored upper case and typed by people: match them trimmed and case-insensitively. */
export function normalizeCouponCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * What the coupon takes off `amount`: a percentage rounded half-up to the minor unit, or a fixed amount,
 * clamped to [0, max(amount, 0)] because a discount never takes an amount below zero.
 */
export function discountFor(
  coupon: Pick<CouponTerms, "percentOff" | "amountOff">,
  amount: number,
): number {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`Money must be an integer of minor units, got ${amount}`);
  let raw = 0;
  if (coupon.percentOff !== null) raw = mulDivHalfUp(amount, coupon.percentOff, 100);
  else if (coupon.amountOff !== null) {
    if (!Number.isSafeInteger(coupon.amountOff))
      throw new RangeError(`amountOff must be an integer of minor units, got ${coupon.amountOff}`);
    raw = coupon.amountOff;
  }
  return Math.min(Math.max(raw, 0), Math.max(amount, 0));
}

/**
 * When a discount started at `start` stops applying. ONCE returns null too: it is bounded by applying it
 * to the first invoice only, not by a date.
 */
export function discountEndsAt(
  coupon: Pick<CouponTerms, "duration" | "durationMonths">,
  start: Date,
): Date | null {
  if (coupon.duration !== "REPEATING") return null;
  const months = coupon.durationMonths;
  if (months === null || !Number.isSafeInteger(months) || months < 1)
    throw new RangeError("A REPEATING coupon needs durationMonths ≥ 1");
  return addMonthsClamped(start, months);
}

function firstFailure(coupon: CouponTerms, ctx: CouponContext): CouponReason | null {
  const now = ctx.now.getTime();
  // NaN compares false with everything, so an invalid clock would silently pass both date checks.
  if (Number.isNaN(now)) throw new RangeError("ctx.now is an invalid Date");
  if (!coupon.isActive) return "INACTIVE";
  if (coupon.startsAt !== null && now < coupon.startsAt.getTime()) return "NOT_STARTED";
  if (coupon.expiresAt !== null && now >= coupon.expiresAt.getTime()) return "EXPIRED";
  if (coupon.maxRedemptions !== null && coupon.timesRedeemed >= coupon.maxRedemptions)
    return "MAX_REDEMPTIONS_REACHED";
  const org = ctx.organization;
  if (org !== undefined) {
    // Unset means once per organization: a coupon is not a discount an organization keeps re-redeeming.
    const perOrg = coupon.maxRedemptionsPerOrganization ?? 1;
    if (org.redemptionsOfThisCoupon >= perOrg) return "ORGANIZATION_LIMIT_REACHED";
    if (coupon.firstTimeOnly && org.hadPaidSubscription) return "FIRST_TIME_ONLY";
  }
  if (
    ctx.planId !== undefined &&
    coupon.appliesToPlanIds.length > 0 &&
    !coupon.appliesToPlanIds.includes(ctx.planId)
  )
    return "PLAN_NOT_ELIGIBLE";
  if (ctx.amount !== undefined && coupon.minAmount !== null && ctx.amount < coupon.minAmount)
    return "BELOW_MINIMUM";
  // Only a fixed amount has a currency (a percentage applies to any). A fixed amount with no currency
  // fails closed: 500 off means $5 or ¥500 depending on the currency, so it cannot be applied blindly.
  if (
    ctx.currency !== undefined &&
    coupon.amountOff !== null &&
    (coupon.currency === null || coupon.currency.toLowerCase() !== ctx.currency.toLowerCase())
  )
    return "CURRENCY_MISMATCH";
  return null;
}

/**
 * Whether `coupon` (null when no coupon has the code) applies in `ctx`. Checks run in COUPON_REASONS
 * order; the organization, plan, minimum and currency checks run only when the caller supplies that fact.
 */
export function evaluateCoupon(coupon: CouponTerms | null, ctx: CouponContext): CouponEvaluation {
  if (coupon === null) return { valid: false, reason: "NOT_FOUND" };
  const reason = firstFailure(coupon, ctx);
  if (reason !== null) return { valid: false, reason };
  return {
    valid: true,
    discountAmount: ctx.amount === undefined ? null : discountFor(coupon, ctx.amount),
  };
}
