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
}

let registered: QueueHealth | null = null;

/** Called by the queue once its workers are started; `null` when it stops. */
export function registerQueueHealth(queue: QueueHealth | null): void {
  registered = queue;
}

export function queueHealth(): QueueHealth | null {
  return registered;
}

/**
 * Whether this instance is meant to run job workers: QUEUE_WORKERS=1. Only then is a queue that has not
 * registered a reason to be not ready; an instance that serves HTTP only (QUEUE_WORKERS unset or 0) is
 * ready without one.
 */
export function queueWorkersExpected(value = process.env.QUEUE_WORKERS): boolean {
  return value === "1";
}
