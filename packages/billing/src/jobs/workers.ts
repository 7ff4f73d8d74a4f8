import type PgBoss from "pg-boss";

import type { BillingDeps } from "../deps";
import type { GatewayEvent } from "../gateways/port";
import { deliverNotification } from "../mail/deliver";
import { applyGatewayEvent } from "../webhooks/process-event";
import {
  batchOrEach,
  collectJobs,
  reconcileJob,
  renewJobs,
  trialNoticeJobs,
  type BatchFailures,
  type QueuedJob,
} from "./handlers";
import { GATEWAY_EVENT_JOB, JOBS, type SubscriptionJob } from "./names";

type Handler<T> = (jobs: QueuedJob<T>[], now: Date) => Promise<BatchFailures>;

export interface WorkerContext {
  deps: BillingDeps;
  clock: () => Date;
  batchSize: number;
  pollingIntervalSeconds: number;
  extraHandlers: Record<string, Handler<Record<string, unknown>>>;
  /** The clock's tick (JobQueue.enqueueDue). */
  tick: (now: Date) => Promise<unknown>;
  enqueueSubscriptions: (name: string, ids: string[]) => Promise<void>;
  /** After each batch: how many of its jobs this process completed and failed (for /metrics). */
  onWorked: (queue: string, completed: number, failed: number) => void;
}

/** What a failed job keeps as its output: the message and name, never a stack with data in it. */
function errorOutput(error: unknown): { message: string; name: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message.slice(0, 1_000) }
    : { name: "Error", message: String(error).slice(0, 1_000) };
}

/** One pg-boss worker per queue of this process, each taking up to `batchSize` jobs at once. */
export async function registerWorkers(boss: PgBoss, ctx: WorkerContext): Promise<void> {
  const { deps, batchSize, pollingIntervalSeconds } = ctx;
  const work = async <T>(name: string, handle: Handler<T>) => {
    const worker: { id?: string } = {};
    worker.id = await boss.work<T>(name, { batchSize, pollingIntervalSeconds }, async (jobs) => {
      const failures = await handle(jobs, ctx.clock());
      // The failed ones alone go to retry (or dead); pg-boss completes the rest when this returns.
      for (const { jobId, error } of failures) await boss.fail(name, jobId, errorOutput(error));
      ctx.onWorked(name, jobs.length - failures.length, failures.length);
      // A full batch: more are likely waiting, so fetch again at once instead of sleeping the interval.
      if (jobs.length === batchSize && worker.id) boss.notifyWorker(worker.id);
    });
  };
  await work<SubscriptionJob>(JOBS.renew, async (jobs, now) => {
    const failures = await renewJobs(deps, jobs, now);
    // What renewed now owes its invoice: collected at once, not at the next tick.
    await ctx.enqueueSubscriptions(
      JOBS.collect,
      jobs.map((job) => job.data.subscriptionId),
    );
    return failures;
  });
  await work<SubscriptionJob>(JOBS.cancel, (jobs, now) => renewJobs(deps, jobs, now));
  await work<SubscriptionJob>(JOBS.collect, (jobs, now) => collectJobs(deps, jobs, now));
  await work<SubscriptionJob>(JOBS.trialNotice, (jobs, now) => trialNoticeJobs(deps, jobs, now));
  await work<{ notificationId: string }>(JOBS.mail, (jobs, now) =>
    batchOrEach(jobs, async (items) => {
      for (const { notificationId } of items)
        await deliverNotification(deps, { notificationId, now });
    }),
  );
  await work(JOBS.reconcile, async (_jobs, now) => {
    await reconcileJob(deps, now);
    return [];
  });
  await work<{ event: GatewayEvent }>(GATEWAY_EVENT_JOB, (jobs, now) =>
    batchOrEach(jobs, async (items) => {
      for (const { event } of items) await applyGatewayEvent(deps, { event, now });
    }),
  );
  await work(JOBS.tick, async (_jobs, now) => {
    await ctx.tick(now);
    return [];
  });
  for (const [name, handler] of Object.entries(ctx.extraHandlers))
    await work<Record<string, unknown>>(name, handler);
}
