import { AppError } from "@salesos/validators";

import { chargeThroughAttempt, refuseInFlight } from "../attempts/charge";
import { lockOrganization, moneyTx } from "../attempts/money-tx";
import { attemptOutcomeError, confirmationError } from "../attempts/outcome";
import { storeQuote } from "../attempts/payload";
import type { AttemptPayload } from "../attempts/types";
import type { BillingActor, BillingDeps, Tx } from "../deps";
import { toInvoiceView, toSubscriptionView } from "../views";
import { applyPlanChange, type PlanChangePlan } from "./change-plan-effect";
import { planChangePreview, type ChangeRequest } from "./change-plan-preview";
import { ensureCustomer } from "./customers";
import { loadSubscription } from "./subscriptions";

export { previewPlanChange } from "./change-plan-preview";

/** The change still applies to the subscription it was priced from, and no other is being paid. */
async function changeGuard(tx: Tx, change: PlanChangePlan): Promise<void> {
  await refuseInFlight(tx, { subscriptionId: change.subscriptionId, purpose: "PLAN_CHANGE" });
  const current = await tx.subscription.findUniqueOrThrow({ where: { id: change.subscriptionId } });
  if (current.updatedAt.getTime() !== new Date(change.expectedUpdatedAt).getTime())
    throw new AppError("CONFLICT", "The subscription changed meanwhile. Preview the change again.");
}

async function resultOf(
  deps: BillingDeps,
  actor: BillingActor,
  subscriptionId: string,
  invoiceId: string | null,
) {
  const updated = await loadSubscription(deps.db, actor, subscriptionId);
  const invoice = invoiceId
    ? await deps.db.invoice.findUniqueOrThrow({
        where: { id: invoiceId },
        include: { lines: true },
      })
    : null;
  return {
    subscription: toSubscriptionView(updated),
    invoice: invoice ? toInvoiceView(invoice) : null,
  };
}

/**
 * A retry of a paid change whose answer was lost (a crash, a timeout) answers what the first request got:
 * the change of this preview was applied by its attempt (through the reconciler, say), and nothing changed
 * since. Only for a request naming its preview (`prorationDate` or `previewId`).
 */
async function alreadyApplied(
  deps: BillingDeps,
  actor: BillingActor,
  subscription: Awaited<ReturnType<typeof loadSubscription>>,
  request: ChangeRequest,
) {
  if (!request.prorationDate && !request.previewId) return null;
  const instant = request.previewId
    ? (
        await deps.db.changePreview.findFirst({
          where: { id: request.previewId, subscriptionId: subscription.id },
        })
      )?.prorationDate
    : request.prorationDate;
  if (!instant) return null;
  const attempts = await deps.db.paymentAttempt.findMany({
    where: { subscriptionId: subscription.id, purpose: "PLAN_CHANGE", effect: "APPLIED" },
    orderBy: { createdAt: "desc" },
    take: 5,
  });
  const match = attempts.find((a) => {
    const change = a.payload as unknown as PlanChangePlan;
    return (
      change.prorationDate === instant.toISOString() &&
      change.planId === request.newLicenseTypeId &&
      change.planId === subscription.planId &&
      change.cycle === subscription.billingCycle &&
      change.quantity === subscription.quantity
    );
  });
  if (!match) return null;
  const payment = await deps.db.payment.findUnique({ where: { attemptId: match.id } });
  return resultOf(deps, actor, subscription.id, payment?.invoiceId ?? null);
}

/**
 * Route 10. Upgrades (something due now) are charged at once on the default payment method through a
 * payment attempt whose success applies the change; if the charge fails nothing changes (402).
 * Downgrades apply now with the credit carried to the next invoices, or at period end when the current
 * plan says so. With a preview's `prorationDate` (or `previewId`) the amount charged is the preview's.
 */
export async function changePlan(
  deps: BillingDeps,
  args: { actor: BillingActor; subscriptionId: string; request: ChangeRequest; now: Date },
) {
  const { actor, now } = args;
  const subscription = await loadSubscription(deps.db, actor, args.subscriptionId);
  const replayed = await alreadyApplied(deps, actor, subscription, args.request);
  if (replayed) return replayed;
  const customer = await ensureCustomer(deps, { organizationId: actor.organizationId, now });
  const { preview, target, plan, quote, prorationDate, shown, paidTerms, dropCoupon } =
    await planChangePreview(deps.db, {
      subscription,
      customer,
      request: args.request,
      now,
    });
  if (shown && shown.amountDueNow !== preview.amountDueNow)
    throw new AppError("PREVIEW_STALE", "The price changed since the preview. Preview again.", {
      details: { previewed: shown.amountDueNow, now: preview.amountDueNow },
    });
  const method =
    quote && quote.amountDue > 0 && customer.defaultPaymentMethodId
      ? await deps.db.paymentMethod.findUnique({ where: { id: customer.defaultPaymentMethodId } })
      : null;
  const change: PlanChangePlan = {
    actor,
    subscriptionId: subscription.id,
    expectedUpdatedAt: subscription.updatedAt.toISOString(),
    fromPlanId: subscription.planId,
    planId: plan.id,
    cycle: target.cycle,
    quantity: target.quantity,
    unitAmount: target.unitAmount,
    prorationDate: prorationDate.toISOString(),
    scheduled: preview.scheduled,
    cycleChange: preview.cycleChange,
    nextInvoiceDate: preview.nextInvoice.date.toISOString(),
    creditCarriedForward: preview.creditCarriedForward,
    quote: quote ? storeQuote(quote) : null,
    paidTerms: paidTerms
      ? { amount: paidTerms.amount, tax: paidTerms.tax, from: paidTerms.from.toISOString() }
      : null,
    dropCoupon,
    paymentMethodId: method?.id ?? null,
  };

  let invoiceId: string | null;
  if (quote && quote.amountDue > 0) {
    if (!method)
      throw new AppError("PAYMENT_FAILED", "Add a payment method before upgrading.", {
        details: { declineCode: "no_payment_method" },
      });
    const attempt = await chargeThroughAttempt(deps, {
      organizationId: actor.organizationId,
      purpose: "PLAN_CHANGE",
      amount: quote.amountDue,
      currency: quote.currency,
      paymentMethodId: method.id,
      gatewayPaymentMethodId: method.gatewayPaymentMethodId,
      gatewayCustomerId: customer.gatewayCustomerId,
      description: `Change to ${plan.name}`,
      // The customer is present: on a gateway with bank pages the bank may ask them to confirm.
      onSession: deps.gateway.confirmsOnSession === true,
      subscriptionId: subscription.id,
      payload: change as unknown as AttemptPayload,
      guard: (tx) => changeGuard(tx, change),
      now,
    });
    if (attempt.status === "REQUIRES_ACTION") throw confirmationError(attempt);
    if (attempt.status !== "SUCCEEDED" || attempt.effect !== "APPLIED")
      throw attemptOutcomeError(attempt);
    const payment = await deps.db.payment.findUnique({ where: { attemptId: attempt.id } });
    invoiceId = payment?.invoiceId ?? null;
  } else {
    ({ invoiceId } = await moneyTx(deps.db, async (tx) => {
      await lockOrganization(tx, actor.organizationId);
      await changeGuard(tx, change);
      return applyPlanChange(tx, change, { now, payment: null });
    }));
  }
  const updated = await loadSubscription(deps.db, actor, subscription.id);
  const invoice = invoiceId
    ? await deps.db.invoice.findUniqueOrThrow({
        where: { id: invoiceId },
        include: { lines: true },
      })
    : null;
  return {
    subscription: toSubscriptionView(updated),
    invoice: invoice ? toInvoiceView(invoice) : null,
  };
}
