import type { BillingActor, BillingDeps } from "../deps";
import { getUpcomingInvoice } from "./summaries";

/**
 * What the success page shows after a checkout, read on the server for the caller's organization: the
 * plan, what was paid and its invoice (the receipt), and the next charge. `sessionId` is ours (LOCAL's
 * hosted page, a free plan) or the gateway's (`cs_…`, Stripe's Checkout). Null unless that session
 * belongs to this organization and is complete: a visitor without a paid session is told nothing.
 */
export async function getCheckoutResult(
  deps: BillingDeps,
  args: { actor: BillingActor; sessionId: string },
) {
  const { actor, sessionId } = args;
  const session = await deps.db.checkoutSession.findFirst({
    where: {
      organizationId: actor.organizationId,
      status: "COMPLETE",
      OR: [{ id: sessionId }, { gatewaySessionId: sessionId }],
    },
  });
  if (!session?.subscriptionId) return null;
  const subscription = await deps.db.subscription.findFirst({
    where: { id: session.subscriptionId, organizationId: actor.organizationId },
    include: { plan: true },
  });
  if (!subscription) return null;
  const invoice = session.invoiceId
    ? await deps.db.invoice.findFirst({
        where: { id: session.invoiceId, organizationId: actor.organizationId },
      })
    : null;
  const upcoming = await getUpcomingInvoice(deps, { actor, subscriptionId: subscription.id });
  return {
    sessionId: session.id,
    completedAt: session.completedAt,
    subscription: {
      id: subscription.id,
      status: subscription.status,
      planName: subscription.plan.name,
      billingCycle: subscription.billingCycle,
      quantity: subscription.quantity,
      unitAmount: subscription.unitAmount,
      trialEnd: subscription.trialEnd,
      currentPeriodEnd: subscription.currentPeriodEnd,
    },
    currency: subscription.currency,
    /** What this checkout took from the card (a trial or a free plan: nothing). */
    amountPaid: invoice?.amountPaid ?? 0,
    invoice: invoice
      ? {
          id: invoice.id,
          number: invoice.number,
          total: invoice.total,
          discountAmount: invoice.discountAmount,
          taxAmount: invoice.taxAmount,
          creditApplied: invoice.creditApplied,
          paidAt: invoice.paidAt,
        }
      : null,
    nextCharge: upcoming ? { date: upcoming.date, amount: upcoming.amount } : null,
  };
}

export type CheckoutResultView = NonNullable<Awaited<ReturnType<typeof getCheckoutResult>>>;
