import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

import { lockEmbeddedDatabase } from "./embedded-lock";
import { PrismaClient } from "./generated/prisma/client";
import { pgliteReader, pgReader, registerReader } from "./fast-read";
import { applyMigrations, type MigrationFile, type SqlRunner } from "./migrate";
import { defaultPgliteDir } from "./paths";
import { withSerialTransactions } from "./serial-transactions";

export type Db = PrismaClient;

/**
 * Where the job queue (pg-boss) keeps its tables: its own small pool on PostgreSQL, or statements run on
 * the embedded database (PGlite serializes them with Prisma's transactions, so one process is safe).
 */
export type JobStore =
  | { kind: "postgres"; connectionString: string }
  | {
      kind: "pglite";
      executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
    };

export interface DatabaseHandle {
  db: PrismaClient;
  kind: "postgres" | "pglite";
  jobStore: JobStore;
  /** Brings the schema up to date; returns the names of the migrations it applied. */
  migrate(files?: MigrationFile[]): Promise<string[]>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A `postgresql://` URL. Absent: the embedded PGlite database. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; `memory://` for a throw-away in-memory database. */
  pgliteDir?: string | undefined;
  /** In-memory only: start from this dump of a data folder (PGlite's dumpDataDir) instead of initdb. */
  pgliteDataDir?: Blob | undefined;
}

function pgliteRunner(pglite: PGlite): SqlRunner {
  return {
    query: async (sql, params) => ({
      rows: (await pglite.query<Record<string, unknown>>(sql, params)).rows,
    }),
    exec: async (sql) => {
      await pglite.exec(sql);
    },
  };
}

async function withPgClient<T>(url: string, fn: (runner: SqlRunner) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn({
      query: async (sql, params) => ({
        rows: (await client.query(sql, params)).rows as Record<string, unknown>[],
      }),
      exec: async (sql) => {
        await client.query(sql);
      },
    });
  } finally {
    await client.end();
  }
}

/**
 * `SALESOS_SQL_LOG=<file>`: every statement this process sends, one JSON line each ({ query, params }).
 * The benchmark's bare-Node baseline replays exactly these (apps/web/scripts/bench); off by default.
 */
function withSqlLog(db: PrismaClient, file: string | undefined): PrismaClient {
  if (!file) return db;
  (db as unknown as QueryEvents).$on("query", (event) => {
    appendFileSync(file, `${JSON.stringify({ query: event.query, params: event.params })}\n`);
  });
  return db;
}
function fastReadLog(file: string | undefined) {
  return file
    ? (query: string, values: unknown[]) =>
        appendFileSync(file, `${JSON.stringify({ query, params: JSON.stringify(values) })}\n`)
    : undefined;
}
interface QueryEvents {
  $on(event: "query", listener: (event: { query: string; params: string }) => void): void;
}

function sqlLogOptions(file: string | undefined): { log: { emit: "event"; level: "query" }[] } {
  return { log: file ? [{ emit: "event", level: "query" }] : [] };
}

export function openDatabase(options: OpenDatabaseOptions = {}): DatabaseHandle {
  const sqlLog = process.env.SALESOS_SQL_LOG || undefined;
  if (options.databaseUrl) {
    const url = options.databaseUrl;
    // One pool for Prisma and for the hot reads that skip it (fast-read.ts).
    const pool = new pg.Pool({ connectionString: url });
    // An idle connection that the server drops emits here; unhandled it would end the process.
    pool.on("error", (error) => console.error("PostgreSQL pool:", error.message));
    const db = withSqlLog(
      new PrismaClient({
        adapter: withSerialTransactions(new PrismaPg(pool)),
        ...sqlLogOptions(sqlLog),
      }),
      sqlLog,
    );
    registerReader(db, pgReader(pool, fastReadLog(sqlLog)));
    return {
      db,
      kind: "postgres",
      jobStore: { kind: "postgres", connectionString: url },
      migrate: (files) => withPgClient(url, (runner) => applyMigrations(runner, files)),
      close: async () => {
        await db.$disconnect();
        await pool.end();
      },
    };
  }
  const given = options.pgliteDir ?? defaultPgliteDir();
  // One folder, one lock key, whatever the working directory of the process that names it.
  const dir = given.startsWith("memory://") ? given : path.resolve(/*turbopackIgnore: true*/ given);
  let unlock = () => {};
  if (!dir.startsWith("memory://")) {
    // Before PGlite touches the folder: a second process would destroy it (see embedded-lock.ts).
    mkdirSync(path.dirname(dir), { recursive: true });
    unlock = lockEmbeddedDatabase(dir);
    mkdirSync(dir, { recursive: true });
  }
  const pglite = options.pgliteDataDir
    ? new PGlite(dir, { loadDataDir: options.pgliteDataDir })
    : new PGlite(dir);
  // pglite-prisma-adapter 0.6 is typed against an older @prisma/driver-adapter-utils; the runtime
  // contract is the same for Prisma 6.19 (0.7 would need Prisma 7, which cannot migrate offline).
  const adapter = new PrismaPGlite(pglite) as unknown as PrismaPg;
  const db = withSqlLog(new PrismaClient({ adapter, ...sqlLogOptions(sqlLog) }), sqlLog);
  registerReader(db, pgliteReader(pglite, fastReadLog(sqlLog)));
  return {
    db,
    kind: "pglite",
    jobStore: {
      kind: "pglite",
      // pg-boss sends its schema changes as several statements without parameters: `exec` runs those.
      executeSql: async (text, values) => {
        if (values && values.length > 0)
          return { rows: (await pglite.query<Record<string, unknown>>(text, values)).rows };
        const results = await pglite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      },
    },
    migrate: (files) => applyMigrations(pgliteRunner(pglite), files),
    close: async () => {
      await db.$disconnect();
      // A process holding a PGlite instance does not exit until it is closed.
      await pglite.close();
      unlock();
    },
  };
}

const globalForDb = globalThis as unknown as { salesosDb?: DatabaseHandle };

/**
 * The process-wide database of the running app: PostgreSQL when DATABASE_URL is set, else the
 * embedded PGlite folder. Cached on globalThis so Next.js hot reloads reuse one connection.
 */
export function getDatabase(): DatabaseHandle {
  globalForDb.salesosDb ??= openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    pgliteDir: process.env.PGLITE_DIR || undefined,
  });
  return globalForDb.salesosDb;
}

export function getDb(): PrismaClient {
  return getDatabase().db;
}
