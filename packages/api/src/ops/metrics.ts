/**
 * GET /metrics (Prometheus text, prom-client). Two registries, because two kinds of figure:
 * - per process: request durations, the jobs its workers finished, and Node's own (heap, event loop, GC). In the cluster each worker has
 *   its own; the primary sums them (prom-client's AggregatorRegistry, see cluster-metrics.ts).
 * - per database: charges by outcome and the job queue's depth and failures. They are read at scrape
 *   time, once, by the worker that answers, from the database every instance shares: correct however
 *   many workers or instances there are, and the billing engine stays free of prom-client (it writes
 *   attempts in several places, the clock's batches among them; the rows are the one truth).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

import type { Db } from "@salesos/db";

import { queueHealth } from "./queue-health";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export interface ServerMetrics {
  /** This process's figures (aggregated across the cluster by the primary). */
  process: Registry;
  /** The database's figures (read once per scrape). */
  shared: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

/** Charges settled so far, by outcome: a counter whose value is read from payment_attempts. */
const CHARGE_OUTCOMES_SQL = `
  SELECT CASE WHEN status = 'FAILED' THEN 'failed'
              WHEN effect = 'REFUNDED' THEN 'refunded'
              ELSE 'succeeded' END AS outcome,
         count(*)::int AS n
    FROM payment_attempts
   WHERE kind = 'CHARGE' AND status IN ('SUCCEEDED', 'FAILED')
   GROUP BY 1`;

export function createServerMetrics(db: () => Db): ServerMetrics {
  const processRegistry = new Registry();
  collectDefaultMetrics({ register: processRegistry, prefix: "salesos_" });
  const duration = new Histogram({
    name: "salesos_http_request_duration_seconds",
    help: "HTTP request duration by route template (OpenAPI path or tRPC procedure), method and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [processRegistry],
  });

  new Counter({
    name: "salesos_jobs_worked_total",
    help: "Jobs this process's workers finished since start, by queue and outcome (completed, failed: a failed try, retried or dead).",
    labelNames: ["queue", "outcome"] as const,
    registers: [processRegistry],
    collect() {
      this.reset();
      for (const [queue, { completed, failed }] of Object.entries(queueHealth()?.worked() ?? {})) {
        this.inc({ queue, outcome: "completed" }, completed);
        this.inc({ queue, outcome: "failed" }, failed);
      }
    },
  });

  const shared = new Registry();
  new Counter({
    name: "salesos_charges_total",
    help: "Charge attempts settled, by outcome (succeeded, failed, refunded: paid but given back), from the database.",
    labelNames: ["outcome"] as const,
    registers: [shared],
    async collect() {
      const rows =
        await db().$queryRawUnsafe<{ outcome: string; n: number }[]>(CHARGE_OUTCOMES_SQL);
      this.reset();
      for (const outcome of ["succeeded", "failed", "refunded"]) this.inc({ outcome }, 0);
      for (const row of rows) this.inc({ outcome: row.outcome }, row.n);
    },
  });
  new Gauge({
    name: "salesos_job_queue_depth",
    help: "Jobs waiting per queue (from the job queue; absent while no queue is registered).",
    labelNames: ["queue"] as const,
    registers: [shared],
    async collect() {
      this.reset();
      const queue = queueHealth();
      if (!queue) return;
      for (const [name, depth] of Object.entries(await queue.depth()))
        this.set({ queue: name }, depth);
    },
  });
  new Gauge({
    name: "salesos_job_failures",
    help: "Jobs that failed for good (dead-lettered), all queues (from the job queue).",
    registers: [shared],
    async collect() {
      const queue = queueHealth();
      this.set(queue ? await queue.failures() : 0);
    },
  });
  new Gauge({
    name: "salesos_job_queue_running",
    help: "1 while this instance's job workers run, else 0.",
    registers: [shared],
    collect() {
      this.set(queueHealth()?.running() ? 1 : 0);
    },
  });

  return {
    process: processRegistry,
    shared,
    observeRequest(method, route, status, seconds) {
      duration.observe(
        { method: METHODS.has(method) ? method : "OTHER", route, status: String(status) },
        seconds,
      );
    },
  };
}
