/**
 * kill -9 on the STRIPE gateway, on PostgreSQL: the production server, wired to the Stripe test server
 * (which outlives it, as Stripe does), kills itself right after Stripe answered a money step — the
 * upgrade's PaymentIntent, then the cancellation's refund. After a restart, `pnpm billing:reconcile`
 * (run with the same STRIPE env) settles each attempt by asking Stripe about its key, the retry with the
 * Idempotency-Key answers the outcome the customer paid for, and Stripe holds exactly one charge and one
 * refund. Webhooks are held back during the crashes and delivered late, newest first: no second effect.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { moneyViolations } from "@salesos/billing/testing";
import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";
import { startStripeTestServer, type StripeTestServer } from "@salesos/stripe-test-server";

import { restClient } from "./rest-client";
import { freePort, startServe, waitForServer, type ServeProcess } from "./server-process";

const SECRET = "e2e-stripe-crash-secret-0123456789abcdefghij";
const WEBHOOK_SECRET = "whsec_e2e_stripe_crash_secret";
const LEASE_SECONDS = 2;
let database: TestDatabase | undefined;
let stripe: StripeTestServer;
let base: string;
let port: number;
const servers: ServeProcess[] = [];

const stripeEnv = () => ({
  STRIPE_SECRET_KEY: "sk_test_e2e_crash",
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  STRIPE_API_URL: stripe.url,
});

beforeAll(async () => {
  if (!process.env.DATABASE_URL) return;
  process.env.TEST_DB_KIND = "postgres";
  database = await createTestDatabase();
  await seedDemoData(database.db);
  // This test's plans refund the unused time of an immediate cancellation (a refund to crash on).
  await database.db.plan.updateMany({ data: { refundOnCancel: true } });
  stripe = await startStripeTestServer();
  port = await freePort();
  base = `http://localhost:${port}`;
  stripe.addWebhookEndpoint(`${base}/v1/webhooks/stripe`, WEBHOOK_SECRET);
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await stripe?.close();
  await database?.close();
});

async function serve(crashAt?: string): Promise<ServeProcess> {
  const server = startServe({
    ...process.env,
    ...stripeEnv(),
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

/** Asynchronous: the Stripe test server runs in this process and must keep answering meanwhile. */
async function reconcile(): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)(
    "pnpm",
    ["exec", "tsx", "scripts/billing-reconcile.ts", "--lease-seconds", "0"],
    {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, ...stripeEnv(), DATABASE_URL: database!.url!, AUTH_SECRET: SECRET },
      encoding: "utf8",
    },
  );
  return stdout + stderr;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stripeObjectsOfAttempts(kind: "paymentIntents" | "refunds", attemptIds: string[]) {
  return [...stripe.store[kind].values()].filter((o) =>
    attemptIds.includes((o.metadata as Record<string, string> | undefined)?.attempt_id ?? ""),
  );
}

describe.skipIf(!process.env.DATABASE_URL)("kill -9 at a money step on the STRIPE gateway", () => {
  it("upgrade and refund: settled from Stripe's record after a restart; one charge, one refund", async () => {
    const client = restClient(base);
    let server = await serve("plan_change.charged");
    let bearer = await client.token("owner@globex.test");
    const plans = await client.plans();
    const starter = plans.find((p) => p.slug === "starter")!;
    const professional = plans.find((p) => p.slug === "professional")!;

    // 1. Checkout on Stripe's hosted page; the webhook makes the subscription.
    const session = await client.call("POST", "/payments/checkout", bearer, {
      licenseTypeId: starter.id,
      billingCycle: "monthly",
    });
    expect(session.body.gateway).toBe("STRIPE");
    const paid = await fetch(session.body.url as string, {
      method: "POST",
      body: new URLSearchParams({
        cardNumber: "4242424242424242",
        expMonth: "12",
        expYear: "2034",
        cvc: "123",
      }),
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    let subscriptionId = "";
    await expect
      .poll(
        async () => {
          const list = await client.call("GET", "/payments/subscriptions", bearer);
          const rows = list.body.data as { id: string; status: string }[];
          subscriptionId = rows[0]?.id ?? "";
          return rows[0]?.status;
        },
        { timeout: 20_000, interval: 300 },
      )
      .toBe("ACTIVE");

    // 2. Upgrade: Stripe charges, the server dies before our commit. Webhooks are held meanwhile.
    stripe.webhooks.switches.reorder = true;
    const preview = await client.call(
      "GET",
      `/payments/subscriptions/${subscriptionId}/upgrade-preview?newLicenseTypeId=${professional.id}&billingCycle=monthly`,
      bearer,
    );
    expect(preview.status).toBe(200);
    const upgrade = () =>
      client.call(
        "POST",
        `/payments/subscriptions/${subscriptionId}/change-plan`,
        bearer,
        { newLicenseTypeId: professional.id, prorationDate: preview.body.prorationDate },
        "stripe-crash-upgrade-1",
      );
    await expect(upgrade()).rejects.toThrow();
    expect(await server.exited).not.toBe(0);
    const db = database!.db;
    const pendingUpgrade = await db.paymentAttempt.findFirstOrThrow({
      where: { organizationId: "org_demo_globex", purpose: "PLAN_CHANGE" },
    });
    expect(pendingUpgrade.status).toBe("PENDING");
    expect(stripeObjectsOfAttempts("paymentIntents", [pendingUpgrade.id])).toMatchObject([
      { status: "succeeded", amount: preview.body.amountDueNow },
    ]);

    // 3. Restart (dying at the refund this time); the reconciler asks Stripe; the retry answers.
    server = await serve("refund.sent");
    expect(await reconcile()).toContain('"charges":1');
    await pause(LEASE_SECONDS * 1000 + 200);
    bearer = await client.token("owner@globex.test");
    const upgraded = await upgrade();
    expect(upgraded.status).toBe(200);
    expect(upgraded.body).toMatchObject({ subscription: { plan: { slug: "professional" } } });

    // 4. Cancel now: the unused time is refunded on Stripe — and the server dies after Stripe answered.
    const cancel = () =>
      client.call(
        "POST",
        `/payments/subscriptions/${subscriptionId}/cancel`,
        bearer,
        { immediately: true },
        "stripe-crash-cancel-1",
      );
    await expect(cancel()).rejects.toThrow();
    expect(await server.exited).not.toBe(0);
    await serve();
    expect(await reconcile()).toMatch(/"refunds":[1-9]/);
    await pause(LEASE_SECONDS * 1000 + 200);
    bearer = await client.token("owner@globex.test");
    const canceled = await cancel();
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ status: "CANCELED" });

    // 5. The held webhooks arrive late, newest first, and change nothing.
    stripe.webhooks.switches.reorder = false;
    stripe.webhooks.flush();
    await stripe.webhooks.idle();
    const attempts = await db.paymentAttempt.findMany({
      where: { organizationId: "org_demo_globex" },
    });
    const charges = attempts.filter((a) => a.kind === "CHARGE");
    const refunds = attempts.filter((a) => a.kind === "REFUND");
    expect(charges.map((a) => [a.purpose, a.status]).sort()).toEqual([
      ["CHECKOUT", "SUCCEEDED"],
      ["PLAN_CHANGE", "SUCCEEDED"],
    ]);
    expect(refunds.length).toBeGreaterThan(0);
    expect(refunds.every((a) => a.status === "SUCCEEDED")).toBe(true);
    const onStripe = stripeObjectsOfAttempts(
      "refunds",
      refunds.map((a) => a.id),
    );
    expect(onStripe.map((r) => r.amount).sort()).toEqual(refunds.map((a) => a.amount).sort());
    expect(
      stripeObjectsOfAttempts(
        "paymentIntents",
        charges.map((a) => a.id),
      ).filter((i) => i.status === "succeeded"),
    ).toHaveLength(2);
    expect(await moneyViolations(db, "org_demo_globex")).toEqual([]);
    expect(await db.idempotencyRecord.count({ where: { state: "IN_PROGRESS" } })).toBe(0);
  }, 300_000);
});
