/**
 * The one thing the health and metrics endpoints need from the job queue, filled in by the queue when it
 * starts (packages/billing/src/jobs/ is built separately): the server calls `registerQueueHealth` once
 * its workers run. The endpoints never import the queue, so either can change without the other.
 */
export interface QueueHealth {
  /** True while this instance's workers are started and polling. */
  running(): boolean;
  /** Jobs waiting (created or retrying, not yet active) per queue name. */
  depth(): Promise<Record<string, number>>;
  /** Jobs that failed for good (dead-lettered) so far, all queues together. */
  failures(): Promise<number>;
  /** Jobs this process's workers have completed and failed since start, per queue. */
  worked(): Record<string, { completed: number; failed: number }>;
}

// On globalThis: the queue starts in Next.js's bundled copy of this package (instrumentation.ts), the
// endpoints run in the production server's copy; both must see one registration.
const globalForQueue = globalThis as unknown as { salesosQueueHealth?: QueueHealth | null };

/** Called by the queue once its workers are started; `null` when it stops. */
export function registerQueueHealth(queue: QueueHealth | null): void {
  globalForQueue.salesosQueueHealth = queue;
}

export function queueHealth(): QueueHealth | null {
  return globalForQueue.salesosQueueHealth ?? null;
}

/**
 * Whether this instance is meant to run job workers: yes unless JOB_WORKERS=off (packages/api/src/jobs.ts).
 * Then a queue that has not registered is a reason to be not ready; a web-only instance is ready without.
 */
export function queueWorkersExpected(value = process.env.JOB_WORKERS): boolean {
  return value !== "off";
}
