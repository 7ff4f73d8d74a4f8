/**
 * Database trouble, classified once. Connection loss, a database that is shutting down or refusing
 * connections, and a pool with no free connection are the service being unavailable for a moment: 503
 * with Retry-After, never a 500 (or an empty answer). A deadlock or a serialization failure is two
 * requests colliding: 409, and the client may retry.
 */
export type DatabaseTrouble = "unavailable" | "conflict";

// SQLSTATE classes and codes (PostgreSQL appendix A).
const UNAVAILABLE_STATES = /^(08|53|57P0[123])/; // connection exception, insufficient resources, shutdown
const CONFLICT_STATES = new Set(["40001", "40P01"]); // serialization failure, deadlock
// Prisma's own codes: P1001/P1002 cannot reach, P1008 timed out, P1017 closed, P2024 no pool connection;
// P2034 a transaction conflict or deadlock; P2028 a transaction that timed out waiting for its locks (after
// the transaction helper's retries: packages/db/src/transaction.ts).
const UNAVAILABLE_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const UNAVAILABLE_NODE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed|terminating connection/i;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

function classifyOne(error: ErrorLike): DatabaseTrouble | null {
  const code = typeof error.code === "string" ? error.code : "";
  if (CONFLICT_STATES.has(code) || code === "P2034" || code === "P2028") return "conflict";
  if (UNAVAILABLE_PRISMA.has(code) || UNAVAILABLE_NODE.has(code)) return "unavailable";
  if (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_STATES.test(code)) return "unavailable";
  if (typeof error.message === "string" && UNAVAILABLE_MESSAGES.test(error.message))
    return "unavailable";
  return null;
}

/** Walks the error and its causes (Prisma wraps the driver's error, tRPC wraps Prisma's). */
export function databaseTrouble(error: unknown): DatabaseTrouble | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const next = queue.shift();
    if (!next || typeof next !== "object" || seen.has(next)) continue;
    seen.add(next);
    const candidate = next as ErrorLike;
    const found = classifyOne(candidate);
    if (found) return found;
    queue.push(candidate.cause, candidate.meta?.driverAdapterError);
  }
  return null;
}
