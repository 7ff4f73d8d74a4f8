import { isUniqueViolation, type Prisma, transaction } from "@salesos/db";
import {
  AppError,
  type CreatePlanInput,
  type SetPlanPriceInput,
  type UpdatePlanInput,
} from "@salesos/validators";

import type { BillingDeps, Tx } from "../deps";
import { writeCatalogueAudit, type StaffRef } from "./staff-audit";

const LIVE = ["ACTIVE", "TRIALING", "PAST_DUE", "PAUSED", "UNPAID"] as const;

/** Every plan (inactive and hidden ones too) with its price history and who pays which price. */
export async function listPlansForStaff(deps: Pick<BillingDeps, "db">) {
  const [plans, counts] = await Promise.all([
    deps.db.plan.findMany({
      orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
      include: { prices: { orderBy: [{ createdAt: "desc" }, { id: "desc" }] } },
    }),
    deps.db.subscription.groupBy({
      by: ["planId", "billingCycle", "unitAmount"],
      where: { status: { in: [...LIVE] } },
      _count: { _all: true },
    }),
  ]);
  return plans.map((plan) => ({
    ...plan,
    subscribers: counts
      .filter((c) => c.planId === plan.id)
      .map((c) => ({
        billingCycle: c.billingCycle,
        unitAmount: c.unitAmount,
        count: c._count._all,
      })),
  }));
}

export async function createPlan(
  deps: Pick<BillingDeps, "db">,
  args: { staff: StaffRef; input: CreatePlanInput; now: Date },
) {
  const { input, now } = args;
  const { maxUsers, ...fields } = input;
  try {
    return await transaction(deps.db, async (tx) => {
      const plan = await tx.plan.create({
        data: { ...fields, maxUsers, limits: { maxUsers }, createdAt: now },
      });
      for (const [cycle, amount] of [
        ["monthly", input.monthlyPrice],
        ["yearly", input.yearlyPrice],
      ] as const)
        if (amount !== null)
          await tx.planPrice.create({
            data: {
              planId: plan.id,
              billingCycle: cycle,
              currency: plan.currency,
              unitAmount: amount,
              createdAt: now,
            },
          });
      await writeCatalogueAudit(tx, args.staff, {
        action: "plan.created",
        targetType: "plan",
        targetId: plan.id,
        data: { slug: plan.slug, monthlyPrice: plan.monthlyPrice, yearlyPrice: plan.yearlyPrice },
        now,
      });
      return plan;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("CONFLICT", `A plan with the slug ${input.slug} exists already.`);
    throw error;
  }
}

/** Name, description, limits, features, trial, visibility; `isActive: false` stops new sales only. */
export async function updatePlan(
  deps: Pick<BillingDeps, "db">,
  args: { staff: StaffRef; input: UpdatePlanInput; now: Date },
) {
  const { id, maxUsers, ...changes } = args.input;
  return transaction(deps.db, async (tx) => {
    const plan = await tx.plan.findUnique({ where: { id } });
    if (!plan) throw new AppError("NOT_FOUND", "No such plan.");
    const updated = await tx.plan.update({
      where: { id },
      data: { ...changes, ...(maxUsers !== undefined ? { maxUsers, limits: { maxUsers } } : {}) },
    });
    await writeCatalogueAudit(tx, args.staff, {
      action: "plan.updated",
      targetType: "plan",
      targetId: id,
      data: JSON.parse(JSON.stringify({ ...changes, maxUsers })) as Prisma.InputJsonValue,
      now: args.now,
    });
    return updated;
  });
}

/**
 * A new list price: the current price row is superseded and a new one added, and the plan's price column
 * (what new subscriptions get) follows, in one transaction. Existing subscribers keep what they pay
 * (grandfathered) unless `moveExisting`: then each live subscription on another price of this plan and
 * cycle gets the new one from its next renewal, and its organization is told when.
 */
export async function setPlanPrice(
  deps: Pick<BillingDeps, "db">,
  args: { staff: StaffRef; input: SetPlanPriceInput; now: Date },
) {
  const { input, now } = args;
  return transaction(deps.db, async (tx) => {
    await tx.$queryRaw`SELECT id FROM plans WHERE id = ${input.id} FOR UPDATE`;
    const plan = await tx.plan.findUnique({ where: { id: input.id } });
    if (!plan) throw new AppError("NOT_FOUND", "No such plan.");
    await tx.planPrice.updateMany({
      where: {
        planId: plan.id,
        billingCycle: input.billingCycle,
        currency: plan.currency,
        supersededAt: null,
      },
      data: { supersededAt: now },
    });
    const price = await tx.planPrice.create({
      data: {
        planId: plan.id,
        billingCycle: input.billingCycle,
        currency: plan.currency,
        unitAmount: input.unitAmount,
        createdAt: now,
      },
    });
    await tx.plan.update({
      where: { id: plan.id },
      data:
        input.billingCycle === "yearly"
          ? { yearlyPrice: input.unitAmount }
          : { monthlyPrice: input.unitAmount },
    });
    const moved = input.moveExisting ? await moveSubscribers(tx, { plan, input, now }) : 0;
    await writeCatalogueAudit(tx, args.staff, {
      action: "plan.price_changed",
      targetType: "plan",
      targetId: plan.id,
      data: { billingCycle: input.billingCycle, unitAmount: input.unitAmount, moved },
      now,
    });
    return { price, moved };
  });
}

/** Set-based, so it stays one statement each at 100,000 subscribers. */
async function moveSubscribers(
  tx: Tx,
  args: {
    plan: { id: string; currency: string; name: string };
    input: SetPlanPriceInput;
    now: Date;
  },
): Promise<number> {
  const { plan, input, now } = args;
  const moved = await tx.$queryRaw<{ n: bigint }[]>`
    WITH moved AS (
      UPDATE subscriptions SET pending_unit_amount = ${input.unitAmount}, updated_at = ${now}
       WHERE plan_id = ${plan.id} AND billing_cycle = ${input.billingCycle}::"BillingCycle"
         AND currency = ${plan.currency} AND unit_amount <> ${input.unitAmount}
         AND pending_plan_id IS NULL
         AND status IN ('ACTIVE', 'TRIALING', 'PAST_DUE', 'PAUSED', 'UNPAID')
      RETURNING id, organization_id, current_period_end
    ), told AS (
      INSERT INTO notifications (id, organization_id, kind, data, created_at)
      SELECT 'ntf_' || md5(moved.id || ${now.toISOString()}), moved.organization_id, 'PRICE_CHANGE_SCHEDULED',
             jsonb_build_object('subscriptionId', moved.id, 'plan', ${plan.name}::text,
                                'unitAmount', ${input.unitAmount}::int, 'currency', ${plan.currency}::text,
                                'from', to_char(moved.current_period_end, 'YYYY-MM-DD')),
             ${now}
        FROM moved
      RETURNING 1
    )
    SELECT COUNT(*) AS n FROM told`;
  return Number(moved[0]?.n ?? 0);
}
