import type { BillingDeps } from "../deps";
import { finalizeCharge } from "./finalize";
import { sendRefund } from "./refund";

/** An attempt younger than this may still have its request in flight: the reconciler leaves it alone. */
export const ATTEMPT_LEASE_MS = 60_000;

export interface ReconcileSummary {
  /** Charge attempts settled from the gateway's record (applied, refunded or failed). */
  charges: number;
  /** Refund attempts sent again and settled. */
  refunds: number;
  /** Attempts whose outcome is still unknown (the gateway did not answer): tried again next run. */
  unknown: number;
  /**
   * Unsettled attempts of another gateway than this process's (e.g. LOCAL attempts left from before a
   * switch to STRIPE): left alone, since only their own gateway knows what happened to their keys.
   */
  otherGateway: number;
}

/**
 * Resolves what a crash, a timeout or a lost answer left: each charge attempt still PENDING (or
 * PROCESSING) after the lease is settled by asking the gateway what happened to its key — succeeded:
 * finished (or refunded) by its purpose's finalizer; never seen: failed — and each refund attempt still
 * PENDING is sent again with the same key. Runs with the billing clock and as `pnpm billing:reconcile`.
 */
export async function reconcileAttempts(
  deps: BillingDeps,
  args: {
    now: Date;
    leaseMs?: number;
    limit?: number;
    /** Told why an attempt stayed unknown (the gateway's error), e.g. for the script to print. */
    onUnknown?: (attemptId: string, error: unknown) => void;
  },
): Promise<ReconcileSummary> {
  const lease = args.leaseMs ?? deps.attemptLeaseMs ?? ATTEMPT_LEASE_MS;
  const cutoff = new Date(args.now.getTime() - lease);
  const take = args.limit ?? 500;
  const summary: ReconcileSummary = { charges: 0, refunds: 0, unknown: 0, otherGateway: 0 };
  const gateway = deps.gateway.name;
  const charges = await deps.db.paymentAttempt.findMany({
    where: {
      kind: "CHARGE",
      status: { in: ["PENDING", "PROCESSING"] },
      gateway,
      createdAt: { lte: cutoff },
    },
    orderBy: { createdAt: "asc" },
    take,
  });
  for (const attempt of charges) {
    try {
      const result = await deps.gateway.retrieveCharge({ idempotencyKey: attempt.id });
      const settled = await finalizeCharge(deps, { attemptId: attempt.id, result, now: args.now });
      if (settled.status === "PENDING" || settled.status === "PROCESSING") summary.unknown++;
      else summary.charges++;
    } catch (error) {
      args.onUnknown?.(attempt.id, error);
      summary.unknown++;
    }
  }
  const refunds = await deps.db.paymentAttempt.findMany({
    where: { kind: "REFUND", status: "PENDING", gateway, createdAt: { lte: cutoff } },
    orderBy: { createdAt: "asc" },
    take,
  });
  for (const refund of refunds) {
    const sent = await sendRefund(deps, { refundAttemptId: refund.id, now: args.now });
    if (sent.status === "PENDING") summary.unknown++;
    else summary.refunds++;
  }
  summary.otherGateway = await deps.db.paymentAttempt.count({
    where: {
      OR: [
        { kind: "CHARGE", status: { in: ["PENDING", "PROCESSING"] } },
        { kind: "REFUND", status: "PENDING" },
      ],
      gateway: { not: gateway },
      createdAt: { lte: cutoff },
    },
  });
  return summary;
}
