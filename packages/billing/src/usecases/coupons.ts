import type { Coupon, Db } from "@salesos/db";
import { AppError } from "@salesos/validators";

import type { BillingActor, BillingDeps, Tx } from "../deps";
import {
  couponReasonMessage,
  evaluateCoupon,
  GENERIC_COUPON_MESSAGE,
  normalizeCouponCode,
  type CouponReason,
  type CouponTerms,
} from "../money";

export function couponTerms(c: Coupon): CouponTerms {
  return { ...c, code: c.code };
}

export async function findCoupon(db: Db | Tx, code: string): Promise<Coupon | null> {
  return db.coupon.findUnique({ where: { code: normalizeCouponCode(code) } });
}

export interface CouponQuery {
  code: string;
  licenseTypeId?: string | undefined;
  billingCycle?: "monthly" | "yearly" | undefined;
  amount?: number | undefined;
}

export interface CouponSummary {
  code: string;
  name: string;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: Coupon["duration"];
  durationMonths: number | null;
}

export type CouponValidation =
  | { valid: true; coupon: CouponSummary; discountAmount: number | null }
  | { valid: false; message: string; reason?: CouponReason };

function summary(c: Coupon): CouponSummary {
  return {
    code: c.code,
    name: c.name,
    percentOff: c.percentOff,
    amountOff: c.amountOff,
    currency: c.currency,
    duration: c.duration,
    durationMonths: c.durationMonths,
  };
}

/** The amount the coupon would discount: `amount` if given, else the plan's price for the cycle. */
async function contextFor(
  db: Db,
  query: CouponQuery,
): Promise<{ planId?: string; currency?: string; amount?: number }> {
  if (!query.licenseTypeId) return query.amount === undefined ? {} : { amount: query.amount };
  const plan = await db.plan.findUnique({ where: { id: query.licenseTypeId } });
  if (!plan)
    return {
      planId: query.licenseTypeId,
      ...(query.amount === undefined ? {} : { amount: query.amount }),
    };
  const price = query.billingCycle === "yearly" ? plan.yearlyPrice : plan.monthlyPrice;
  const amount = query.amount ?? price ?? undefined;
  return { planId: plan.id, currency: plan.currency, ...(amount === undefined ? {} : { amount }) };
}

async function organizationFacts(db: Db | Tx, couponId: string, organizationId: string) {
  // One after the other: inside a transaction both would run on one connection at once.
  const redemptions = await db.couponRedemption.count({ where: { couponId, organizationId } });
  const paid = await db.invoice.count({
    where: { organizationId, status: "PAID", total: { gt: 0 } },
  });
  return { redemptionsOfThisCoupon: redemptions, hadPaidSubscription: paid > 0 };
}

/**
 * Route 1 (public) and route 19 (organization-aware). Read-only: validating never redeems.
 * The public answer has one message for every failure, so it cannot tell whether a code exists.
 */
export async function validateCoupon(
  deps: BillingDeps,
  args: { query: CouponQuery; actor: BillingActor | null; now: Date },
): Promise<CouponValidation> {
  const coupon = await findCoupon(deps.db, args.query.code);
  const ctx = await contextFor(deps.db, args.query);
  const organization =
    coupon && args.actor
      ? await organizationFacts(deps.db, coupon.id, args.actor.organizationId)
      : undefined;
  const result = evaluateCoupon(coupon ? couponTerms(coupon) : null, {
    now: args.now,
    ...ctx,
    organization,
  });
  if (result.valid && coupon)
    return { valid: true, coupon: summary(coupon), discountAmount: result.discountAmount };
  if (!args.actor || result.valid) return { valid: false, message: GENERIC_COUPON_MESSAGE };
  return { valid: false, message: couponReasonMessage(result.reason), reason: result.reason };
}

/** Full validation for a checkout; throws COUPON_INVALID with the precise reason. */
export async function requireValidCoupon(
  db: Db | Tx,
  args: {
    code: string;
    organizationId: string;
    planId: string;
    currency: string;
    amount: number;
    now: Date;
  },
): Promise<Coupon> {
  const coupon = await findCoupon(db, args.code);
  const organization = coupon
    ? await organizationFacts(db, coupon.id, args.organizationId)
    : undefined;
  const result = evaluateCoupon(coupon ? couponTerms(coupon) : null, {
    now: args.now,
    planId: args.planId,
    currency: args.currency,
    amount: args.amount,
    organization,
  });
  if (!result.valid || !coupon) {
    const reason = result.valid ? "NOT_FOUND" : result.reason;
    throw new AppError("COUPON_INVALID", couponReasonMessage(reason), { details: { reason } });
  }
  return coupon;
}

/**
 * Records a redemption in the transaction that creates the paid subscription. The global limit is a
 * conditional increment and the per-organization limit a unique row, so concurrent checkouts can
 * never exceed either.
 */
export async function redeemCoupon(
  tx: Tx,
  args: { coupon: Coupon; organizationId: string; subscriptionId: string; now: Date },
): Promise<void> {
  const claimed = await tx.$executeRaw`
    UPDATE coupons SET times_redeemed = times_redeemed + 1
     WHERE id = ${args.coupon.id} AND (max_redemptions IS NULL OR times_redeemed < max_redemptions)`;
  if (claimed !== 1)
    throw new AppError("COUPON_INVALID", couponReasonMessage("MAX_REDEMPTIONS_REACHED"), {
      details: { reason: "MAX_REDEMPTIONS_REACHED" },
    });
  // The caller holds the organization's lock: counting here cannot race another redemption of it.
  const used = await tx.couponRedemption.count({
    where: { couponId: args.coupon.id, organizationId: args.organizationId },
  });
  if (used >= (args.coupon.maxRedemptionsPerOrganization ?? 1))
    throw new AppError("COUPON_INVALID", couponReasonMessage("ORGANIZATION_LIMIT_REACHED"), {
      details: { reason: "ORGANIZATION_LIMIT_REACHED" },
    });
  await tx.couponRedemption.create({
    data: {
      couponId: args.coupon.id,
      organizationId: args.organizationId,
      subscriptionId: args.subscriptionId,
      redeemedAt: args.now,
    },
  });
}
