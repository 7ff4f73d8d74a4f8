import type { JobStore } from "@salesos/db";
import PgBoss from "pg-boss";

import type { BillingDeps } from "../deps";
import type { GatewayEvent } from "../gateways/port";
import { noticeCardsExpiring } from "../mail/card-expiring";
import { unsentNotificationIds } from "../mail/outbox";
import { findDueWork, type DueWork } from "./due";
import type { BatchFailures, QueuedJob } from "./handlers";
import { DEFAULT_QUEUE_SETTINGS, GATEWAY_EVENT_JOB, JOBS, type QueueSettings } from "./names";
import { registerWorkers } from "./workers";

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
/** A queue's jobs worked by one process: completed, and failed (each failed try counts). */
export interface JobsWorked {
  completed: number;
  failed: number;
}

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
  private readonly worked: Record<string, JobsWorked> = {};

  /** Jobs this process has worked since it started, per queue (each instance counts its own). */
  get jobsWorked(): Record<string, JobsWorked> {
    return structuredClone(this.worked);
  }

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
    if (this.options.work !== false)
      await registerWorkers(this.boss, {
        deps: this.options.deps,
        clock: this.clock,
        batchSize: this.options.batchSize ?? 200,
        pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2,
        extraHandlers: this.options.extraHandlers ?? {},
        tick: (now) => this.enqueueDue(now),
        enqueueSubscriptions: (name, ids) => this.enqueueSubscriptions(name, ids),
        onWorked: (queue, completed, failed) => {
          const counts = (this.worked[queue] ??= { completed: 0, failed: 0 });
          counts.completed += completed;
          counts.failed += failed;
        },
      });
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
}
