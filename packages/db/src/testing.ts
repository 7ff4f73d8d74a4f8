/**
 * Test databases: a fresh, migrated database per call. PostgreSQL when the vitest project says so
 * (TEST_DB_KIND=postgres, on the server of DATABASE_URL), else an in-memory PGlite.
 */
import { randomBytes } from "node:crypto";

import pg from "pg";

import { openDatabase, type DatabaseHandle } from "./client";

/** `url` is the PostgreSQL URL of the fresh database, or null for in-memory PGlite. */
export type TestDatabase = DatabaseHandle & { url: string | null };

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (process.env.TEST_DB_KIND === "postgres") {
    if (!serverUrl) throw new Error("TEST_DB_KIND=postgres needs DATABASE_URL");
    const name = `salesos_test_${randomBytes(6).toString("hex")}`;
    await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
    const url = withDatabase(serverUrl, name);
    const handle = openDatabase({ databaseUrl: url });
    await handle.migrate();
    return {
      ...handle,
      url,
      close: async () => {
        await handle.close();
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  }
  const handle = openDatabase({ pgliteDir: "memory://" });
  await handle.migrate();
  return { ...handle, url: null };
}
