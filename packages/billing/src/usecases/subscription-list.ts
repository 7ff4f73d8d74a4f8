/**
 * Route 5, the subscription list: one prepared statement (rows, plan, coupon code and the total), read
 * without Prisma because it is on the hot path of every billing page and API client (fast-read.ts).
 */
import { columns, fastRead, nest, Prisma, type SubscriptionStatus } from "@salesos/db";

import type { BillingActor, BillingDeps } from "../deps";
import { toSubscriptionView, type SubscriptionView } from "../views";
import { pageOf, skipTake, type PageOf, type PageQuery } from "./pagination";

const SELECT = `
  SELECT ${columns(Prisma.SubscriptionScalarFieldEnum, "s")},
         ${columns(Prisma.PlanScalarFieldEnum, "p", "plan.")},
         c.code AS "couponCode", count(*) OVER ()::int AS "total"
    FROM subscriptions s
    JOIN plans p ON p.id = s.plan_id
    LEFT JOIN coupons c ON c.id = s.coupon_id
   WHERE s.organization_id = $1 AND ($2::text IS NULL OR s.status::text = $2::text)
   ORDER BY s.created_at DESC, s.id DESC
   LIMIT $3 OFFSET $4`;

type Row = Prisma.SubscriptionModel & {
  plan: Prisma.PlanModel;
  couponCode: string | null;
  total: number;
};

export async function listSubscriptions(
  deps: BillingDeps,
  args: { actor: BillingActor; query: PageQuery & { status?: SubscriptionStatus | undefined } },
): Promise<PageOf<SubscriptionView>> {
  const { skip, take } = skipTake(args.query);
  const status = args.query.status ?? null;
  const rows = (
    await fastRead<Record<string, unknown>>(deps.db, {
      name: "subscription_list",
      text: SELECT,
      values: [args.actor.organizationId, status, take, skip],
    })
  ).map((row) => nest(row) as Row);
  // Past the last page there is no row to carry the total: count it then (rare, and cheap per org).
  const total =
    rows[0]?.total ??
    (skip === 0
      ? 0
      : await deps.db.subscription.count({
          where: { organizationId: args.actor.organizationId, ...(status ? { status } : {}) },
        }));
  const views = rows.map(({ couponCode, total: _total, ...subscription }) =>
    toSubscriptionView({
      ...subscription,
      coupon: couponCode === null ? null : { code: couponCode },
    }),
  );
  return pageOf(views, total, args.query);
}
