/**
 * The production server on PostgreSQL (`pnpm start` with DATABASE_URL): one worker process per
 * WEB_CONCURRENCY sharing the port, /v1 answered by Node's HTTP server in front of Next.js, pages by
 * Next.js, and a worker that dies is replaced while the other keeps serving.
 */
import { readdirSync, readFileSync } from "node:fs";
import { get } from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import { freePort, startServe, waitForServer, type ServeProcess } from "./server-process";

let database: TestDatabase | undefined;
let server: ServeProcess | undefined;
let base = "";

/** A process's children (listed per thread by Linux). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/** Worker pids: the launcher's children that run the production server. */
function workers(launcher: number): number[] {
  return childrenOf(launcher).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("production-server");
    } catch {
      return false;
    }
  });
}

/** The launcher is the node process under `pnpm exec tsx` (tsx runs its own node child). */
function launcherPid(root: number): number {
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    if (workers(pid).length) return pid;
    queue.push(...childrenOf(pid));
  }
  throw new Error("no launcher with workers found");
}

/** GET on a connection of its own: a kept-alive socket to the killed worker would be reset. */
function statusOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on("timeout", () => reject(new Error(`${url}: no answer in 5 s`)))
      .on("error", reject);
  });
}

beforeAll(async () => {
  if (!process.env.DATABASE_URL) return;
  process.env.TEST_DB_KIND = "postgres";
  database = await createTestDatabase();
  await seedDemoData(database.db);
  const port = await freePort();
  base = `http://localhost:${port}`;
  server = startServe({
    ...process.env,
    DATABASE_URL: database.url!,
    PORT: String(port),
    AUTH_SECRET: "e2e-production-server-secret-0123456789abcd",
    NEXTAUTH_URL: base,
    WEB_CONCURRENCY: "2",
  });
  await waitForServer(base, server);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.close();
});

describe.skipIf(!process.env.DATABASE_URL)("the production server on PostgreSQL", () => {
  it("serves /v1 and pages from two workers, and replaces a worker that dies", async () => {
    const launcher = launcherPid(server!.child.pid!);
    const before = workers(launcher);
    expect(before).toHaveLength(2);

    const plans = await fetch(`${base}/v1/plans`);
    expect(plans.status).toBe(200);
    expect(plans.headers.get("content-type")).toMatch(/^application\/json/);
    expect(((await plans.json()) as unknown[]).length).toBeGreaterThan(0);
    const page = await fetch(`${base}/pricing`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<html");
    // What the /v1 door leaves to Next.js still gets Next.js's answers.
    expect((await fetch(`${base}/v1/plans/`, { redirect: "manual" })).status).toBe(308);
    expect((await fetch(`${base}/v1/no-such-route`)).status).toBe(404);

    process.kill(before[0]!, "SIGKILL");
    // A connection handed to the worker in the instant it died is lost (a client retries on its timeout);
    // after that the other worker answers every new connection while the dead one is replaced.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let i = 0; i < 10; i++) expect(await statusOnNewConnection(`${base}/v1/plans`)).toBe(200);
    const deadline = Date.now() + 60_000;
    let after = workers(launcher);
    while ((after.length < 2 || after.includes(before[0]!)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = workers(launcher);
    }
    expect(after).toHaveLength(2);
    expect(after).not.toContain(before[0]);
    expect(server!.child.exitCode).toBeNull();
  });
});
