import { AppError } from "@salesos/validators";

import type { BillingActor, BillingDeps } from "../deps";
import { callGateway } from "../gateway-errors";
import { finalizeCharge } from "./finalize";

export interface ConfirmedPayment {
  status: "succeeded" | "failed" | "requires_action";
  purpose: "CHECKOUT" | "PLAN_CHANGE" | "INVOICE" | "REFUND";
  message: string | null;
  confirmUrl: string | null;
}

/**
 * Back from the bank's page (`/billing/confirm?attempt=…`): the payment is fetched by its id (not by
 * search, which may lag) and the attempt settled through the same finalizer as every charge — the plan
 * changes, the invoice is paid, or nothing happens. Another organization's attempt is 404. Idempotent.
 */
export async function settleConfirmedPayment(
  deps: BillingDeps,
  args: { actor: BillingActor; attemptId: string; now: Date },
): Promise<ConfirmedPayment> {
  const found = await deps.db.paymentAttempt.findFirst({
    where: { id: args.attemptId, organizationId: args.actor.organizationId, kind: "CHARGE" },
  });
  if (!found) throw new AppError("NOT_FOUND", "Payment not found.");
  let attempt = found;
  const gateway = deps.gateway;
  if (attempt.status === "REQUIRES_ACTION" && attempt.gatewayPaymentId && gateway.retrievePayment) {
    const paymentId = attempt.gatewayPaymentId;
    const result = await callGateway(() => gateway.retrievePayment!(paymentId));
    if (result && result.status !== "requires_action")
      attempt = await finalizeCharge(deps, { attemptId: attempt.id, result, now: args.now });
  }
  const applied = attempt.status === "SUCCEEDED" && attempt.effect === "APPLIED";
  return {
    status: applied
      ? "succeeded"
      : attempt.status === "REQUIRES_ACTION"
        ? "requires_action"
        : "failed",
    purpose: attempt.purpose,
    message: applied ? null : (attempt.failureMessage ?? null),
    confirmUrl:
      attempt.status === "REQUIRES_ACTION"
        ? ((attempt.payload as { confirmUrl?: string }).confirmUrl ?? null)
        : null,
  };
}
