import type { BillingCustomer, Db, Plan, Subscription } from "@salesos/db";
import { AppError } from "@salesos/validators";

import type { BillingActor, BillingDeps, Tx } from "../deps";
import { quoteInvoice, type InvoiceQuote } from "../invoicing";
import {
  addMonthsClamped,
  cycleMonths,
  subscriptionLineDescription,
  type BillingCycle,
} from "../money";
import { activeDiscount } from "../clock/renewal-quote";
import { planForSale } from "./checkout";
import { couponCovers, priceImmediateChange } from "./change-plan-pricing";
import { honouredInstant, recordPreview } from "./change-previews";
import { ensureCustomer } from "./customers";
import { loadSubscription } from "./subscriptions";

export interface ChangeRequest {
  newLicenseTypeId: string;
  billingCycle?: BillingCycle | undefined;
  quantity?: number | undefined;
  prorationDate?: Date | undefined;
  /** The preview whose instant and amount the change must keep (see change-previews.ts). */
  previewId?: string | undefined;
}

/** Shared by preview and change: the same inputs give the same numbers, to the cent. */
export async function planChangePreview(
  db: Db | Tx,
  args: {
    subscription: Subscription & { plan: Plan };
    customer: BillingCustomer;
    request: ChangeRequest;
    now: Date;
  },
) {
  const { subscription: sub, request, customer } = args;
  if (sub.status !== "ACTIVE" && sub.status !== "TRIALING")
    throw new AppError("CONFLICT", `A ${sub.status} subscription cannot change plan.`);
  const cycle = request.billingCycle ?? sub.billingCycle;
  const quantity = request.quantity ?? sub.quantity;
  if (
    request.newLicenseTypeId === sub.planId &&
    cycle === sub.billingCycle &&
    quantity === sub.quantity
  ) {
    throw new AppError(
      "ALREADY_ON_PLAN",
      "The subscription is already on this plan, cycle and quantity.",
    );
  }
  const plan = await planForSale(db, {
    planId: request.newLicenseTypeId,
    billingCycle: cycle,
    quantity,
    allowPrivate: request.newLicenseTypeId === sub.planId,
  });
  // Only now, or the instant of a preview this subscription was given (change-previews.ts): never any
  // instant a caller names (one at the period's edges would make an upgrade free or mint credit).
  const { prorationDate, preview: shown } = await honouredInstant(db, {
    subscription: sub,
    binding: {
      previewId: request.previewId,
      prorationDate: request.prorationDate,
      planId: request.newLicenseTypeId,
      cycle,
      quantity,
    },
    now: args.now,
  });
  if (prorationDate < sub.currentPeriodStart || prorationDate > sub.currentPeriodEnd)
    throw new AppError("PREVIEW_STALE", "The preview is from another period. Preview again.");
  // Same plan and cycle (a seat change): the subscription keeps its own price, as a Stripe subscription
  // item keeps its price when the list price changes (grandfathered).
  const unitAmount =
    plan.id === sub.planId && cycle === sub.billingCycle ? sub.unitAmount : plan.unitAmount;
  // Coupon terms are re-checked at every change: one that does not cover the new plan is dropped.
  const coupon = sub.couponId ? await db.coupon.findUnique({ where: { id: sub.couponId } }) : null;
  const couponCovered = couponCovers(coupon, plan.id, sub.currency);
  const priced = await priceImmediateChange(db, {
    subscription: sub,
    customer,
    next: { unitAmount, quantity, cycle, label: plan.name },
    couponCovered,
    prorationDate,
  });
  const { change } = priced;
  const trialing = sub.status === "TRIALING";
  // A cycle change ends the period now (domain rule), whatever the plan says about downgrades.
  const scheduled =
    !trialing &&
    !change.isUpgrade &&
    !change.cycleChange &&
    sub.plan.downgradeTiming === "PERIOD_END";
  const immediate = !trialing && !scheduled;
  const quote: InvoiceQuote | null = immediate ? priced.quote : null;
  const creditCarriedForward = immediate ? priced.creditCarriedForward : 0;

  const nextDate = immediate && change.cycleChange ? change.newPeriodEnd : sub.currentPeriodEnd;
  const nextPeriodEnd = addMonthsClamped(nextDate, cycleMonths(cycle));
  const nextQuote = await quoteInvoice(db, {
    customer: {
      ...customer,
      creditBalance: customer.creditBalance - (quote?.creditApplied ?? 0) + creditCarriedForward,
    },
    currency: sub.currency,
    lines: [
      {
        description: subscriptionLineDescription({
          planName: plan.name,
          quantity,
          periodStart: nextDate,
          periodEnd: nextPeriodEnd,
        }),
        quantity,
        unitAmount,
        amount: unitAmount * quantity,
        periodStart: nextDate,
        periodEnd: nextPeriodEnd,
        proration: false,
      },
    ],
    discount: couponCovered ? activeDiscount(sub, nextDate) : null,
    useCredit: true,
  });
  const preview = {
    currentPlan: {
      id: sub.planId,
      name: sub.plan.name,
      billingCycle: sub.billingCycle,
      unitAmount: sub.unitAmount,
    },
    newPlan: { id: plan.id, name: plan.name, billingCycle: cycle, unitAmount },
    prorationDate,
    currency: sub.currency,
    lines: immediate
      ? priced.quote.lines.map((l) => ({
          description: l.description,
          amount: l.amount,
          periodStart: l.periodStart,
          periodEnd: l.periodEnd,
        }))
      : [],
    credit: immediate ? priced.credit.amount : 0,
    charge: immediate ? priced.charge.gross : 0,
    taxAmount: quote?.taxAmount ?? 0,
    amountDueNow: quote?.amountDue ?? 0,
    creditCarriedForward,
    nextInvoice: { date: nextDate, amount: nextQuote.amountDue },
    isUpgrade: change.isUpgrade,
    cycleChange: immediate && change.cycleChange,
    scheduled,
  };
  return {
    preview,
    plan,
    quote,
    prorationDate,
    shown,
    target: { cycle, quantity, unitAmount },
    paidTerms: immediate ? priced.paidTerms : null,
    dropCoupon: !couponCovered,
  };
}

/**
 * Route 11: no gateway objects and no billing rows; the preview itself is remembered for ten minutes, so
 * change-plan can honour its instant (`prorationDate` or `previewId`) and charge its amount to the cent.
 */
export async function previewPlanChange(
  deps: BillingDeps,
  args: { actor: BillingActor; subscriptionId: string; request: ChangeRequest; now: Date },
) {
  const subscription = await loadSubscription(deps.db, args.actor, args.subscriptionId);
  const existing = await deps.db.billingCustomer.findUnique({
    where: { organizationId: args.actor.organizationId },
  });
  const customer =
    existing ??
    (await ensureCustomer(deps, { organizationId: args.actor.organizationId, now: args.now }));
  const { preview, prorationDate, target } = await planChangePreview(deps.db, {
    subscription,
    customer,
    request: args.request,
    now: args.now,
  });
  const stored = await recordPreview(deps.db, {
    subscription,
    binding: { planId: preview.newPlan.id, cycle: target.cycle, quantity: target.quantity },
    prorationDate,
    amountDueNow: preview.amountDueNow,
    now: args.now,
  });
  return { ...preview, previewId: stored.id, previewExpiresAt: stored.expiresAt };
}
