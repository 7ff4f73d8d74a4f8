/**
 * The billing journey on the STRIPE gateway, in a real browser: a second production server wired to the
 * Stripe test server (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_URL, signed webhooks delivered
 * to it over HTTP). The same journey as on LOCAL (journey.ts) through Stripe's hosted Checkout and setup
 * pages, with every webhook duplicated and held back until the end, then delivered newest first; and a
 * 3220 card through the bank's 3-D Secure page. Its own embedded database, apart from the LOCAL server's.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startStripeTestServer, type StripeTestServer } from "@salesos/stripe-test-server";

import { launchBrowser } from "./browser";
import { NEW_USER_PASSWORD, openPage, signIn, signUpNewUser } from "./flows";
import { billingJourney, fillStripePage, stripeDriver } from "./journey";
import { freePort, startServe, waitForServer, type ServeProcess } from "./server-process";

const WEBHOOK_SECRET = "whsec_e2e_stripe_journey_secret";
let stripe: StripeTestServer;
let app: ServeProcess;
let baseUrl: string;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  if (process.env.DATABASE_URL) return;
  stripe = await startStripeTestServer();
  const port = await freePort();
  baseUrl = `http://localhost:${port}`;
  stripe.addWebhookEndpoint(`${baseUrl}/v1/webhooks/stripe`, WEBHOOK_SECRET);
  dataDir = mkdtempSync(path.join(tmpdir(), "salesos-e2e-stripe-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    AUTH_SECRET: "e2e-stripe-secret-0123456789abcdefghijklmnop",
    NEXTAUTH_URL: baseUrl,
    NODE_ENV: "production",
    PGLITE_DIR: path.join(dataDir, "pglite"),
    STRIPE_SECRET_KEY: "sk_test_e2e_journey",
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: stripe.url,
  };
  delete env.DATABASE_URL;
  app = startServe(env);
  await waitForServer(baseUrl, app);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await stripe?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

// Its own embedded database either way: run once, in the PGlite pass (the PostgreSQL pass has the REST
// tests of the STRIPE gateway in packages/api, and the kill -9 test on STRIPE).
describe.skipIf(Boolean(process.env.DATABASE_URL))(
  "the billing journey on the STRIPE gateway",
  () => {
    it("the whole journey, with every webhook delivered twice and held back, then sent newest first", async () => {
      // Stripe delivers at least once and in any order: the pages never wait for a webhook (the success
      // page syncs), and the late, duplicated, reordered deliveries change nothing.
      stripe.webhooks.switches.duplicate = 1;
      stripe.webhooks.switches.reorder = true;
      const { email } = await billingJourney(browser, baseUrl, stripeDriver(stripe.url, baseUrl));
      const held = stripe.webhooks.log.length;
      stripe.webhooks.switches.reorder = false;
      stripe.webhooks.flush();
      await stripe.webhooks.idle();
      const deliveries = stripe.webhooks.log.slice(held);
      expect(deliveries.length).toBeGreaterThan(10);
      expect(deliveries.filter((d) => d.status !== 200)).toEqual([]);
      // The same customer's billing page after the late deliveries: unchanged.
      const page = await signIn(browser, baseUrl, email, undefined, NEW_USER_PASSWORD);
      await openPage(page, "/billing");
      await page.getByTestId("current-plan").waitFor();
      expect(await page.getByTestId("current-plan").innerText()).toBe("Professional");
      expect(await page.getByTestId("status-badge").first().innerText()).toBe("Active");
      expect(await page.getByTestId("invoice-row").count()).toBe(2);
      expect(await page.getByTestId("payment-method").count()).toBe(2);
      await page.close();
    }, 240_000);

    it("3220: the bank's 3-D Secure page on Stripe's Checkout, then subscribed", async () => {
      const { page } = await signUpNewUser(browser, baseUrl, {
        org: "Stripe 3DS Co",
        callbackUrl: "/pricing",
      });
      await page.getByRole("button", { name: "Choose Professional" }).click();
      await page.waitForURL((url) => url.href.startsWith(`${stripe.url}/test/checkout/cs_test_`));
      await fillStripePage(page, "4000 0000 0000 3220", "Pay");
      await page.getByRole("button", { name: "Complete authentication" }).click();
      await page.waitForURL(/\/checkout\/success\?session_id=cs_test_/);
      await page.getByRole("heading", { name: "You are subscribed" }).waitFor();
      await openPage(page, "/billing");
      await page.getByTestId("current-plan").waitFor();
      expect(await page.getByTestId("current-plan").innerText()).toContain("Professional");
      await page.close();
    }, 120_000);
  },
);
