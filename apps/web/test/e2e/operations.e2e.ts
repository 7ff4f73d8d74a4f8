/**
 * Operations on the production server with PostgreSQL (`pnpm start`, two workers): /healthz, /readyz
 * following the database through a TCP proxy this test closes and reopens (the machine's PostgreSQL is
 * never stopped), X-Request-Id on answers, error bodies and log lines, nothing secret in the logs, and
 * /metrics summed over both workers.
 */
import { connect, createServer, type Server, type Socket } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import { freePort, startServe, waitForServer, type ServeProcess } from "./server-process";

const METRICS_TOKEN = "e2e-metrics-token-0123456789abcdefghij";
let database: TestDatabase | undefined;
let server: ServeProcess | undefined;
let base = "";

/** A TCP proxy in front of PostgreSQL that the test can take away and bring back on the same port. */
class DatabaseProxy {
  private listener: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  open(): Promise<void> {
    this.listener = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    return new Promise((resolve) => this.listener!.listen(this.port, "127.0.0.1", resolve));
  }

  /** Refuses new connections and cuts the open ones, as a database that went away. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) =>
      this.listener ? this.listener.close(() => resolve()) : resolve(),
    );
  }
}
let proxy: DatabaseProxy | undefined;

beforeAll(async () => {
  if (!process.env.DATABASE_URL) return;
  process.env.TEST_DB_KIND = "postgres";
  database = await createTestDatabase();
  await seedDemoData(database.db);
  const direct = new URL(database.url!);
  proxy = new DatabaseProxy(await freePort(), {
    host: direct.hostname,
    port: Number(direct.port || 5432),
  });
  await proxy.open();
  const viaProxy = new URL(database.url!);
  viaProxy.hostname = "127.0.0.1";
  viaProxy.port = String(proxy.port);
  const port = await freePort();
  base = `http://localhost:${port}`;
  server = startServe({
    ...process.env,
    DATABASE_URL: viaProxy.toString(),
    PORT: String(port),
    WEB_CONCURRENCY: "2",
    AUTH_SECRET: "e2e-operations-secret-0123456789abcdefgh",
    NEXTAUTH_URL: base,
    METRICS_TOKEN,
  });
  await waitForServer(base, server);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  await database?.close();
});

async function readyz(): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.skipIf(!process.env.DATABASE_URL)("operations on the production server", () => {
  it("/healthz is 200; /readyz turns 503 when the database goes away and 200 when it is back", async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    // The queue starts beside the server (a moment after it listens): a balancer polls /readyz.
    let before = await readyz();
    for (const until = Date.now() + 20_000; before.status !== 200 && Date.now() < until;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      before = await readyz();
    }
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body).toMatchObject({
      status: "ready",
      checks: { database: { ok: true }, migrations: { ok: true }, queue: { ok: true } },
    });

    await proxy!.close();
    const down = await readyz();
    console.info(`database away: /readyz ${down.status} ${JSON.stringify(down.body)}`);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: "not ready", checks: { database: { ok: false } } });
    // Alive all the same: a balancer must not restart an instance because its database is away.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    await proxy!.open();
    await expect.poll(async () => (await readyz()).status, { timeout: 15_000 }).toBe(200);
    console.info(`database back: /readyz ${JSON.stringify((await readyz()).body)}`);
  });

  it("gives every answer an X-Request-Id, keeps a sane one, and puts it in error bodies", async () => {
    const page = await fetch(`${base}/sign-in`);
    expect(page.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const mine = await fetch(`${base}/v1/me`, { headers: { "x-request-id": "probe-42.a_b" } });
    expect(mine.status).toBe(401);
    expect(mine.headers.get("x-request-id")).toBe("probe-42.a_b");
    expect(await mine.json()).toMatchObject({ code: "UNAUTHORIZED", requestId: "probe-42.a_b" });
    // tRPC, answered by Next.js: the same id reaches the procedure's error (AsyncLocalStorage).
    const trpc = await fetch(`${base}/api/trpc/account.me`, {
      headers: { "x-request-id": "probe-trpc-1" },
    });
    expect(trpc.status).toBe(401);
    expect(trpc.headers.get("x-request-id")).toBe("probe-trpc-1");
    expect(await trpc.json()).toMatchObject({
      error: { json: { data: { requestId: "probe-trpc-1" } } },
    });
    const forged = await fetch(`${base}/v1/me`, { headers: { "x-request-id": "x".repeat(65) } });
    const id = forged.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await forged.json()).toMatchObject({ requestId: id });
  });

  it("logs JSON lines with the request id, never the Authorization header, cookie or password", async () => {
    const password = "SalesOS-demo-1";
    const grant = await fetch(`${base}/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "log-check-1" },
      body: JSON.stringify({ email: "owner@acme.test", password }),
    });
    const { accessToken } = (await grant.json()) as { accessToken: string };
    await fetch(`${base}/v1/me`, {
      headers: {
        authorization: `Bearer ${accessToken}`,
        cookie: "next-auth.session-token=cookie-secret-value",
        "x-request-id": "log-check-2",
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lines = server!
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const mine = lines.filter((line) => String(line.requestId).startsWith("log-check-"));
    expect(mine.map((line) => [line.requestId, line.route, line.status])).toEqual(
      expect.arrayContaining([
        ["log-check-1", "/v1/auth/token", 200],
        ["log-check-2", "/v1/me", 200],
      ]),
    );
    for (const line of mine) expect(line).toMatchObject({ level: "info", msg: "request" });
    const output = server!.output();
    for (const secret of [accessToken, "cookie-secret-value", password])
      expect(output.includes(secret), "a secret reached the log").toBe(false);
  });

  it("/metrics: 401 without the token; with it, durations per route summed over both workers", async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const scrape = async () =>
      (
        await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      ).text();
    const count = (text: string) =>
      Number(
        /salesos_http_request_duration_seconds_count\{method="GET",route="\/v1\/plans",status="200"\} (\d+)/.exec(
          text,
        )?.[1] ?? 0,
      );
    const before = count(await scrape());
    // New connections: the cluster hands them to both workers.
    for (let i = 0; i < 20; i++)
      await fetch(`${base}/v1/plans`, { headers: { connection: "close" } });
    await fetch(`${base}/checkout/cs_not_a_session`);
    const text = await scrape();
    // Pages by the build's templates, never the id in the path.
    expect(text).toMatch(/route="\/checkout\/\[sessionId\]"/);
    expect(text).not.toContain("cs_not_a_session");
    console.info(`/v1/plans counted ${count(text) - before} of 20 requests across the workers`);
    expect(count(text) - before).toBe(20);
    expect(text).toMatch(/salesos_charges_total\{outcome="succeeded"\} \d+/);
    expect(text).toContain("salesos_job_queue_running 1");
    expect(text).not.toMatch(/route="\/v1\/payments\/subscriptions\/[^{]/);
  });
});
