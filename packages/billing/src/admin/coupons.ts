import { isUniqueViolation, type Prisma, transaction } from "@salesos/db";
import { AppError, type CreateCouponInput, type UpdateCouponInput } from "@salesos/validators";

import type { BillingDeps } from "../deps";
import { afterCursor, decodeCursor, NEWEST_FIRST, pageWithCursor } from "./cursor";
import { writeCatalogueAudit, type StaffRef } from "./staff-audit";

export async function listCoupons(
  deps: Pick<BillingDeps, "db">,
  args: { cursor?: string | undefined; limit: number },
) {
  const rows = await deps.db.coupon.findMany({
    where: afterCursor(args.cursor),
    orderBy: NEWEST_FIRST,
    take: args.limit + 1,
  });
  return pageWithCursor(rows, args.limit);
}

export async function createCoupon(
  deps: Pick<BillingDeps, "db">,
  args: { staff: StaffRef; input: CreateCouponInput; now: Date },
) {
  const { input, now } = args;
  if (input.appliesToPlanIds.length) {
    const found = await deps.db.plan.count({ where: { id: { in: input.appliesToPlanIds } } });
    if (found !== new Set(input.appliesToPlanIds).size)
      throw new AppError("VALIDATION_FAILED", "A plan in appliesToPlanIds does not exist.", {
        details: { issues: [{ path: "appliesToPlanIds", message: "Unknown plan." }] },
      });
  }
  try {
    return await transaction(deps.db, async (tx) => {
      const coupon = await tx.coupon.create({
        data: {
          code: input.code,
          name: input.name,
          percentOff: input.percentOff ?? null,
          amountOff: input.amountOff ?? null,
          currency: input.currency ?? null,
          duration: input.duration,
          durationMonths: input.durationMonths ?? null,
          maxRedemptions: input.maxRedemptions ?? null,
          maxRedemptionsPerOrganization: input.maxRedemptionsPerOrganization ?? null,
          startsAt: input.startsAt ?? null,
          expiresAt: input.expiresAt ?? null,
          appliesToPlanIds: [...new Set(input.appliesToPlanIds)],
          minAmount: input.minAmount ?? null,
          firstTimeOnly: input.firstTimeOnly,
          createdAt: now,
        },
      });
      await writeCatalogueAudit(tx, args.staff, {
        action: "coupon.created",
        targetType: "coupon",
        targetId: coupon.id,
        data: { code: coupon.code },
        now,
      });
      return coupon;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("CONFLICT", `A coupon with the code ${input.code} exists already.`);
    throw error;
  }
}

/** Name, limits, expiry, active: the terms a customer already got (amount, duration) never change. */
export async function updateCoupon(
  deps: Pick<BillingDeps, "db">,
  args: { staff: StaffRef; input: UpdateCouponInput; now: Date },
) {
  const { input, now } = args;
  return transaction(deps.db, async (tx) => {
    const coupon = await tx.coupon.findUnique({ where: { id: input.id } });
    if (!coupon) throw new AppError("NOT_FOUND", "No such coupon.");
    if (input.maxRedemptions != null && input.maxRedemptions < coupon.timesRedeemed)
      throw new AppError(
        "VALIDATION_FAILED",
        `It was redeemed ${coupon.timesRedeemed} times already.`,
        {
          details: {
            issues: [{ path: "maxRedemptions", message: `At least ${coupon.timesRedeemed}.` }],
          },
        },
      );
    const { id, ...changes } = input;
    const updated = await tx.coupon.update({ where: { id }, data: changes });
    await writeCatalogueAudit(tx, args.staff, {
      action: "coupon.updated",
      targetType: "coupon",
      targetId: id,
      data: JSON.parse(JSON.stringify(changes)) as Prisma.InputJsonValue,
      now,
    });
    return updated;
  });
}

/** Who redeemed a coupon, newest first. */
export async function listCouponRedemptions(
  deps: Pick<BillingDeps, "db">,
  args: { couponId: string; cursor?: string | undefined; limit: number },
) {
  const coupon = await deps.db.coupon.findUnique({ where: { id: args.couponId } });
  if (!coupon) throw new AppError("NOT_FOUND", "No such coupon.");
  const after = args.cursor ? decodeCursor(args.cursor) : null;
  const rows = await deps.db.couponRedemption.findMany({
    where: {
      couponId: coupon.id,
      ...(after
        ? {
            OR: [
              { redeemedAt: { lt: after.createdAt } },
              { redeemedAt: after.createdAt, id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ redeemedAt: "desc" }, { id: "desc" }],
    take: args.limit + 1,
  });
  const organizations = await deps.db.organization.findMany({
    where: { id: { in: rows.map((r) => r.organizationId) } },
    select: { id: true, name: true },
  });
  const page = pageWithCursor(
    rows.map((r) => ({ ...r, createdAt: r.redeemedAt })),
    args.limit,
  );
  return {
    coupon,
    nextCursor: page.nextCursor,
    data: page.data.map((r) => ({
      id: r.id,
      organizationId: r.organizationId,
      organizationName: organizations.find((o) => o.id === r.organizationId)?.name ?? null,
      subscriptionId: r.subscriptionId,
      redeemedAt: r.redeemedAt,
    })),
  };
}
