import { transaction } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { managesBilling } from "../access";
import { lockOrganization, moneyTx } from "../attempts/money-tx";
import { sendRefund } from "../attempts/refund";
import { notify, writeAudit } from "../audit";
import { creditUnusedTimeOnCancel } from "../credit-notes/cancellation";
import type { BillingActor, BillingDeps, Tx } from "../deps";
import { toInvoiceView, toSubscriptionView, type SubscriptionView } from "../views";

export { listSubscriptions } from "./subscription-list";

const WITH_PLAN = { plan: true, coupon: { select: { code: true } } } as const;

export async function loadSubscription(
  db: BillingDeps["db"] | Tx,
  actor: BillingActor,
  id: string,
) {
  const subscription = await db.subscription.findFirst({
    where: { id, organizationId: actor.organizationId },
    include: WITH_PLAN,
  });
  if (!subscription) throw new AppError("NOT_FOUND", "Subscription not found.");
  return subscription;
}

/**
 * Route 7: one subscription with its 5 latest invoices. A MEMBER may read the subscription but sees
 * no invoice data (access.ts): `recentInvoices` is empty for them, never absent, so every role gets
 * one shape.
 */
export async function getSubscription(
  deps: BillingDeps,
  args: { actor: BillingActor; subscriptionId: string },
) {
  const subscription = await loadSubscription(deps.db, args.actor, args.subscriptionId);
  const invoices = managesBilling(args.actor.role)
    ? await deps.db.invoice.findMany({
        where: { subscriptionId: subscription.id },
        include: { lines: true },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 5,
      })
    : [];
  return { ...toSubscriptionView(subscription), recentInvoices: invoices.map(toInvoiceView) };
}

/**
 * Route 8: at period end by default (status unchanged, access until currentPeriodEnd), or now — then,
 * on a plan with `refundOnCancel`, the unused time paid is refunded as a credit note.
 */
export async function cancelSubscription(
  deps: BillingDeps,
  args: {
    actor: BillingActor;
    subscriptionId: string;
    immediately?: boolean | undefined;
    reason?: string | undefined;
    now: Date;
  },
): Promise<SubscriptionView> {
  const { actor, now } = args;
  const { view, refunds } = await moneyTx(deps.db, async (tx) => {
    await lockOrganization(tx, actor.organizationId);
    const current = await loadSubscription(tx, actor, args.subscriptionId);
    if (current.status === "CANCELED" || current.status === "INCOMPLETE_EXPIRED") {
      // The retry of this very request (same Idempotency-Key) after its first run committed and died:
      // it answers what the first run did.
      if (await canceledByThisRequest(tx, actor, current.id))
        return { view: toSubscriptionView(current), refunds: [] };
      throw new AppError("ALREADY_CANCELED", "This subscription is already canceled.");
    }
    const reason = args.reason?.trim() || null;
    const data = args.immediately
      ? {
          status: "CANCELED" as const,
          canceledAt: now,
          endedAt: now,
          cancelAtPeriodEnd: false,
          cancelReason: reason,
          nextPaymentAttemptAt: null,
        }
      : { cancelAtPeriodEnd: true, canceledAt: now, cancelReason: reason };
    const refundAttemptIds = args.immediately
      ? await creditUnusedTimeOnCancel(tx, { subscription: current, now })
      : [];
    const updated = await tx.subscription.update({
      where: { id: current.id },
      data,
      include: WITH_PLAN,
    });
    await writeAudit(tx, {
      actor,
      organizationId: actor.organizationId,
      action: args.immediately ? "subscription.canceled" : "subscription.cancel_scheduled",
      targetType: "subscription",
      targetId: current.id,
      data: { reason },
      now,
    });
    if (args.immediately)
      await notify(tx, {
        organizationId: actor.organizationId,
        kind: "SUBSCRIPTION_CANCELED",
        data: { subscriptionId: current.id },
        now,
      });
    return { view: toSubscriptionView(updated), refunds: refundAttemptIds };
  });
  // After the commit: the refunds were recorded with the cancellation; the reconciler resends any a
  // crash interrupts.
  for (const id of refunds) await sendRefund(deps, { refundAttemptId: id, now });
  return view;
}

async function canceledByThisRequest(tx: Tx, actor: BillingActor, subscriptionId: string) {
  if (!actor.requestId) return false;
  const audit = await tx.auditLog.findFirst({
    where: {
      organizationId: actor.organizationId,
      action: "subscription.canceled",
      targetId: subscriptionId,
      requestId: actor.requestId,
    },
  });
  return audit !== null;
}

/** Route 9: undoes a scheduled cancellation, or resumes a PAUSED subscription. */
export async function resumeSubscription(
  deps: BillingDeps,
  args: { actor: BillingActor; subscriptionId: string; now: Date },
): Promise<SubscriptionView> {
  const { actor, now } = args;
  return transaction(deps.db, async (tx) => {
    const current = await loadSubscription(tx, actor, args.subscriptionId);
    const live = ["TRIALING", "ACTIVE", "PAST_DUE"].includes(current.status);
    if (!(live && current.cancelAtPeriodEnd) && current.status !== "PAUSED") {
      throw new AppError(
        "NOT_RESUMABLE",
        "Only a subscription scheduled to cancel, or a paused one, can be resumed.",
      );
    }
    const data =
      current.status === "PAUSED"
        ? { status: "ACTIVE" as const, pausedAt: null }
        : { cancelAtPeriodEnd: false, canceledAt: null, cancelReason: null };
    const updated = await tx.subscription.update({
      where: { id: current.id },
      data,
      include: WITH_PLAN,
    });
    await writeAudit(tx, {
      actor,
      organizationId: actor.organizationId,
      action: "subscription.resumed",
      targetType: "subscription",
      targetId: current.id,
      now,
    });
    return toSubscriptionView(updated);
  });
}
