/**
 * Starts the production build the way the README does (`scripts/serve.ts start`) on a free port, with a
 * database of its own: a fresh PGlite folder (created, migrated and seeded by the start itself), or, when
 * DATABASE_URL is set, a fresh PostgreSQL database that this setup migrates and seeds first.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { TestProject } from "vitest/node";

import { createBillingDeps, seedDemoBilling } from "@salesos/billing";
import { seedDemoData } from "@salesos/db";
import { createTestDatabase } from "@salesos/db/testing";

import { freePort, startServe, waitForServer } from "./server-process";

const TEST_AUTH_SECRET = "e2e-only-secret-0123456789abcdefghijklmnopq";
export const E2E_CRON_SECRET = "e2e-only-cron-secret-0123456789abcdefghijk";

export default async function setup(project: TestProject) {
  // No scheduled tick in the servers the tests start (this one and the files' own, which copy this
  // environment): a test decides when time passes (the cron route, or a tick of its own). The workers run.
  process.env.BILLING_CLOCK_CRON ??= "off";
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    AUTH_SECRET: TEST_AUTH_SECRET,
    NEXTAUTH_URL: baseUrl,
    NODE_ENV: "production",
    CRON_SECRET: E2E_CRON_SECRET,
    // Every browser test signs in from 127.0.0.1 within a minute or two.
    RATE_LIMIT_AUTH_PER_MINUTE: "1000",
  };
  let cleanupDb: () => Promise<void> = async () => {};
  if (process.env.DATABASE_URL) {
    process.env.TEST_DB_KIND = "postgres";
    const database = await createTestDatabase();
    await seedDemoData(database.db);
    const deps = createBillingDeps({
      db: database.db,
      appUrl: baseUrl,
      authSecret: TEST_AUTH_SECRET,
    });
    await seedDemoBilling(deps, { now: new Date() });
    env.DATABASE_URL = database.url!;
    await database.db.$disconnect();
    cleanupDb = () => database.close();
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), "salesos-e2e-"));
    env.PGLITE_DIR = path.join(dir, "pglite");
    cleanupDb = async () => rmSync(dir, { recursive: true, force: true });
  }
  const server = startServe(env);
  await waitForServer(baseUrl, server);
  project.provide("baseUrl", baseUrl);
  project.provide("serverLog", server.output());

  return async () => {
    await server.stop();
    await cleanupDb();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    serverLog: string;
  }
}
