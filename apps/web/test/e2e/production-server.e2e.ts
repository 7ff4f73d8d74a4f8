/**
 * The production server on PostgreSQL (`pnpm start` with DATABASE_URL): one worker process per
 * WEB_CONCURRENCY sharing the port, /v1 answered by Node's HTTP server in front of Next.js, pages by
 * Next.js, and a worker that dies is replaced while the other keeps serving.
 */
import { readdirSync, readFileSync } from "node:fs";
import { get } from "node:http";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import { freePort, startServe, waitForServer, type ServeProcess } from "./server-process";

let database: TestDatabase | undefined;
let server: ServeProcess | undefined;
let proxied: ServeProcess | undefined;
let base = "";
let proxiedBase = "";

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
  const env = (port: number) => ({
    ...process.env,
    DATABASE_URL: database!.url!,
    PORT: String(port),
    AUTH_SECRET: "e2e-production-server-secret-0123456789abcd",
    NEXTAUTH_URL: `http://localhost:${port}`,
  });
  server = startServe({ ...env(port), WEB_CONCURRENCY: "2" });
  // The same app behind one proxy hop that we run: X-Forwarded-For's last entry is then the client.
  const proxiedPort = await freePort();
  proxiedBase = `http://localhost:${proxiedPort}`;
  proxied = startServe({ ...env(proxiedPort), WEB_CONCURRENCY: "1", TRUSTED_PROXIES: "1" });
  await Promise.all([waitForServer(base, server), waitForServer(proxiedBase, proxied)]);
}, 120_000);
afterAll(async () => {
  await Promise.all([server?.stop(), proxied?.stop()]);
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

  const validate = (at: string, forwardedFor: string) =>
    fetch(`${at}/v1/payments/public/coupons/validate`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
      body: JSON.stringify({ code: "WELCOME20" }),
    });

  it("keys rate limits on the socket's address: a client cannot choose its own X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 12; i++) statuses.push((await validate(base, `198.51.100.${i}`)).status);
    expect(statuses.slice(0, 10).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it("behind TRUSTED_PROXIES=1, keys them on the address the proxy wrote", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 12; i++)
      statuses.push((await validate(proxiedBase, `203.0.113.${i}`)).status);
    expect(statuses).not.toContain(429);
    // One client's twelve calls through the proxy are still one client.
    const same: number[] = [];
    for (let i = 1; i <= 12; i++) same.push((await validate(proxiedBase, "192.0.2.77")).status);
    expect(same.slice(10)).toEqual([429, 429]);
  });

  it("refuses a body over the limit with 413 before reading it, declared or streamed, and deep JSON", async () => {
    const declared = await fetch(`${base}/v1/payments/public/coupons/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: "x".repeat(2 * 1024 * 1024) }),
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    // Reported, not asserted (timings are measured, never asserted): the issue asks for under 100 ms.
    const started = performance.now();
    await fetch(`${base}/v1/payments/public/coupons/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: "x".repeat(2 * 1024 * 1024) }),
    });
    console.info(`2 MB body refused in ${(performance.now() - started).toFixed(1)} ms`);
    // No Content-Length: the server counts as it reads and stops at the limit.
    let sent = 0;
    const chunks = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ === 64) controller.close();
        else controller.enqueue(new TextEncoder().encode("x".repeat(64 * 1024)));
      },
    });
    const streamed = await fetch(`${base}/v1/payments/public/coupons/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    const deep = await fetch(`${base}/v1/payments/public/coupons/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"code":${"[".repeat(50_000)}${"]".repeat(50_000)}}`,
    });
    expect(deep.status).toBe(413);
    expect(await deep.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    // Next.js's routes too: a declared length over the limit never reaches them.
    const page = await fetch(`${base}/api/trpc/plans.list`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "x".repeat(2 * 1024 * 1024),
    });
    expect(page.status).toBe(413);
  });

  it("keeps answering JSON 2xx/4xx/503 while the database drops its connections, and recovers", async () => {
    const grant = await fetch(`${base}/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "owner@acme.test", password: "SalesOS-demo-1" }),
    });
    const { accessToken } = (await grant.json()) as { accessToken: string };
    const launcher = launcherPid(server!.child.pid!);
    const workersBefore = workers(launcher).sort();
    const answers: { status: number; type: string | null; body: string }[] = [];
    let running = true;
    const client = async () => {
      while (running) {
        for (const path of ["/v1/payments/subscriptions", "/v1/payments/invoices", "/v1/me"]) {
          const response = await fetch(`${base}${path}`, {
            headers: { authorization: `Bearer ${accessToken}` },
          }).catch(() => null);
          if (!response) continue; // a socket reset is not an answer
          const body = await response.text();
          answers.push({
            status: response.status,
            type: response.headers.get("content-type"),
            body,
          });
        }
      }
    };
    const clients = Array.from({ length: 50 }, client);
    // From outside the app: end every server connection of its database, three times under load.
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const dbName = new URL(database!.url!).pathname.slice(1);
    let terminated = 0;
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 700));
      const { rowCount } = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [dbName],
      );
      terminated += rowCount ?? 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 700));
    running = false;
    await Promise.all(clients);
    await admin.end();

    const byStatus = new Map<number, number>();
    for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
    console.info(
      `connections terminated: ${terminated}; answers by status:`,
      Object.fromEntries(byStatus),
    );
    expect(terminated).toBeGreaterThan(0);
    for (const answer of answers) {
      expect(answer.status < 500 || answer.status === 503, answer.body).toBe(true);
      expect(answer.type, answer.body).toMatch(/^application\/json/);
      const parsed = JSON.parse(answer.body) as { code?: unknown };
      if (answer.status >= 400) expect(typeof parsed.code, answer.body).toBe("string");
    }
    // Recovered without a restart: the same workers answer 200 again.
    await expect
      .poll(
        async () =>
          (await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } }))
            .status,
        {
          timeout: 15_000,
        },
      )
      .toBe(200);
    for (let i = 0; i < 10; i++) {
      const again = await fetch(`${base}/v1/payments/subscriptions`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(again.status).toBe(200);
    }
    expect(workers(launcher).sort()).toEqual(workersBefore);
  });

  it("sends the security headers on pages and API answers alike", async () => {
    for (const path of ["/v1/plans", "/v1/no-such-route", "/sign-in", "/pricing"]) {
      const response = await fetch(`${base}${path}`);
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("content-security-policy"), path).toContain(
        "frame-ancestors 'none'",
      );
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      // Served over plain HTTP here: no HSTS (it would pin a browser to an HTTPS that does not exist).
      expect(response.headers.get("strict-transport-security"), path).toBeNull();
    }
  });
});
