/**
 * kill -9 between the gateway's answer and our commit, on PostgreSQL, through the REST API: the server
 * kills itself at a money step (SALESOS_CRASH_AT); after a restart and one reconciler run every charge is
 * recorded, no key is stuck past its lease, and retrying the request with its Idempotency-Key answers the
 * outcome the customer paid for. Skipped on the embedded database (a killed PGlite process may leave its
 * folder unusable; that is what the lock and the recovery message are for).
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createBillingDeps, seedDemoBilling } from "@salesos/billing";
import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import { restClient } from "./rest-client";
import { freePort, startServe, waitForServer, type ServeProcess } from "./server-process";

const SECRET = "e2e-crash-secret-0123456789abcdefghijklmnop";
const LEASE_SECONDS = 2;
let database: TestDatabase | undefined;
let port: number;
let base: string;
const servers: ServeProcess[] = [];

beforeAll(async () => {
  if (!process.env.DATABASE_URL) return;
  process.env.TEST_DB_KIND = "postgres";
  database = await createTestDatabase();
  await seedDemoData(database.db);
  port = await freePort();
  base = `http://localhost:${port}`;
  await seedDemoBilling(createBillingDeps({ db: database.db, appUrl: base, authSecret: SECRET }), {
    now: new Date(),
  });
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await database?.close();
});

async function serve(crashAt?: string): Promise<ServeProcess> {
  const server = startServe({
    ...process.env,
    DATABASE_URL: database!.url!,
    PORT: String(port),
    AUTH_SECRET: SECRET,
    NEXTAUTH_URL: base,
    NODE_ENV: "production",
    BILLING_ATTEMPT_LEASE_SECONDS: String(LEASE_SECONDS),
    IDEMPOTENCY_LEASE_SECONDS: String(LEASE_SECONDS),
    RATE_LIMIT_AUTH_PER_MINUTE: "1000",
    ...(crashAt ? { SALESOS_CRASH_AT: crashAt } : {}),
  });
  servers.push(server);
  await waitForServer(base, server);
  return server;
}

function reconcile(): string {
  return execFileSync(
    "pnpm",
    ["exec", "tsx", "scripts/billing-reconcile.ts", "--lease-seconds", "0"],
    {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, DATABASE_URL: database!.url!, AUTH_SECRET: SECRET },
      encoding: "utf8",
    },
  );
}

function client() {
  return restClient(base);
}
const call: ReturnType<typeof restClient>["call"] = (...args) => client().call(...args);
const token = () => client().token("owner@globex.test");

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!process.env.DATABASE_URL)(
  "kill -9 at a money step, then restart and reconcile",
  () => {
    it("checkout and upgrade: the charge is applied, the retry answers the first outcome", async () => {
      // 1. Checkout: the server dies right after the charge.
      let server = await serve("checkout.charged");
      let bearer = await token();
      const plans = await client().plans();
      const starter = plans.find((p) => p.slug === "starter")!;
      const professional = plans.find((p) => p.slug === "professional")!;
      const session = await call("POST", "/payments/checkout", bearer, {
        licenseTypeId: starter.id,
        billingCycle: "monthly",
      });
      const card = await call("POST", "/payments/local/payment-methods", bearer, {
        number: "4242424242424242",
        expMonth: 12,
        expYear: 2031,
        cvc: "123",
      });
      const complete = () =>
        call(
          "POST",
          `/payments/local/checkout-sessions/${session.body.sessionId as string}/complete`,
          bearer,
          { paymentMethodId: card.body.paymentMethodId },
          "crash-checkout-1",
        );
      await expect(complete()).rejects.toThrow(); // the connection dies with the process
      expect(await server.exited).not.toBe(0);

      // 2. Restart (dying at the next step this time), reconcile, retry with the same key.
      server = await serve("plan_change.charged");
      expect(reconcile()).toContain('"charges":1');
      await pause(LEASE_SECONDS * 1000 + 200);
      bearer = await token();
      const retried = await complete();
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ status: "complete" });
      const subscriptionId = retried.body.subscriptionId as string;

      // 3. Upgrade: dies right after the charge.
      const preview = await call(
        "GET",
        `/payments/subscriptions/${subscriptionId}/upgrade-preview?newLicenseTypeId=${professional.id}&billingCycle=monthly`,
        bearer,
      );
      expect(preview.status).toBe(200);
      const upgrade = () =>
        call(
          "POST",
          `/payments/subscriptions/${subscriptionId}/change-plan`,
          bearer,
          { newLicenseTypeId: professional.id, prorationDate: preview.body.prorationDate },
          "crash-upgrade-1",
        );
      await expect(upgrade()).rejects.toThrow();
      expect(await server.exited).not.toBe(0);

      // 4. Restart without faults, reconcile, retry: the first outcome, charged once.
      await serve();
      expect(reconcile()).toContain('"charges":1');
      await pause(LEASE_SECONDS * 1000 + 200);
      bearer = await token();
      const upgraded = await upgrade();
      expect(upgraded.status).toBe(200);
      expect(upgraded.body).toMatchObject({ subscription: { plan: { slug: "professional" } } });
      const invoices = await call("GET", "/payments/invoices?limit=10", bearer);
      const rows = invoices.body.data as { status: string; total: number }[];
      expect(rows.map((r) => r.status)).toEqual(["PAID", "PAID"]);
      expect(rows[0]!.total).toBe(preview.body.amountDueNow);
      const db = database!.db;
      const attempts = await db.paymentAttempt.findMany({
        where: { organizationId: "org_demo_globex" },
      });
      expect(attempts.map((a) => [a.purpose, a.status, a.effect]).sort()).toEqual([
        ["CHECKOUT", "SUCCEEDED", "APPLIED"],
        ["PLAN_CHANGE", "SUCCEEDED", "APPLIED"],
      ]);
      expect(await db.idempotencyRecord.count({ where: { state: "IN_PROGRESS" } })).toBe(0);
    }, 300_000);
  },
);
