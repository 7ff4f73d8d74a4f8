/**
 * Test databases: a fresh, migrated database per call. PostgreSQL when the vitest project says so
 * (TEST_DB_KIND=postgres, on the server of DATABASE_URL), else an in-memory PGlite.
 *
 * Migrating is done once per set of migrations, not per test file: PostgreSQL clones a template database
 * (CREATE DATABASE … TEMPLATE), PGlite starts from a dump of a migrated data folder kept in the temp
 * folder. Both are keyed by the migrations' checksums, so a new migration makes a new template.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

import { openDatabase, type DatabaseHandle } from "./client";
import { applyMigrations, readMigrations } from "./migrate";

/** `url` is the PostgreSQL URL of the fresh database, or null for in-memory PGlite. */
export type TestDatabase = DatabaseHandle & { url: string | null };

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function migrationsKey(): string {
  const hash = createHash("sha256");
  for (const file of readMigrations()) hash.update(`${file.name}:${file.checksum}\n`);
  return hash.digest("hex").slice(0, 16);
}

/** The migrated template database on this server, created once (an advisory lock orders the workers). */
async function postgresTemplate(serverUrl: string): Promise<string> {
  const name = `salesos_tpl_${migrationsKey()}`;
  await withAdmin(serverUrl, async (admin) => {
    await admin.query("SELECT pg_advisory_lock(7242001)");
    try {
      const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (found.rowCount) return;
      await admin.query(`CREATE DATABASE "${name}"`);
      const handle = openDatabase({ databaseUrl: withDatabase(serverUrl, name) });
      try {
        await handle.migrate();
      } finally {
        await handle.close();
      }
    } finally {
      await admin.query("SELECT pg_advisory_unlock(7242001)");
    }
  });
  return name;
}

/** A dump of a migrated PGlite data folder, written once to the temp folder (atomically renamed). */
async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(tmpdir(), `salesos-pglite-template-${migrationsKey()}.tar`);
  if (!existsSync(file)) {
    const pglite = new PGlite("memory://");
    await applyMigrations({
      query: async (sql, params) => ({
        rows: (await pglite.query<Record<string, unknown>>(sql, params)).rows,
      }),
      exec: async (sql) => {
        await pglite.exec(sql);
      },
    });
    const dump = await pglite.dumpDataDir("none");
    await pglite.close();
    const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  }
  return new Blob([readFileSync(file)]);
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (process.env.TEST_DB_KIND === "postgres") {
    if (!serverUrl) throw new Error("TEST_DB_KIND=postgres needs DATABASE_URL");
    const template = await postgresTemplate(serverUrl);
    const name = `salesos_test_${randomBytes(6).toString("hex")}`;
    await withAdmin(serverUrl, (admin) =>
      admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`),
    );
    const url = withDatabase(serverUrl, name);
    const handle = openDatabase({ databaseUrl: url });
    return {
      ...handle,
      url,
      close: async () => {
        await handle.close();
        await withAdmin(serverUrl, (admin) =>
          admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
        );
      },
    };
  }
  const handle = openDatabase({ pgliteDir: "memory://", pgliteDataDir: await pgliteTemplate() });
  return { ...handle, url: null };
}

/**
 * Whether a fresh test database is a PostgreSQL server over TCP (true) or the in-memory PGlite (false):
 * the guard that each vitest project's files, sharing one process, get the database it names.
 */
export async function testDatabaseIsServer(): Promise<boolean> {
  const database = await createTestDatabase();
  try {
    const [row] = await database.db.$queryRaw<{ port: number | null }[]>`
      SELECT inet_server_port() AS port`;
    return row?.port !== null && row?.port !== undefined;
  } finally {
    await database.close();
  }
}
