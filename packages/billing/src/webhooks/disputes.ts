import { transaction } from "@salesos/db";
import { notify, writeAudit } from "../audit";
import type { BillingDeps } from "../deps";
import { callGateway } from "../gateway-errors";

/**
 * charge.dispute.created / updated / closed: the dispute is re-fetched, and the invoice its payment paid
 * carries its status (an invoice stays PAID: the money is in question, not the document); the customer
 * is told when it opens and when it is decided.
 */
export async function syncDispute(
  deps: BillingDeps,
  args: { gatewayDisputeId: string; eventType: string; now: Date },
): Promise<void> {
  const gateway = deps.gateway;
  if (!gateway.retrieveDispute) return;
  const dispute = await callGateway(() => gateway.retrieveDispute!(args.gatewayDisputeId));
  if (!dispute.gatewayPaymentId) return;
  const payment = await deps.db.payment.findFirst({
    where: { gatewayPaymentId: dispute.gatewayPaymentId, status: "SUCCEEDED" },
    include: { invoice: true },
  });
  if (!payment) return; // not one of ours
  const invoice = payment.invoice;
  const changed = invoice.disputeStatus !== dispute.status;
  await transaction(deps.db, async (tx) => {
    await tx.invoice.update({
      where: { id: invoice.id },
      data: {
        gatewayDisputeId: dispute.gatewayDisputeId,
        disputeStatus: dispute.status,
        disputeAmount: dispute.amount,
        disputedAt: invoice.disputedAt ?? args.now,
      },
    });
    if (!changed) return;
    await writeAudit(tx, {
      actor: null,
      organizationId: invoice.organizationId,
      action: "invoice.dispute_updated",
      targetType: "invoice",
      targetId: invoice.id,
      data: { status: dispute.status, reason: dispute.reason, amount: dispute.amount },
      now: args.now,
    });
    if (args.eventType === "charge.dispute.created" || args.eventType === "charge.dispute.closed")
      await notify(tx, {
        organizationId: invoice.organizationId,
        kind: args.eventType === "charge.dispute.created" ? "DISPUTE_OPENED" : "DISPUTE_CLOSED",
        data: { invoiceId: invoice.id, number: invoice.number, status: dispute.status },
        now: args.now,
      });
  });
}
