/**
 * The billing journey on the STRIPE gateway, in a real browser: a second production server wired to the
 * Stripe test server (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_URL, signed webhooks delivered
 * to it). A new customer subscribes on Stripe's hosted Checkout; another pays with 3220 and completes the
 * bank's 3-D Secure page; the success page's sync and the webhooks agree; a card is added on Stripe's setup
 * page. Its own embedded database, so it never mixes with the LOCAL server's data.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startStripeTestServer, type StripeTestServer } from "@salesos/stripe-test-server";

import { launchBrowser, screenshot } from "./browser";
import { openPage, signUpNewUser } from "./flows";
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

/** Stripe's hosted page (the test server's): the card, then Pay / Save card. */
async function fillStripePage(page: Page, number: string, submit: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Name on card").fill("Pat Payer");
  await page.getByRole("button", { name: submit }).click();
}

// Its own embedded database either way: run once, in the PGlite pass (the PostgreSQL pass has the REST
// tests of the STRIPE gateway in packages/api).
describe.skipIf(Boolean(process.env.DATABASE_URL))(
  "the billing journey on the STRIPE gateway",
  () => {
    it("subscribes on Stripe's Checkout, adds a card on Stripe's setup page; 3220 goes through the bank's page", async () => {
      const { page } = await signUpNewUser(browser, baseUrl, {
        org: "Stripe Journey Co",
        callbackUrl: "/pricing",
      });
      await page.getByRole("button", { name: "Choose Starter" }).click();
      await page.waitForURL((url) => url.href.startsWith(`${stripe.url}/test/checkout/cs_test_`));
      expect(await page.getByTestId("checkout-total").innerText()).toContain("$29.99");
      await screenshot(page, "stripe-checkout-desktop");
      await fillStripePage(page, "4242 4242 4242 4242", "Pay");
      await page.waitForURL(/\/checkout\/success\?session_id=cs_test_/);
      await page.getByRole("heading", { name: "You are subscribed" }).waitFor();
      await page.getByRole("link", { name: "Go to billing" }).click();
      await page.getByTestId("current-plan").waitFor();
      expect(await page.getByTestId("status-badge").first().innerText()).toBe("ACTIVE");
      await page.getByTestId("invoice-row").first().waitFor();
      expect(await page.getByTestId("invoice-row").first().innerText()).toContain("$29.99");

      // Add a card: Stripe's setup page, then back on billing the card is listed.
      await page.getByTestId("payment-method").first().waitFor();
      await page.getByRole("button", { name: "Add card" }).click();
      await page.waitForURL((url) => url.href.startsWith(`${stripe.url}/test/checkout/`));
      await fillStripePage(page, "5555 5555 5555 4444", "Save card");
      await page.waitForURL(`${baseUrl}/billing`);
      await expect
        .poll(async () => (await page.getByTestId("payment-method").allInnerTexts()).join(" | "))
        .toMatch(/visa •••• 4242.*Default.*\|.*mastercard •••• 4444/is);
      await screenshot(page, "stripe-billing-desktop");

      // Another customer, whose bank asks for 3-D Secure.
      const second = await signUpNewUser(browser, baseUrl, {
        org: "Stripe 3DS Co",
        callbackUrl: "/pricing",
      });
      await checkoutOnStripe(second.page, "Professional");
      await fillStripePage(second.page, "4000 0000 0000 3220", "Pay");
      await second.page.getByRole("button", { name: "Complete authentication" }).click();
      await second.page.waitForURL(/\/checkout\/success\?session_id=cs_test_/);
      await second.page.getByRole("heading", { name: "You are subscribed" }).waitFor();
      await openPage(second.page, "/billing");
      await second.page.getByTestId("current-plan").waitFor();
      expect(await second.page.getByTestId("current-plan").innerText()).toContain("Professional");
    }, 240_000);
  },
);

async function checkoutOnStripe(page: Page, plan: string) {
  await openPage(page, "/pricing");
  await page.getByRole("button", { name: `Choose ${plan}` }).click();
  await page.waitForURL((url) => url.href.startsWith(`${stripe.url}/test/checkout/cs_test_`));
}
