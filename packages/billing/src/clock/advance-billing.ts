import { reconcileAttempts, type ReconcileSummary } from "../attempts/reconcile";
import type { BillingDeps } from "../deps";
import { collectOne } from "./collection";
import { renewOne } from "./renewals";
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

/**
 * The billing clock: everything that happens because time passed, up to `now`. Idempotent (running it
 * twice for the same instant does nothing the second time) and safe on several instances at once (row
 * locks with SKIP LOCKED, one unique invoice per period). Time is an argument: tests run a year in ms.
 */
export async function advanceBilling(
  deps: BillingDeps,
  args: { now: Date; maxSteps?: number },
): Promise<ClockSummary> {
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
  const maxSteps = args.maxSteps ?? 10_000;
  for (let step = 0; step < maxSteps; step++) {
    const outcome = await renewOne(deps, args.now);
    if (!outcome) break;
    if (outcome === "renewed") summary.renewed++;
    else if (outcome === "trial_ended") summary.trialsEnded++;
    else summary.canceled++;
  }
  for (let step = 0; step < maxSteps; step++) {
    const outcome = await collectOne(deps, args.now);
    if (!outcome) break;
    if (outcome !== "nothing_open") summary[outcome]++;
  }
  summary.trialNotices = await noticeTrialsEnding(deps, args.now);
  return summary;
}
