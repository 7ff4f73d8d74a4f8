/**
 * Starts the production build the way the README does (`scripts/serve.ts start`) on a free port, with a
 * database of its own: a fresh PGlite folder (created, migrated and seeded by the start itself), or, when
 * DATABASE_URL is set, a fresh PostgreSQL database that this setup migrates and seeds first.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import type { TestProject } from "vitest/node";

import { createBillingDeps, seedDemoBilling } from "@salesos/billing";
import { seedDemoData } from "@salesos/db";
import { createTestDatabase } from "@salesos/db/testing";

const TEST_AUTH_SECRET = "e2e-only-secret-0123456789abcdefghijklmnopq";
export const E2E_CRON_SECRET = "e2e-only-cron-secret-0123456789abcdefghijk";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

async function waitForServer(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`next start exited (${child.exitCode}):\n${log()}`);
    try {
      if ((await fetch(`${url}/v1/openapi.json`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`next start did not answer within 90 s:\n${log()}`);
}

export default async function setup(project: TestProject) {
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
  let output = "";
  const child = spawn("pnpm", ["exec", "tsx", "scripts/serve.ts", "start"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env,
    stdio: "pipe",
    detached: true,
  });
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitForServer(baseUrl, child, () => output);
  project.provide("baseUrl", baseUrl);
  project.provide("serverLog", output);

  return async () => {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 500));
    await cleanupDb();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    serverLog: string;
  }
}
