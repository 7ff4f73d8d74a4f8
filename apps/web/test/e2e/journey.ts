/**
 * The whole billing journey in a real browser, the same on both gateways: only where the customer types a
 * card differs (our hosted checkout and card dialog on LOCAL, Stripe's Checkout and setup pages on
 * STRIPE), and a GatewayDriver does that part. billing-journey.e2e.ts runs it on LOCAL,
 * stripe-journey.e2e.ts on STRIPE.
 */
import { readFileSync } from "node:fs";

import type { Browser, Page } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
import { expect } from "vitest";

import { screenshot } from "./browser";
import { payWithCard, signUpNewUser } from "./flows";

export interface GatewayDriver {
  name: "LOCAL" | "STRIPE";
  /** After "Choose …": checks the total on the checkout page, pays with `card`, lands on the success page. */
  payCheckout(
    page: Page,
    args: { card: string; total: string; screenshot?: string },
  ): Promise<void>;
  /** From the billing page: "Add card", the card entered where this gateway takes it, back on billing. */
  addCard(page: Page, card: string): Promise<void>;
}

export const localDriver: GatewayDriver = {
  name: "LOCAL",
  async payCheckout(page, { card, total, screenshot: shot }) {
    await page.waitForURL(/\/checkout\/[^/]+$/);
    const summary = page.getByTestId("order-summary");
    await summary.waitFor();
    expect(await summary.innerText()).toContain(total);
    if (shot) await screenshot(page, shot);
    await payWithCard(page, card, /^Pay /);
  },
  async addCard(page, card) {
    await page.getByRole("button", { name: "Add card" }).click();
    await payWithCard(page, card, "Save card");
  },
};

/** Stripe's hosted pages (the Stripe test server's): card and name, then Pay / Save card. */
export async function fillStripePage(page: Page, number: string, submit: string): Promise<void> {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Name on card").fill("Pat Payer");
  await page.getByRole("button", { name: submit }).click();
}

export function stripeDriver(stripeUrl: string, baseUrl: string): GatewayDriver {
  return {
    name: "STRIPE",
    async payCheckout(page, { card, total, screenshot: shot }) {
      await page.waitForURL((url) => url.href.startsWith(`${stripeUrl}/test/checkout/cs_test_`));
      expect(await page.getByTestId("checkout-total").innerText()).toContain(total);
      if (shot) await screenshot(page, shot);
      await fillStripePage(page, card, "Pay");
      await page.waitForURL(/\/checkout\/success\?session_id=cs_test_/);
    },
    async addCard(page, card) {
      await page.getByRole("button", { name: "Add card" }).click();
      await page.waitForURL((url) => url.href.startsWith(`${stripeUrl}/test/checkout/`));
      await fillStripePage(page, card, "Save card");
      await page.waitForURL(`${baseUrl}/billing`);
    },
  };
}

/** Signs up (returns the new email), subscribes yearly with a coupon, upgrades, downloads the PDF, manages cards, cancels and resumes. */
export async function billingJourney(
  browser: Browser,
  baseUrl: string,
  driver: GatewayDriver,
): Promise<{ email: string }> {
  const tag = driver.name === "LOCAL" ? "" : `-${driver.name.toLowerCase()}`;
  const { page, email } = await signUpNewUser(browser, baseUrl, {
    org: `Journey ${driver.name} Co`,
    callbackUrl: "/pricing",
  });

  // Pricing: yearly, coupon applied as you type.
  await page.getByText(/^Yearly/).click();
  await expect.poll(() => page.getByTestId("price-starter").innerText()).toContain("$299.88");
  await page.getByLabel("Coupon code").fill("welcome20");
  await page.getByTestId("coupon-ok").waitFor();
  await screenshot(page, `pricing${tag}-desktop`);
  await page.getByRole("button", { name: "Choose Starter" }).click();

  // Checkout: the discounted order (29988 − 20 % (5998) = 23990), paid with 4242.
  await driver.payCheckout(page, {
    card: "4242 4242 4242 4242",
    total: "$239.90",
    screenshot: `checkout${tag}-desktop`,
  });
  await page.getByRole("heading", { name: "You are subscribed" }).waitFor();
  await page.getByRole("link", { name: "Go to billing" }).click();

  // Overview: ACTIVE, the discounted invoice.
  await page.getByTestId("current-plan").waitFor();
  expect(await page.getByTestId("status-badge").first().innerText()).toBe("Active");
  await page.getByTestId("invoice-row").first().waitFor();
  expect(await page.getByTestId("invoice-row").first().innerText()).toContain("$239.90");
  await expect.poll(() => page.getByTestId("next-invoice").innerText()).toMatch(/\$\d/);
  await page.getByTestId("notices").waitFor();
  expect(await page.getByTestId("notices").innerText()).toMatch(
    /Invoice [A-Z]+-[0-9A-F]{6}-000001 was paid\./,
  );
  await screenshot(page, `billing-overview${tag}-desktop`);

  // Upgrade: preview the amount due, confirm; the proration invoice appears.
  await page.getByRole("button", { name: "Change plan" }).click();
  const dialog = page.getByRole("dialog", { name: "Change plan" });
  await dialog.waitFor();
  // Each plan is a radio named by the plan, described by its price and what choosing it does.
  const professional = dialog.getByRole("radio", { name: "Professional", exact: true });
  expect(
    await dialog
      .getByTestId("plan-option-professional")
      .getByTestId("plan-option-change")
      .innerText(),
  ).toBe("Upgrade: charged now, prorated.");
  await professional.check();
  const due = dialog.getByTestId("amount-due-now");
  await due.waitFor();
  const dueText = await due.innerText();
  expect(dueText).toMatch(/^\$\d/);
  await screenshot(page, `change-plan-dialog${tag}-desktop`);
  await page.getByRole("button", { name: /Pay .* and change/ }).click();
  await page.getByRole("dialog").waitFor({ state: "detached" });
  await expect.poll(() => page.getByTestId("invoice-row").count()).toBe(2);
  await expect.poll(() => page.getByTestId("current-plan").innerText()).toBe("Professional");
  const newest = page.getByTestId("invoice-row").first();
  expect(await newest.innerText()).toContain(dueText);
  await screenshot(page, `invoices${tag}-desktop`);

  // Its PDF: a real PDF holding the invoice number.
  const number = (await newest.locator("td").first().innerText()).trim();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    newest.getByRole("button", { name: /Download PDF/ }).click(),
  ]);
  const bytes = new Uint8Array(readFileSync(await download.path()));
  expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe("%PDF-");
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  expect(text).toContain(number);

  // A second card, made the default.
  await driver.addCard(page, "5555 5555 5555 4444");
  await expect.poll(() => page.getByTestId("payment-method").count()).toBe(2);
  await page.getByRole("button", { name: "Make default: •••• 4444" }).click();
  await expect.poll(() => page.getByTestId("payment-method").first().innerText()).toContain("4444");
  expect(await page.getByTestId("payment-method").first().innerText()).toContain("Default");

  // Cancel at period end: the banner shows the date; resume.
  await page.getByRole("button", { name: "Cancel subscription" }).click();
  await page.getByRole("button", { name: "Confirm cancellation" }).click();
  const banner = page.getByTestId("cancel-banner");
  await banner.waitFor();
  expect(await banner.innerText()).toMatch(/Cancels on [A-Z][a-z]{2} \d{1,2}, \d{4}/);
  // The status says it too, not "Active".
  expect(await page.getByTestId("status-badge").first().innerText()).toMatch(/^Cancels on /);
  await page.getByRole("button", { name: "Resume subscription" }).click();
  await banner.waitFor({ state: "detached" });
  expect(await page.getByTestId("status-badge").first().innerText()).toBe("Active");
  expect(await page.getByRole("button", { name: "Cancel subscription" }).isVisible()).toBe(true);
  await page.close();
  return { email };
}
