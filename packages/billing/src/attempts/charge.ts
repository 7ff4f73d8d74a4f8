import type { AttemptPurpose, PaymentAttempt, Prisma } from "@salesos/db";
import { AppError } from "@salesos/validators";

import type { BillingDeps, Tx } from "../deps";
import { toAppError } from "../gateway-errors";
import { GatewayError, type ChargeResult } from "../gateways/port";
import { crashPoint, type CrashPoint } from "./crash";
import { finalizeCharge } from "./finalize";
import { lockOrganization, moneyTx } from "./money-tx";
import type { AttemptPayload } from "./types";

const CRASH_AT: Record<Exclude<AttemptPurpose, "REFUND">, CrashPoint> = {
  CHECKOUT: "checkout.charged",
  PLAN_CHANGE: "plan_change.charged",
  INVOICE: "invoice.charged",
};

export interface ChargeSpec {
  organizationId: string;
  purpose: Exclude<AttemptPurpose, "REFUND">;
  amount: number;
  currency: string;
  paymentMethodId: string | null;
  gatewayPaymentMethodId: string;
  gatewayCustomerId: string | null;
  description: string;
  onSession: boolean;
  checkoutSessionId?: string | null;
  subscriptionId?: string | null;
  invoiceId?: string | null;
  /** What the finalizer needs to apply a success, also after a crash (dates as ISO strings). */
  payload: AttemptPayload;
  /**
   * Runs in the transaction that records the attempt, the organization locked: throws when this charge
   * must not start (already paid, a live subscription, another payment of the same thing in flight).
   */
  guard?: (tx: Tx) => Promise<void>;
  now: Date;
}

/** Attempts of the same thing still in flight: a second charge must wait for the first to settle. */
export function inFlightWhere(
  where: Prisma.PaymentAttemptWhereInput,
): Prisma.PaymentAttemptWhereInput {
  return { ...where, kind: "CHARGE", status: { in: ["PENDING", "PROCESSING"] } };
}

export async function refuseInFlight(
  tx: Tx,
  where: Prisma.PaymentAttemptWhereInput,
): Promise<void> {
  const busy = await tx.paymentAttempt.findFirst({
    where: inFlightWhere(where),
    select: { id: true },
  });
  if (busy)
    throw new AppError(
      "PAYMENT_IN_PROGRESS",
      "A payment for this is already being processed. Wait a moment and look again.",
      { details: { attemptId: busy.id } },
    );
}

/** Sends a recorded attempt to the gateway; an unknown outcome leaves it PENDING for the reconciler. */
async function send(
  deps: BillingDeps,
  attempt: PaymentAttempt,
  spec: Pick<ChargeSpec, "gatewayCustomerId" | "description" | "onSession">,
  confirmed: boolean,
  now: Date,
): Promise<ChargeResult> {
  try {
    return await deps.gateway.charge({
      gatewayCustomerId: spec.gatewayCustomerId,
      gatewayPaymentMethodId: attempt.gatewayPaymentMethodId ?? "",
      amount: attempt.amount,
      currency: attempt.currency,
      description: spec.description,
      idempotencyKey: attempt.id,
      onSession: spec.onSession,
      confirmed,
      // Back from the bank's page to ours, which settles this attempt (billing/confirm).
      returnUrl: new URL(`/billing/confirm?attempt=${attempt.id}`, deps.appUrl).toString(),
      now,
    });
  } catch (error) {
    if (error instanceof GatewayError && !error.retryable && error.code !== "provider_error") {
      // A definite refusal before any money moved (unknown card): the attempt failed.
      await finalizeCharge(deps, {
        attemptId: attempt.id,
        result: {
          status: "failed",
          gatewayPaymentId: "",
          failureCode: error.code,
          declineCode: error.declineCode,
          message: error.message,
        },
        now,
      });
    }
    throw toAppError(error);
  }
}

/**
 * The one way money is taken: record the attempt (committed, so a crash cannot lose it), call the
 * gateway with the attempt's id as the key, then apply the answer and the business effect in one
 * transaction (finalizeCharge). Returns the settled attempt; the caller reads its effect.
 */
export async function chargeThroughAttempt(
  deps: BillingDeps,
  spec: ChargeSpec,
): Promise<PaymentAttempt> {
  if (!Number.isSafeInteger(spec.amount) || spec.amount <= 0)
    throw new Error(`chargeThroughAttempt: amount must be a positive integer, got ${spec.amount}`);
  const attempt = await moneyTx(deps.db, async (tx) => {
    await lockOrganization(tx, spec.organizationId);
    await spec.guard?.(tx);
    return tx.paymentAttempt.create({
      data: {
        organizationId: spec.organizationId,
        kind: "CHARGE",
        purpose: spec.purpose,
        status: "PENDING",
        amount: spec.amount,
        currency: spec.currency,
        gateway: deps.gateway.name,
        payload: { ...spec.payload, description: spec.description, onSession: spec.onSession },
        checkoutSessionId: spec.checkoutSessionId ?? null,
        subscriptionId: spec.subscriptionId ?? null,
        invoiceId: spec.invoiceId ?? null,
        paymentMethodId: spec.paymentMethodId,
        gatewayPaymentMethodId: spec.gatewayPaymentMethodId,
        createdAt: spec.now,
      },
    });
  });
  const result = await send(deps, attempt, spec, false, spec.now);
  crashPoint(deps, CRASH_AT[spec.purpose]);
  return finalizeCharge(deps, { attemptId: attempt.id, result, now: spec.now });
}

/** The customer confirmed with the bank: the same attempt (same key) is sent again, confirmed. */
export async function confirmAttempt(
  deps: BillingDeps,
  args: { attempt: PaymentAttempt; gatewayCustomerId: string | null; now: Date },
): Promise<PaymentAttempt> {
  const { attempt } = args;
  if (attempt.status !== "REQUIRES_ACTION")
    throw new AppError("CONFLICT", "This payment is not waiting for a confirmation.");
  const payload = attempt.payload as { description?: string; onSession?: boolean };
  const result = await send(
    deps,
    attempt,
    {
      gatewayCustomerId: args.gatewayCustomerId,
      description: payload.description ?? "Payment",
      onSession: payload.onSession ?? true,
    },
    true,
    args.now,
  );
  crashPoint(deps, CRASH_AT[attempt.purpose as keyof typeof CRASH_AT]);
  return finalizeCharge(deps, { attemptId: attempt.id, result, now: args.now });
}
