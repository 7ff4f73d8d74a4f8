import { Prisma } from "./generated/prisma/client";

/**
 * True for a unique-constraint violation, whichever way it surfaces: Prisma's P2002, or the raw
 * Postgres code 23505 that some driver adapters (PGlite inside a transaction) pass through unmapped.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  const cause = (error as { cause?: { code?: unknown; originalCode?: unknown } } | null)?.cause;
  return cause?.code === "23505" || cause?.originalCode === "23505";
}
