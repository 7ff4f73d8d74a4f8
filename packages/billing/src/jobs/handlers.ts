import { reconcileAttempts } from "../attempts/reconcile";
import { collectBatch } from "../clock/collect-batch";
import { renewBatch } from "../clock/renew-batch";
import { noticeTrialsEnding } from "../clock/trial-notices";
import type { BillingDeps } from "../deps";
import type { SubscriptionJob } from "./names";

/** A job as a handler sees it: its id (for failing it alone) and its data. */
export interface QueuedJob<T> {
  id: string;
  data: T;
}

/** The jobs of a batch that failed, each with its error; the others are done. */
export type BatchFailures = { jobId: string; error: unknown }[];

/**
 * Runs `work` over the whole batch; if it throws, over each job alone, so one subscription that cannot
 * be handled fails only its own job (retried, then dead) and never holds back the 199 others. The batch
 * functions run in one transaction: a throw has written nothing, so running each alone repeats nothing.
 */
export async function batchOrEach<T>(
  jobs: QueuedJob<T>[],
  work: (items: T[]) => Promise<unknown>,
): Promise<BatchFailures> {
  try {
    await work(jobs.map((job) => job.data));
    return [];
  } catch (error) {
    if (jobs.length === 1) return [{ jobId: jobs[0]!.id, error }];
  }
  const failures: BatchFailures = [];
  for (const job of jobs) {
    try {
      await work([job.data]);
    } catch (error) {
      failures.push({ jobId: job.id, error });
    }
  }
  return failures;
}

const idsOf = (items: SubscriptionJob[]) => [...new Set(items.map((item) => item.subscriptionId))];

/** Renewals and scheduled cancellations: renewBatch over the named subscriptions (still due ones). */
export function renewJobs(deps: BillingDeps, jobs: QueuedJob<SubscriptionJob>[], now: Date) {
  return batchOrEach(jobs, (items) => {
    const ids = idsOf(items);
    return renewBatch(deps, now, ids.length, ids);
  });
}

/**
 * Payment attempts: in bulk where the gateway charges in bulk (LOCAL), else one at a time, because each
 * attempt must reach its gateway well within the reconciler's lease (STRIPE).
 */
export function collectJobs(deps: BillingDeps, jobs: QueuedJob<SubscriptionJob>[], now: Date) {
  return batchOrEach(jobs, async (items) => {
    const ids = idsOf(items);
    if (deps.gateway.chargeMany) return collectBatch(deps, now, ids.length, ids);
    for (const id of ids) await collectBatch(deps, now, 1, [id]);
  });
}

export function trialNoticeJobs(deps: BillingDeps, jobs: QueuedJob<SubscriptionJob>[], now: Date) {
  return batchOrEach(jobs, (items) => noticeTrialsEnding(deps, now, idsOf(items)));
}

export async function reconcileJob(deps: BillingDeps, now: Date): Promise<void> {
  await reconcileAttempts(deps, { now });
}
