import type { JobStore } from "@salesos/db";
import PgBoss from "pg-boss";

import type { BillingDeps } from "../deps";
import type { GatewayEvent } from "../gateways/port";
import { noticeCardsExpiring } from "../mail/card-expiring";
import { deliverNotification } from "../mail/deliver";
import { unsentNotificationIds } from "../mail/outbox";
import { applyGatewayEvent } from "../webhooks/process-event";
import { findDueWork, type DueWork } from "./due";
import {
  batchOrEach,
  collectJobs,
  reconcileJob,
  renewJobs,
  trialNoticeJobs,
  type BatchFailures,
  type QueuedJob,
} from "./handlers";
import {
  DEFAULT_QUEUE_SETTINGS,
  GATEWAY_EVENT_JOB,
  JOBS,
  type QueueSettings,
  type SubscriptionJob,
} from "./names";

/** A handler for a queue the app adds (mail, housekeeping): the batch, and the instant it runs at. */
export type ExtraHandler = (
  jobs: QueuedJob<Record<string, unknown>>[],
  now: Date,
) => Promise<BatchFailures>;

export interface JobQueueOptions {
  store: JobStore;
  deps: BillingDeps;
  /** The time the handlers run at. Default: the wall clock; tests move it. */
  clock?: () => Date;
  /** Take jobs in this process (default true). False: enqueue only (a CLI, a web-only instance). */
  work?: boolean;
  /** Cron expression for the clock's tick (default every minute); null: no schedule in this process. */
  tickCron?: string | null;
  /** Jobs taken at once per queue (default 200: the renewal batch). */
  batchSize?: number;
  /** How often an idle worker looks for jobs (default 2 s). */
  pollingIntervalSeconds?: number;
  /** Retries, backoff and the lease (names.ts). */
  settings?: Partial<QueueSettings>;
  /** How often expired leases are taken back and old jobs archived (default 60 s). */
  maintenanceIntervalSeconds?: number;
  /** More queues and their handlers, with the same retries and lease. */
  extraHandlers?: Record<string, ExtraHandler>;
  /** Cron schedules of extra queues (housekeeping), kept with the tick's. */
  extraSchedules?: Record<string, string>;
  /** Runs at every tick after billing's jobs are enqueued (the app enqueues its mail here). */
  onTick?: (now: Date) => Promise<void>;
  onError?: (error: unknown) => void;
}

/** Notices relayed to the mail queue per tick (the oldest first; the next tick takes the rest). */
const TICK_MAIL_LIMIT = 5_000;

/** Failed jobs stay visible to staff (and retriable) this long before pg-boss archives them. */
const DEAD_KEPT_SECONDS = 30 * 86_400;

export type EnqueuedCounts = { [K in keyof DueWork]: number };

/**
 * The billing engine's background work on pg-boss (PostgreSQL's SKIP LOCKED queue): the same handlers in
 * every instance, and in the embedded database's single process. See docs/decisions.md "The job queue".
 */
export class JobQueue {
  readonly boss: PgBoss;
  private readonly clock: () => Date;
  private readonly settings: QueueSettings;

  constructor(private readonly options: JobQueueOptions) {
    const { store } = options;
    this.clock = options.clock ?? (() => new Date());
    this.settings = { ...DEFAULT_QUEUE_SETTINGS, ...options.settings };
    this.boss = new PgBoss({
      ...(store.kind === "postgres"
        ? { connectionString: store.connectionString, max: 4 }
        : {
            db: { executeSql: (text: string, values: unknown[]) => store.executeSql(text, values) },
          }),
      schema: "pgboss",
      application_name: "salesos-jobs",
      schedule: options.tickCron !== null,
      supervise: options.work !== false,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
      archiveFailedAfterSeconds: DEAD_KEPT_SECONDS,
    });
    this.boss.on("error", (error) => (options.onError ?? console.error)(error));
  }

  /** The queues the app runs, billing's and the extra ones. */
  get queueNames(): string[] {
    return [
      ...Object.values(JOBS),
      GATEWAY_EVENT_JOB,
      ...Object.keys(this.options.extraHandlers ?? {}),
    ];
  }

  private started = false;

  /** True from a successful start until stop (pg-boss's own `stopped` event ends it too). */
  get running(): boolean {
    return this.started;
  }

  async start(): Promise<this> {
    await this.boss.start();
    this.boss.once("stopped", () => (this.started = false));
    const { retryLimit, retryDelay, expireInSeconds } = this.settings;
    for (const name of this.queueNames) {
      // `short`: at most one queued job per key (the subscription), so ticks never pile up duplicates.
      const queue = {
        name,
        policy: "short" as const,
        retryLimit,
        retryDelay,
        retryBackoff: true,
        expireInSeconds,
      };
      // The migration created billing's queues; creating is a no-op then, and the update applies the
      // settings of this code (which may have changed since).
      await this.boss.createQueue(name, queue);
      await this.boss.updateQueue(name, queue);
    }
    if (this.options.work !== false) await this.startWorkers();
    this.started = true;
    if (this.options.tickCron !== null) {
      await this.boss.schedule(JOBS.tick, this.options.tickCron ?? "* * * * *");
      for (const [name, cron] of Object.entries(this.options.extraSchedules ?? {}))
        await this.boss.schedule(name, cron);
    }
    return this;
  }

  async stop(options: { graceful?: boolean } = {}): Promise<void> {
    this.started = false;
    await this.boss.stop({ graceful: options.graceful ?? true, wait: true, timeout: 10_000 });
  }

  /** The clock's tick: enqueues one job per subscription with work due now. */
  async enqueueDue(now: Date = this.clock()): Promise<EnqueuedCounts> {
    const due = await findDueWork(this.options.deps.db, now);
    const queues: [keyof DueWork, string][] = [
      ["renew", JOBS.renew],
      ["cancel", JOBS.cancel],
      ["collect", JOBS.collect],
      ["trialNotice", JOBS.trialNotice],
    ];
    for (const [kind, name] of queues) await this.enqueueSubscriptions(name, due[kind]);
    await this.boss.insert([{ name: JOBS.reconcile, singletonKey: "reconcile" }]);
    await this.enqueueMail(now);
    await this.options.onTick?.(now);
    return {
      renew: due.renew.length,
      cancel: due.cancel.length,
      collect: due.collect.length,
      trialNotice: due.trialNotice.length,
    };
  }

  /** One job per subscription; one already queued for it is kept instead (policy `short`). */
  async enqueueSubscriptions(name: string, ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 5_000) {
      const jobs = ids.slice(i, i + 5_000).map((subscriptionId) => ({
        name,
        data: { subscriptionId },
        singletonKey: subscriptionId,
      }));
      if (jobs.length > 0) await this.boss.insert(jobs);
    }
  }

  /**
   * The outbox relay: cards expiring next month get their notice, then every notice not yet mailed gets
   * a `mail.send` job keyed by the notice (one waiting job per notice; delivery itself is once-only).
   * Without a mailer (an engine built without mail) notices stay in the outbox.
   */
  private async enqueueMail(now: Date): Promise<void> {
    const { deps } = this.options;
    if (!deps.mail) return;
    await noticeCardsExpiring(deps, now);
    const ids = await unsentNotificationIds(deps.db, { limit: TICK_MAIL_LIMIT });
    if (ids.length === 0) return;
    await this.boss.insert(
      ids.map((notificationId) => ({
        name: JOBS.mail,
        data: { notificationId },
        singletonKey: notificationId,
      })),
    );
  }

  /** A verified gateway event whose first try failed: applied again from the queue, once per event. */
  async deferGatewayEvent(event: GatewayEvent): Promise<void> {
    await this.boss.insert([{ name: GATEWAY_EVENT_JOB, data: { event }, singletonKey: event.id }]);
  }

  /** Enqueues a job of an extra queue (a notice's mail), once per key while it waits. */
  async enqueue(name: string, data: Record<string, unknown>, singletonKey?: string): Promise<void> {
    await this.boss.insert([{ name, data, ...(singletonKey ? { singletonKey } : {}) }]);
  }

  private async startWorkers(): Promise<void> {
    const { deps } = this.options;
    const batchSize = this.options.batchSize ?? 200;
    const pollingIntervalSeconds = this.options.pollingIntervalSeconds ?? 2;
    const work = async <T>(
      name: string,
      handle: (jobs: QueuedJob<T>[], now: Date) => Promise<BatchFailures>,
    ) => {
      const worker: { id?: string } = {};
      worker.id = await this.boss.work<T>(
        name,
        { batchSize, pollingIntervalSeconds },
        async (jobs) => {
          const failures = await handle(jobs, this.clock());
          // The failed ones alone go to retry (or dead); pg-boss completes the rest when this returns.
          for (const { jobId, error } of failures)
            await this.boss.fail(name, jobId, errorOutput(error));
          // A full batch: more are likely waiting, so fetch again at once instead of sleeping the interval.
          if (jobs.length === batchSize && worker.id) this.boss.notifyWorker(worker.id);
        },
      );
    };
    await work<SubscriptionJob>(JOBS.renew, async (jobs, now) => {
      const failures = await renewJobs(deps, jobs, now);
      // What renewed now owes its invoice: collected at once, not at the next tick.
      await this.enqueueSubscriptions(
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
      await this.enqueueDue(now);
      return [];
    });
    for (const [name, handler] of Object.entries(this.options.extraHandlers ?? {}))
      await work<Record<string, unknown>>(name, handler);
  }
}

/** What a failed job keeps as its output: the message and name, never a stack with data in it. */
function errorOutput(error: unknown): { message: string; name: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message.slice(0, 1_000) }
    : { name: "Error", message: String(error).slice(0, 1_000) };
}
