/**
 * GET /readyz: may a load balancer send this instance traffic? The database answers within a short time,
 * every migration this build ships is applied (an instance started before `pnpm db:migrate` would fail on
 * the new columns), and the job queue runs when this instance is meant to run workers.
 */
import { readMigrations, type Db } from "@salesos/db";

import { queueHealth, queueWorkersExpected } from "./queue-health";

export interface CheckResult {
  ok: boolean;
  detail?: string;
}

export interface Readiness {
  ready: boolean;
  checks: { database: CheckResult; migrations: CheckResult; queue: CheckResult };
}

/** Long enough for a busy database, short enough that a probe with a 2–5 s timeout gets an answer. */
export const DATABASE_TIMEOUT_MS = 1_500;

let shipped: string[] | undefined;
/** The migrations in this build, read once (they do not change while the process runs). */
function shippedMigrations(): string[] {
  return (shipped ??= readMigrations().map((file) => file.name));
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function appliedMigrations(db: Db, timeoutMs: number): Promise<Set<string>> {
  const rows = await within(
    db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    ),
    timeoutMs,
  );
  return new Set(rows.map((row) => row.migration_name));
}

function queueCheck(): CheckResult {
  const queue = queueHealth();
  if (queue) return queue.running() ? { ok: true } : { ok: false, detail: "stopped" };
  return queueWorkersExpected()
    ? { ok: false, detail: "not started" }
    : { ok: true, detail: "no workers in this instance (JOB_WORKERS=off)" };
}

export async function checkReadiness(
  db: Db,
  opts: { timeoutMs?: number; migrations?: string[] } = {},
): Promise<Readiness> {
  const queue = queueCheck();
  let database: CheckResult;
  let migrations: CheckResult;
  try {
    const applied = await appliedMigrations(db, opts.timeoutMs ?? DATABASE_TIMEOUT_MS);
    database = { ok: true };
    const missing = (opts.migrations ?? shippedMigrations()).filter((name) => !applied.has(name));
    // Migrations newer than this build (a rolling deploy) do not make it unready: they only add.
    migrations = missing.length
      ? { ok: false, detail: `not applied: ${missing.join(", ")} (run pnpm db:migrate)` }
      : { ok: true };
  } catch (error) {
    if (/_prisma_migrations.*does not exist/.test(String((error as Error).message))) {
      // Reachable, but never migrated.
      database = { ok: true };
      migrations = { ok: false, detail: "none applied (run pnpm db:migrate)" };
      return { ready: false, checks: { database, migrations, queue } };
    }
    // Never the driver's message: it can name the host and user.
    database = {
      ok: false,
      detail: /within \d+ ms/.test(String((error as Error).message))
        ? (error as Error).message
        : "unreachable",
    };
    migrations = { ok: false, detail: "unknown (database unreachable)" };
  }
  return {
    ready: database.ok && migrations.ok && queue.ok,
    checks: { database, migrations, queue },
  };
}
