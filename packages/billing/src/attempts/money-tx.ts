import { isContention, isTransactionTimeout, transaction, type Db } from "@salesos/db";
import { AppError } from "@salesos/validators";

import type { Tx } from "../deps";

/**
 * One money transaction: the shared transaction helper (row-lock waits, deadlocks run again), with a
 * collision that persists, or a transaction that timed out waiting, answered as our own 409 CONFLICT.
 */
export async function moneyTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await transaction(db, fn);
  } catch (error) {
    if (isContention(error) || isTransactionTimeout(error))
      throw new AppError("CONFLICT", "Too many changes at once to this account. Try again.", {
        cause: error,
      });
    throw error;
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
