import type { Db } from "@salesos/db";
import { AppError } from "@salesos/validators";

import type { Tx } from "../deps";

const ATTEMPTS = 4;

/** A deadlock or serialization failure: PostgreSQL rolled the transaction back; running it again is safe. */
function isContention(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; meta?: unknown };
  if (e.code === "P2034") return true;
  const text = `${typeof e.message === "string" ? e.message : ""} ${JSON.stringify(e.meta ?? {})}`;
  return /40P01|40001|deadlock detected|could not serialize access/i.test(text);
}

/** Prisma gave up on the transaction (it waited too long for a connection or a lock). */
function isTransactionTimeout(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e.message === "string" ? e.message : "";
  return e.code === "P2028" || /Transaction (already closed|API error)/i.test(message);
}

/**
 * One money transaction: runs `fn` in an interactive transaction with room to wait for row locks, runs it
 * again after a deadlock, and answers 409 (never 500) when the database stays too busy.
 */
export async function moneyTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(fn, { maxWait: 10_000, timeout: 30_000 });
    } catch (error) {
      if (isContention(error) && attempt < ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
        continue;
      }
      if (isContention(error) || isTransactionTimeout(error))
        throw new AppError("CONFLICT", "Too many changes at once to this account. Try again.", {
          cause: error,
        });
      throw error;
    }
  }
}

/**
 * Every money transaction of an organization takes this lock first, so its steps run one after the other
 * and always take their other locks in the same order (no deadlock between them).
 */
export async function lockOrganization(tx: Tx, organizationId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM organizations WHERE id = ${organizationId} FOR UPDATE`;
}

/**
 * lockOrganization for many organizations (a batch of the billing clock), in id order: two batches, or a
 * batch and a single request, then never wait for each other in a cycle.
 */
export async function lockOrganizations(tx: Tx, organizationIds: string[]): Promise<void> {
  if (organizationIds.length === 0) return;
  await tx.$queryRawUnsafe(
    `SELECT id FROM organizations WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [...new Set(organizationIds)],
  );
}
