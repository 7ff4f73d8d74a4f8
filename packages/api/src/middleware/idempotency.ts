import { createHash } from "node:crypto";

import { isUniqueViolation, type Db } from "@salesos/db";
import { AppError } from "@salesos/validators";

const TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A request still IN_PROGRESS after this long died with its process (requests end well before): a retry
 * with the same key takes the record over and runs again. Money is safe to run again: the payment
 * attempts it left were settled by the reconciler, or are found by the retry (PAYMENT_IN_PROGRESS).
 */
export const IDEMPOTENCY_LEASE_MS = 60_000;

/** A finished HTTP answer, as stored and replayed byte for byte. */
export interface StoredResponse {
  status: number;
  body: string;
}

/** Answers worth retrying are not stored, so the client may send the same key again. */
function isFinal(status: number): boolean {
  return status < 500 && status !== 409 && status !== 429;
}

export function requestHash(parts: string[]): string {
  return createHash("sha256").update(parts.join("\n")).digest("hex");
}

/** The request id of every run of one keyed request (a hash: the key is the client's text). */
export function idempotentRequestId(scope: string, key: string): string {
  return `idem_${requestHash([scope, key]).slice(0, 40)}`;
}

export function validateIdempotencyKey(key: string): void {
  if (key.length < 1 || key.length > 255) {
    throw new AppError("VALIDATION_FAILED", "Idempotency-Key must be 1 to 255 characters.", {
      details: { issues: [{ path: "Idempotency-Key", message: "1 to 255 characters." }] },
    });
  }
}

/**
 * Reserves `key` for this caller and request, or answers from an earlier attempt: the stored response is
 * replayed byte for byte; a different request with the same key is 422; one still running is 409.
 * Records live in the database, so every app instance sees them, for 24 hours.
 */
export async function withIdempotency(
  db: Db,
  args: {
    scope: string;
    key: string;
    hash: string;
    now: Date;
    run: () => Promise<StoredResponse>;
    leaseMs?: number;
  },
): Promise<StoredResponse & { replayed: boolean }> {
  validateIdempotencyKey(args.key);
  const where = { scope_key: { scope: args.scope, key: args.key } };
  for (let attempt = 0; ; attempt++) {
    try {
      await db.idempotencyRecord.create({
        data: {
          scope: args.scope,
          key: args.key,
          requestHash: args.hash,
          state: "IN_PROGRESS",
          createdAt: args.now,
          expiresAt: new Date(args.now.getTime() + TTL_MS),
        },
      });
      break;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt > 2) throw error;
      const existing = await db.idempotencyRecord.findUnique({ where });
      if (!existing) continue;
      if (existing.expiresAt <= args.now) {
        await db.idempotencyRecord.deleteMany({
          where: { id: existing.id, expiresAt: { lte: args.now } },
        });
        continue;
      }
      if (existing.requestHash !== args.hash)
        throw new AppError(
          "IDEMPOTENCY_KEY_REUSED",
          "This Idempotency-Key was used with a different request.",
        );
      if (
        existing.state === "IN_PROGRESS" &&
        existing.createdAt.getTime() <= args.now.getTime() - (args.leaseMs ?? IDEMPOTENCY_LEASE_MS)
      ) {
        const { count } = await db.idempotencyRecord.updateMany({
          where: { id: existing.id, state: "IN_PROGRESS", createdAt: existing.createdAt },
          data: { createdAt: args.now, expiresAt: new Date(args.now.getTime() + TTL_MS) },
        });
        if (count === 1) break;
        continue;
      }
      if (
        existing.state === "IN_PROGRESS" ||
        existing.responseStatus === null ||
        existing.responseBody === null
      ) {
        throw new AppError(
          "IDEMPOTENCY_IN_PROGRESS",
          "A request with this Idempotency-Key is still in progress.",
        );
      }
      return { status: existing.responseStatus, body: existing.responseBody, replayed: true };
    }
  }
  let response: StoredResponse;
  try {
    response = await args.run();
  } catch (error) {
    await db.idempotencyRecord.delete({ where }).catch(() => undefined);
    throw error;
  }
  if (isFinal(response.status)) {
    await db.idempotencyRecord.update({
      where,
      data: { state: "COMPLETED", responseStatus: response.status, responseBody: response.body },
    });
  } else {
    await db.idempotencyRecord.delete({ where }).catch(() => undefined);
  }
  return { ...response, replayed: false };
}
