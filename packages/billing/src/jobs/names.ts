/**
 * The queues of background work. Each job names one subscription (or one notice, one event); a worker
 * takes them in batches, so the per-subscription bookkeeping of the queue costs little per renewal.
 */
export const JOBS = {
  /** The clock: finds what is due and enqueues the jobs below. Scheduled every minute. */
  tick: "billing.tick",
  /** A subscription whose period (or trial) ended: the next period and its invoice. */
  renew: "billing.renew",
  /** A subscription that was set to cancel at period end and whose period ended. */
  cancel: "billing.cancel",
  /** A subscription with a payment attempt due (the first, or dunning retry N). */
  collect: "billing.collect",
  /** A trial that ends within three days: its notice. */
  trialNotice: "billing.trial-notice",
  /** Payment attempts left in flight by a crash: settled by asking the gateway. */
  reconcile: "billing.reconcile",
  /** One notice's mail (payment failed, invoice paid with its PDF, …), sent once (mail/deliver.ts). */
  mail: "mail.send",
} as const;

export type BillingJobName = (typeof JOBS)[keyof typeof JOBS];

/** A job about one subscription. */
export interface SubscriptionJob {
  subscriptionId: string;
}

export interface QueueSettings {
  /** Tries after the first before a job is dead (state `failed`, listed for staff). */
  retryLimit: number;
  /** Seconds before the first retry; doubled each time (retryBackoff). */
  retryDelay: number;
  /**
   * The lease: an active job not finished in this many seconds is taken back and tried again, so a
   * killed instance loses nothing. Far above a batch's run time (well under a second per 200).
   */
  expireInSeconds: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  retryLimit: 5,
  retryDelay: 10,
  expireInSeconds: 300,
};

/** A verified gateway event whose first try (in the webhook route) failed: applied again from the queue. */
export const GATEWAY_EVENT_JOB = "gateway.event";
