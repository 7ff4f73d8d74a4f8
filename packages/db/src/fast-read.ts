/**
 * Hot reads without Prisma. Prisma 6 compiles every query in WebAssembly on every call: measured here, a
 * findMany with one relation costs 2.1 ms of CPU where node-postgres costs 0.12 ms for the same rows (a
 * named, prepared statement). The few reads on every request's path (identity, the lists) go through
 * `fastRead`; writes and everything else stay on Prisma. Rows come back as Prisma would give them:
 * camelCase keys (see `columns`), Dates for timestamps, parsed JSON, arrays.
 */
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";

import type { PrismaClient } from "./generated/prisma/client";

export interface ReadStatement {
  /** A stable name: PostgreSQL prepares the statement once per connection under it. */
  name: string;
  text: string;
  values: unknown[];
}

type Reader = (statement: ReadStatement) => Promise<Record<string, unknown>[]>;

// On globalThis: the production server loads this module twice (its own copy for /v1, and the copy
// bundled into Next.js for pages and /api/trpc), and both use the one database of the process.
const registry = globalThis as unknown as { salesosFastReaders?: WeakMap<object, Reader> };
const readers = (registry.salesosFastReaders ??= new WeakMap<object, Reader>());

// Prisma's DateTime columns are `timestamp(3)` without a time zone, holding UTC.
const TIMESTAMP_OID = 1114;
const utcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);

function typeParser(oid: number): (value: string) => unknown {
  if (oid === TIMESTAMP_OID) return utcTimestamp;
  return pg.types.getTypeParser(oid, "text") as (value: string) => unknown;
}
const pgTypes = { getTypeParser: typeParser as typeof pg.types.getTypeParser };

export function pgReader(pool: pg.Pool, log?: (query: string, values: unknown[]) => void): Reader {
  return async (statement) => {
    log?.(statement.text, statement.values);
    const result = await pool.query({
      name: statement.name,
      text: statement.text,
      values: statement.values,
      types: pgTypes,
    });
    return result.rows as Record<string, unknown>[];
  };
}

export function pgliteReader(
  pglite: PGlite,
  log?: (query: string, values: unknown[]) => void,
): Reader {
  return async (statement) => {
    log?.(statement.text, statement.values);
    const result = await pglite.query<Record<string, unknown>>(statement.text, statement.values, {
      parsers: { [TIMESTAMP_OID]: (value: string) => utcTimestamp(value) },
    });
    return result.rows;
  };
}

export function registerReader(db: PrismaClient, reader: Reader): void {
  readers.set(db, reader);
}

/**
 * Runs a read straight on the database behind `db`. Inside a transaction (a client this module does not
 * know), it runs through Prisma's raw query instead, on that transaction.
 */
export async function fastRead<T>(db: PrismaClient, statement: ReadStatement): Promise<T[]> {
  const reader = readers.get(db);
  if (reader) return (await reader(statement)) as T[];
  return db.$queryRawUnsafe<T[]>(statement.text, ...statement.values);
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The select list for a model's scalar fields (Prisma's `<Model>ScalarFieldEnum`), aliased to the field
 * names under `prefix`: columns(Prisma.PlanScalarFieldEnum, "p", "plan.") → `p.monthly_price AS
 * "plan.monthlyPrice", …`. Column names follow the schema's convention (snake_case of the field).
 */
export function columns(fields: Record<string, string>, table: string, prefix = ""): string {
  return Object.values(fields)
    .map((field) => `${table}.${snake(field)} AS "${prefix}${field}"`)
    .join(", ");
}

/** Splits `{ "plan.id": … }` keys of a row into `{ plan: { id: … } }`. */
export function nest(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    const dot = key.indexOf(".");
    if (dot === -1) {
      out[key] = value;
      continue;
    }
    const head = key.slice(0, dot);
    const inner = (out[head] ??= {}) as Record<string, unknown>;
    inner[key.slice(dot + 1)] = value;
  }
  return out;
}
