import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  COUPON_REASONS,
  type CouponReason,
  type CouponTerms,
  evaluateCoupon,
} from "../../src/money";

import { coupon, d, FRESH_ORG, fullCtx, NOW, reasonOf } from "./coupon-fixtures";

describe("evaluateCoupon: one test per reason", () => {
  it("valid: returns the discount on the amount", () => {
    expect(evaluateCoupon(coupon(), fullCtx)).toEqual({ valid: true, discountAmount: 2000 });
  });

  it("valid without an amount: discountAmount is null", () => {
    expect(evaluateCoupon(coupon(), { now: NOW })).toEqual({ valid: true, discountAmount: null });
  });

  it("NOT_FOUND when there is no coupon", () => {
    expect(reasonOf(null, fullCtx)).toBe("NOT_FOUND");
  });

  it("INACTIVE when deactivated", () => {
    expect(reasonOf(coupon({ isActive: false }), fullCtx)).toBe("INACTIVE");
  });

  it("NOT_STARTED before startsAt; valid exactly at startsAt", () => {
    expect(reasonOf(coupon({ startsAt: d("2026-06-15T12:00:00.001Z") }), fullCtx)).toBe(
      "NOT_STARTED",
    );
    expect(reasonOf(coupon({ startsAt: NOW }), fullCtx)).toBeNull();
  });

  it("EXPIRED at and after expiresAt (exclusive); valid one millisecond before", () => {
    expect(reasonOf(coupon({ expiresAt: NOW }), fullCtx)).toBe("EXPIRED");
    expect(reasonOf(coupon({ expiresAt: d("2026-01-01T00:00:00Z") }), fullCtx)).toBe("EXPIRED");
    expect(reasonOf(coupon({ expiresAt: d("2026-06-15T12:00:00.001Z") }), fullCtx)).toBeNull();
  });

  it("MAX_REDEMPTIONS_REACHED when timesRedeemed reaches maxRedemptions", () => {
    expect(reasonOf(coupon({ maxRedemptions: 5, timesRedeemed: 5 }), fullCtx)).toBe(
      "MAX_REDEMPTIONS_REACHED",
    );
    expect(reasonOf(coupon({ maxRedemptions: 6, timesRedeemed: 5 }), fullCtx)).toBeNull();
    expect(reasonOf(coupon({ maxRedemptions: null, timesRedeemed: 1e6 }), fullCtx)).toBeNull();
  });

  it("ORGANIZATION_LIMIT_REACHED when the organization used it up", () => {
    const ctx = { ...fullCtx, organization: { ...FRESH_ORG, redemptionsOfThisCoupon: 1 } };
    expect(reasonOf(coupon(), ctx)).toBe("ORGANIZATION_LIMIT_REACHED");
    expect(reasonOf(coupon({ maxRedemptionsPerOrganization: 2 }), ctx)).toBeNull();
    // Unset means once per organization.
    expect(reasonOf(coupon({ maxRedemptionsPerOrganization: null }), ctx)).toBe(
      "ORGANIZATION_LIMIT_REACHED",
    );
  });

  it("FIRST_TIME_ONLY when the organization already had a paid subscription", () => {
    const ctx = { ...fullCtx, organization: { ...FRESH_ORG, hadPaidSubscription: true } };
    expect(reasonOf(coupon(), ctx)).toBe("FIRST_TIME_ONLY");
    expect(reasonOf(coupon({ firstTimeOnly: false }), ctx)).toBeNull();
  });

  it("PLAN_NOT_ELIGIBLE when the plan is not in the list; an empty list means every plan", () => {
    expect(reasonOf(coupon(), { ...fullCtx, planId: "plan_enterprise" })).toBe("PLAN_NOT_ELIGIBLE");
    expect(
      reasonOf(coupon({ appliesToPlanIds: [] }), { ...fullCtx, planId: "plan_enterprise" }),
    ).toBeNull();
  });

  it("BELOW_MINIMUM when the amount is under minAmount; the minimum itself passes", () => {
    expect(reasonOf(coupon(), { ...fullCtx, amount: 999 })).toBe("BELOW_MINIMUM");
    expect(reasonOf(coupon(), { ...fullCtx, amount: 1000 })).toBeNull();
    expect(reasonOf(coupon({ minAmount: null }), { ...fullCtx, amount: 1 })).toBeNull();
  });

  it("CURRENCY_MISMATCH when a fixed-amount coupon is in another currency", () => {
    const fixed = coupon({ percentOff: null, amountOff: 500, currency: "eur" });
    expect(reasonOf(fixed, fullCtx)).toBe("CURRENCY_MISMATCH");
    expect(reasonOf(fixed, { ...fullCtx, currency: "eur" })).toBeNull();
  });

  it("covers every reason code", () => {
    expect([...COUPON_REASONS]).toEqual([
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
    ]);
  });
});

describe("evaluateCoupon: clock", () => {
  it("throws on an invalid now instead of skipping the date checks", () => {
    expect(() => evaluateCoupon(coupon(), { now: new Date(Number.NaN) })).toThrow(RangeError);
  });
});

describe("evaluateCoupon: order of checks", () => {
  /** Every check fails at once; fixing them one by one must reveal the reasons in COUPON_REASONS order. */
  it("reports the first failing check, in COUPON_REASONS order", () => {
    const fixes: [CouponReason, Partial<CouponTerms>][] = [
      ["INACTIVE", { isActive: true }],
      ["NOT_STARTED", { startsAt: null }],
      ["EXPIRED", { expiresAt: null }],
      ["MAX_REDEMPTIONS_REACHED", { maxRedemptions: null }],
      ["ORGANIZATION_LIMIT_REACHED", { maxRedemptionsPerOrganization: 10 }],
      ["FIRST_TIME_ONLY", { firstTimeOnly: false }],
      ["PLAN_NOT_ELIGIBLE", { appliesToPlanIds: [] }],
      ["BELOW_MINIMUM", { minAmount: null }],
      ["CURRENCY_MISMATCH", { currency: "usd" }],
    ];
    let broken = coupon({
      percentOff: null,
      amountOff: 500,
      currency: "eur",
      isActive: false,
      startsAt: d("2027-01-01T00:00:00Z"),
      expiresAt: d("2026-01-01T00:00:00Z"),
      maxRedemptions: 1,
      timesRedeemed: 1,
      maxRedemptionsPerOrganization: 1,
      firstTimeOnly: true,
      appliesToPlanIds: ["plan_other"],
      minAmount: 1e9,
    });
    const ctx = {
      ...fullCtx,
      organization: { redemptionsOfThisCoupon: 1, hadPaidSubscription: true },
    };
    expect(reasonOf(null, ctx)).toBe("NOT_FOUND");
    for (const [reason, fix] of fixes) {
      expect(reasonOf(broken, ctx)).toBe(reason);
      broken = { ...broken, ...fix };
    }
    expect(evaluateCoupon(broken, ctx)).toEqual({ valid: true, discountAmount: 500 });
  });

  it("skips the organization, plan, minimum and currency checks when the fact is not given", () => {
    const c = coupon({
      percentOff: null,
      amountOff: 500,
      currency: "eur",
      firstTimeOnly: true,
      maxRedemptionsPerOrganization: 0,
      appliesToPlanIds: ["plan_other"],
      minAmount: 1e9,
    });
    expect(evaluateCoupon(c, { now: NOW })).toEqual({ valid: true, discountAmount: null });
    expect(evaluateCoupon(c, { now: NOW, planId: undefined, organization: undefined })).toEqual({
      valid: true,
      discountAmount: null,
    });
  });

  it("the first failing reason is always the earliest failing check (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }), (failing) => {
        const [inactive, notStarted, expired, maxed, orgMaxed, notFirst, plan, min, cur] = failing;
        const c = coupon({
          percentOff: null,
          amountOff: 500,
          currency: cur ? "eur" : "usd",
          isActive: !inactive,
          startsAt: notStarted ? d("2027-01-01T00:00:00Z") : null,
          expiresAt: expired ? NOW : null,
          maxRedemptions: maxed ? 5 : null,
          maxRedemptionsPerOrganization: orgMaxed ? 0 : null,
          firstTimeOnly: notFirst === true,
          appliesToPlanIds: plan ? ["plan_other"] : [],
          minAmount: min ? 1e9 : null,
        });
        const ctx = {
          ...fullCtx,
          organization: { redemptionsOfThisCoupon: 0, hadPaidSubscription: true },
        };
        const firstIndex = failing.indexOf(true);
        const expected = firstIndex === -1 ? null : COUPON_REASONS[firstIndex + 1];
        expect(reasonOf(c, ctx)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
