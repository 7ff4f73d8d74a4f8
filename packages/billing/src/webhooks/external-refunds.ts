import { lockOrganization, moneyTx } from "../attempts/money-tx";
import { writeAudit } from "../audit";
import { issueCreditNote } from "../credit-notes/issue";
import type { BillingDeps } from "../deps";
import { callGateway } from "../gateway-errors";
import { mulDivHalfUp } from "../money";

/**
 * charge.refunded: a refund made outside the app (Stripe's dashboard) still moved money, so the books
 * record it — a succeeded refund attempt, and for a recorded payment a credit note on its invoice whose
 * refund is that money (nothing sent again). Refunds we made carry our attempt id and are skipped.
 */
export async function syncExternalRefunds(
  deps: BillingDeps,
  args: { gatewayPaymentId: string; now: Date },
): Promise<number> {
  const gateway = deps.gateway;
  if (!gateway.listRefunds) return 0;
  const charge = await deps.db.paymentAttempt.findFirst({
    where: { gatewayPaymentId: args.gatewayPaymentId, kind: "CHARGE", status: "SUCCEEDED" },
  });
  if (!charge) return 0;
  const refunds = await callGateway(() => gateway.listRefunds!(args.gatewayPaymentId));
  let recorded = 0;
  for (const refund of refunds) {
    if (refund.attemptId) continue; // ours
    recorded += await moneyTx(deps.db, async (tx) => {
      await lockOrganization(tx, charge.organizationId);
      const known = await tx.paymentAttempt.findFirst({
        where: {
          refundOfId: charge.id,
          payload: { path: ["gatewayRefundId"], equals: refund.gatewayRefundId },
        },
      });
      if (known) return 0;
      const payment = await tx.payment.findUnique({
        where: { attemptId: charge.id },
        include: { invoice: true },
      });
      let creditNoteId: string | null = null;
      if (payment) {
        const invoice = payment.invoice;
        const tax =
          invoice.taxAmount > 0 && invoice.total > 0
            ? mulDivHalfUp(refund.amount, invoice.taxAmount, invoice.total)
            : 0;
        const { creditNote } = await issueCreditNote(tx, {
          customerId: invoice.customerId,
          currency: invoice.currency,
          invoiceId: invoice.id,
          subscriptionId: invoice.subscriptionId,
          reason: "ORDER_CHANGE",
          memo: `Refunded at the processor (${refund.gatewayRefundId})`,
          lines: [
            { description: `Refund on invoice ${invoice.number}`, amount: refund.amount - tax },
          ],
          taxAmount: tax,
          refund: null,
          alreadyRefunded: refund.amount,
          now: args.now,
        });
        creditNoteId = creditNote.id;
      }
      await tx.paymentAttempt.create({
        data: {
          organizationId: charge.organizationId,
          kind: "REFUND",
          purpose: "REFUND",
          status: "SUCCEEDED",
          amount: refund.amount,
          currency: charge.currency,
          gateway: charge.gateway,
          payload: { reason: "refunded_at_processor", gatewayRefundId: refund.gatewayRefundId },
          subscriptionId: charge.subscriptionId,
          invoiceId: payment?.invoiceId ?? charge.invoiceId,
          gatewayPaymentId: charge.gatewayPaymentId,
          refundOfId: charge.id,
          creditNoteId,
          createdAt: args.now,
          resolvedAt: args.now,
        },
      });
      await writeAudit(tx, {
        actor: null,
        organizationId: charge.organizationId,
        action: "payment.refunded_at_processor",
        targetType: "payment_attempt",
        targetId: charge.id,
        data: { gatewayRefundId: refund.gatewayRefundId, amount: refund.amount },
        now: args.now,
      });
      return 1;
    });
  }
  return recorded;
}
