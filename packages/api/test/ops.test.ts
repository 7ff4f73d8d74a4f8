/**
 * /healthz, /readyz and /metrics through real HTTP (node:http + serveOps, as the production server
 * mounts them), on the test database.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { readMigrations, seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import {
  checkReadiness,
  createServerMetrics,
  pageTemplates,
  registerQueueHealth,
  routeLabel,
  serveOps,
  type QueueHealth,
} from "../src/ops";

const TOKEN = "metrics-token-0123456789abcdefghijklmn";
let database: TestDatabase;
let server: Server;
let base = "";
const metricsFor = () => createServerMetrics(() => database.db);
let metrics: ReturnType<typeof metricsFor>;
let token: string | undefined = TOKEN;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
  const org = await database.db.organization.findFirstOrThrow();
  // Settled charges as the engine leaves them: two paid, one declined, one paid but given back.
  for (const [i, status, effect] of [
    [1, "SUCCEEDED", "APPLIED"],
    [2, "SUCCEEDED", "APPLIED"],
    [3, "FAILED", null],
    [4, "SUCCEEDED", "REFUNDED"],
  ] as const)
    await database.db.$executeRawUnsafe(
      `INSERT INTO payment_attempts (id, organization_id, kind, purpose, status, effect, amount, currency,
         gateway, payload, created_at)
       VALUES ($1, $2, 'CHARGE', 'INVOICE', $3::"AttemptStatus", $4::"AttemptEffect", 100, 'usd', 'LOCAL', '{}', now())`,
      `ops_att_${i}`,
      org.id,
      status,
      effect,
    );
  metrics = metricsFor();
  server = createServer((req, res) => {
    const pathname = (req.url ?? "/").split("?")[0]!;
    if (!serveOps(req, res, pathname, { db: () => database.db, metrics, metricsToken: token })) {
      res.writeHead(404).end("not ours");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database.close();
});
afterEach(() => {
  registerQueueHealth(null);
  process.env.JOB_WORKERS = "off";
  token = TOKEN;
});

const fakeQueue = (running: boolean): QueueHealth => ({
  running: () => running,
  depth: async () => ({ "billing.renew": 7, "mail.send": 0 }),
  failures: async () => 3,
  worked: () => ({ "billing.renew": { completed: 40, failed: 2 } }),
});

describe("GET /healthz", () => {
  it("answers 200 {status: ok} without touching the database", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("leaves other methods to the next handler", async () => {
    expect(await (await fetch(`${base}/healthz`, { method: "POST" })).text()).toBe("not ours");
  });
});

describe("GET /readyz", () => {
  it("is 200 when the database answers, every shipped migration is applied and no workers are expected", async () => {
    const res = await fetch(`${base}/readyz`);
    const body = (await res.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe("ready");
    expect(body.checks.database!.ok && body.checks.migrations!.ok && body.checks.queue!.ok).toBe(
      true,
    );
  });

  it("is 503 naming a migration this build ships that the database lacks", async () => {
    const shipped = [
      ...readMigrations().map((file) => file.name),
      "29991231000000_from_the_future",
    ];
    const readiness = await checkReadiness(database.db, { migrations: shipped });
    expect(readiness.ready).toBe(false);
    expect(readiness.checks.migrations).toEqual({
      ok: false,
      detail: "not applied: 29991231000000_from_the_future (run pnpm db:migrate)",
    });
    expect(readiness.checks.database.ok).toBe(true);
  });

  it("is 503 'not started' when this instance runs workers and no queue registered; 200 once it runs", async () => {
    process.env.JOB_WORKERS = "on";
    const before = await fetch(`${base}/readyz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({
      status: "not ready",
      checks: { queue: { ok: false, detail: "not started" }, database: { ok: true } },
    });
    registerQueueHealth(fakeQueue(true));
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    registerQueueHealth(fakeQueue(false));
    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({
      checks: { queue: { ok: false, detail: "stopped" } },
    });
  });

  it("is 503 when the database does not answer in time", async () => {
    const stuck = { $queryRawUnsafe: () => new Promise(() => {}) } as unknown as TestDatabase["db"];
    const readiness = await checkReadiness(stuck, { timeoutMs: 50 });
    expect(readiness).toMatchObject({
      ready: false,
      checks: { database: { ok: false, detail: "no answer within 50 ms" } },
    });
  });
});

describe("GET /metrics", () => {
  it("does not exist without METRICS_TOKEN (404) and wants the token (401)", async () => {
    token = undefined;
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    token = TOKEN;
    const none = await fetch(`${base}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const wrong = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
    });
    expect(wrong.status).toBe(401);
  });

  it("exposes request durations per route template, charges by outcome, queue depth and failures, jobs worked", async () => {
    registerQueueHealth(fakeQueue(true));
    for (const path of ["/v1/payments/subscriptions/sub_1", "/v1/payments/subscriptions/sub_2"])
      metrics.observeRequest("GET", routeLabel(path), 200, 0.012);
    metrics.observeRequest("POST", routeLabel("/api/trpc/payments.checkout.create"), 500, 0.3);
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain(
      'salesos_http_request_duration_seconds_count{method="GET",route="/v1/payments/subscriptions/{id}",status="200"} 2',
    );
    expect(text).toContain(
      'salesos_http_request_duration_seconds_count{method="POST",route="trpc payments.checkout.create",status="500"} 1',
    );
    // Never a raw id in a label.
    expect(text).not.toContain("sub_1");
    expect(text).toContain('salesos_charges_total{outcome="succeeded"} 2');
    expect(text).toContain('salesos_charges_total{outcome="failed"} 1');
    expect(text).toContain('salesos_charges_total{outcome="refunded"} 1');
    expect(text).toContain('salesos_job_queue_depth{queue="billing.renew"} 7');
    expect(text).toContain("salesos_job_failures 3");
    expect(text).toContain("salesos_job_queue_running 1");
    expect(text).toContain(
      'salesos_jobs_worked_total{queue="billing.renew",outcome="completed"} 40',
    );
    expect(text).toContain('salesos_jobs_worked_total{queue="billing.renew",outcome="failed"} 2');
    expect(text).toContain("salesos_process_resident_memory_bytes");
  });
});

describe("route labels", () => {
  it("are templates: OpenAPI paths, tRPC procedures, and a few fixed buckets", () => {
    expect(routeLabel("/v1/plans")).toBe("/v1/plans");
    expect(routeLabel("/v1/payments/invoices/inv_9/pdf")).toBe("/v1/payments/invoices/{id}/pdf");
    expect(routeLabel("/v1/payments/local/payment-methods")).toBe(
      "/v1/payments/local/payment-methods",
    );
    expect(routeLabel("/v1/admin/organizations/org_1/refund")).toBe(
      "/v1/admin/organizations/{id}/refund",
    );
    expect(routeLabel("/v1/whatever/123")).toBe("/v1 (no route)");
    expect(routeLabel("/api/trpc/plans.list")).toBe("trpc plans.list");
    expect(routeLabel("/api/trpc/plans.list,account.me")).toBe("trpc (batch)");
    expect(routeLabel("/api/trpc/evil.<script>")).toBe("trpc (no procedure)");
    const pages = pageTemplates([
      "/",
      "/checkout/[sessionId]",
      "/checkout/success",
      "/docs/[[...slug]]",
      "/api/trpc/[trpc]",
      "/v1/[...path]",
    ]);
    expect(routeLabel("/checkout/cs_123", pages)).toBe("/checkout/[sessionId]");
    expect(routeLabel("/checkout/success", pages)).toBe("/checkout/success");
    expect(routeLabel("/", pages)).toBe("/");
    expect(routeLabel("/docs", pages)).toBe("/docs/[[...slug]]");
    expect(routeLabel("/docs/a/b", pages)).toBe("/docs/[[...slug]]");
    expect(routeLabel("/docsxyz", pages)).toBe("pages (other)");
    expect(routeLabel("/wp-admin/setup.php", pages)).toBe("pages (other)");
    expect(routeLabel("/readyz")).toBe("/readyz");
  });
});
