import type { Db } from "@salesos/db";

/** A job that failed every try: what staff see, and what "Retry" takes. */
export interface DeadJob {
  id: string;
  queue: string;
  data: unknown;
  error: string;
  tries: number;
  createdAt: Date;
  failedAt: Date | null;
}

interface DeadRow {
  id: string;
  name: string;
  data: unknown;
  output: { message?: string } | null;
  retry_count: number;
  created_on: Date;
  completed_on: Date | null;
}

/**
 * The dead letters: jobs in state `failed` in pg-boss's job table (kept 30 days, see queue.ts). Read
 * with SQL because pg-boss 10 has no listing call; the table and its columns are its documented schema.
 */
export async function listDeadJobs(db: Db, limit = 100): Promise<DeadJob[]> {
  const rows = await db.$queryRawUnsafe<DeadRow[]>(
    `SELECT id::text, name, data, output, retry_count, created_on, completed_on
       FROM pgboss.job WHERE state = 'failed'
      ORDER BY completed_on DESC NULLS LAST, id LIMIT $1`,
    limit,
  );
  return rows.map((row) => ({
    id: row.id,
    queue: row.name,
    data: row.data,
    error: row.output?.message ?? "Unknown error",
    tries: row.retry_count + 1,
    createdAt: row.created_on,
    failedAt: row.completed_on,
  }));
}

/** Jobs waiting or running, per queue, and the dead ones: for /metrics and the admin page. */
export async function queueCounts(
  db: Db,
): Promise<{ waiting: Record<string, number>; active: number; failed: number }> {
  const rows = await db.$queryRawUnsafe<{ name: string; state: string; n: number }[]>(
    `SELECT name, state::text AS state, count(*)::int AS n FROM pgboss.job
      WHERE state IN ('created', 'retry', 'active', 'failed') GROUP BY name, state`,
  );
  const waiting: Record<string, number> = {};
  let active = 0;
  let failed = 0;
  for (const row of rows) {
    if (row.state === "active") active += row.n;
    else if (row.state === "failed") failed += row.n;
    else waiting[row.name] = (waiting[row.name] ?? 0) + row.n;
  }
  return { waiting, active, failed };
}

/**
 * Staff's "Retry": a dead job goes back to the queue with one more try. The statement is pg-boss's own
 * `retry` (retryJobs in its plans), here so it needs only the database, not a running queue; false when
 * the id is not a dead job (retried already, or never failed).
 */
export async function retryDeadJob(db: Db, id: string): Promise<boolean> {
  const count = await db.$executeRawUnsafe(
    `UPDATE pgboss.job SET state = 'retry', retry_limit = retry_limit + 1, start_after = now()
      WHERE id = $1::uuid AND state = 'failed'`,
    id,
  );
  return count === 1;
}
