import { reconcileAttempts, type ReconcileSummary } from "../attempts/reconcile";
import type { BillingDeps } from "../deps";
import { collectBatch, type CollectOutcome } from "./collect-batch";
import { collectOne } from "./collection";
import { renewBatch } from "./renew-batch";
import { renewOne, type RenewalOutcome } from "./renewals";
import { noticeTrialsEnding } from "./trial-notices";

export interface ClockSummary {
  renewed: number;
  trialsEnded: number;
  canceled: number;
  paid: number;
  failed: number;
  trialNotices: number;
  reconciled: ReconcileSummary;
}

/** Subscriptions per batch: big enough that a batch's dozen statements cost little per renewal. */
export const CLOCK_BATCH_SIZE = 200;

export interface ClockOptions {
  now: Date;
  /** At most this many renewals, and this many collections, in one run. */
  maxSteps?: number;
  /** Subscriptions claimed per batch (default CLOCK_BATCH_SIZE). */
  batchSize?: number;
  /**
   * Renew and collect one subscription at a time (renewOne, collectOne): the clock as it was before
   * batches, kept as the reference the batched clock is tested against.
   */
  oneByOne?: boolean;
}

/** Runs `step` (which handles up to `limit` items and says what became of each) until nothing is due. */
async function drain<T>(
  maxSteps: number,
  size: number,
  step: (limit: number) => Promise<T[]>,
  count: (outcome: T) => void,
): Promise<void> {
  for (let done = 0; done < maxSteps;) {
    const outcomes = await step(Math.min(size, maxSteps - done));
    if (outcomes.length === 0) return;
    done += outcomes.length;
    outcomes.forEach(count);
  }
}

const single = async <T>(outcome: Promise<T | null>): Promise<T[]> => {
  const one = await outcome;
  return one === null ? [] : [one];
};

/**
 * The billing clock: everything that happens because time passed, up to `now`. Idempotent (running it
 * twice for the same instant does nothing the second time) and safe on several instances at once (row
 * locks with SKIP LOCKED, one unique invoice per period). Time is an argument: tests run a year in ms.
 * Renewals and collections go in batches (renew-batch.ts, collect-batch.ts). A gateway without a bulk
 * charge collects one at a time: each attempt must reach the gateway well within the reconciler's lease.
 */
export async function advanceBilling(deps: BillingDeps, args: ClockOptions): Promise<ClockSummary> {
  // First what a crash left half-done, so renewals and dunning see settled payments.
  const reconciled = await reconcileAttempts(deps, { now: args.now });
  const summary: ClockSummary = {
    reconciled,
    renewed: 0,
    trialsEnded: 0,
    canceled: 0,
    paid: 0,
    failed: 0,
    trialNotices: 0,
  };
  const { now } = args;
  const maxSteps = args.maxSteps ?? 10_000;
  const size = args.oneByOne ? 1 : (args.batchSize ?? CLOCK_BATCH_SIZE);
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError("batchSize is at least 1");
  await drain<RenewalOutcome>(
    maxSteps,
    size,
    (limit) => (args.oneByOne ? single(renewOne(deps, now)) : renewBatch(deps, now, limit)),
    (outcome) => {
      if (outcome === "renewed") summary.renewed++;
      else if (outcome === "trial_ended") summary.trialsEnded++;
      else summary.canceled++;
    },
  );
  await drain<CollectOutcome>(
    maxSteps,
    deps.gateway.chargeMany ? size : 1,
    (limit) => (args.oneByOne ? single(collectOne(deps, now)) : collectBatch(deps, now, limit)),
    (outcome) => {
      if (outcome !== "nothing_open") summary[outcome]++;
    },
  );
  summary.trialNotices = await noticeTrialsEnding(deps, now);
  return summary;
}
