import { AppError } from "@salesos/validators";

import { writeAudit } from "../audit";
import type { BillingActor, BillingDeps } from "../deps";
import { callGateway, declinedError, refundUnlessRecorded } from "../gateway-errors";
import { issueInvoice, recordPayment } from "../invoicing";
import { toInvoiceView, toSubscriptionView } from "../views";
import { planChangePreview, type ChangeRequest } from "./change-plan-preview";
import { ensureCustomer } from "./customers";
import { loadSubscription } from "./subscriptions";

export { previewPlanChange } from "./change-plan-preview";

/**
 * Route 10. Upgrades (something due now) are charged at once on the default payment method; if the
 * charge fails nothing changes (402). Downgrades apply now with the credit carried to the next
 * invoices, or at period end when the current plan says so. With the preview's `prorationDate`, the
 * amount charged equals the previewed amount to the cent.
 */
export async function changePlan(
  deps: BillingDeps,
  args: { actor: BillingActor; subscriptionId: string; request: ChangeRequest; now: Date },
) {
  const { actor, now } = args;
  const subscription = await loadSubscription(deps.db, actor, args.subscriptionId);
  const customer = await ensureCustomer(deps, { organizationId: actor.organizationId, now });
  const { preview, target, plan, quote, prorationDate } = await planChangePreview(deps.db, {
    subscription,
    customer,
    request: args.request,
    now,
  });

  let payment: { gatewayPaymentId: string; paymentMethodId: string } | null = null;
  if (quote && quote.amountDue > 0) {
    const method = customer.defaultPaymentMethodId
      ? await deps.db.paymentMethod.findUnique({ where: { id: customer.defaultPaymentMethodId } })
      : null;
    if (!method)
      throw new AppError("PAYMENT_FAILED", "Add a payment method before upgrading.", {
        details: { declineCode: "no_payment_method" },
      });
    // Derived from the request itself: a double submission of the same change charges once.
    const key = `change:${subscription.id}:${subscription.updatedAt.getTime()}:${plan.id}:${target.cycle}:${target.quantity}:${prorationDate.getTime()}`;
    const result = await callGateway(() =>
      deps.gateway.charge({
        gatewayCustomerId: customer.gatewayCustomerId,
        gatewayPaymentMethodId: method.gatewayPaymentMethodId,
        amount: quote.amountDue,
        currency: quote.currency,
        description: `Change to ${plan.name}`,
        idempotencyKey: key,
        onSession: false,
        now,
      }),
    );
    if (result.status === "failed") throw declinedError(result);
    if (result.status === "requires_action")
      throw new AppError(
        "PAYMENT_FAILED",
        "Your bank asks for a confirmation this payment cannot do here.",
        { details: { declineCode: "authentication_required" } },
      );
    payment = { gatewayPaymentId: result.gatewayPaymentId, paymentMethodId: method.id };
  }

  try {
    return await deps.db.$transaction(async (tx) => {
      const data = preview.scheduled
        ? {
            pendingPlanId: plan.id,
            pendingBillingCycle: target.cycle,
            pendingQuantity: target.quantity,
          }
        : {
            planId: plan.id,
            billingCycle: target.cycle,
            quantity: target.quantity,
            unitAmount: target.unitAmount,
            pendingPlanId: null,
            pendingBillingCycle: null,
            pendingQuantity: null,
            ...(preview.cycleChange
              ? {
                  billingAnchor: prorationDate,
                  currentPeriodStart: prorationDate,
                  currentPeriodEnd: preview.nextInvoice.date,
                }
              : {}),
          };
      // Optimistic lock: a concurrent change of the same subscription makes this one fail (and refund).
      const { count } = await tx.subscription.updateMany({
        where: { id: subscription.id, updatedAt: subscription.updatedAt },
        data,
      });
      if (count !== 1)
        throw new AppError(
          "CONFLICT",
          "The subscription changed meanwhile. Preview the change again.",
        );
      let invoice = null;
      if (quote && !preview.scheduled) {
        if (quote.total > 0) {
          invoice = await issueInvoice(tx, {
            customer,
            quote,
            subscriptionId: subscription.id,
            billingReason: "SUBSCRIPTION_UPDATE",
            periodStart: prorationDate,
            periodEnd: preview.nextInvoice.date,
            now,
          });
          if (payment)
            await recordPayment(tx, {
              invoice,
              paymentMethodId: payment.paymentMethodId,
              gatewayPaymentId: payment.gatewayPaymentId,
              amount: quote.amountDue,
              now,
            });
        } else if (preview.creditCarriedForward > 0) {
          await tx.billingCustomer.update({
            where: { id: customer.id },
            data: { creditBalance: { increment: preview.creditCarriedForward } },
          });
        }
      }
      await writeAudit(tx, {
        actor,
        organizationId: actor.organizationId,
        action: preview.scheduled ? "subscription.change_scheduled" : "subscription.plan_changed",
        targetType: "subscription",
        targetId: subscription.id,
        data: {
          from: subscription.planId,
          to: plan.id,
          cycle: target.cycle,
          quantity: target.quantity,
          invoiceId: invoice?.id ?? null,
        },
        now,
      });
      const updated = await loadSubscription(tx, actor, subscription.id);
      const withLines = invoice
        ? await tx.invoice.findUniqueOrThrow({
            where: { id: invoice.id },
            include: { lines: true },
          })
        : null;
      return {
        subscription: toSubscriptionView(updated),
        invoice: withLines ? toInvoiceView(withLines) : null,
      };
    });
  } catch (error) {
    if (payment) await refundUnlessRecorded(deps, payment.gatewayPaymentId, now);
    throw error;
  }
}
