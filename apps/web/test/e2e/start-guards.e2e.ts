/**
 * `pnpm start` with a public URL: refused without DATABASE_URL (each instance would bill from its own
 * embedded database), and started on the embedded database only when EMBEDDED=1 says so.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { freePort, startServe, waitForServer, type ServeProcess } from "./server-process";

const PUBLIC_URL = "https://billing.example.com";
const dirs: string[] = [];
let running: ServeProcess | undefined;

/** The environment of a shell on a fresh machine: no database, no secrets. */
function bareEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ["DATABASE_URL", "EMBEDDED", "CRON_SECRET", "TEST_DB_KIND"])
    if (!(name in extra)) delete env[name];
  const dir = mkdtempSync(path.join(tmpdir(), "salesos-guard-"));
  dirs.push(dir);
  env.PGLITE_DIR = path.join(dir, "pglite");
  return env;
}

afterAll(async () => {
  await running?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("production start guards", () => {
  it("refuses a public NEXTAUTH_URL without DATABASE_URL, saying what to set", async () => {
    const port = await freePort();
    const server = startServe(
      bareEnv({ NEXTAUTH_URL: PUBLIC_URL, PORT: String(port), AUTH_SECRET: "a".repeat(40) }),
    );
    const code = await server.exited;
    console.info(`exit code ${code}; printed:\n${server.output().trim()}`);
    expect(code).not.toBe(0);
    expect(server.output()).toContain("DATABASE_URL is not set");
    expect(server.output()).toContain("EMBEDDED=1");
    // The secret for the cron route is never generated for a public start.
    expect(server.output()).toContain("CRON_SECRET is not set");
  });

  it("starts on the embedded database when EMBEDDED=1 says so", async () => {
    const port = await freePort();
    running = startServe(
      bareEnv({
        NEXTAUTH_URL: PUBLIC_URL,
        PORT: String(port),
        EMBEDDED: "1",
        AUTH_SECRET: "a".repeat(40),
        CRON_SECRET: "c".repeat(40),
      }),
    );
    await waitForServer(`http://127.0.0.1:${port}`, running);
    expect(running.output()).not.toContain("will not start");
    await running.stop();
    running = undefined;
  });
});
