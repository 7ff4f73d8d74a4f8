/**
 * `pnpm dev:stripe`: the app on the STRIPE gateway without keys or network — the Stripe test server
 * (in this process, on 127.0.0.1:STRIPE_TEST_PORT, default 12111) and `pnpm dev` wired to it: a test
 * secret key, a webhook endpoint delivering signed events to /v1/webhooks/stripe, and fresh demo data
 * mirrored on it (Acme subscribed through Stripe's hosted Checkout, a second card). The test server keeps
 * its objects in memory, so every run starts from a fresh embedded database of its own.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { createBillingDeps, seedDemoBilling } from "@salesos/billing";
import { LOCK_HOLDER_ENV, openDatabase, seedDemoData } from "@salesos/db";
import { startStripeTestServer } from "@salesos/stripe-test-server";

import { appUrl, envOrLocal } from "./local-env";

const server = await startStripeTestServer({ port: Number(process.env.STRIPE_TEST_PORT ?? 12111) });
const url = appUrl();
const webhookSecret = `whsec_${randomBytes(24).toString("hex")}`;
server.addWebhookEndpoint(`${url}/v1/webhooks/stripe`, webhookSecret);
const stripe = { secretKey: "sk_test_salesos_dev", webhookSecret, apiUrl: server.url };

const pgliteDir = mkdtempSync(path.join(tmpdir(), "salesos-stripe-demo-"));
const handle = openDatabase({ pgliteDir });
try {
  await handle.migrate();
  await seedDemoData(handle.db);
  const deps = createBillingDeps({
    db: handle.db,
    appUrl: url,
    authSecret: envOrLocal("AUTH_SECRET") ?? randomBytes(32).toString("base64url"),
    stripe,
  });
  await seedDemoBilling(deps, { now: new Date() });
} finally {
  await handle.close();
}
console.info(
  `Stripe test server on ${server.url} (hosted Checkout, 3-D Secure page, webhooks to ${url})`,
);

const child = spawn("tsx", [path.join(import.meta.dirname, "serve.ts"), "dev"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PGLITE_DIR: pgliteDir,
    [LOCK_HOLDER_ENV]: "",
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_URL: server.url,
  },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => {
  void server.close().then(() => process.exit(code ?? 0));
});
