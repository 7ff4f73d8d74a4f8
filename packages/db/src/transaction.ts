import type { Db } from "./client";

/** The client inside an interactive transaction. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export const TRANSACTION_ATTEMPTS = 4;

/** A deadlock or serialization failure: PostgreSQL rolled the transaction back; running it again is safe. */
export function isContention(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; meta?: unknown };
  if (e.code === "P2034") return true;
  const text = `${typeof e.message === "string" ? e.message : ""} ${JSON.stringify(e.meta ?? {})}`;
  return /40P01|40001|deadlock detected|could not serialize access/i.test(text);
}

/** Prisma gave up on the transaction (it waited too long for a connection or a lock). */
export function isTransactionTimeout(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e.message === "string" ? e.message : "";
  return e.code === "P2028" || /Transaction (already closed|API error)/i.test(message);
}

/**
 * The one way to run an interactive transaction: with room to wait for row locks, and run again (up to
 * TRANSACTION_ATTEMPTS times, with a short random pause) after a deadlock or a serialization failure,
 * which PostgreSQL rolled back whole. A collision that persists is thrown as it came; the API answers it
 * 409 (see packages/api/src/db-errors.ts). `fn` may therefore run more than once: it must not call the
 * outside world (a gateway) — nothing in it does.
 */
export async function transaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(fn, { maxWait: 10_000, timeout: 30_000 });
    } catch (error) {
      if (!isContention(error) || attempt >= TRANSACTION_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}
