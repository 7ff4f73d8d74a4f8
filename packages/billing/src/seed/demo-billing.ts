import { advanceBilling } from "../clock/advance-billing";
import type { BillingActor, BillingDeps } from "../deps";
import { addMonthsClamped } from "../money";
import { addPaymentMethod } from "../usecases/payment-methods";
import { demoPaymentsFor } from "./demo-payments";

const DAY = 86_400_000;

/** The demo coupons (idempotent): codes stored upper case. */
export async function seedDemoCoupons(deps: BillingDeps, now: Date): Promise<void> {
  const professional = await deps.db.plan.findUnique({ where: { slug: "professional" } });
  const coupons = [
    {
      code: "WELCOME20",
      name: "Welcome: 20 % off for 3 months",
      percentOff: 20,
      duration: "REPEATING" as const,
      durationMonths: 3,
    },
    {
      code: "SAVE10",
      name: "10 % off Professional, forever",
      percentOff: 10,
      duration: "FOREVER" as const,
      appliesToPlanIds: professional ? [professional.id] : [],
    },
    {
      code: "FLAT500",
      name: "$5 off your first invoice",
      amountOff: 500,
      currency: "usd",
      duration: "ONCE" as const,
      minAmount: 2000,
    },
    {
      code: "EXPIRED50",
      name: "50 % off (expired)",
      percentOff: 50,
      duration: "ONCE" as const,
      expiresAt: new Date(now.getTime() - 30 * DAY),
    },
  ];
  for (const coupon of coupons)
    await deps.db.coupon.upsert({ where: { code: coupon.code }, create: coupon, update: {} });
}

/**
 * Demo billing (idempotent; through the engine itself, so invoices are real and numbered): Acme on
 * Starter monthly since two periods ago with two paid invoices, a default 4242 card and a second card;
 * Globex without a subscription; the demo coupons. On either gateway: on STRIPE the payments go through
 * the Stripe test server (its hosted Checkout page, its PaymentIntents), see demo-payments.ts.
 */
export async function seedDemoBilling(
  deps: BillingDeps,
  args: { now: Date; acmeOrganizationId?: string },
): Promise<{ coupons: number; acmeSubscription: "created" | "present" }> {
  const { now } = args;
  await seedDemoCoupons(deps, now);
  const organizationId = args.acmeOrganizationId ?? "org_demo_acme";
  if ((await deps.db.subscription.count({ where: { organizationId } })) > 0)
    return { coupons: 4, acmeSubscription: "present" };
  const owner = await deps.db.membership.findFirstOrThrow({
    where: { organizationId, role: "OWNER" },
  });
  const actor: BillingActor = { userId: owner.userId, organizationId, role: "OWNER" };
  const starter = await deps.db.plan.findUniqueOrThrow({ where: { slug: "starter" } });
  // Two periods ago (plus a day, so the next renewal is tomorrow, not today).
  const start = new Date(addMonthsClamped(now, -2).getTime() + DAY);
  const payments = demoPaymentsFor(deps);
  await payments.subscribe({ actor, planId: starter.id, card: "4242424242424242", at: start });
  await addPaymentMethod(deps, {
    actor,
    paymentMethodId: await payments.card({ actor, number: "5555555555554444", at: start }),
    now: start,
  });
  await advanceBilling(deps, { now: addMonthsClamped(start, 1) });
  return { coupons: 4, acmeSubscription: "created" };
}
