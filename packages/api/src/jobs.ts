/**
 * The process's job queue: the billing engine's handlers (packages/billing/src/jobs) plus the app's own
 * (housekeeping), on the database this process uses. Started once per process by the server's boot
 * (instrumentation.ts); the cron route and the CLI reuse or start it. See docs/decisions.md "The job queue".
 */
import { JobQueue, queueCounts } from "@salesos/billing";
import type { DatabaseHandle } from "@salesos/db";
import { log } from "@salesos/log";

import { billingDepsFor } from "./billing";
import { apiEnv } from "./env";
import { housekeeping } from "./housekeeping";
import { registerQueueHealth } from "./ops/queue-health";

/** Old rate-limit counters, idempotency records and previews: removed hourly. */
export const HOUSEKEEPING_JOB = "app.housekeeping";

const globalForJobs = globalThis as unknown as { salesosJobs?: Promise<JobQueue> };

export interface StartJobsOptions {
  /** Take jobs here (default: JOB_WORKERS). False for a process that only enqueues (a CLI). */
  work?: boolean;
  /** Schedule the tick here (default: BILLING_CLOCK_CRON). */
  tickCron?: string | null;
  onError?: (error: unknown) => void;
}

function createJobQueue(handle: DatabaseHandle, options: StartJobsOptions): JobQueue {
  const env = apiEnv();
  const work = options.work ?? env.JOB_WORKERS === "on";
  return new JobQueue({
    store: handle.jobStore,
    deps: billingDepsFor(handle.db),
    work,
    tickCron: options.tickCron !== undefined ? options.tickCron : env.BILLING_CLOCK_CRON,
    pollingIntervalSeconds: env.JOB_POLL_SECONDS,
    maintenanceIntervalSeconds: env.JOB_MAINTENANCE_SECONDS,
    settings: { expireInSeconds: env.JOB_LEASE_SECONDS },
    extraHandlers: {
      [HOUSEKEEPING_JOB]: async (_jobs, now) => {
        await housekeeping(handle.db, now);
        return [];
      },
    },
    extraSchedules: { [HOUSEKEEPING_JOB]: "17 * * * *" },
    onError:
      options.onError ??
      ((error) =>
        log().error(
          { error: error instanceof Error ? error.message : String(error) },
          "job queue",
        )),
  });
}

/**
 * /readyz and /metrics read the queue through this (ops/queue-health.ts). A scrape asks for the depth and
 * the failures together: one count of the jobs table answers both (kept for a second).
 */
function reportHealth(queue: JobQueue, handle: DatabaseHandle): JobQueue {
  let last: { at: number; counts: ReturnType<typeof queueCounts> } | undefined;
  const counts = () => {
    if (!last || Date.now() - last.at > 1_000)
      last = { at: Date.now(), counts: queueCounts(handle.db) };
    return last.counts;
  };
  registerQueueHealth({
    running: () => queue.running,
    depth: async () => (await counts()).waiting,
    failures: async () => (await counts()).failed,
    worked: () => queue.jobsWorked,
  });
  return queue;
}

/** The process's queue, started on first call (later calls get the same one, whatever their options). */
export function startJobs(
  handle: DatabaseHandle,
  options: StartJobsOptions = {},
): Promise<JobQueue> {
  globalForJobs.salesosJobs ??= createJobQueue(handle, options)
    .start()
    .then((queue) => reportHealth(queue, handle))
    .catch((error: unknown) => {
      globalForJobs.salesosJobs = undefined;
      throw error;
    });
  return globalForJobs.salesosJobs;
}

/**
 * Starts the process's queue at boot without making the server depend on it: a database that is not
 * reachable yet is logged and tried again every `retryMs`, while /readyz says "not started".
 */
export function startJobsInBackground(handle: DatabaseHandle, retryMs = 10_000): void {
  const attempt = () => {
    startJobs(handle).catch((error: unknown) => {
      log().error(
        { error: error instanceof Error ? error.message : String(error) },
        "job queue did not start; trying again",
      );
      setTimeout(attempt, retryMs).unref();
    });
  };
  attempt();
}

/** Stops the process's queue (a graceful shutdown lets running jobs finish). */
export async function stopJobs(): Promise<void> {
  const running = globalForJobs.salesosJobs;
  globalForJobs.salesosJobs = undefined;
  if (running) await (await running).stop();
  registerQueueHealth(null);
}
