/**
 * Renewals through the job queue on PostgreSQL (`pnpm bench:queue`, issue 15): QUEUE_COUNT (default
 * 5,000) subscriptions come due, each with a card that succeeds (LOCAL gateway); one tick enqueues a
 * renewal job per subscription; BENCH_QUEUE_WORKERS processes (default 1, then 2) run the queue's workers,
 * renew in batches of 200 and collect what each renewal invoiced. Timed from the tick to the last
 * invoice paid. DATABASE_URL names the server (default 127.0.0.1:5432); the database is salesos_queue.
 */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

import { createBillingDeps, JobQueue } from "@salesos/billing";
import { seedDueSubscriptions } from "@salesos/billing/testing";
import { openDatabase, seedDemoData } from "@salesos/db";

import { recreateDatabase } from "./setup";

process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
const server = new URL(process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres");
server.pathname = "/salesos_queue";
const url = server.toString();
const count = Number(process.env.QUEUE_COUNT ?? 5000);
const workerCounts = (process.env.BENCH_QUEUE_WORKERS ?? "1,2").split(",").map(Number);

const children: ChildProcess[] = [];
// However the run ends, no worker outlives it (a worker left behind would hold the next run's database).
process.on("exit", () => children.forEach((child) => child.kill("SIGKILL")));

function startWorker(): Promise<ChildProcess> {
  const child = fork(path.join(import.meta.dirname, "queue-worker.ts"), {
    env: { ...process.env, DATABASE_URL: url },
    execArgv: ["--import", "tsx"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`worker exited (${code})`)));
  });
}

async function run(workers: number): Promise<number> {
  await recreateDatabase(url);
  const handle = openDatabase({ databaseUrl: url });
  try {
    await handle.migrate();
    await seedDemoData(handle.db);
    await seedDueSubscriptions(handle.db, {
      prefix: "bq",
      count,
      dueAt: new Date(Date.now() - 60_000),
    });
    await handle.db.$executeRawUnsafe("ANALYZE");
    const running = await Promise.all(Array.from({ length: workers }, startWorker));
    const ticker = new JobQueue({
      store: handle.jobStore,
      deps: createBillingDeps({
        db: handle.db,
        appUrl: "http://localhost:3000",
        authSecret: process.env.AUTH_SECRET!,
      }),
      work: false,
      tickCron: null,
    });
    await ticker.start();
    const started = performance.now();
    const enqueued = await ticker.enqueueDue();
    if (enqueued.renew !== count) throw new Error(`enqueued ${enqueued.renew} of ${count}`);
    for (const until = Date.now() + 300_000; ;) {
      if (Date.now() > until) throw new Error(`not all ${count} invoices paid after 300 s`);
      const [row] = await handle.db.$queryRawUnsafe<{ paid: number }[]>(
        "SELECT count(*)::int AS paid FROM invoices WHERE status = 'PAID' AND billing_reason = 'SUBSCRIPTION_CYCLE'",
      );
      if (row!.paid === count) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    await ticker.stop();
    for (const child of running) child.kill("SIGTERM");
    return seconds;
  } finally {
    await handle.close();
  }
}

for (const workers of workerCounts) {
  const seconds = await run(workers);
  console.info(
    `queue: ${(count / seconds).toFixed(0)} renewals/s with ${workers} worker process(es) ` +
      `(${count} renewed and charged in ${seconds.toFixed(1)} s, from the tick to the last invoice paid)`,
  );
}
