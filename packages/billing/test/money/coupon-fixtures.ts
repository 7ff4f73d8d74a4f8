import type { CouponTerms } from "../../src/money";
import { evaluateCoupon } from "../../src/money";

/** Shared by the coupon tests. */
export const d = (iso: string) => new Date(iso);
export const NOW = d("2026-06-15T12:00:00Z");
export const FRESH_ORG = { redemptionsOfThisCoupon: 0, hadPaidSubscription: false };

/** A coupon that passes every check; each test breaks exactly what it is about. */
export function coupon(overrides: Partial<CouponTerms> = {}): CouponTerms {
  return {
    code: "WELCOME20",
    percentOff: 20,
    amountOff: null,
    currency: null,
    duration: "ONCE",
    durationMonths: null,
    isActive: true,
    startsAt: d("2026-01-01T00:00:00Z"),
    expiresAt: d("2027-01-01T00:00:00Z"),
    maxRedemptions: 100,
    timesRedeemed: 5,
    maxRedemptionsPerOrganization: 1,
    appliesToPlanIds: ["plan_pro", "plan_starter"],
    minAmount: 1000,
    firstTimeOnly: true,
    ...overrides,
  };
}

export const fullCtx = {
  now: NOW,
  planId: "plan_pro",
  currency: "usd",
  amount: 9999,
  organization: FRESH_ORG,
};

export const reasonOf = (c: CouponTerms | null, ctx: Parameters<typeof evaluateCoupon>[1]) => {
  const result = evaluateCoupon(c, ctx);
  return result.valid ? null : result.reason;
};
