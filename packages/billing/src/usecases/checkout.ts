import type { Plan } from "@salesos/db";
import { AppError } from "@salesos/validators";

import type { BillingActor, BillingDeps, Tx } from "../deps";
import { callGateway } from "../gateway-errors";
import type { Db } from "@salesos/db";
import { requireValidCoupon } from "./coupons";
import { quoteCheckout } from "./checkout-quote";
import { completeFreeCheckout } from "./checkout-free";
import { expireCheckout, recordHostedCheckoutAttempt } from "./hosted-checkout";
import { ensureCustomer, sameOriginUrl } from "./customers";

export const CHECKOUT_SESSION_TTL_MS = 60 * 60 * 1000;
/** The largest single charge (minor units), as card networks and Stripe cap it: 999,999.99 in USD. */
export const MAX_CHARGE = 99_999_999;
export const FREE_PLAN_COUPON_MESSAGE =
  "This plan is free, so a coupon cannot be used with it. Remove the code to choose it.";
export const LIVE_STATUSES = ["INCOMPLETE", "TRIALING", "ACTIVE", "PAST_DUE", "PAUSED"] as const;

export interface StartCheckoutInput {
  licenseTypeId: string;
  billingCycle: "monthly" | "yearly";
  couponCode?: string | undefined;
  quantity?: number | undefined;
  successUrl?: string | undefined;
  cancelUrl?: string | undefined;
  startTrial?: boolean | undefined;
}

/** The plan if it can be bought now: active, public, priced for the cycle, seats within its limit. */
export async function planForSale(
  db: Db | Tx,
  args: {
    planId: string;
    billingCycle: "monthly" | "yearly";
    quantity: number;
    allowPrivate?: boolean;
  },
): Promise<Plan & { unitAmount: number }> {
  const plan = await db.plan.findUnique({ where: { id: args.planId } });
  const unitAmount = args.billingCycle === "yearly" ? plan?.yearlyPrice : plan?.monthlyPrice;
  if (
    !plan ||
    !plan.isActive ||
    (!plan.isPublic && !args.allowPrivate) ||
    unitAmount === null ||
    unitAmount === undefined
  ) {
    throw new AppError("BAD_REQUEST", "This plan is not available for that billing cycle.", {
      details: { licenseTypeId: args.planId },
    });
  }
  if (unitAmount * args.quantity > MAX_CHARGE) {
    throw new AppError(
      "BAD_REQUEST",
      "That many seats exceeds the largest amount we can charge at once. Contact sales.",
      { details: { maxAmount: MAX_CHARGE } },
    );
  }
  if (plan.maxUsers !== null && args.quantity > plan.maxUsers) {
    throw new AppError("BAD_REQUEST", `${plan.name} allows at most ${plan.maxUsers} seats.`, {
      details: { maxUsers: plan.maxUsers },
    });
  }
  return { ...plan, unitAmount };
}

export async function refuseIfLiveSubscription(db: Db | Tx, organizationId: string): Promise<void> {
  const live = await db.subscription.findUnique({
    where: { liveOrganizationId: organizationId },
    select: { id: true },
  });
  if (live) {
    throw new AppError(
      "EXISTING_SUBSCRIPTION",
      "This organization already has a subscription; change its plan instead.",
      { details: { subscriptionId: live.id } },
    );
  }
}

/** Route 2: a checkout for the organization. The subscription exists only once payment succeeds. */
export async function startCheckout(
  deps: BillingDeps,
  args: { actor: BillingActor; input: StartCheckoutInput; now: Date },
) {
  const { input, actor, now } = args;
  const quantity = input.quantity ?? 1;
  const plan = await planForSale(deps.db, {
    planId: input.licenseTypeId,
    billingCycle: input.billingCycle,
    quantity,
  });
  await refuseIfLiveSubscription(deps.db, actor.organizationId);
  // A plan that costs nothing is never charged: a coupon would only use up a redemption for nothing.
  const free = plan.unitAmount === 0;
  if (free && input.couponCode)
    throw new AppError("COUPON_INVALID", FREE_PLAN_COUPON_MESSAGE, {
      details: { reason: "FREE_PLAN" },
    });
  const coupon = input.couponCode
    ? await requireValidCoupon(deps.db, {
        code: input.couponCode,
        organizationId: actor.organizationId,
        planId: plan.id,
        currency: plan.currency,
        amount: plan.unitAmount * quantity,
        now,
      })
    : null;
  const successUrl = sameOriginUrl(
    deps.appUrl,
    input.successUrl ?? "/checkout/success",
    "successUrl",
  );
  const cancelUrl = sameOriginUrl(deps.appUrl, input.cancelUrl ?? "/pricing", "cancelUrl");
  const customer = await ensureCustomer(deps, { organizationId: actor.organizationId, now });
  const expiresAt = new Date(now.getTime() + CHECKOUT_SESSION_TTL_MS);
  // A trial only for a first-time customer; the hosted page then shows nothing due today.
  const firstTime = input.startTrial
    ? (await deps.db.subscription.count({ where: { organizationId: actor.organizationId } })) === 0
    : false;
  const trialDays = firstTime && !free ? plan.trialDays : 0;
  const session = await deps.db.checkoutSession.create({
    data: {
      organizationId: actor.organizationId,
      planId: plan.id,
      billingCycle: input.billingCycle,
      quantity,
      couponId: coupon?.id ?? null,
      status: "OPEN",
      gateway: deps.gateway.name,
      successUrl,
      cancelUrl,
      expiresAt,
      createdAt: now,
      trialDays,
    },
  });
  if (free) return completeFreeCheckout(deps, { actor, session, customer, now });
  // The hosted page charges exactly our quote (a trial: nothing now). A gateway-hosted page (STRIPE)
  // settles a payment attempt recorded here, before the page exists.
  const payment = deps.gateway.retrieveHostedCheckout
    ? await recordHostedCheckoutAttempt(deps, { actor, session, customer, now })
    : {
        attemptId: null,
        amountDue: (await quoteCheckout(deps.db, { session, customer, now })).quote?.amountDue ?? 0,
      };
  const hosted = await callGateway(() =>
    deps.gateway.createCheckoutSession({
      amountDue: payment.amountDue,
      attemptId: payment.attemptId ?? undefined,
      sessionId: session.id,
      gatewayCustomerId: customer.gatewayCustomerId ?? "",
      plan: { id: plan.id, name: plan.name, unitAmount: plan.unitAmount, currency: plan.currency },
      billingCycle: input.billingCycle,
      quantity,
      couponCode: coupon?.code ?? null,
      trialDays,
      successUrl,
      cancelUrl,
      expiresAt,
      idempotencyKey: `checkout-session:${session.id}`,
    }),
  ).catch(async (error: unknown) => {
    // No page, no payment: the session and the attempt recorded for it end here.
    await expireCheckout(deps, session, now);
    throw error;
  });
  if (hosted.gatewaySessionId)
    await deps.db.checkoutSession.update({
      where: { id: session.id },
      data: { gatewaySessionId: hosted.gatewaySessionId },
    });
  return { sessionId: session.id, url: hosted.url, gateway: deps.gateway.name, expiresAt };
}
